"""Batches of re-processing: one record per batch, one row per file, resumable.

A batch is named by its key (the sources as given and the pipeline version), so the
same command run again finds it and only processes the rows not done yet. Each file
processed gets a new extraction beside the old ones; the draft made from the document
takes the new values, except the fields a person corrected, which are never touched.
"""

import hashlib
import json
import os
import socket
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import UniqueConstraint, and_, func, or_, update
from sqlmodel import Field, Session, SQLModel, select

from ingest.contract import Extraction, FieldName
from models.documents import (
    Document,
    ExtractionRecord,
    pipeline_version,
    record_extraction,
)
from models.errors import RecordError
from models.invoices import (
    Correction,
    Invoice,
    InvoiceVatLine,
    _parse,
    _shown,
    create_draft,
    match_invoice,
)
from models.processing import lowest_confidence
from models.types import StrEnumType, UtcDateTime, json_type, utcnow
from models.workflow import DocumentStatus, InvoiceStatus

VAT_BREAKDOWN = "vat_breakdown"
"""The field name of a correction of the VAT summary (``models.drafts``)."""
STALE_RUN_S = 120.0
"""A run on another machine not heard of for this long is taken for dead."""


class BatchStatus(StrEnum):
    RUNNING = "running"
    INTERRUPTED = "interrupted"
    DONE = "done"


class ItemStatus(StrEnum):
    """Where one file of a batch stands; ``pending`` and ``sent`` are not done."""

    PENDING = "pending"
    SENT = "sent"
    """Handed to a Celery worker, not recorded yet."""
    DONE = "done"
    FAILED = "failed"
    """The pipeline refused the document (its error code is kept)."""
    REFUSED = "refused"
    """Never reached the pipeline: a hostile archive entry, an unreadable file."""


FINISHED = frozenset({ItemStatus.DONE, ItemStatus.FAILED, ItemStatus.REFUSED})


class BatchRunning(RecordError):
    code = "batch_running"
    message = "This batch is being run by another process."


class Batch(SQLModel, table=True):
    """One re-processing of a set of sources (folders, archives, globs)."""

    __tablename__ = "batches"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, index=True)
    """SHA-256 of the sources and the pipeline version: the same command, same key."""
    sources: list[str] = Field(sa_type=json_type())
    pipeline_version: str = Field(max_length=32)
    status: BatchStatus = Field(
        default=BatchStatus.RUNNING, sa_type=StrEnumType(BatchStatus)
    )
    runner: str | None = Field(default=None, max_length=96)
    """``host:pid`` of the process running it now; None when nobody is."""
    heartbeat_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class BatchItem(SQLModel, table=True):
    """One file of a batch (a file on disk, or an archive's entry)."""

    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batches.id", index=True, ondelete="CASCADE")
    source: str
    """The path, or ``archive.zip!entry/name.pdf`` for an archive's entry."""
    fingerprint: str = Field(max_length=64)
    """Size and mtime (files) or size and CRC (entries): a changed file is redone."""
    status: ItemStatus = Field(
        default=ItemStatus.PENDING, sa_type=StrEnumType(ItemStatus), index=True
    )
    document_id: int | None = Field(default=None, foreign_key="documents.id")
    previous_extraction_id: int | None = Field(
        default=None, foreign_key="extractions.id"
    )
    """The document's newest extraction before this batch read it (the diff's old)."""
    extraction_id: int | None = Field(default=None, foreign_key="extractions.id")
    error_code: str | None = Field(default=None, max_length=64)
    error_message: str | None = None
    truth: dict[str, Any] | None = Field(default=None, sa_type=json_type())
    """The ``NAME.truth.json`` found beside the file, for accuracy per field."""
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """A file found in the sources, before it is a row."""

    source: str
    fingerprint: str
    truth: dict[str, Any] | None = None
    refused_code: str | None = None
    refused_message: str | None = None


def batch_key(sources: Sequence[str], version: str) -> str:
    """The same sources (in any order) under the same pipeline give the same key."""
    text = json.dumps({"sources": sorted(sources), "version": version})
    return hashlib.sha256(text.encode()).hexdigest()


def this_runner() -> str:
    return f"{socket.gethostname()[:64]}:{os.getpid()}"


def find_batch(session: Session, key: str) -> Batch | None:
    """The newest batch of this key (the one a re-run resumes)."""
    query = select(Batch).where(Batch.key == key).order_by(Batch.id.desc())  # type: ignore[union-attr]
    return session.exec(query).first()


def open_batch(
    session: Session, sources: Sequence[str], *, force: bool = False
) -> tuple[Batch, bool]:
    """The batch to run (resumed, or new with ``force`` or when none); whether it is
    new. Raises BatchRunning when a live process runs it now."""
    version = pipeline_version()
    key = batch_key(sources, version)
    batch = find_batch(session, key)
    if batch is not None and _is_alive(batch):
        raise BatchRunning(f"Batch {batch.id} is run by {batch.runner}.")
    is_new = batch is None or force
    if batch is None or force:
        batch = Batch(key=key, sources=list(sources), pipeline_version=version)
    batch.status = BatchStatus.RUNNING
    batch.runner = this_runner()
    batch.heartbeat_at = utcnow()
    batch.finished_at = None
    session.add(batch)
    session.commit()
    return batch, is_new


