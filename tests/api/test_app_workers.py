"""Crash safety: a worker killed with SIGKILL in the middle of a document loses
nothing, and the document is recorded once; a run that lost its lease is dropped."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from api.app import create_app
from api.settings import Settings
from ingest.contract import Extraction
from models.db import database_url, make_engine, session
from models.documents import Document, ExtractionRecord
from models.invoices import Invoice
from models.processing import claim, finish, run_owner
from models.workflow import DocumentStatus
from samples.scan import generate_scans
from tests.api.conftest import Env, Sample, deposit, make_config, prepare, wait_for

ROOT = Path(__file__).resolve().parents[2]
INGEST = str(Path(sys.executable).with_name("ingest"))


def start_worker(config: Settings, log: Path) -> subprocess.Popen[bytes]:
    """A real `ingest worker` (no broker: it polls the database), in its own group."""
    env = {
        **os.environ,
        "INGEST_DATA_DIR": str(config.data_dir),
        "INGEST_LEASE_S": str(config.lease_s),
        "INGEST_POLL_S": "0.1",
        "INGEST_WORKERS": "1",
    }
    env.pop("INGEST_DATABASE_URL", None)
    env.pop("INGEST_BROKER_URL", None)
    return subprocess.Popen(
        [INGEST, "worker"], env=env, cwd=ROOT, start_new_session=True,
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def kill_group(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            kill_group(process)


def row(config: Settings, document_id: int) -> Document:
    engine = make_engine(database_url(config.data_dir, None))
    with session(engine) as s:
        found = s.get(Document, document_id)
    engine.dispose()
    assert found is not None
    return found


@pytest.mark.tesseract
def test_a_worker_killed_mid_document_loses_nothing_and_it_is_processed_once(
    tmp_path: Path, samples: list[Sample]
):
    # A scanned invoice: OCR keeps the worker busy for seconds, long enough to kill it.
    [scan] = generate_scans(tmp_path / "scans", 1, 5)
    config = make_config(tmp_path / "var", lease_s=2.0, poll_s=0.1)
    env = Env(config, prepare(config, samples))
    with TestClient(create_app(config, workers=0)) as client:
        doc_id = deposit(client, env, "supplier_a", scan.read_bytes()).json()["id"]
    first = start_worker(config, tmp_path / "worker-1.log")
    try:
        wait_for(
            lambda: row(config, doc_id).status == DocumentStatus.PROCESSING, 60, 0.02
        )
        taken = row(config, doc_id)
        kill_group(first)
    finally:
        stop_group(first)
    assert taken.attempts == 1
    assert taken.lease_owner is not None
    killed = row(config, doc_id)
    assert killed.status == DocumentStatus.PROCESSING  # the run died with its worker
    assert killed.lease_owner == taken.lease_owner

    second = start_worker(config, tmp_path / "worker-2.log")
    try:
        wait_for(lambda: row(config, doc_id).status == DocumentStatus.DONE, 120, 0.2)
    finally:
        stop_group(second)
    done = row(config, doc_id)
    assert done.attempts == 2
    assert done.lease_owner is None
    assert done.lease_owner != taken.lease_owner
    engine = make_engine(database_url(config.data_dir, None))
    with session(engine) as s:
        runs = list(
            s.exec(
                select(ExtractionRecord).where(ExtractionRecord.document_id == doc_id)
            )
        )
        drafts = list(s.exec(select(Invoice).where(Invoice.document_id == doc_id)))
    assert len(runs) == 1
    assert len(drafts) == 1
    assert runs[0].error_code is None
    assert runs[0].data["source"] == "ocr"


def test_a_run_that_lost_its_lease_is_dropped_and_the_new_one_recorded(env: Env):
    engine = make_engine(database_url(env.config.data_dir, None))
    with session(engine) as s:
        s.add(Document(sha256="a" * 64, filename="x.pdf", size=1, deposited_by="t"))
        s.commit()
        slow, quick = run_owner(), run_owner()
        taken = claim(s, slow, lease_s=-1.0)  # a lease already over: the run is "lost"
        assert taken is not None and taken.id is not None
        assert claim(s, quick, lease_s=60.0) is not None
        assert claim(s, run_owner(), lease_s=60.0) is None  # held: nobody else
        late = Extraction(sha256="a" * 64, pages=1)
        assert finish(s, taken.id, slow, late) is None
        assert (
            finish(s, taken.id, quick, Extraction(sha256="a" * 64, pages=2)) is not None
        )
        runs = list(s.exec(select(ExtractionRecord)))
        document = s.get(Document, taken.id, populate_existing=True)
    assert [r.data["pages"] for r in runs] == [2]
    assert document is not None
    assert (document.status, document.attempts) == (DocumentStatus.DONE, 2)


def test_a_document_whose_runs_all_die_fails_as_worker_lost(env: Env):
    from api.workers import Runner, process_one

    engine = make_engine(database_url(env.config.data_dir, None))
    with session(engine) as s:
        s.add(Document(sha256="b" * 64, filename="x.pdf", size=1, deposited_by="t"))
        s.commit()
        for _ in range(env.config.max_attempts):
            assert claim(s, run_owner(), lease_s=-1.0) is not None
    runner = Runner(env.config)
    process_one(runner)
    with session(engine) as s:
        document = s.exec(select(Document)).one()
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == "worker_lost"
