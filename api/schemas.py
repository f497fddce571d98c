"""The JSON the API answers with: one public model per resource."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.settings import Settings
from ingest.contract import Notice
from models.documents import Document
from models.drafts import cross_checks
from models.invoices import Correction, Invoice
from models.outbox import OutboxEvent
from models.users import User
from models.workflow import StatusChange


class Problem(BaseModel):
    code: str
    message: str


class DepositAnswer(BaseModel):
    id: int
    sha256: str
    status: str


class InvoiceSummary(BaseModel):
    id: int
    status: str
    invoice_number: str | None
    supplier_siret: str | None
    buyer_siret: str | None
    total_ttc: str | None
    blockers: int


class DocumentSummary(BaseModel):
    id: int
    sha256: str
    status: str
    filename: str
    created_at: datetime
    error: Problem | None
    min_confidence: float | None
    invoice: InvoiceSummary | None


class DocumentPublic(DocumentSummary):
    size: int
    attempts: int
    updated_at: datetime
    deposited_by: str
    depositor_siret: str | None
    pages: int | None
    extraction: dict[str, Any] | None
    """The contract's Extraction object, as `ingest extract --json` prints it."""
    signature: dict[str, Any] | None
    match: dict[str, Any] | None
    """The invoice's last match against the directory (structure, service, …)."""
    warnings: list[Problem]
    """The extraction's warnings, then the match's."""
    links: dict[str, str]


class CorrectionPublic(BaseModel):
    field: str
    old_value: str | None
    new_value: str | None
    actor: str
    at: datetime


class StatusChangePublic(BaseModel):
    from_status: str | None
    to_status: str
    actor: str
    at: datetime
    reason: str | None


class InvoicePublic(BaseModel):
    id: int
    document_id: int | None
    status: str
    portal_status: str
    deposit_format: str
    fields: dict[str, str | None]
    vat_breakdown: list[dict[str, str]]
    match: dict[str, Any] | None
    blockers: list[Problem]
    checks: list[Problem]
    """What does not add up in the draft's values (HT + TVA = TTC, VAT lines…)."""
    corrections: list[CorrectionPublic]
    history: list[StatusChangePublic]
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None


class CorrectionRequest(BaseModel):
    fields: dict[str, str | None] = Field(default_factory=dict)
    """Contract field names and their new value (a string, or null to clear)."""
    vat_breakdown: list[dict[str, str]] | None = None
    """The whole VAT summary, when it changes: [{"rate", "base", "amount"}]."""


class SubmitAnswer(BaseModel):
    invoice: InvoicePublic
    event_id: str


class ServicePublic(BaseModel):
    code: str
    name: str
    active: bool
    engagement_required: bool


class StructurePublic(BaseModel):
    siret: str
    name: str
    active: bool
    engagement_required: bool
    service_required: bool
    service_or_engagement_required: bool
    city: str | None
    services: list[ServicePublic]


class EventPublic(BaseModel):
    id: int
    event_id: str
    kind: str
    invoice_id: int | None
    created_at: datetime
    delivered_at: datetime | None
    attempts: int
    payload: dict[str, Any]


class Me(BaseModel):
    name: str
    role: str
    siret: str | None


def problem(code: str | None, message: str | None) -> Problem | None:
    return Problem(code=code, message=message or "") if code else None


def invoice_summary(invoice: Invoice | None) -> InvoiceSummary | None:
    if invoice is None or invoice.id is None:
        return None
    return InvoiceSummary(
        id=invoice.id,
        status=str(invoice.status),
        invoice_number=invoice.invoice_number,
        supplier_siret=invoice.supplier_siret,
        buyer_siret=invoice.buyer_siret,
        total_ttc=None if invoice.total_ttc is None else f"{invoice.total_ttc:.2f}",
        blockers=len((invoice.last_match or {}).get("blockers", [])),
    )


def document_summary(document: Document, invoice: Invoice | None) -> DocumentSummary:
    return DocumentSummary(
        id=_id(document),
        sha256=document.sha256,
        status=str(document.status),
        filename=document.filename,
        created_at=document.created_at,
        error=problem(document.error_code, document.error_message),
        min_confidence=document.min_confidence,
        invoice=invoice_summary(invoice),
    )


def document_public(
    document: Document,
    invoice: Invoice | None,
    extraction: dict[str, Any] | None,
    base_url: str,
) -> DocumentPublic:
    match = invoice.last_match if invoice is not None else None
    warnings = [Problem(**w) for w in (extraction or {}).get("warnings", [])]
    warnings += [Problem(**w) for w in (match or {}).get("warnings", [])]
    doc_id = _id(document)
    links = {
        "self": f"{base_url}/api/documents/{doc_id}",
        "file": f"{base_url}/api/documents/{doc_id}/file",
        "page": f"{base_url}/api/documents/{doc_id}/pages/1.png",
    }
    if invoice is not None and invoice.id is not None:
        links["invoice"] = f"{base_url}/api/invoices/{invoice.id}"
    return DocumentPublic(
        **document_summary(document, invoice).model_dump(),
        size=document.size,
        attempts=document.attempts,
        updated_at=document.updated_at,
        deposited_by=document.deposited_by,
        depositor_siret=document.depositor_siret,
        pages=(extraction or {}).get("pages"),
        extraction=extraction,
        signature=(extraction or {}).get("signature"),
        match=match,
        warnings=warnings,
        links=links,
    )


def invoice_public(
    invoice: Invoice,
    fields: tuple[str, ...],
    corrections: list[Correction],
    history: list[StatusChange],
) -> InvoicePublic:
    values = invoice.model_dump(mode="json", include=set(fields))
    match = invoice.last_match
    return InvoicePublic(
        id=_id(invoice),
        document_id=invoice.document_id,
        status=str(invoice.status),
        portal_status=invoice.status.portal_code,
        deposit_format=str(invoice.deposit_format),
        fields={name: _text(values.get(name)) for name in fields},
        vat_breakdown=[
            {
                "rate": f"{x.rate:.2f}",
                "base": f"{x.base:.2f}",
                "amount": f"{x.amount:.2f}",
            }
            for x in invoice.vat_lines
        ],
        match=match,
        blockers=[Problem(**b) for b in (match or {}).get("blockers", [])],
        checks=[_notice(n) for n in cross_checks(invoice)],
        corrections=[
            CorrectionPublic(
                field=c.field,
                old_value=c.old_value,
                new_value=c.new_value,
                actor=c.actor,
                at=c.at,
            )
            for c in corrections
        ],
        history=[
            StatusChangePublic(
                from_status=None if h.from_status is None else str(h.from_status),
                to_status=str(h.to_status),
                actor=h.actor,
                at=h.at,
                reason=h.reason,
            )
            for h in history
        ],
        created_at=invoice.created_at,
        updated_at=invoice.updated_at,
        submitted_at=invoice.submitted_at,
    )


def event_public(event: OutboxEvent) -> EventPublic:
    return EventPublic(
        id=event.id or 0, event_id=event.event_id, kind=event.kind,
        invoice_id=event.invoice_id, created_at=event.created_at,
        delivered_at=event.delivered_at, attempts=event.attempts, payload=event.payload,
    )  # fmt: skip


def me(user: User) -> Me:
    return Me(name=user.name, role=str(user.role), siret=user.siret)


def base_url(config: Settings) -> str:
    return (config.public_url or f"http://{config.host}:{config.port}").rstrip("/")


def _notice(n: Notice) -> Problem:
    return Problem(code=n.code, message=n.message)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _id(row: Document | Invoice) -> int:
    if row.id is None:
        raise ValueError("the row has not been saved")
    return row.id
