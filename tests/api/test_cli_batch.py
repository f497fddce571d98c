"""`ingest batch`, run as a real command on generated invoices."""

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from api.settings import Settings
from models.batches import Batch, BatchItem, BatchStatus, ItemStatus
from models.db import database_url, make_engine
from models.documents import Document, ExtractionRecord
from models.invoices import Invoice, correct
from samples.generator import generate
from tests.api.test_app_celery import redis_url, start_celery_worker
from tests.api.test_app_workers import stop_group
from tests.databases import PostgresCluster, postgres_cluster

__all__ = ["redis_url"]  # a fixture: a throw-away redis-server on loopback

INGEST = str(Path(sys.executable).with_name("ingest"))
INTERRUPTED = 130
REFERENCES = (
    "contract_number",
    "engagement_number",
    "buyer_service_code",
    "supplier_bic",
)


@pytest.fixture(scope="module")
def invoices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve generated invoices, each with its NAME.truth.json."""
    folder = tmp_path_factory.mktemp("invoices")
    generate(folder, 12, 4210)
    return folder


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    values = {
        k: v
        for k, v in os.environ.items()
        if k not in ("INGEST_DATABASE_URL", "INGEST_BROKER_URL")
    }
    values["INGEST_DATA_DIR"] = str(tmp_path / "var")
    return values


@pytest.fixture
def engine(env: dict[str, str]) -> Iterator[Engine]:
    made = make_engine(
        database_url(Path(env["INGEST_DATA_DIR"]), env.get("INGEST_DATABASE_URL"))
    )
    yield made
    made.dispose()


def batch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [INGEST, "batch", *args], env=env, capture_output=True, text=True, timeout=600
    )


def report(path: Path) -> dict:
    return json.loads(path.read_text())


def copy(invoices: Path, folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for pdf in sorted(invoices.glob("*.pdf"))[:count]:
        shutil.copy(pdf, folder)
        shutil.copy(pdf.with_suffix(".truth.json"), folder)
    return folder


def extractions_per_document(engine: Engine) -> dict[int, int]:
    with Session(engine) as s:
        query = select(ExtractionRecord.document_id, func.count()).group_by(
            ExtractionRecord.document_id
        )
        return dict(s.exec(query).all())


def items(engine: Engine) -> list[BatchItem]:
    with Session(engine) as s:
        return list(s.exec(select(BatchItem).order_by(BatchItem.id)))


def test_a_folder_is_processed_and_the_same_command_again_has_nothing_to_do(
    invoices: Path, tmp_path: Path, env: dict[str, str], engine: Engine
):
    folder = copy(invoices, tmp_path / "in" / "deep", 4)
    first = batch(env, str(tmp_path / "in"), "--workers", "2", "--report",
                  str(tmp_path / "r.json"), "--report", str(tmp_path / "r.csv"))  # fmt: skip
    assert first.returncode == 0, first.stderr
    data = report(tmp_path / "r.json")
    assert data["run"]["processed"] == 4
    assert data["batch"]["statuses"] == {"done": 4}
    assert sorted(d["source"] for d in data["documents"]) == sorted(
        str(p) for p in folder.glob("*.pdf")
    )
    for document in data["documents"]:
        truth = json.loads(
            Path(document["source"]).with_suffix(".truth.json").read_text()
        )
        ttc = document["fields"]["total_ttc"]
        assert ttc["change"] == "new" and ttc["old"] is None
        assert Decimal(ttc["new"]["value"]) == Decimal(truth["total_ttc"])
        assert 0 < ttc["new"]["confidence"] <= 1
        assert (
            document["fields"]["supplier_siret"]["new"]["value"]
            == (truth["supplier_siret"])
        )
    rows = list(csv.DictReader((tmp_path / "r.csv").open()))
    siret_rows = [r for r in rows if r["field"] == "supplier_siret"]
    assert len(siret_rows) == 4
    assert {r["change"] for r in siret_rows} == {"new"}
    assert "processed" in first.stdout and "batch 1" in first.stdout

    again = batch(env, str(tmp_path / "in"), "--report", str(tmp_path / "r2.json"))
    assert again.returncode == 0, again.stderr
    assert report(tmp_path / "r2.json")["run"]["processed"] == 0
    assert report(tmp_path / "r2.json")["batch"]["id"] == data["batch"]["id"]
    assert sorted(extractions_per_document(engine).values()) == [1, 1, 1, 1]
    with Session(engine) as s:
        assert len(s.exec(select(Invoice)).all()) == 4  # one draft per document
        assert s.exec(select(Batch)).one().status == BatchStatus.DONE


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL])
def test_stopped_midway_the_same_command_processes_only_the_rest(
    stop: signal.Signals,
    invoices: Path,
    tmp_path: Path,
    env: dict[str, str],
    engine: Engine,
):
    folder = copy(invoices, tmp_path / "in", 12)
    running = subprocess.Popen(
        [INGEST, "batch", str(folder), "--workers", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if (tmp_path / "var" / "ingest.sqlite3").exists() and sum(
            i.status == ItemStatus.DONE for i in _items_or_none(engine)
        ) >= 3:
            break
        assert running.poll() is None, running.communicate()
        time.sleep(0.1)
    workers = _children(running.pid)
    assert workers, "the batch runs its pipeline in worker processes"
    running.send_signal(stop)
    out, errors = running.communicate(timeout=120)
    if stop == signal.SIGINT:
        assert running.returncode == INTERRUPTED, errors
        assert "interrupted" in out
        with Session(engine) as s:
            assert s.exec(select(Batch)).one().status == BatchStatus.INTERRUPTED
    else:
        assert running.returncode == -signal.SIGKILL
    time.sleep(2)  # workers leave when their parent is gone, even killed
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()] == []

    done_before = sum(i.status == ItemStatus.DONE for i in items(engine))
    assert 3 <= done_before < 12
    rerun = batch(
        env, str(folder), "--workers", "2", "--report", str(tmp_path / "r.json")
    )
    assert rerun.returncode == 0, rerun.stderr
    assert report(tmp_path / "r.json")["run"]["processed"] == 12 - done_before
    assert {i.status for i in items(engine)} == {ItemStatus.DONE}
    assert sorted(extractions_per_document(engine).values()) == [1] * 12
    with Session(engine) as s:
        leased = s.exec(select(Document).where(Document.lease_owner.is_not(None))).all()
        assert leased == []


def _items_or_none(engine: Engine) -> list[BatchItem]:
    try:
        return items(engine)
    except OperationalError:  # the command is creating the schema
        return []


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_force_rereads_everything_keeps_corrections_and_reports_the_diff(
    invoices: Path, tmp_path: Path, env: dict[str, str], engine: Engine
):
    folder = copy(invoices, tmp_path / "in", 3)
    assert batch(env, str(folder)).returncode == 0
    with Session(engine, expire_on_commit=False) as s:
        documents = {d.filename: d for d in s.exec(select(Document))}
        first = documents[sorted(documents)[0]]
        draft = s.exec(select(Invoice).where(Invoice.document_id == first.id)).one()
        correct(s, draft, "total_ttc", "1.00", actor="clerk")
        # An older pipeline's reading: another invoice number, no due date, and a
        # reference the document does not carry.
        old = s.exec(
            select(ExtractionRecord).where(ExtractionRecord.document_id == first.id)
        ).one()
        data = json.loads(json.dumps(old.data))
        read_number = data["fields"]["invoice_number"]["value"]
        data["fields"]["invoice_number"]["value"] = "OLD-1"
        data["fields"].pop("due_date", None)
        absent = next(n for n in REFERENCES if n not in data["fields"])
        data["fields"][absent] = {
            "value": "M-OLD", "confidence": 0.41, "page": 1, "bbox": None,
            "method": "text", "raw": "M-OLD",
        }  # fmt: skip
        old.data = data
        s.add(old)
        s.commit()
        new_truth = json.loads(
            (folder / first.filename).with_suffix(".truth.json").read_text()
        )

    forced = batch(env, str(folder), "--force", "--report", str(tmp_path / "r.json"),
                   "--report", str(tmp_path / "r.csv"))  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    data = report(tmp_path / "r.json")
    assert data["run"]["processed"] == 3
    assert data["batch"]["id"] == 2
    assert sorted(extractions_per_document(engine).values()) == [2, 2, 2]
    (row,) = [d for d in data["documents"] if d["document_id"] == first.id]
    fields = row["fields"]
    assert fields["invoice_number"]["change"] == "changed"
    assert fields["invoice_number"]["old"]["value"] == "OLD-1"
    assert fields["invoice_number"]["new"]["value"] == read_number
    assert fields[absent]["change"] == "lost"
    assert fields[absent]["old"] == {"value": "M-OLD", "confidence": 0.41}
    assert fields[absent]["new"] is None
    if "due_date" in new_truth:
        assert fields["due_date"]["change"] == "new"
    assert fields["supplier_siret"]["change"] == "unchanged"
    ttc = fields["total_ttc"]
    assert ttc["correction"] == "1.00" and ttc["disagrees"] is True
    assert Decimal(ttc["new"]["value"]) == Decimal(new_truth["total_ttc"])
    assert data["disagreements"] == [
        {"source": row["source"], "document_id": first.id, "field": "total_ttc",
         "read": ttc["new"]["value"], "correction": "1.00"}
    ]  # fmt: skip
    counts = data["fields"]["invoice_number"]
    assert (counts["changed"], counts["unchanged"]) == (1, 2)
    assert "disagree with a correction" in forced.stdout
    with Session(engine) as s:
        draft = s.exec(select(Invoice).where(Invoice.document_id == first.id)).one()
        assert draft.total_ttc == Decimal("1.00")  # never overwritten
        assert draft.invoice_number == read_number
        assert getattr(draft, absent) is None
    rows = list(csv.DictReader((tmp_path / "r.csv").open()))
    (lost,) = [r for r in rows if r["field"] == absent and r["change"] == "lost"]
    assert (lost["old_value"], lost["old_confidence"], lost["new_value"]) == (
        "M-OLD", "0.41", "",
    )  # fmt: skip
    (corrected,) = [r for r in rows if r["correction"]]
    assert (corrected["field"], corrected["disagrees"]) == ("total_ttc", "yes")


def test_accuracy_per_field_matches_the_truth_files(
    invoices: Path, tmp_path: Path, env: dict[str, str]
):
    folder = copy(invoices, tmp_path / "in", 5)
    done = batch(env, str(folder), "--report", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    data = report(tmp_path / "r.json")
    # The same files through `ingest extract`, compared with the truth here.
    extracted = subprocess.run(
        [INGEST, "extract", *map(str, sorted(folder.glob("*.pdf"))), "--json"],
        env=env, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    readings = [json.loads(line) for line in extracted.stdout.splitlines()]
    for name in ("supplier_siret", "invoice_date", "total_ttc", "invoice_number"):
        right = seen = 0
        for pdf, reading in zip(sorted(folder.glob("*.pdf")), readings, strict=True):
            truth = json.loads(pdf.with_suffix(".truth.json").read_text())
            if name not in truth:
                continue
            seen += 1
            got = (reading["fields"].get(name) or {}).get("value")
            if name == "total_ttc":
                right += got is not None and Decimal(got) == Decimal(truth[name])
            else:
                right += got == truth[name]
        accuracy = data["fields"][name]["accuracy"]
        assert (accuracy["right"], accuracy["seen"]) == (right, seen), name
    overall = data["accuracy"]
    assert overall["seen"] >= 5 * 10
    assert overall["right"] / overall["seen"] == pytest.approx(
        overall["share"], abs=1e-4
    )
    assert "accuracy against the truth files" in done.stdout


def test_a_zip_is_read_entry_by_entry_and_slips_and_bombs_are_refused(
    invoices: Path, tmp_path: Path, env: dict[str, str], engine: Engine
):
    pdfs = sorted(invoices.glob("*.pdf"))[:2]
    archive = tmp_path / "supplier.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for pdf in pdfs:
            z.write(pdf, f"2025/{pdf.name}")
            z.write(pdf.with_suffix(".truth.json"), f"2025/{pdf.stem}.truth.json")
        z.write(pdfs[0], "../../evil.pdf")
        # ZipFile.write strips a leading "/"; a hostile archive need not.
        z.writestr(zipfile.ZipInfo("/tmp/absolute.pdf"), pdfs[1].read_bytes())
        z.writestr("readme.txt", "not an invoice")
        with z.open("bomb.pdf", "w", force_zip64=True) as bomb:
            for _ in range(40):
                bomb.write(bytes(1 << 20))  # 40 MiB of zeros: ~1000:1
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not a zip archive")

    done = batch(env, str(archive), str(tmp_path / "broken.zip"),
                 "--report", str(tmp_path / "r.json"))  # fmt: skip
    assert done.returncode == 2, done.stderr
    data = report(tmp_path / "r.json")
    by_source = {d["source"]: d for d in data["documents"]}
    refused = {
        source.split("!")[-1]: d["error"]["code"]
        for source, d in by_source.items()
        if d["status"] == "refused"
    }
    assert refused == {
        "../../evil.pdf": "zip_slip",
        "/tmp/absolute.pdf": "zip_slip",
        "bomb.pdf": "zip_bomb",
        str(tmp_path / "broken.zip"): "archive_unreadable",
    }
    read = [d for d in data["documents"] if d["status"] == "done"]
    assert sorted(d["source"] for d in read) == sorted(
        f"{archive}!2025/{pdf.name}" for pdf in pdfs
    )
    assert all(d["fields"]["invoice_number"]["right"] is True for d in read)
    assert data["fields"]["total_ttc"]["accuracy"]["seen"] == 2
    assert not (tmp_path.parent / "evil.pdf").exists()
    with Session(engine) as s:
        assert len(s.exec(select(Document)).all()) == 2
    assert "zip_slip" in done.stdout and "zip_bomb" in done.stdout

    again = batch(env, str(archive), str(tmp_path / "broken.zip"),
                  "--report", str(tmp_path / "r2.json"))  # fmt: skip
    assert again.returncode == 2  # the refusals stay in the batch
    assert report(tmp_path / "r2.json")["run"]["processed"] == 0


def test_globs_dry_run_and_bad_arguments(
    invoices: Path, tmp_path: Path, env: dict[str, str], engine: Engine
):
    folder = copy(invoices, tmp_path / "in", 6)
    pattern = str(folder / "*-000[0-2].pdf")
    dry = batch(env, pattern, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert re.search(r"to process\W+3\b", dry.stdout), dry.stdout
    with Session(engine) as s:
        assert s.exec(select(Batch)).all() == []
        assert s.exec(select(Document)).all() == []

    done = batch(env, pattern, "--report", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    sources = [d["source"] for d in report(tmp_path / "r.json")["documents"]]
    assert [Path(s).name for s in sources] == [
        p.name for p in sorted(folder.glob("*.pdf"))[:3]
    ]
    dry = batch(env, pattern, "--dry-run")
    assert re.search(r"to process\W+0\b", dry.stdout), dry.stdout
    dry = batch(env, str(folder), "--dry-run")  # another batch: everything to do
    assert re.search(r"to process\W+6\b", dry.stdout), dry.stdout

    missing = batch(env, str(tmp_path / "nowhere"), "--dry-run")
    assert missing.returncode == 2 and "path_not_found" in missing.stderr
    bad_report = batch(env, str(folder), "--report", str(tmp_path / "r.xlsx"))
    assert bad_report.returncode == 2 and "report_format_unknown" in bad_report.stderr
    assert "Traceback" not in missing.stderr + bad_report.stderr


def test_a_file_that_is_not_a_pdf_fails_with_its_code(
    tmp_path: Path, env: dict[str, str]
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "text.pdf").write_bytes(b"hello, this is text")
    done = batch(env, str(folder), "--report", str(tmp_path / "r.json"))
    assert done.returncode == 2
    codes = Counter(
        d["error"]["code"] for d in report(tmp_path / "r.json")["documents"]
    )
    assert codes == {"empty_file": 1, "not_a_pdf": 1}


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    with postgres_cluster() as cluster:
        yield cluster


def test_the_same_command_works_on_postgresql(
    postgres: PostgresCluster, invoices: Path, tmp_path: Path, env: dict[str, str]
):
    env["INGEST_DATABASE_URL"] = postgres.url(postgres.create_database())
    folder = copy(invoices, tmp_path / "in", 3)
    first = batch(
        env, str(folder), "--workers", "2", "--report", str(tmp_path / "r.json")
    )
    assert first.returncode == 0, first.stderr
    assert report(tmp_path / "r.json")["run"]["processed"] == 3
    again = batch(env, str(folder), "--report", str(tmp_path / "r.json"))
    assert again.returncode == 0, again.stderr
    assert report(tmp_path / "r.json")["run"]["processed"] == 0
    assert report(tmp_path / "r.json")["batch"]["statuses"] == {"done": 3}


def test_with_a_broker_the_rows_go_to_the_celery_workers(
    invoices: Path, tmp_path: Path, env: dict[str, str], engine: Engine, redis_url: str
):
    folder = copy(invoices, tmp_path / "in", 4)
    env["INGEST_BROKER_URL"] = redis_url
    config = Settings(data_dir=tmp_path / "var", broker_url=redis_url, lease_s=10.0)
    # Upgraded first: two commands upgrading one empty database at once would race.
    subprocess.run([INGEST, "db", "upgrade"], env=env, check=True, timeout=120)
    worker = start_celery_worker(config, tmp_path / "celery.log")
    try:
        done = batch(env, str(folder), "--report", str(tmp_path / "r.json"))
        assert done.returncode == 0, done.stderr
        data = report(tmp_path / "r.json")
        assert data["run"]["processed"] == 4
        assert data["batch"]["statuses"] == {"done": 4}
        for document in data["documents"]:
            truth = json.loads(
                Path(document["source"]).with_suffix(".truth.json").read_text()
            )
            number = document["fields"]["invoice_number"]
            assert (number["new"]["value"], number["right"]) == (
                truth["invoice_number"],
                True,
            )
        again = batch(env, str(folder), "--report", str(tmp_path / "r.json"))
        assert report(tmp_path / "r.json")["run"]["processed"] == 0, again.stderr
    finally:
        stop_group(worker)
    assert sorted(extractions_per_document(engine).values()) == [1, 1, 1, 1]
    log = (tmp_path / "celery.log").read_text(errors="replace")
    assert log.count("ingest.batch_item") >= 4
