"""Celery over Redis, when ``INGEST_BROKER_URL`` is set: many machines share the work.

A message only says "look at document N"; the database row is the truth. Messages are
acknowledged after the task (``acks_late``), one at a time per process, and a task
whose worker died is delivered again. Whatever arrives twice finds the document done
or leased and does nothing. A reaper, started beside each worker, sends again the
documents whose run was lost (lease expired) or whose message never came.
"""

import logging
import multiprocessing
from multiprocessing.context import SpawnProcess
from multiprocessing.synchronize import Event

from celery import Celery
from sqlalchemy.exc import OperationalError

from api.settings import Settings, get_settings
from api.workers import Runner, lower_priority, process_one, quiet_libraries
from models.db import database_url, make_engine, session
from models.errors import DatabaseUnavailable
from models.processing import requeue_lost, stale_queued

log = logging.getLogger(__name__)

QUEUE = "ingest"
PROCESS_DOCUMENT = "ingest.process_document"

celery_app = Celery("ingest", set_as_current=False)
celery_app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_default_queue=QUEUE,
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    # Redis redelivers an unacknowledged message after this; the reaper is quicker.
    broker_transport_options={"visibility_timeout": 3600},
    include=["api.batch_tasks"],  # `ingest batch` rows (imported by the worker)
)


def configure(config: Settings) -> Celery:
    """Point the app at the broker the settings name."""
    celery_app.conf.broker_url = config.broker_url
    return celery_app


_runner: Runner | None = None


def runner() -> Runner:
    """This process's engine, blobs and pipeline options (made once, after the fork)."""
    global _runner
    if _runner is None:
        quiet_libraries()
        lower_priority()
        _runner = Runner(get_settings())
    return _runner


@celery_app.task(
    name=PROCESS_DOCUMENT,
    autoretry_for=(OperationalError, DatabaseUnavailable),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def process_document(document_id: int) -> None:
    """Process the document if it is still waiting; otherwise there is nothing to do."""
    process_one(runner(), document_id)


class CeleryDispatcher:
    """Sends one message per document to the broker."""

    def __init__(self, config: Settings) -> None:
        configure(config)

    def enqueue(self, document_id: int) -> None:
        process_document.apply_async(args=[document_id], queue=QUEUE)


def reap(config: Settings, stop: Event) -> None:
    """Send again what was lost: runs whose lease expired, messages never received."""
    configure(config)
    engine = make_engine(database_url(config.data_dir, config.database_url))
    every = max(config.lease_s / 3, 0.5)
    while not stop.wait(every):
        try:
            with session(engine) as s:
                ids = requeue_lost(s) + stale_queued(s, config.lease_s * 5)
            for document_id in ids:
                log.info("document %s sent again", document_id)
                process_document.apply_async(args=[document_id], queue=QUEUE)
        except Exception:  # the broker or the database is away: try again later
            log.warning("reaper: could not look for lost documents", exc_info=True)
    engine.dispose()


def start_reaper(config: Settings) -> tuple[SpawnProcess, Event]:
    """The reaper in its own process (a thread would be forked into Celery's pool)."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    process = context.Process(
        target=reap, args=(config, stop), name="ingest-reaper", daemon=True
    )
    process.start()
    return process, stop


def run_worker(config: Settings, concurrency: int) -> None:
    """A Celery worker with ``concurrency`` processes, and the reaper beside it."""
    configure(config)
    reaper, stop = start_reaper(config)
    try:
        celery_app.worker_main(
            ["worker", "--loglevel=INFO", f"--concurrency={concurrency}",
             "--pool=prefork", "-Q", QUEUE, "--without-gossip", "--without-mingle"]
        )  # fmt: skip
    finally:
        stop.set()
        reaper.join(5)
