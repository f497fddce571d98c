"""What each user may see: a supplier its own deposits, a clerk the invoices addressed
to its structure, an admin everything. Out of scope is the same as absent (404).
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, func, true
from sqlmodel import Session, col, select

from models.documents import Document
from models.errors import RecordError
from models.invoices import Invoice
from models.users import Role, User
from models.workflow import DocumentStatus, InvoiceStatus


class NotFound(RecordError):
    code = "not_found"
    message = "No such record (or not yours to see)."


def documents_in_scope(user: User) -> ColumnElement[bool]:
    """A WHERE clause on documents for what ``user`` may see."""
    if user.role == Role.ADMIN:
        return true()
    if user.siret is None:
        return false()
    if user.role == Role.SUPPLIER:
        return col(Document.depositor_siret) == user.siret
    addressed = select(Invoice.document_id).where(Invoice.buyer_siret == user.siret)
    return col(Document.id).in_(addressed)


def invoices_in_scope(user: User) -> ColumnElement[bool]:
    """A WHERE clause on invoices for what ``user`` may see."""
    if user.role == Role.ADMIN:
        return true()
    if user.siret is None:
        return false()
    if user.role == Role.SUPPLIER:
        own = select(Document.id).where(Document.depositor_siret == user.siret)
        return col(Invoice.document_id).in_(own)
    return col(Invoice.buyer_siret) == user.siret


def visible_document(session: Session, user: User, document_id: int) -> Document:
    query = select(Document).where(Document.id == document_id, documents_in_scope(user))
    found = session.exec(query).first()
    if found is None:
        raise NotFound(f"Document {document_id}.")
    return found


def visible_invoice(session: Session, user: User, invoice_id: int) -> Invoice:
    query = select(Invoice).where(Invoice.id == invoice_id, invoices_in_scope(user))
    found = session.exec(query).first()
    if found is None:
        raise NotFound(f"Invoice {invoice_id}.")
    return found


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """What a list asks for; None means any."""

    status: DocumentStatus | None = None
    invoice_status: InvoiceStatus | None = None
    supplier_siret: str | None = None
    structure_siret: str | None = None
    has_blockers: bool | None = None
    least_confident_first: bool = False
    limit: int = 50
    offset: int = 0


def list_documents(
    session: Session, user: User, wanted: DocumentFilter
) -> list[tuple[Document, Invoice | None]]:
    """The documents ``user`` may see that pass the filter, each with its invoice."""
    query = (
        select(Document, Invoice)
        .join(Invoice, col(Invoice.document_id) == Document.id, isouter=True)
        .where(documents_in_scope(user))
    )
    for clause in _clauses(session, wanted):
        query = query.where(clause)
    if wanted.least_confident_first:
        query = query.order_by(
            col(Document.min_confidence).is_(None),
            col(Document.min_confidence),
            col(Document.id),
        )
    else:
        query = query.order_by(col(Document.id).desc())
    query = query.offset(wanted.offset).limit(wanted.limit)
    return [(d, i) for d, i in session.exec(query)]


def _clauses(session: Session, wanted: DocumentFilter) -> list[Any]:
    clauses: list[Any] = []
    if wanted.status is not None:
        clauses.append(col(Document.status) == wanted.status)
    if wanted.invoice_status is not None:
        clauses.append(col(Invoice.status) == wanted.invoice_status)
    if wanted.supplier_siret is not None:
        clauses.append(col(Invoice.supplier_siret) == wanted.supplier_siret)
    if wanted.structure_siret is not None:
        clauses.append(col(Invoice.buyer_siret) == wanted.structure_siret)
    if wanted.has_blockers is not None:
        count = _blocker_count(session)
        clauses.append(col(Invoice.id).is_not(None))
        clauses.append(count > 0 if wanted.has_blockers else count == 0)
    return clauses


def _blocker_count(session: Session) -> Any:
    """The number of blockers in the invoice's last match, in the database's SQL."""
    if session.get_bind().dialect.name == "postgresql":
        blockers = col(Invoice.last_match).op("->")("blockers")
        return func.coalesce(func.jsonb_array_length(blockers), 0)
    path = func.json_extract(col(Invoice.last_match), "$.blockers")
    return func.coalesce(func.json_array_length(path), 0)
