"""Statuses and the one table of allowed changes for each; every change goes through here.

`transition` is the only code that assigns an invoice's ``status``; `move_document`
the only one for a document's processing status.
"""

from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sqlmodel import Field, SQLModel

from models.errors import IllegalTransition, ReasonRequired
from models.types import StrEnumType, UtcDateTime, utcnow


class InvoiceStatus(StrEnum):
    """The status of a simple invoice; ``portal_code`` is the portal's API name."""

    BROUILLON = "brouillon"
    DEPOSEE = "deposee"
    EN_COURS_ACHEMINEMENT = "en_cours_acheminement"
    MISE_A_DISPOSITION = "mise_a_disposition"
    SERVICE_FAIT = "service_fait"
    MANDATEE = "mandatee"
    MISE_A_DISPOSITION_COMPTABLE = "mise_a_disposition_comptable"
    COMPTABILISEE = "comptabilisee"
    MISE_EN_PAIEMENT = "mise_en_paiement"
    REJETEE = "rejetee"
    SUSPENDUE = "suspendue"
    COMPLETEE = "completee"
    A_RECYCLER = "a_recycler"
    SUPPRIMEE = "supprimee"

    @property
    def portal_code(self) -> str:
        return self.value.upper()


S = InvoiceStatus

IN_PROCESS = frozenset(
    {S.MISE_A_DISPOSITION, S.SERVICE_FAIT, S.MANDATEE, S.MISE_A_DISPOSITION_COMPTABLE}
)
"""With the recipient: it may still refuse or suspend the invoice."""

TRANSITIONS: dict[InvoiceStatus, frozenset[InvoiceStatus]] = {
    S.BROUILLON: frozenset({S.DEPOSEE, S.SUPPRIMEE}),
    S.DEPOSEE: frozenset({S.EN_COURS_ACHEMINEMENT, S.MISE_A_DISPOSITION, S.REJETEE}),
    S.EN_COURS_ACHEMINEMENT: frozenset({S.MISE_A_DISPOSITION, S.REJETEE, S.A_RECYCLER}),
    S.MISE_A_DISPOSITION: frozenset(
        {S.SERVICE_FAIT, S.MANDATEE, S.REJETEE, S.SUSPENDUE, S.A_RECYCLER}
    ),
    S.SERVICE_FAIT: frozenset({S.MANDATEE, S.REJETEE, S.SUSPENDUE}),
    S.MANDATEE: frozenset({S.MISE_A_DISPOSITION_COMPTABLE, S.MISE_EN_PAIEMENT}),
    S.MISE_A_DISPOSITION_COMPTABLE: frozenset({S.COMPTABILISEE, S.MISE_EN_PAIEMENT}),
    S.COMPTABILISEE: frozenset({S.MISE_EN_PAIEMENT}),
    S.MISE_EN_PAIEMENT: frozenset(),
    S.REJETEE: frozenset(),
    # A suspended invoice waits for the supplier to complete it, then resumes.
    S.SUSPENDUE: frozenset({S.COMPLETEE, S.REJETEE}),
    S.COMPLETEE: frozenset({S.MISE_A_DISPOSITION, S.SERVICE_FAIT}),
    # The recipient asked for new routing data: the invoice is routed again.
    S.A_RECYCLER: frozenset({S.EN_COURS_ACHEMINEMENT, S.REJETEE}),
    S.SUPPRIMEE: frozenset(),
}
FINAL = frozenset(status for status, nexts in TRANSITIONS.items() if not nexts)
NEEDS_REASON = frozenset({S.REJETEE, S.SUSPENDUE})


class StatusChange(SQLModel, table=True):
    """One change of an invoice's status: when, by whom, why."""

    __tablename__ = "status_changes"

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoices.id", index=True, ondelete="CASCADE")
    from_status: InvoiceStatus | None = Field(
        default=None, sa_type=StrEnumType(InvoiceStatus)
    )
    """None for the creation of the draft."""
    to_status: InvoiceStatus = Field(sa_type=StrEnumType(InvoiceStatus))
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    actor: str = Field(max_length=128)
    reason: str | None = None


class HasInvoiceStatus(Protocol):
    id: int | None
    status: InvoiceStatus


def can_move(current: InvoiceStatus, to: InvoiceStatus) -> bool:
    return to in TRANSITIONS[current]


def transition(
    invoice: HasInvoiceStatus,
    to: InvoiceStatus,
    *,
    actor: str,
    reason: str | None = None,
) -> StatusChange:
    """Move the invoice to ``to``; the returned change is to be added to the session."""
    current = InvoiceStatus(invoice.status)
    if not can_move(current, to):
        raise IllegalTransition(
            f"{current.portal_code} → {to.portal_code}.", current=current, to=to
        )
    if to in NEEDS_REASON and not (reason and reason.strip()):
        raise ReasonRequired(f"{to.portal_code} needs a reason.", to=to)
    if invoice.id is None:
        raise ValueError("the invoice must be flushed before its status changes")
    invoice.status = to
    return StatusChange(
        invoice_id=invoice.id,
        from_status=current,
        to_status=to,
        actor=actor,
        reason=reason,
    )


def creation(invoice: HasInvoiceStatus, *, actor: str, reason: str) -> StatusChange:
    """The first entry of a draft's history."""
    if invoice.id is None:
        raise ValueError("the invoice must be flushed before its history starts")
    return StatusChange(
        invoice_id=invoice.id, to_status=invoice.status, actor=actor, reason=reason
    )


class DocumentStatus(StrEnum):
    """Where a deposited file is in its processing."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


D = DocumentStatus
DOCUMENT_TRANSITIONS: dict[DocumentStatus, frozenset[DocumentStatus]] = {
    D.QUEUED: frozenset({D.PROCESSING}),
    # A job lost with a dead worker is queued again.
    D.PROCESSING: frozenset({D.DONE, D.FAILED, D.QUEUED}),
    D.DONE: frozenset({D.QUEUED}),
    D.FAILED: frozenset({D.QUEUED}),
}


class HasDocumentStatus(Protocol):
    status: DocumentStatus


def move_document(document: HasDocumentStatus, to: DocumentStatus) -> None:
    """Change a document's processing status, or raise IllegalTransition."""
    current = DocumentStatus(document.status)
    if to not in DOCUMENT_TRANSITIONS[current]:
        raise IllegalTransition(f"{current} → {to}.", current=current, to=to)
    document.status = to
