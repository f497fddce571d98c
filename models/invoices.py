"""Draft invoices pre-filled from an extraction, their corrections, and submission.

A draft (Brouillon) is made from an extraction, corrected field by field (each change
kept), matched against the directory, and submitted ("Valider et envoyer") only when
nothing blocks its routing; the hand-off event goes to the outbox in the same
transaction. Status changes go through `models.workflow.transition`.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sqlmodel import Field, Relationship, Session, SQLModel, select

from ingest.contract import (
    DATE_FIELDS,
    MONEY_FIELDS,
    Extraction,
    FieldName,
    SignatureStatus,
    Source,
    money_str,
)
from ingest.matching import InvoiceFacts, MatchResult, match, match_json
from models.directory import DatabaseDirectory, add_invoiced, remember_supplier
from models.documents import Document, ExtractionRecord
from models.errors import HasBlockers, InvalidValue, NotADraft, UnknownField
from models.outbox import INVOICE_DEPOSITED, OutboxEvent
from models.types import Money, StrEnumType, UtcDateTime, json_type, utcnow
from models.workflow import InvoiceStatus, StatusChange, creation, transition


class DepositFormat(StrEnum):
    """How the portal will see the deposit (its ``modeDepot``)."""

    PDF_SIGNED = "pdf_signed"
    PDF_UNSIGNED = "pdf_unsigned"
    XML = "xml"


MODE_DEPOT = {
    DepositFormat.PDF_SIGNED: "DEPOT_PDF_SIGNE_API",
    DepositFormat.PDF_UNSIGNED: "DEPOT_PDF_API",
    DepositFormat.XML: "DEPOT_XML_API",
}
BILLING_FRAMES = {
    "A1": "A1_FACTURE_FOURNISSEUR",
    "A2": "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE",
    "A4": "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR",
    "A9": "A9_FACTURE_SOUSTRAITANT",
    "A12": "A12_FACTURE_COTRAITANT",
}


class InvoiceBase(SQLModel):
    """Every field of the contract, as the draft holds it (None: not known yet)."""

    document_type: str | None = Field(default=None, max_length=8)
    invoice_number: str | None = Field(default=None, max_length=64)
    invoice_date: date | None = None
    due_date: date | None = None
    currency: str | None = Field(default=None, max_length=3)
    supplier_name: str | None = Field(default=None, max_length=255)
    supplier_siret: str | None = Field(default=None, max_length=14, index=True)
    supplier_siren: str | None = Field(default=None, max_length=9)
    supplier_vat: str | None = Field(default=None, max_length=16)
    supplier_iban: str | None = Field(default=None, max_length=34)
    supplier_bic: str | None = Field(default=None, max_length=11)
    buyer_name: str | None = Field(default=None, max_length=255)
    buyer_siret: str | None = Field(default=None, max_length=14, index=True)
    buyer_service_code: str | None = Field(default=None, max_length=100)
    engagement_number: str | None = Field(default=None, max_length=64)
    contract_number: str | None = Field(default=None, max_length=64)
    billing_frame: str | None = Field(default=None, max_length=8)
    total_ht: Decimal | None = Field(default=None, sa_type=Money)
    total_vat: Decimal | None = Field(default=None, sa_type=Money)
    total_ttc: Decimal | None = Field(default=None, sa_type=Money)
    amount_due: Decimal | None = Field(default=None, sa_type=Money)


CONTRACT_FIELDS = tuple(name.value for name in FieldName)
DIRECTORY_ACTOR = "directory"
"""The actor of corrections made from the directory's answer."""


class Invoice(InvoiceBase, table=True):
    """A draft, then a deposited invoice, addressed to a public structure."""

    __tablename__ = "invoices"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int | None = Field(
        default=None, foreign_key="documents.id", index=True
    )
    extraction_id: int | None = Field(default=None, foreign_key="extractions.id")
    status: InvoiceStatus = Field(
        default=InvoiceStatus.BROUILLON, sa_type=StrEnumType(InvoiceStatus), index=True
    )
    deposit_format: DepositFormat = Field(
        default=DepositFormat.PDF_UNSIGNED, sa_type=StrEnumType(DepositFormat)
    )
    last_match: dict[str, Any] | None = Field(default=None, sa_type=json_type())
    """The last match against the directory (the contract's ``match`` object)."""
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

    vat_lines: list["InvoiceVatLine"] = Relationship(
        back_populates="invoice",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "InvoiceVatLine.id",
        },
    )


class InvoiceVatLine(SQLModel, table=True):
    """One line of the VAT summary: rate (percent), base HT, VAT amount."""

    __tablename__ = "invoice_vat_lines"

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoices.id", index=True, ondelete="CASCADE")
    rate: Decimal = Field(sa_type=Money)
    base: Decimal = Field(sa_type=Money)
    amount: Decimal = Field(sa_type=Money)

    invoice: Invoice | None = Relationship(back_populates="vat_lines")


