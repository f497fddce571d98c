"""Who processes which document: claims under a lease, renewals, and the one finish.

The database status is the truth. A worker *claims* a queued document (or one whose
lease expired: its worker died) with a conditional UPDATE, so two workers never hold
the same document; it renews the lease while it works, and records the result only
if it still holds the lease. A run that lost its lease (too slow, or its document
taken over) is thrown away, so each document is recorded once.
"""

import logging
import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import Engine, and_, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ingest.contract import Extraction, Notice
from models.documents import (
    BlobStore,
    Document,
    ExtractionRecord,
    find_document,
    record_extraction,
)
from models.errors import RecordError
from models.invoices import Invoice, create_draft, match_invoice
from models.types import utcnow
from models.workflow import DOCUMENT_TRANSITIONS, DocumentStatus

log = logging.getLogger(__name__)

CLAIMABLE = frozenset(
    s for s, nexts in DOCUMENT_TRANSITIONS.items() if DocumentStatus.PROCESSING in nexts
)
"""Statuses a worker may start from: queued."""
LOST_RUNS_REQUEUE = (
    DocumentStatus.QUEUED in DOCUMENT_TRANSITIONS[DocumentStatus.PROCESSING]
)
"""A lost run (processing, lease expired) may go back to the queue, so taking it
over (processing → queued → processing in one statement) is two legal moves."""
CANDIDATES = 8
"""Documents looked at per claim; others' claims make some of them go away."""


class WorkerLost(RecordError):
    code = "worker_lost"
    message = "Every run on this document was lost with its worker; it is not retried."


def run_owner() -> str:
    """A name for one run: host, process, and a random part unique to the claim."""
    return f"{socket.gethostname()[:48]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _claimable(now: object) -> object:
    lost = and_(
        Document.status == DocumentStatus.PROCESSING,
        Document.leased_until < now,  # type: ignore[operator]
    )
    waiting = Document.status.in_(CLAIMABLE)  # type: ignore[attr-defined]
    return or_(waiting, lost) if LOST_RUNS_REQUEUE else waiting


def claim(
    session: Session, owner: str, lease_s: float, document_id: int | None = None
) -> Document | None:
    """Take the oldest claimable document (or ``document_id``) under a lease; None if
    there is none, or when someone else holds it."""
    now = utcnow()
    if document_id is not None:
        ids = [document_id]
    else:
        query = (
            select(Document.id)
            .where(_claimable(now))
            .order_by(Document.id)  # type: ignore[arg-type]
            .limit(CANDIDATES)
        )
        ids = [i for i in session.exec(query) if i is not None]
    for candidate in ids:
        taken = session.execute(
            update(Document)
            .where(Document.id == candidate, _claimable(now))  # type: ignore[arg-type]
            .values(
                status=DocumentStatus.PROCESSING,
                lease_owner=owner,
                leased_until=now + timedelta(seconds=lease_s),
                attempts=Document.attempts + 1,
                updated_at=now,
            )
        )
        session.commit()
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return session.get(Document, candidate, populate_existing=True)
    return None


def renew(engine: Engine, document_id: int, owner: str, lease_s: float) -> bool:
    """Extend the lease; False when the run has lost it."""
    with Session(engine) as s:
        done = s.execute(
            update(Document)
            .where(Document.id == document_id, Document.lease_owner == owner)  # type: ignore[arg-type]
            .values(leased_until=utcnow() + timedelta(seconds=lease_s))
        )
        s.commit()
        return done.rowcount == 1  # type: ignore[attr-defined]


def finish(
    session: Session, document_id: int, owner: str, extraction: Extraction
) -> ExtractionRecord | None:
    """Record the run's result if it still holds the lease (then a draft is made and
    matched); None, and nothing written, when it lost it."""
    released = session.execute(
        update(Document)
        .where(
            Document.id == document_id,  # type: ignore[arg-type]
            Document.lease_owner == owner,  # type: ignore[arg-type]
            Document.status == DocumentStatus.PROCESSING,  # type: ignore[arg-type]
        )
        .values(lease_owner=None, leased_until=None)
    )
    if released.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        log.warning(
            "run %s lost document %s; its result is dropped", owner, document_id
        )
        return None
    document = session.get(Document, document_id, populate_existing=True)
    if document is None:
        session.rollback()
        return None
    document.min_confidence = lowest_confidence(extraction)
    # The lease released, the status, the extraction, the draft and its match: one
    # transaction, so a reader never sees a document done without its draft.
    record = record_extraction(session, document, extraction, commit=False)
    if extraction.error is None:
        invoice = create_draft(
            session, record, actor=document.deposited_by, commit=False
        )
        match_invoice(session, invoice)
    session.commit()
    return record


