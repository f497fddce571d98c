"""Processing off the request: one document run, the in-process pool, and dispatch.

`process_one` is the whole job: claim a document under a lease, read its blob, run the
pipeline, record the result if the lease is still held. The in-process pool runs it in
child processes (one per core: the pipeline is CPU-bound Python, so threads would share
one core); a Celery task (`api.tasks`) runs the same function for a given id.
"""

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.context import SpawnProcess
from multiprocessing.synchronize import Event
from typing import Protocol

from sqlalchemy import Engine

from api.settings import Settings
from ingest import pipeline
from ingest.contract import Extraction, Notice
from ingest.signature.trust import load_trust
from models.db import database_url, make_engine, session
from models.documents import BlobStore, blob_store
from models.processing import claim, fail_lost, finish, renew, run_owner

log = logging.getLogger(__name__)
WORKER_NICENESS = 5


def worker_count(config: Settings) -> int:
    return config.workers if config.workers > 0 else multiprocessing.cpu_count()


def options_from(config: Settings) -> pipeline.Options:
    """The pipeline's options as the settings give them (trust roots loaded once)."""
    trust = load_trust(config.trust_roots, fetch_revocation=config.fetch_revocation)
    return pipeline.Options(limits=config.limits(), trust=trust)


def quiet_libraries() -> None:
    """pyHanko logs every failed check with a traceback; the report carries the verdict."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


@dataclass
class Runner:
    """What one worker process needs, built once: engine, blobs, pipeline options."""

    config: Settings
    engine: Engine = field(init=False)
    blobs: BlobStore = field(init=False)
    options: pipeline.Options = field(init=False)

    def __post_init__(self) -> None:
        self.engine = make_engine(
            database_url(self.config.data_dir, self.config.database_url)
        )
        self.blobs = blob_store(self.config.data_dir)
        self.options = options_from(self.config)


def process_one(runner: Runner, document_id: int | None = None) -> int | None:
    """Claim and process one document (the next queued, or ``document_id``); return
    its id, or None when there was nothing to claim."""
    owner = run_owner()
    lease_s = runner.config.lease_s
    with session(runner.engine) as s:
        document = claim(s, owner, lease_s, document_id)
        if document is None or document.id is None:
            return None
        doc_id = document.id
        if document.attempts > runner.config.max_attempts:
            fail_lost(s, document, owner)
            return doc_id
        sha256 = document.sha256
    log.info("document %s (%s): processing, run %s", doc_id, sha256[:12], owner)
    with _heartbeat(runner.engine, doc_id, owner, lease_s):
        extraction = _extract(runner, sha256)
    with session(runner.engine) as s:
        finish(s, doc_id, owner, extraction)
    log.info(
        "document %s: %s", doc_id, extraction.error.code if extraction.error else "done"
    )
    return doc_id


def _extract(runner: Runner, sha256: str) -> Extraction:
    """The pipeline on the stored bytes; a bug becomes an ``internal_error`` result."""
    try:
        data = runner.blobs.get(sha256)
    except OSError as e:
        notice = Notice(
            code="file_unreadable", message=f"The stored file: {e.strerror}"
        )
        return Extraction(sha256=sha256, error=notice)
    try:
        return pipeline.run(data, options=runner.options)
    except Exception:  # the worker's outer handler: one document must not stop it
        log.exception("internal error on %s", sha256[:12])
        notice = Notice(
            code="internal_error",
            message="An internal error occurred; it has been logged.",
        )
        return Extraction(sha256=sha256, error=notice)


class _heartbeat:
    """Renew the lease every third of its length while the block runs."""

    def __init__(self, engine: Engine, document_id: int, owner: str, lease_s: float):
        self._args = (engine, document_id, owner, lease_s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        engine, document_id, owner, lease_s = self._args
        while not self._stop.wait(lease_s / 3):
            try:
                if not renew(engine, document_id, owner, lease_s):
                    return
            except Exception:  # a missed beat is retried; the lease has slack
                log.warning(
                    "could not renew the lease of %s", document_id, exc_info=True
                )

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def lower_priority() -> None:
    """Workers yield the CPU to the API on a shared machine: deposits answer at once."""
    os.nice(WORKER_NICENESS)


def work(config: Settings, stop: Event, wake: Event | None = None) -> None:
    """A worker's loop: process documents until ``stop``; idle, look every poll_s."""
    quiet_libraries()
    lower_priority()
    runner = Runner(config)
    while not stop.is_set():
        try:
            found = process_one(runner)
        except Exception:  # the database went away: wait, then try again
            log.exception("worker loop")
            found = None
            stop.wait(config.poll_s * 4)
        if found is None:
            (wake or stop).wait(config.poll_s)
            if wake is not None:
                wake.clear()
    runner.engine.dispose()


class Pool:
    """Worker processes on this machine, restarted when one dies."""

    def __init__(self, config: Settings, count: int | None = None) -> None:
        self.config = config
        self.count = count if count is not None else worker_count(config)
        self._context = multiprocessing.get_context("spawn")
        self._stop = self._context.Event()
        self.wake_event = self._context.Event()
        self.processes: list[SpawnProcess] = []
        self._watch: threading.Thread | None = None

    def start(self) -> None:
        self.processes = [self._spawn() for _ in range(self.count)]
        self._watch = threading.Thread(target=self._restart_dead, daemon=True)
        self._watch.start()

    def _spawn(self) -> SpawnProcess:
        process = self._context.Process(
            target=work,
            args=(self.config, self._stop, self.wake_event),
            name="ingest-worker",
            daemon=True,
        )
        process.start()
        return process

    def _restart_dead(self) -> None:
        while not self._stop.wait(1.0):
            for i, process in enumerate(self.processes):
                if process.exitcode is not None and not self._stop.is_set():
                    log.warning(
                        "worker %s died (%s); restarting", process.pid, process.exitcode
                    )
                    self.processes[i] = self._spawn()

    def wake(self) -> None:
        self.wake_event.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask every worker to finish its document and stop; kill the stragglers."""
        self._stop.set()
        self.wake_event.set()
        deadline = time.monotonic() + timeout
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
        for process in self.processes:
            if process.is_alive():
                process.kill()  # its document's lease expires; another run takes it
                process.join()


class Dispatcher(Protocol):
    """Tells the workers a document is waiting (the database row is the truth)."""

    def enqueue(self, document_id: int) -> None: ...


@dataclass(frozen=True)
class WakePool:
    """In-process workers: wake one up (they would find it at their next look)."""

    wake: Callable[[], None]

    def enqueue(self, document_id: int) -> None:
        self.wake()


class Polling:
    """Workers elsewhere poll the database (``ingest worker`` without a broker)."""

    def enqueue(self, document_id: int) -> None:
        return None
