"""A draft's own cross-checks, recomputed from its values after each correction, and
corrections of its VAT summary (kept, like field corrections, with who and when).
"""

import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlmodel import Session

from ingest.contract import Notice, money_str
from ingest.warnings import Code, notice
from models.errors import InvalidValue, NotADraft
from models.invoices import Correction, Invoice, InvoiceVatLine
from models.types import CENT, utcnow
from models.workflow import InvoiceStatus

VAT_BREAKDOWN = "vat_breakdown"
"""The ``field`` of a correction of the VAT summary (values: JSON lists)."""


def cross_checks(invoice: Invoice) -> list[Notice]:
    """What does not add up in the draft as it stands (the pipeline's codes)."""
    found: list[Notice] = []
    ht, vat, ttc = invoice.total_ht, invoice.total_vat, invoice.total_ttc
    if ht is not None and vat is not None and ttc is not None and ht + vat != ttc:
        found.append(notice(Code.TOTALS_MISMATCH, ht=ht, vat=vat, ttc=ttc))
    lines = list(invoice.vat_lines)
    for line in lines:
        expected = (line.base * line.rate / 100).quantize(CENT, ROUND_HALF_UP)
        if expected != line.amount:
            found.append(
                notice(
                    Code.VAT_LINE_ARITHMETIC,
                    rate=line.rate,
                    base=line.base,
                    amount=line.amount,
                )
            )
    if lines and (
        (ht is not None and sum(line.base for line in lines) != ht)
        or (vat is not None and sum(line.amount for line in lines) != vat)
    ):
        found.append(notice(Code.VAT_LINES_MISMATCH, ht=ht, vat=vat))
    siren = invoice.supplier_siret[:9] if invoice.supplier_siret else None
    if siren and invoice.supplier_vat and invoice.supplier_vat[4:] != siren:
        found.append(
            notice(Code.VAT_SIREN_MISMATCH, vat=invoice.supplier_vat, siren=siren)
        )
    return found


def parse_vat_lines(lines: Sequence[dict[str, str]]) -> list[InvoiceVatLine]:
    """VAT lines from ``{"rate", "base", "amount"}`` decimal strings, or raise."""
    parsed = []
    for index, line in enumerate(lines):
        try:
            rate, base, amount = (
                Decimal(str(line[k]).replace(",", ".")).quantize(CENT)
                for k in ("rate", "base", "amount")
            )
        except (KeyError, InvalidOperation, TypeError):
            raise InvalidValue(
                f"vat_breakdown[{index}]: rate, base and amount are decimal strings.",
                field=VAT_BREAKDOWN,
            ) from None
        parsed.append(InvoiceVatLine(rate=rate, base=base, amount=amount))
    return parsed


def replace_vat_lines(
    session: Session, invoice: Invoice, lines: Sequence[dict[str, str]], *, actor: str
) -> Correction | None:
    """Replace the draft's VAT summary, keeping the old one; None when unchanged."""
    if invoice.status != InvoiceStatus.BROUILLON:
        raise NotADraft(f"The invoice is {InvoiceStatus(invoice.status).portal_code}.")
    new = parse_vat_lines(lines)
    old_text, new_text = _shown(invoice.vat_lines), _shown(new)
    if old_text == new_text:
        return None
    if invoice.id is None:
        raise ValueError("the invoice has not been saved")
    invoice.vat_lines = new
    invoice.updated_at = utcnow()
    change = Correction(
        invoice_id=invoice.id, field=VAT_BREAKDOWN, old_value=old_text,
        new_value=new_text, actor=actor,
    )  # fmt: skip
    session.add_all([invoice, change])
    session.commit()
    return change


def _shown(lines: Sequence[InvoiceVatLine]) -> str:
    return json.dumps(
        [
            {
                "rate": money_str(x.rate),
                "base": money_str(x.base),
                "amount": money_str(x.amount),
            }
            for x in lines
        ]
    )
