"""`ingest db upgrade`, `ingest directory import`, `ingest match --json`."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings
from models.db import head_revision
from samples.directory import write_matching
from samples.generator import generate
from tests.databases import PostgresCluster, postgres_cluster

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "samples" / "annuaire"
runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "var"
    monkeypatch.setenv("INGEST_DATA_DIR", str(folder))
    monkeypatch.delenv("INGEST_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    with postgres_cluster() as cluster:
        yield cluster


def invoke(*args: str):
    return runner.invoke(app, list(args))


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_db_upgrade_creates_the_sqlite_file(data_dir: Path):
    result = invoke("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert (data_dir / "ingest.sqlite3").is_file()
    assert f"revision {head_revision()}" in result.stderr


def test_the_shipped_directory_is_the_one_the_sample_invoices_match(tmp_path: Path):
    files = write_matching(tmp_path, 50, 1)
    for path in files.paths:
        assert (SHIPPED / path.name).read_bytes() == path.read_bytes(), path.name


def test_directory_import_reports_each_file_and_reimport_updates(data_dir: Path):
    files = sorted(map(str, SHIPPED.glob("*.csv")))
    first = invoke("directory", "import", *files, "--json")
    assert first.exit_code == 0, first.output
    reports = lines(first.stdout)
    assert [r["kind"] for r in reports] == [
        "structures",
        "services",
        "suppliers",
        "engagements",
    ]
    assert all(r["inserted"] == r["lines"] > 0 and r["refused"] == [] for r in reports)
    again = lines(invoke("directory", "import", *files, "--json").stdout)
    assert [(r["inserted"], r["updated"]) for r in again] == [
        (0, r["lines"]) for r in reports
    ]


def test_a_bad_directory_file_exits_2_with_the_refused_lines(
    data_dir: Path, tmp_path: Path
):
    good = (SHIPPED / "structures.csv").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "structures.csv"
    bad = good[1].split(";")
    bad[1] = bad[1][:-1] + str((int(bad[1][-1]) + 1) % 10)  # the check digit is off
    broken.write_text(
        "\n".join([good[0], good[1], ";".join(bad)]) + "\n", encoding="latin-1"
    )
    other = tmp_path / "other.csv"
    other.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    result = invoke("directory", "import", str(broken), str(other), "--json")
    assert result.exit_code == 2
    unknown, report = lines(result.stdout)
    assert unknown["error"]["code"] == "unknown_directory_file"
    assert (report["inserted"], report["encoding"]) == (1, "cp1252")
    assert [(r["line"], r["code"]) for r in report["refused"]] == [(3, "bad_siret")]
    table = invoke("directory", "import", str(broken))
    assert table.exit_code == 2
    assert "bad_siret" in table.stdout


def test_match_prints_the_extraction_with_its_match(data_dir: Path, tmp_path: Path):
    pdfs = generate(tmp_path / "pdf", 3, 1)
    invoke("directory", "import", *map(str, SHIPPED.glob("*.csv")))
    result = invoke("match", *map(str, pdfs), "--json")
    assert result.exit_code == 0, result.output
    objects = lines(result.stdout)
    assert len(objects) == 3
    for pdf, data in zip(pdfs, objects, strict=True):
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        assert data["fields"]["invoice_number"]["value"] == truth["invoice_number"]
        assert set(data["match"]) == {
            "structure", "service", "engagement", "supplier", "blockers", "warnings"
        }  # fmt: skip
        if "buyer_siret" in truth:
            assert data["match"]["structure"]["siret"] == truth["buyer_siret"]
            assert data["match"]["blockers"] == []
        assert data["match"]["supplier"]["siret"] == truth["supplier_siret"]


def test_match_on_an_empty_database_upgrades_it_and_names_the_blocker(
    data_dir: Path, tmp_path: Path
):
    pdfs = generate(tmp_path / "pdf", 1, 1)
    result = invoke("match", str(pdfs[0]), "--json")
    assert result.exit_code == 0, result.output
    (data,) = lines(result.stdout)
    assert data["match"]["structure"] is None
    assert "structure_unknown" in [b["code"] for b in data["match"]["blockers"]]
    readable = invoke("match", str(pdfs[0]))
    assert "structure_unknown" in readable.stdout


def test_an_unreadable_file_has_no_match_and_exits_2(data_dir: Path, tmp_path: Path):
    result = invoke("match", str(tmp_path / "nope.pdf"), "--json")
    assert result.exit_code == 2
    (data,) = lines(result.stdout)
    assert data["error"]["code"] == "file_unreadable"
    assert data["match"] is None


def test_the_same_commands_work_on_postgresql(
    postgres: PostgresCluster,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    url = postgres.url(postgres.create_database()).replace("+psycopg", "")
    monkeypatch.setenv("INGEST_DATABASE_URL", url)
    get_settings.cache_clear()
    pdfs = generate(tmp_path / "pdf", 3, 1)
    imported = invoke("directory", "import", *map(str, SHIPPED.glob("*.csv")), "--json")
    assert imported.exit_code == 0, imported.output
    result = invoke("match", *map(str, pdfs), "--json")
    assert result.exit_code == 0, result.output
    matched = [d["match"]["structure"] for d in lines(result.stdout)]
    assert sum(s is not None for s in matched) >= 2
    assert not (data_dir / "ingest.sqlite3").exists()
