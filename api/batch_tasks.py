"""``ingest batch`` over Celery, when ``INGEST_BROKER_URL`` is set.

The command reads and stores each file, holds its document for the batch, and sends
one message per row ("process batch row N"); any ``ingest worker`` on any machine
sharing the database and the data folder runs it. The command follows the rows in
the database. A message only names a row: one that arrives twice finds the row done
and does nothing; a row whose message was lost stays ``sent``, and the same command
run again sends it again.
"""

import logging
import time
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from api.batch_pool import extract_with
from api.batch_sources import Source, SourceReader
from api.cli_batch import (
    Advance,
    Outcome,
    Run,
    archive_limits,
    err,
    store,
)
from api.settings import Settings
from api.tasks import QUEUE, celery_app, configure, runner
from api.workers import Runner
from ingest.contract import Extraction
from models.batches import (
    FINISHED,
    Batch,
    BatchItem,
    ItemStatus,
    claim,
    heartbeat,
    mark_sent,
    record,
    release,
    run_owner,
)
from models.db import session
from models.documents import Document, blob_store
from models.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

PROCESS_BATCH_ITEM = "ingest.batch_item"
HELD_S = 6 * 3600.0
"""How long a document sent to the workers is held for the batch: no other worker
(nor the service's reaper) takes it meanwhile; a re-run of the batch may."""
FOLLOW_S = 0.5
"""How often the command looks at the rows while the workers process them."""


@celery_app.task(
    name=PROCESS_BATCH_ITEM,
    autoretry_for=(OperationalError, DatabaseUnavailable),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def process_batch_item(item_id: int) -> None:
    """Process one row of a batch unless it is done already."""
    process_item(runner(), item_id)


def process_item(run: Runner, item_id: int) -> None:
    """Claim the row's document for the batch, run the pipeline, record the result."""
    lease_s = run.config.lease_s + 2 * run.config.timeout_s
    with session(run.engine) as s:
        item = s.get(BatchItem, item_id)
        if item is None or item.status in FINISHED or item.document_id is None:
            return
        batch = s.get(Batch, item.batch_id)
        document = s.get(Document, item.document_id)
        if batch is None or document is None:
            return
        owner = run_owner(batch)
        if not claim(s, item, document, owner, lease_s):
            release(s, item)  # held by someone else: the command counts it busy
            return
        sha256 = document.sha256
    data = extract_with(run.options, run.blobs.path(sha256), sha256)
    with session(run.engine) as s:
        record(s, item_id, owner, Extraction.model_validate(data))


def run_on_celery(
    engine: Engine,
    config: Settings,
    batch: Batch,
    todo: Sequence[BatchItem],
    sources: dict[str, Source],
    advance: Advance,
    run: Run,
) -> None:
    """Store and send every row, then follow them until each is finished."""
    configure(config)
    blobs = blob_store(config.data_dir)
    owner = run_owner(batch)
    waiting: set[int] = set()
    try:
        with session(engine) as s, SourceReader(archive_limits(config)) as reader:
            for item in todo:
                if item.id is None:
                    continue
                if item.status != ItemStatus.SENT or item.document_id is None:
                    document = store(s, reader, blobs, item, sources[item.source])
                    if document is None:
                        advance(Outcome.REFUSED)
                        continue
                    if not claim(s, item, document, owner, HELD_S):
                        advance(Outcome.BUSY)
                        continue
                    mark_sent(s, [item])
                process_batch_item.apply_async(args=[item.id], queue=QUEUE)
                waiting.add(item.id)
            follow(engine, batch, waiting, advance)
    except KeyboardInterrupt:
        run.interrupted = True
        err.print(
            "[yellow]stopped following[/]: the workers finish what was sent; "
            "run the same command again to see the rest"
        )


def follow(engine: Engine, batch: Batch, waiting: set[int], advance: Advance) -> None:
    """Advance the bar as the workers finish rows, until none is left."""
    last_beat = time.monotonic()
    while waiting:
        with session(engine) as s:
            rows = s.exec(
                select(BatchItem.id, BatchItem.status).where(
                    BatchItem.batch_id == batch.id,
                    BatchItem.status != ItemStatus.SENT,
                )
            ).all()
            for item_id, status in rows:
                if item_id in waiting:
                    waiting.discard(item_id)
                    advance(_outcome(ItemStatus(status)))
            if time.monotonic() - last_beat > 10.0:
                heartbeat(s, batch)
                last_beat = time.monotonic()
        if waiting:
            time.sleep(FOLLOW_S)


def _outcome(status: ItemStatus) -> Outcome:
    return {
        ItemStatus.DONE: Outcome.PROCESSED,
        ItemStatus.FAILED: Outcome.FAILED,
        ItemStatus.REFUSED: Outcome.REFUSED,
    }.get(status, Outcome.BUSY)
