"""`ingest works`: a contract run end to end from the command line (SQLite file)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings
from tests.models.works_cast import CAST, card

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "var"
    monkeypatch.setenv("INGEST_DATA_DIR", str(folder))
    monkeypatch.setenv("INGEST_WORKS_VALIDATION_DAYS", "10")
    monkeypatch.delenv("INGEST_DATABASE_URL", raising=False)
    monkeypatch.delenv("INGEST_SMTP_HOST", raising=False)
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def invoke(*args: str):
    return runner.invoke(app, ["works", *args])


@pytest.fixture
def contract(data_dir: Path, tmp_path: Path) -> str:
    path = tmp_path / "marche.json"
    path.write_text(card(second_validator=CAST.moa).model_dump_json())
    result = invoke("contract", str(path))
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def deposit(contract: str, frame: str, by: str, number: str, *extra: str) -> str:
    result = invoke("deposit", contract, "--frame", frame, "--by", by,
                    "--number", number, "--ht", "1000,00", "--vat", "200.00",
                    "--ttc", "1200.00", "--due", "1140.00", *extra)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_a_monthly_cycle_and_its_dossier(contract: str):
    assert contract == "M-2026-017"
    a4 = deposit(contract, "A4", CAST.fournisseur, "258741")
    a15 = deposit(contract, "A15", CAST.moe, "EA258741", "--answers", a4)
    result = invoke("act", a15, "suspend", "--by", CAST.moa, "--reason", "illisible")
    assert (result.exit_code, result.stdout) == (0, "suspendue\n")
    shown = invoke("dossier", "M-2026-017-001")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert (
        lines[0]
        == "PIÈCES DU DOSSIER DE FACTURATION N° M-2026-017-001 (marché M-2026-017)"
    )
    assert lines[1].startswith(
        "A15 – Etat d'acompte déposé par un MOE - N° EA258741 - Etat courant = Suspendue"
    )
    assert lines[2].endswith(" - Suspendue (illisible)")
    assert [line.split(" - ")[-1] for line in lines[7:]] == [
        "Associée", "Mise à disposition MOE", "Déposée", "Brouillon",
    ]  # fmt: skip
    data = json.loads(invoke("dossier", "M-2026-017-001", "--json").stdout)
    assert [p["status"] for p in data["pieces"]] == ["associee", "suspendue"]
    assert data["pieces"][0]["amounts"]["total_ht"] == "1000.00"


def test_a_forbidden_deposit_or_action_exits_2_with_its_code(contract: str):
    result = invoke("deposit", contract, "--frame", "A5", "--by", CAST.fournisseur,
                    "--number", "EA-1", "--channel", "edi")  # fmt: skip
    assert result.exit_code == 2
    assert "channel_forbidden" in result.stderr
    a4 = deposit(contract, "A4", CAST.fournisseur, "PDM-1")
    result = invoke("act", a4, "take_into_account", "--by", CAST.moa)
    assert result.exit_code == 2
    assert "not_piece_holder" in result.stderr
    assert invoke("dossier", "nope").exit_code == 2


def test_the_deadline_job_moves_a_late_validation_on(contract: str):
    a10 = deposit(contract, "A10", CAST.sous_traitant, "DP-7", "--issued", "2026-03-02")
    early = invoke("deadlines", "--now", "2000-01-01T00:00:00+00:00")
    assert (early.exit_code, early.stdout) == (0, "")
    result = invoke("deadlines", "--now", "2099-01-01T00:00:00+00:00")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{a10}\tA10\tmise_a_disposition_valideur2\n"
    assert "10-day" in result.stderr
    assert invoke("deadlines", "--now", "2099-01-01").exit_code == 2


def test_mail_without_a_server_is_a_settings_error(contract: str):
    result = invoke("mail")
    assert result.exit_code == 3
    assert "INGEST_SMTP_HOST" in result.stderr