def _is_alive(batch: Batch) -> bool:
    """Whether the run named on the batch still runs (a killed one left its name)."""
    if batch.runner is None or batch.status != BatchStatus.RUNNING:
        return False
    host, _, pid = batch.runner.rpartition(":")
    if host == socket.gethostname()[:64] and pid.isdigit():
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    beat = batch.heartbeat_at
    return beat is not None and utcnow() - beat < timedelta(seconds=STALE_RUN_S)


def heartbeat(session: Session, batch: Batch) -> None:
    batch.heartbeat_at = utcnow()
    session.add(batch)
    session.commit()


def close_batch(session: Session, batch: Batch, status: BatchStatus) -> None:
    """Leave the batch: done, or interrupted (a re-run resumes it)."""
    batch.status = status
    batch.runner = None
    batch.finished_at = utcnow() if status == BatchStatus.DONE else None
    session.add(batch)
    session.commit()


def items_of(session: Session, batch_id: int) -> list[BatchItem]:
    query = (
        select(BatchItem).where(BatchItem.batch_id == batch_id).order_by(BatchItem.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query))


def sync_items(
    session: Session, batch: Batch, planned: Iterable[PlannedItem]
) -> list[BatchItem]:
    """Make a row of each file found; return the rows still to process, in order.

    A row done with the same fingerprint is skipped; a file that changed since is
    redone; a refused entry is recorded as refused at once.
    """
    batch_id = _id(batch)
    known = {item.source: item for item in items_of(session, batch_id)}
    todo: list[BatchItem] = []
    now = utcnow()
    for plan in planned:
        item = known.get(plan.source)
        if _is_done(item, plan):
            continue
        if item is None or item.fingerprint != plan.fingerprint:
            item = item or BatchItem(
                batch_id=batch_id, source=plan.source, fingerprint=""
            )
            item.fingerprint = plan.fingerprint
            item.status = ItemStatus.PENDING
            item.document_id = item.previous_extraction_id = item.extraction_id = None
            item.error_code = item.error_message = None
        item.truth = plan.truth
        item.updated_at = now
        if plan.refused_code is not None:
            item.status = ItemStatus.REFUSED
            item.error_code = plan.refused_code
            item.error_message = plan.refused_message
        else:
            todo.append(item)
        session.add(item)
    session.commit()
    return todo


def _is_done(item: BatchItem | None, plan: PlannedItem) -> bool:
    """A row finished on the same bytes (same fingerprint) is not read again."""
    return (
        item is not None
        and item.fingerprint == plan.fingerprint
        and item.status in FINISHED
    )


def preview(
    session: Session,
    sources: Sequence[str],
    planned: Sequence[PlannedItem],
    *,
    force: bool = False,
) -> list[PlannedItem]:
    """The files a run would read (nothing is written): those not done yet."""
    batch = (
        None if force else find_batch(session, batch_key(sources, pipeline_version()))
    )
    known = (
        {} if batch is None else {i.source: i for i in items_of(session, _id(batch))}
    )
    return [
        plan
        for plan in planned
        if plan.refused_code is None and not _is_done(known.get(plan.source), plan)
    ]


def count_items(session: Session, batch_id: int) -> dict[ItemStatus, int]:
    query = (
        select(BatchItem.status, func.count())
        .where(BatchItem.batch_id == batch_id)
        .group_by(BatchItem.status)
    )
    return {ItemStatus(status): n for status, n in session.exec(query)}


def refuse(session: Session, item: BatchItem, code: str, message: str) -> None:
    """The file never reached the pipeline (unreadable, hostile archive entry)."""
    item.status = ItemStatus.REFUSED
    item.error_code = code
    item.error_message = message
    item.updated_at = utcnow()
    session.add(item)
    session.commit()


def run_owner(batch: Batch) -> str:
    """The lease owner of this run's documents: the batch, then a random part."""
    return f"{_owner_prefix(_id(batch))}{uuid.uuid4().hex[:12]}"


def _owner_prefix(batch_id: int) -> str:
    return f"batch-{batch_id}:"