def lowest_confidence(extraction: Extraction) -> float | None:
    values = [f.confidence for f in extraction.fields.values()]
    return min(values) if values else None


def fail_lost(session: Session, document: Document, owner: str) -> ExtractionRecord:
    """Fail a document every run of which died (a file that kills its worker)."""
    error = WorkerLost(f"{document.attempts - 1} run(s) lost.")
    notice = Notice(code=error.code, message=error.describe())
    extraction = Extraction(sha256=document.sha256, error=notice)
    record = finish(session, _id(document), owner, extraction)
    if record is None:
        raise RuntimeError("the lease of a just-claimed document was lost")
    return record


def register(
    session: Session,
    blobs: BlobStore,
    sha256: str,
    size: int,
    *,
    filename: str,
    deposited_by: str,
    depositor_siret: str | None,
) -> tuple[Document, bool]:
    """The document for a blob already stored, and whether it is new (queued)."""
    if not blobs.path(sha256).is_file():
        raise FileNotFoundError(blobs.path(sha256))
    existing = find_document(session, sha256)
    if existing is not None:
        return existing, False
    document = Document(
        sha256=sha256, filename=filename[:255] or "upload", size=size,
        deposited_by=deposited_by, depositor_siret=depositor_siret,
    )  # fmt: skip
    session.add(document)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # the same bytes, deposited at the same moment
        raced = find_document(session, sha256)
        if raced is None:
            raise
        return raced, False
    return document, True


def requeue_lost(session: Session) -> list[int]:
    """Put back in the queue each document whose run's lease expired; their ids."""
    now = utcnow()
    lost = and_(
        Document.status == DocumentStatus.PROCESSING,
        Document.leased_until < now,  # type: ignore[operator]
    )
    ids = [i for i in session.exec(select(Document.id).where(lost)) if i is not None]
    requeued = []
    for document_id in ids:
        moved = session.execute(
            update(Document)
            .where(Document.id == document_id, lost)  # type: ignore[arg-type]
            .values(
                status=DocumentStatus.QUEUED,
                lease_owner=None,
                leased_until=None,
                updated_at=now,
            )
        )
        if moved.rowcount == 1:  # type: ignore[attr-defined]
            requeued.append(document_id)
    session.commit()
    return requeued


def stale_queued(session: Session, older_than_s: float) -> list[int]:
    """Queued documents nobody took for a while (their job may be lost); touched, so
    that each is sent again once per period."""
    now = utcnow()
    cutoff = now - timedelta(seconds=older_than_s)
    stale = and_(
        Document.status == DocumentStatus.QUEUED,
        Document.updated_at < cutoff,  # type: ignore[operator]
    )
    ids = [i for i in session.exec(select(Document.id).where(stale)) if i is not None]
    if ids:
        session.execute(
            update(Document)
            .where(Document.id.in_(ids), stale)  # type: ignore[union-attr]
            .values(updated_at=now)
        )
        session.commit()
    return ids


def invoice_of(session: Session, document_id: int) -> Invoice | None:
    """The draft (or invoice) made from the document's latest extraction."""
    query = (
        select(Invoice)
        .where(Invoice.document_id == document_id)
        .order_by(Invoice.id.desc())  # type: ignore[union-attr]
    )
    return session.exec(query).first()


def count_by_status(session: Session) -> dict[str, int]:
    query = select(Document.status, func.count()).group_by(Document.status)
    return {str(status): n for status, n in session.exec(query)}


def _id(row: Document) -> int:
    if row.id is None:
        raise ValueError("the document has not been saved")
    return row.id
