"""`ingest extract` on signed PDFs: the report in JSON and in the table, no log noise."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from samples.generator import invoice_for, render
from tests.ingest.signature.pki import Pki, make_pki
from tests.ingest.signature.signing import garble_contents, sign

INGEST = [sys.executable, "-c", "from api.cli import app; app()"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Pki]:
    folder = tmp_path_factory.mktemp("signed")
    spec = invoice_for(11, 4, pages=2, layout="band")
    pki = make_pki(spec.supplier.siren)
    pki.write_roots(folder / "roots")
    unsigned = render(spec)
    (folder / "valid.pdf").write_bytes(sign(unsigned, pki, pki.signer, timestamp=True))
    (folder / "self.pdf").write_bytes(sign(unsigned, pki, pki.self_signed))
    (folder / "garbage.pdf").write_bytes(
        garble_contents(sign(unsigned, pki, pki.signer))
    )
    return folder, pki


def ingest(*args: str, roots: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    env["COLUMNS"] = "200"
    if roots is not None:
        env["INGEST_TRUST_ROOTS"] = str(roots)
    return subprocess.run(
        [*INGEST, *args], capture_output=True, text=True, timeout=600, env=env
    )


def test_json_carries_the_report_and_pyhanko_stays_quiet(files: tuple[Path, Pki]):
    folder, pki = files
    names = ("valid.pdf", "self.pdf", "garbage.pdf")
    done = ingest(
        "extract", *(str(folder / n) for n in names), "--json", roots=folder / "roots"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # pyHanko's tracebacks and warnings stay out
    valid, self_signed, garbage = (
        json.loads(line)["signature"] for line in done.stdout.splitlines()
    )
    assert (valid["status"], valid["deposit_format"]) == ("valid", "pdf_signe")
    assert valid["signatures"][0]["pades_level"] == "B-T"
    assert valid["signatures"][0]["signer"]["siren"] == pki.siren
    assert self_signed["status"] == "untrusted"
    assert self_signed["signatures"][0]["reason"]["code"] == "self_signed"
    assert garbage["status"] == "invalid"
    assert garbage["signatures"][0]["reason"]["code"] == "malformed"


def test_table_shows_the_signatures(files: tuple[Path, Pki]):
    folder, pki = files
    done = ingest(
        "extract", str(folder / "valid.pdf"), str(folder / "self.pdf"), roots=None
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "signature: untrusted · pdf_non_signe" in done.stdout
    assert "Marie Dupont (Fournisseur Test SAS)" in done.stdout
    assert pki.siren in done.stdout
    assert "No trust roots are configured" in done.stdout
    assert "self-signed" in done.stdout


def test_unreadable_trust_roots_exit_3_naming_the_setting(files: tuple[Path, Pki]):
    folder, _ = files
    done = ingest("extract", str(folder / "valid.pdf"), roots=folder / "missing")
    assert done.returncode == 3
    assert "INGEST_TRUST_ROOTS" in done.stderr
    assert "not a folder" in done.stderr