class Correction(SQLModel, table=True):
    """A field of a draft changed by hand: old and new value, who, when."""

    __tablename__ = "corrections"

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoices.id", index=True, ondelete="CASCADE")
    field: str = Field(max_length=32)
    old_value: str | None = None
    new_value: str | None = None
    actor: str = Field(max_length=128)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


def deposit_format_of(extraction: Extraction) -> DepositFormat:
    """What the portal will detect: an XML deposit, a signed PDF, or an unsigned one."""
    if extraction.source == Source.XML:
        return DepositFormat.XML
    if extraction.signature.status != SignatureStatus.NONE:
        return DepositFormat.PDF_SIGNED
    return DepositFormat.PDF_UNSIGNED


def create_draft(
    session: Session, record: ExtractionRecord, *, actor: str, commit: bool = True
) -> Invoice:
    """A Brouillon pre-filled with every field and VAT line the extraction read
    (``commit=False``: flushed only, for a caller that commits more with it)."""
    extraction = record.extraction()
    # JSON gives money and dates back as strings: parse each by its field's kind.
    values = {
        name.value: _parse(name, _shown(extraction.value(name))) for name in FieldName
    }
    invoice = Invoice(
        **{k: v for k, v in values.items() if v is not None},
        document_id=record.document_id,
        extraction_id=record.id,
        deposit_format=deposit_format_of(extraction),
        created_by=actor,
    )
    invoice.vat_lines = [
        InvoiceVatLine(rate=line.rate, base=line.base, amount=line.amount)
        for line in extraction.vat_breakdown
    ]
    session.add(invoice)
    session.flush()
    session.add(creation(invoice, actor=actor, reason="pre-filled from the extraction"))
    if commit:
        session.commit()
    else:
        session.flush()
    return invoice


def _parse(name: str, text: str | None) -> object:
    if text is None or text == "":
        return None
    try:
        if name in MONEY_FIELDS:
            return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
        if name in DATE_FIELDS:
            return date.fromisoformat(text)
    except (InvalidOperation, ValueError):
        raise InvalidValue(f"{name}: {text!r}.", field=name) from None
    return text


