"""Deposited files (stored once, by SHA-256) and what the pipeline read from them."""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from ingest.contract import Extraction
from models.types import StrEnumType, UtcDateTime, json_type, utcnow
from models.workflow import DocumentStatus, move_document


@cache
def pipeline_version() -> str:
    """The installed version of the pipeline, stored beside each extraction (read once:
    the package metadata lookup is slow)."""
    return metadata.version("ingest")


class Document(SQLModel, table=True):
    """A deposited file: its bytes live in the blob folder, named by their SHA-256."""

    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True)
    filename: str = Field(max_length=255)
    size: int
    deposited_by: str = Field(max_length=128, index=True)
    """Who deposited it (a user name; ``cli`` from the command line)."""
    depositor_siret: str | None = Field(default=None, max_length=14, index=True)
    """The supplier it was deposited for, when known: a supplier sees only its own."""
    status: DocumentStatus = Field(
        default=DocumentStatus.QUEUED, sa_type=StrEnumType(DocumentStatus), index=True
    )
    error_code: str | None = Field(default=None, max_length=64)
    error_message: str | None = None
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    lease_owner: str | None = Field(default=None, max_length=96)
    """The run processing it now (``models.processing``); None when nobody is."""
    leased_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    """Past this, the run is taken for lost and another worker takes the document."""
    min_confidence: float | None = Field(default=None, index=True)
    """The lowest confidence of the fields read, for "least sure first" lists."""


class ExtractionRecord(SQLModel, table=True):
    """One run of the pipeline on a document: the contract's JSON, as printed."""

    __tablename__ = "extractions"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="documents.id", index=True, ondelete="CASCADE")
    pipeline_version: str = Field(max_length=32)
    data: dict[str, Any] = Field(sa_type=json_type())
    error_code: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)

    def extraction(self) -> Extraction:
        """The stored JSON read back as the contract's model."""
        return Extraction.model_validate(self.data)


@dataclass(frozen=True, slots=True)
class BlobStore:
    """Files named by their SHA-256 under ``root/ab/cd/``; written once, atomically."""

    root: Path

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` unless it is there already; return its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if target.exists():
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).replace(target)
        return sha256

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()


def blob_store(data_dir: Path) -> BlobStore:
    return BlobStore(data_dir / "blobs")


def find_document(session: Session, sha256: str) -> Document | None:
    return session.exec(select(Document).where(Document.sha256 == sha256)).first()


def deposit(
    session: Session,
    blobs: BlobStore,
    data: bytes,
    *,
    filename: str,
    deposited_by: str,
    depositor_siret: str | None = None,
) -> tuple[Document, bool]:
    """The document for these bytes, and whether it is new (queued) or was there."""
    sha256 = blobs.put(data)
    existing = find_document(session, sha256)
    if existing is not None:
        return existing, False
    document = Document(
        sha256=sha256,
        filename=Path(filename).name[:255],
        size=len(data),
        deposited_by=deposited_by,
        depositor_siret=depositor_siret,
    )
    session.add(document)
    try:
        session.commit()
    except IntegrityError:
        # The same bytes were deposited at the same moment by another request.
        session.rollback()
        raced = find_document(session, sha256)
        if raced is None:
            raise
        return raced, False
    return document, True


def start_processing(session: Session, document: Document) -> None:
    move_document(document, DocumentStatus.PROCESSING)
    document.attempts += 1
    document.updated_at = utcnow()
    session.add(document)
    session.commit()


def requeue(session: Session, document: Document) -> None:
    """Queue the document again (a lost job, or a new pipeline version)."""
    move_document(document, DocumentStatus.QUEUED)
    document.updated_at = utcnow()
    session.add(document)
    session.commit()


def record_extraction(
    session: Session, document: Document, extraction: Extraction, *, commit: bool = True
) -> ExtractionRecord:
    """Keep the pipeline's result; the document is done, or failed with its code.

    With ``commit=False`` the rows are only flushed, for a caller that commits them
    with more of its own in one transaction.
    """
    error = extraction.error
    record = ExtractionRecord(
        document_id=_id(document),
        pipeline_version=pipeline_version(),
        data=extraction.model_dump(mode="json"),
        error_code=error.code if error else None,
    )
    move_document(document, DocumentStatus.FAILED if error else DocumentStatus.DONE)
    document.error_code = error.code if error else None
    document.error_message = error.message if error else None
    document.updated_at = utcnow()
    session.add_all([record, document])
    if commit:
        session.commit()
    else:
        session.flush()
    return record


def latest_extraction(session: Session, document: Document) -> ExtractionRecord | None:
    query = (
        select(ExtractionRecord)
        .where(ExtractionRecord.document_id == _id(document))
        .order_by(ExtractionRecord.id.desc())  # type: ignore[union-attr]
    )
    return session.exec(query).first()


def _id(row: Document) -> int:
    if row.id is None:
        raise ValueError("the document has not been saved")
    return row.id
