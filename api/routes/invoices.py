"""Read a draft, correct it (each change kept with who and when), submit it."""

from fastapi import APIRouter
from sqlmodel import Session

from api.auth import allow
from api.deps import SessionDep, UserDep
from api.schemas import CorrectionRequest, InvoicePublic, SubmitAnswer, invoice_public
from models.drafts import replace_vat_lines
from models.invoices import (
    CONTRACT_FIELDS,
    Invoice,
    correct,
    corrections,
    history,
    match_invoice,
    submit,
)
from models.tenancy import visible_invoice
from models.users import Role

router = APIRouter(prefix="/api/invoices", tags=["invoices"])


def _public(s: Session, invoice: Invoice) -> InvoicePublic:
    return invoice_public(
        invoice, CONTRACT_FIELDS, corrections(s, invoice), history(s, invoice)
    )


@router.get("/{invoice_id}", response_model=InvoicePublic)
def read(invoice_id: int, s: SessionDep, user: UserDep) -> InvoicePublic:
    """The draft's fields and VAT lines, its match and blockers, its cross-checks,
    every correction and status change."""
    return _public(s, visible_invoice(s, user, invoice_id))


@router.patch("/{invoice_id}", response_model=InvoicePublic)
def update(
    invoice_id: int, change: CorrectionRequest, s: SessionDep, user: UserDep
) -> InvoicePublic:
    """Correct fields (and the VAT summary) of a draft; blockers and cross-checks are
    recomputed."""
    invoice = visible_invoice(s, user, invoice_id)
    for field, value in change.fields.items():
        correct(s, invoice, field, value, actor=user.name)
    if change.vat_breakdown is not None:
        replace_vat_lines(s, invoice, change.vat_breakdown, actor=user.name)
    match_invoice(s, invoice)
    s.commit()
    return _public(s, invoice)


@router.post(
    "/{invoice_id}/submit",
    response_model=SubmitAnswer,
    responses={409: {"description": "invoice_has_blockers, with the blockers."}},
)
def submit_(invoice_id: int, s: SessionDep, user: UserDep) -> SubmitAnswer:
    """'Valider et envoyer' (supplier, admin): Déposée, and the hand-off event in the
    outbox; refused with the blockers while there are any."""
    invoice = visible_invoice(s, user, invoice_id)
    allow(user, Role.SUPPLIER, Role.ADMIN)
    event = submit(s, invoice, actor=user.name)
    return SubmitAnswer(invoice=_public(s, invoice), event_id=event.event_id)
