"""The invoice's own arithmetic and identities, checked on what the XML says."""

from collections.abc import Iterator
from decimal import Decimal

from ingest.contract import FieldName, FieldValue, Notice, VatLine
from ingest.extractors.vat import vat_of
from ingest.resolve import REQUIRED
from ingest.warnings import Code, notice

F = FieldName


def arithmetic(
    fields: dict[FieldName, FieldValue], lines: tuple[VatLine, ...]
) -> Iterator[Notice]:
    """HT + TVA = TTC, the VAT lines add up and each holds, VAT number shares the SIREN."""
    ht, vat, ttc = (_amount(fields, n) for n in (F.TOTAL_HT, F.TOTAL_VAT, F.TOTAL_TTC))
    if ht is not None and vat is not None and ttc is not None and ht + vat != ttc:
        yield notice(Code.TOTALS_MISMATCH, ht=ht, vat=vat, ttc=ttc)
    if lines and ht is not None and vat is not None:
        bases = sum((line.base for line in lines), Decimal(0))
        amounts = sum((line.amount for line in lines), Decimal(0))
        if bases != ht or amounts != vat:
            yield notice(Code.VAT_LINES_MISMATCH, ht=ht, vat=vat)
    for line in lines:
        if vat_of(line.base, line.rate) != line.amount:
            yield notice(
                Code.VAT_LINE_ARITHMETIC,
                rate=line.rate, base=line.base, amount=line.amount,
            )  # fmt: skip
    yield from _vat_siren(fields)


def _amount(fields: dict[FieldName, FieldValue], name: FieldName) -> Decimal | None:
    found = fields.get(name)
    return found.value if found and isinstance(found.value, Decimal) else None


def _vat_siren(fields: dict[FieldName, FieldValue]) -> Iterator[Notice]:
    vat, siren = fields.get(F.SUPPLIER_VAT), fields.get(F.SUPPLIER_SIREN)
    if vat is None or siren is None:
        return
    number = str(vat.value)
    if number.startswith("FR") and number[4:] != str(siren.value):
        yield notice(Code.VAT_SIREN_MISMATCH, vat=number, siren=siren.value)


def missing(fields: dict[FieldName, FieldValue]) -> Iterator[Notice]:
    """A ``field_not_found`` for each field a deposit needs that nothing gave."""
    for name in REQUIRED:
        if name not in fields:
            yield notice(Code.FIELD_NOT_FOUND, field=name.value)
