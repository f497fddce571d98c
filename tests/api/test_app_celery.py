"""Processing through Celery: a real redis-server and real `ingest worker` processes on
loopback, started here; a worker killed mid-document is made good by the reaper."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlmodel import select

from api.app import create_app
from api.settings import Settings
from models.db import database_url, make_engine, session
from models.documents import ExtractionRecord
from models.workflow import DocumentStatus
from samples.scan import generate_scans
from tests.api.conftest import Env, Sample, deposit, make_config, prepare, wait_for
from tests.api.test_app_workers import kill_group, row, stop_group

ROOT = Path(__file__).resolve().parents[2]
INGEST = str(Path(sys.executable).with_name("ingest"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throw-away redis-server (Debian's package) on a free loopback port."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "redis-server is not installed: run `make test` (apt package)"
        )
    folder = tmp_path_factory.mktemp("redis")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
         "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
        stdout=(folder / "log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        wait_for(answers, timeout=30, every=0.05)
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(30)


def start_celery_worker(config: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "INGEST_DATA_DIR": str(config.data_dir),
        "INGEST_BROKER_URL": str(config.broker_url),
        "INGEST_LEASE_S": str(config.lease_s),
    }
    env.pop("INGEST_DATABASE_URL", None)
    return subprocess.Popen(
        [INGEST, "worker", "--concurrency", "1"], env=env, cwd=ROOT,
        start_new_session=True, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def runs_of(config: Settings, document_id: int) -> list[ExtractionRecord]:
    engine = make_engine(database_url(config.data_dir, None))
    with session(engine) as s:
        query = select(ExtractionRecord).where(
            ExtractionRecord.document_id == document_id
        )
        found = list(s.exec(query))
    engine.dispose()
    return found


def test_a_celery_worker_processes_a_deposit(
    tmp_path: Path, samples: list[Sample], redis_url: str
):
    config = make_config(tmp_path / "var", broker_url=redis_url, lease_s=10.0)
    env = Env(config, prepare(config, samples))
    worker = start_celery_worker(config, tmp_path / "celery.log")
    try:
        with TestClient(create_app(config)) as client:
            answer = deposit(client, env, "supplier_b", samples[1].data)
            assert answer.status_code == 202
            doc_id = answer.json()["id"]

            def done() -> bool:
                read = client.get(
                    f"/api/documents/{doc_id}", headers=env.auth("supplier_b")
                )
                return read.json()["status"] == "done"

            wait_for(done, timeout=120, every=0.2)
            read = client.get(
                f"/api/documents/{doc_id}", headers=env.auth("supplier_b")
            ).json()
            fields = read["extraction"]["fields"]
            assert (
                fields["invoice_number"]["value"] == samples[1].truth["invoice_number"]
            )
            assert fields["total_ttc"]["value"] == samples[1].truth["total_ttc"]
            assert (
                read["match"]["structure"]["siret"] == samples[1].truth["buyer_siret"]
            )
            # The same bytes again: the existing document, and no second run.
            again = deposit(client, env, "supplier_b", samples[1].data)
            assert (again.status_code, again.json()["id"]) == (200, doc_id)
            time.sleep(1.0)
    finally:
        stop_group(worker)
    assert len(runs_of(config, doc_id)) == 1
    assert row(config, doc_id).attempts == 1
    log = (tmp_path / "celery.log").read_text(errors="replace")
    assert "ingest.process_document" in log


@pytest.mark.tesseract
def test_a_celery_worker_killed_mid_document_loses_nothing(
    tmp_path: Path, samples: list[Sample], redis_url: str
):
    [scan] = generate_scans(tmp_path / "scans", 1, 5)
    config = make_config(tmp_path / "var", broker_url=redis_url, lease_s=2.0)
    env = Env(config, prepare(config, samples))
    first = start_celery_worker(config, tmp_path / "celery-1.log")
    try:
        with TestClient(create_app(config)) as client:
            doc_id = deposit(client, env, "supplier_a", scan.read_bytes()).json()["id"]
        wait_for(
            lambda: row(config, doc_id).status == DocumentStatus.PROCESSING, 120, 0.02
        )
        kill_group(first)
    finally:
        stop_group(first)
    assert row(config, doc_id).status == DocumentStatus.PROCESSING
    second = start_celery_worker(config, tmp_path / "celery-2.log")
    try:
        wait_for(lambda: row(config, doc_id).status == DocumentStatus.DONE, 180, 0.2)
    finally:
        stop_group(second)
    assert row(config, doc_id).attempts == 2
    runs = runs_of(config, doc_id)
    assert len(runs) == 1
    assert runs[0].error_code is None