def claim(
    session: Session, item: BatchItem, document: Document, owner: str, lease_s: float
) -> bool:
    """Take the document for this run under a lease; False when a live worker
    elsewhere is processing it now (the row stays pending for a later run).

    Done, failed and queued documents are taken in one statement (done → queued →
    processing are two legal moves), and so are those a dead run of the same batch
    left behind.
    """
    now = utcnow()
    document_id = _id(document)
    own_prefix = _owner_prefix(item.batch_id)
    takeable = or_(
        Document.status.in_(  # type: ignore[attr-defined]
            [DocumentStatus.QUEUED, DocumentStatus.DONE, DocumentStatus.FAILED]
        ),
        and_(
            Document.status == DocumentStatus.PROCESSING,
            or_(
                Document.leased_until < now,  # type: ignore[operator]
                Document.lease_owner.startswith(own_prefix),  # type: ignore[union-attr]
            ),
        ),
    )
    taken = session.execute(
        update(Document)
        .where(Document.id == document_id, takeable)  # type: ignore[arg-type]
        .values(
            status=DocumentStatus.PROCESSING,
            lease_owner=owner,
            leased_until=now + timedelta(seconds=lease_s),
            attempts=Document.attempts + 1,
            updated_at=now,
        )
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        return False
    item.document_id = document_id
    item.previous_extraction_id = _newest_extraction_id(session, document_id)
    item.updated_at = now
    session.add(item)
    session.commit()
    return True


def mark_sent(session: Session, items: Sequence[BatchItem]) -> None:
    for item in items:
        item.status = ItemStatus.SENT
        item.updated_at = utcnow()
        session.add(item)
    session.commit()


def release(session: Session, item: BatchItem) -> None:
    """Give a sent row back (its document is held elsewhere): a re-run sends it."""
    item.status = ItemStatus.PENDING
    item.updated_at = utcnow()
    session.add(item)
    session.commit()


def _newest_extraction_id(session: Session, document_id: int) -> int | None:
    query = select(func.max(ExtractionRecord.id)).where(
        ExtractionRecord.document_id == document_id
    )
    return session.exec(query).one()


def record(
    session: Session, item_id: int, owner: str, extraction: Extraction
) -> ExtractionRecord | None:
    """Keep the run's result on the document and the row, and bring the draft up to
    date; None (nothing written) when the run lost its lease."""
    item = session.get(BatchItem, item_id, populate_existing=True)
    if item is None or item.document_id is None:
        return None
    released = session.execute(
        update(Document)
        .where(
            Document.id == item.document_id,  # type: ignore[arg-type]
            Document.lease_owner == owner,  # type: ignore[arg-type]
            Document.status == DocumentStatus.PROCESSING,  # type: ignore[arg-type]
        )
        .values(lease_owner=None, leased_until=None)
    )
    if released.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        return None
    document = session.get(Document, item.document_id, populate_existing=True)
    if document is None:
        session.rollback()
        return None
    document.min_confidence = lowest_confidence(extraction)
    saved = record_extraction(session, document, extraction, commit=False)
    error = extraction.error
    item.status = ItemStatus.FAILED if error else ItemStatus.DONE
    item.extraction_id = saved.id
    item.error_code = error.code if error else None
    item.error_message = error.message if error else None
    item.updated_at = utcnow()
    session.add(item)
    if error is None:
        update_draft(session, document, saved)
    # The extraction, the document's status and the row are one transaction: a run
    # killed before it leaves the row pending, and one killed after leaves it done.
    session.commit()
    return saved


def latest_invoice(session: Session, document_id: int) -> Invoice | None:
    query = (
        select(Invoice)
        .where(Invoice.document_id == document_id)
        .order_by(Invoice.id.desc())  # type: ignore[union-attr]
    )
    return session.exec(query).first()


def corrections(session: Session, invoice_id: int) -> dict[str, str | None]:
    """Each field a person corrected, with the value they gave last."""
    query = (
        select(Correction)
        .where(Correction.invoice_id == invoice_id)
        .order_by(Correction.id)  # type: ignore[arg-type]
    )
    return {c.field: c.new_value for c in session.exec(query)}


def update_draft(session: Session, document: Document, saved: ExtractionRecord) -> None:
    """The draft takes the new values, except corrected fields; a submitted invoice
    is left as it is; a document without one gets its first draft."""
    invoice = latest_invoice(session, _id(document))
    if invoice is None:
        invoice = create_draft(
            session, saved, actor=document.deposited_by, commit=False
        )
    elif invoice.status == InvoiceStatus.BROUILLON:
        _refresh(session, invoice, saved)
    else:
        return
    match_invoice(session, invoice)


def _refresh(session: Session, invoice: Invoice, saved: ExtractionRecord) -> None:
    kept = corrections(session, _id(invoice))
    extraction = saved.extraction()
    for name in FieldName:
        if name.value not in kept:
            setattr(invoice, name.value, _parse(name, _shown(extraction.value(name))))
    if VAT_BREAKDOWN not in kept:
        invoice.vat_lines = [
            InvoiceVatLine(rate=line.rate, base=line.base, amount=line.amount)
            for line in extraction.vat_breakdown
        ]
    invoice.extraction_id = saved.id
    invoice.updated_at = utcnow()
    session.add(invoice)


def _id(row: Document | Batch | Invoice) -> int:
    if row.id is None:
        raise ValueError("the row has not been saved")
    return row.id