def _shown(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def correct(
    session: Session, invoice: Invoice, field: str, value: str | None, *, actor: str
) -> Correction | None:
    """Change one field of a draft, keeping the old value; None when nothing changes."""
    if field not in CONTRACT_FIELDS:
        raise UnknownField(f"{field!r}.", field=field)
    if invoice.status != InvoiceStatus.BROUILLON:
        raise NotADraft(f"The invoice is {InvoiceStatus(invoice.status).portal_code}.")
    new = _parse(field, value)
    old = getattr(invoice, field)
    if new == old:
        return None
    setattr(invoice, field, new)
    invoice.updated_at = utcnow()
    change = Correction(
        invoice_id=_id(invoice), field=field, old_value=_shown(old),
        new_value=_shown(new), actor=actor,
    )  # fmt: skip
    session.add_all([invoice, change])
    session.commit()
    return change


def facts_of(invoice: Invoice) -> InvoiceFacts:
    """What matching reads from a draft."""
    return InvoiceFacts(
        buyer_siret=invoice.buyer_siret,
        buyer_name=invoice.buyer_name,
        service_code=invoice.buyer_service_code,
        engagement_number=invoice.engagement_number,
        supplier_siret=invoice.supplier_siret,
        supplier_name=invoice.supplier_name,
        supplier_vat=invoice.supplier_vat,
        supplier_iban=invoice.supplier_iban,
        total_ttc=invoice.total_ttc
        if invoice.total_ttc is not None
        else invoice.amount_due,
        is_credit_note=invoice.document_type == "avoir",
    )


def match_invoice(session: Session, invoice: Invoice) -> MatchResult:
    """Match the draft against the directory and keep the answer on the row."""
    result = match(facts_of(invoice), DatabaseDirectory(session))
    invoice.last_match = match_json(result)
    session.add(invoice)
    return result


def submit(session: Session, invoice: Invoice, *, actor: str) -> OutboxEvent:
    """'Valider et envoyer': Déposée and its hand-off event, in one transaction.

    While the directory finds a routing blocker, keeps the match on the draft and
    raises HasBlockers: the status does not change and no event is written.
    """
    result = match_invoice(session, invoice)
    if result.blockers:
        session.commit()
        raise HasBlockers(
            ", ".join(b.code for b in result.blockers),
            blockers=[(b.code, b.message) for b in result.blockers],
        )
    if (
        result.structure is not None
        and invoice.buyer_siret != result.structure.record.siret
    ):
        session.add(_route_to(invoice, result.structure.record.siret))
    change = transition(invoice, InvoiceStatus.DEPOSEE, actor=actor)
    invoice.submitted_at = invoice.updated_at = change.at
    event = OutboxEvent(
        kind=INVOICE_DEPOSITED, invoice_id=invoice.id, payload=handoff(session, invoice)
    )
    structure = result.structure.record.siret if result.structure else None
    if result.engagement is not None and structure and invoice.engagement_number:
        add_invoiced(
            session,
            structure_siret=result.engagement.structure_siret,
            number=result.engagement.number,
            amount=_amount(invoice),
        )
    if invoice.supplier_siret and invoice.supplier_name:
        remember_supplier(
            session,
            siret=invoice.supplier_siret,
            name=invoice.supplier_name,
            vat=invoice.supplier_vat,
            iban=invoice.supplier_iban,
            bic=invoice.supplier_bic,
        )
    session.add_all([invoice, change, event])
    session.commit()
    return event


def _route_to(invoice: Invoice, siret: str) -> Correction:
    """Address the invoice to the structure the directory found (by SIREN or name)."""
    change = Correction(
        invoice_id=_id(invoice), field=FieldName.BUYER_SIRET.value,
        old_value=invoice.buyer_siret, new_value=siret, actor=DIRECTORY_ACTOR,
    )  # fmt: skip
    invoice.buyer_siret = siret
    return change


def _amount(invoice: Invoice) -> Decimal:
    if invoice.document_type == "avoir":
        return Decimal("0.00")  # a credit note gives back; it does not consume
    return invoice.total_ttc or invoice.amount_due or Decimal("0.00")


def change_status(
    session: Session,
    invoice: Invoice,
    to: InvoiceStatus,
    *,
    actor: str,
    reason: str | None = None,
) -> StatusChange:
    """Any other status change (the recipient's, or deleting a draft), kept in history."""
    if to == InvoiceStatus.DEPOSEE:
        submit(session, invoice, actor=actor)
        return history(session, invoice)[-1]
    change = transition(invoice, to, actor=actor, reason=reason)
    invoice.updated_at = change.at
    session.add_all([invoice, change])
    session.commit()
    return change


def history(session: Session, invoice: Invoice) -> list[StatusChange]:
    query = (
        select(StatusChange)
        .where(StatusChange.invoice_id == _id(invoice))
        .order_by(StatusChange.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query))


def corrections(session: Session, invoice: Invoice) -> list[Correction]:
    query = (
        select(Correction)
        .where(Correction.invoice_id == _id(invoice))
        .order_by(Correction.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query))


def handoff(session: Session, invoice: Invoice) -> dict[str, Any]:
    """The deposit in the portal's vocabulary, for the invoicing core."""
    document = (
        session.get(Document, invoice.document_id) if invoice.document_id else None
    )
    frame = invoice.billing_frame or "A1"
    return {
        "modeDepot": MODE_DEPOT[DepositFormat(invoice.deposit_format)],
        "numeroFactureSaisi": invoice.invoice_number,
        "dateFacture": _shown(invoice.invoice_date),
        "dateEcheance": _shown(invoice.due_date),
        "destinataire": {
            "codeDestinataire": invoice.buyer_siret,
            "codeServiceExecutant": invoice.buyer_service_code,
        },
        "fournisseur": {
            "siret": invoice.supplier_siret,
            "raisonSociale": invoice.supplier_name,
            "numeroTva": invoice.supplier_vat,
            "iban": invoice.supplier_iban,
            "bic": invoice.supplier_bic,
        },
        "cadreDeFacturation": {
            "codeCadreFacturation": BILLING_FRAMES.get(frame, frame)
        },
        "references": {
            "deviseFacture": invoice.currency or "EUR",
            "typeFacture": "AVOIR" if invoice.document_type == "avoir" else "FACTURE",
            "numeroMarche": invoice.contract_number,
            "numeroBonCommande": invoice.engagement_number,
        },
        "ligneTva": [
            {
                "ligneTvaTaux": money_str(line.rate),
                "ligneTvaMontantBaseHtParTaux": money_str(line.base),
                "ligneTvaMontantTvaParTaux": money_str(line.amount),
            }
            for line in invoice.vat_lines
        ],
        "montantTotal": {
            "montantHtTotal": _shown(invoice.total_ht),
            "montantTVA": _shown(invoice.total_vat),
            "montantTtcTotal": _shown(invoice.total_ttc),
            "montantAPayer": _shown(invoice.amount_due),
        },
        "pieceJointePrincipale": None
        if document is None
        else {"sha256": document.sha256, "nom": document.filename},
    }


def _id(invoice: Invoice) -> int:
    if invoice.id is None:
        raise ValueError("the invoice has not been saved")
    return invoice.id
