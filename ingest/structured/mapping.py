"""Map a CII, ZUGFeRD 1 or UBL invoice onto the contract's fields and VAT lines.

Each syntax has a table of XPaths per field, tried in order; each field has a reader
that turns the element's text into the contract's value (Decimal, date, compact
identifier) or raises ValueError, which leaves the field out with a warning.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree
from stdnum import bic, iban
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siren, siret

from ingest.contract import FieldName, FieldValue, Method, Notice, VatLine
from ingest.structured.flavours import NAMESPACES, Kind, Syntax
from ingest.warnings import Code, notice

F = FieldName

CREDIT_NOTE_CODES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)
"""UNTDID 1001 codes of credit notes (381 the usual one); any other code is a facture."""
SIRENE_SCHEMES = ("0002", "0009")
"""ISO 6523 schemes of the French company register: 0002 SIRENE (SIREN or SIRET), 0009 SIRET."""

# ------------------------------------------------------------------ paths per syntax

_CII_H = "rsm:ExchangedDocument"
_CII_A = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
_CII_S = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
_CII_M = f"{_CII_S}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
_Z1_H = "rsm:HeaderExchangedDocument"
_Z1_A = (
    "rsm:SpecifiedSupplyChainTradeTransaction/ram:ApplicableSupplyChainTradeAgreement"
)
_Z1_S = (
    "rsm:SpecifiedSupplyChainTradeTransaction/ram:ApplicableSupplyChainTradeSettlement"
)
_Z1_M = f"{_Z1_S}/ram:SpecifiedTradeSettlementMonetarySummation"
_UBL_SUP = "cac:AccountingSupplierParty/cac:Party"
_UBL_BUY = "cac:AccountingCustomerParty/cac:Party"


def _cii_ids(party: str) -> tuple[str, ...]:
    return tuple(
        path
        for scheme in SIRENE_SCHEMES
        for path in (
            f"{party}/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='{scheme}']",
            f"{party}/ram:GlobalID[@schemeID='{scheme}']",
        )
    )


def _ubl_ids(party: str) -> tuple[str, ...]:
    return tuple(
        path
        for scheme in SIRENE_SCHEMES
        for path in (
            f"{party}/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='{scheme}']",
            f"{party}/cac:PartyIdentification/cbc:ID[@schemeID='{scheme}']",
        )
    )


PATHS: dict[Syntax, dict[FieldName, tuple[str, ...]]] = {
    Syntax.CII: {
        F.DOCUMENT_TYPE: (f"{_CII_H}/ram:TypeCode",),
        F.INVOICE_NUMBER: (f"{_CII_H}/ram:ID",),
        F.INVOICE_DATE: (f"{_CII_H}/ram:IssueDateTime/udt:DateTimeString",),
        F.DUE_DATE: (
            f"{_CII_S}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime"
            "/udt:DateTimeString",
        ),
        F.CURRENCY: (f"{_CII_S}/ram:InvoiceCurrencyCode",),
        F.SUPPLIER_NAME: (f"{_CII_A}/ram:SellerTradeParty/ram:Name",),
        F.SUPPLIER_SIRET: _cii_ids(f"{_CII_A}/ram:SellerTradeParty"),
        F.SUPPLIER_VAT: (
            f"{_CII_A}/ram:SellerTradeParty/ram:SpecifiedTaxRegistration"
            "/ram:ID[@schemeID='VA']",
        ),
        F.SUPPLIER_IBAN: (
            f"{_CII_S}/ram:SpecifiedTradeSettlementPaymentMeans"
            "/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
        ),
        F.SUPPLIER_BIC: (
            f"{_CII_S}/ram:SpecifiedTradeSettlementPaymentMeans"
            "/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
        ),
        F.BUYER_NAME: (f"{_CII_A}/ram:BuyerTradeParty/ram:Name",),
        F.BUYER_SIRET: _cii_ids(f"{_CII_A}/ram:BuyerTradeParty"),
        F.BUYER_SERVICE_CODE: (f"{_CII_A}/ram:BuyerReference",),
        F.ENGAGEMENT_NUMBER: (
            f"{_CII_A}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
        ),
        F.CONTRACT_NUMBER: (
            f"{_CII_A}/ram:ContractReferencedDocument/ram:IssuerAssignedID",
        ),
        F.BILLING_FRAME: (
            "rsm:ExchangedDocumentContext"
            "/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID",
        ),
        F.TOTAL_HT: (f"{_CII_M}/ram:TaxBasisTotalAmount",),
        F.TOTAL_VAT: (f"{_CII_M}/ram:TaxTotalAmount",),
        F.TOTAL_TTC: (f"{_CII_M}/ram:GrandTotalAmount",),
        F.AMOUNT_DUE: (f"{_CII_M}/ram:DuePayableAmount",),
    },
    Syntax.ZUGFERD_1: {
        F.DOCUMENT_TYPE: (f"{_Z1_H}/ram:TypeCode",),
        F.INVOICE_NUMBER: (f"{_Z1_H}/ram:ID",),
        F.INVOICE_DATE: (f"{_Z1_H}/ram:IssueDateTime/udt:DateTimeString",),
        F.DUE_DATE: (
            f"{_Z1_S}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime"
            "/udt:DateTimeString",
        ),
        F.CURRENCY: (f"{_Z1_S}/ram:InvoiceCurrencyCode",),
        F.SUPPLIER_NAME: (f"{_Z1_A}/ram:SellerTradeParty/ram:Name",),
        F.SUPPLIER_SIRET: tuple(
            f"{_Z1_A}/ram:SellerTradeParty/ram:GlobalID[@schemeID='{s}']"
            for s in SIRENE_SCHEMES
        ),
        F.SUPPLIER_VAT: (
            f"{_Z1_A}/ram:SellerTradeParty/ram:SpecifiedTaxRegistration"
            "/ram:ID[@schemeID='VA']",
        ),
        F.SUPPLIER_IBAN: (
            f"{_Z1_S}/ram:SpecifiedTradeSettlementPaymentMeans"
            "/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
        ),
        F.SUPPLIER_BIC: (
            f"{_Z1_S}/ram:SpecifiedTradeSettlementPaymentMeans"
            "/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
        ),
        F.BUYER_NAME: (f"{_Z1_A}/ram:BuyerTradeParty/ram:Name",),
        F.BUYER_SIRET: tuple(
            f"{_Z1_A}/ram:BuyerTradeParty/ram:GlobalID[@schemeID='{s}']"
            for s in SIRENE_SCHEMES
        ),
        F.BUYER_SERVICE_CODE: (f"{_Z1_A}/ram:BuyerReference",),
        F.ENGAGEMENT_NUMBER: (f"{_Z1_A}/ram:BuyerOrderReferencedDocument/ram:ID",),
        F.CONTRACT_NUMBER: (f"{_Z1_A}/ram:ContractReferencedDocument/ram:ID",),
        F.BILLING_FRAME: (
            "rsm:SpecifiedExchangedDocumentContext"
            "/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID",
        ),
        F.TOTAL_HT: (f"{_Z1_M}/ram:TaxBasisTotalAmount",),
        F.TOTAL_VAT: (f"{_Z1_M}/ram:TaxTotalAmount",),
        F.TOTAL_TTC: (f"{_Z1_M}/ram:GrandTotalAmount",),
        F.AMOUNT_DUE: (f"{_Z1_M}/ram:DuePayableAmount",),
    },
    Syntax.UBL_INVOICE: {
        F.DOCUMENT_TYPE: ("cbc:InvoiceTypeCode", "cbc:CreditNoteTypeCode"),
        F.INVOICE_NUMBER: ("cbc:ID",),
        F.INVOICE_DATE: ("cbc:IssueDate",),
        F.DUE_DATE: ("cbc:DueDate", "cac:PaymentMeans/cbc:PaymentDueDate"),
        F.CURRENCY: ("cbc:DocumentCurrencyCode",),
        F.SUPPLIER_NAME: (
            f"{_UBL_SUP}/cac:PartyLegalEntity/cbc:RegistrationName",
            f"{_UBL_SUP}/cac:PartyName/cbc:Name",
        ),
        F.SUPPLIER_SIRET: _ubl_ids(_UBL_SUP),
        F.SUPPLIER_VAT: (
            f"{_UBL_SUP}/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID",
        ),
        F.SUPPLIER_IBAN: ("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID",),
        F.SUPPLIER_BIC: (
            "cac:PaymentMeans/cac:PayeeFinancialAccount"
            "/cac:FinancialInstitutionBranch/cbc:ID",
        ),
        F.BUYER_NAME: (
            f"{_UBL_BUY}/cac:PartyLegalEntity/cbc:RegistrationName",
            f"{_UBL_BUY}/cac:PartyName/cbc:Name",
        ),
        F.BUYER_SIRET: _ubl_ids(_UBL_BUY),
        F.BUYER_SERVICE_CODE: ("cbc:BuyerReference",),
        F.ENGAGEMENT_NUMBER: ("cac:OrderReference/cbc:ID",),
        F.CONTRACT_NUMBER: ("cac:ContractDocumentReference/cbc:ID",),
        F.BILLING_FRAME: ("cbc:ProfileID",),
        F.TOTAL_HT: ("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount",),
        F.TOTAL_VAT: (
            "cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount",
            "cac:TaxTotal/cbc:TaxAmount",
        ),
        F.TOTAL_TTC: ("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",),
        F.AMOUNT_DUE: ("cac:LegalMonetaryTotal/cbc:PayableAmount",),
    },
}
PATHS[Syntax.UBL_CREDIT_NOTE] = PATHS[Syntax.UBL_INVOICE]

VAT_LINE_PATHS: dict[Syntax, tuple[str, str, str, str]] = {
    # (one line, its rate, base, amount), the last three relative to the line
    Syntax.CII: (
        f"{_CII_S}/ram:ApplicableTradeTax",
        "ram:RateApplicablePercent",
        "ram:BasisAmount",
        "ram:CalculatedAmount",
    ),
    Syntax.ZUGFERD_1: (
        f"{_Z1_S}/ram:ApplicableTradeTax",
        "ram:ApplicablePercent",
        "ram:BasisAmount",
        "ram:CalculatedAmount",
    ),
    Syntax.UBL_INVOICE: (
        "cac:TaxTotal/cac:TaxSubtotal",
        "cac:TaxCategory/cbc:Percent",
        "cbc:TaxableAmount",
        "cbc:TaxAmount",
    ),
}
VAT_LINE_PATHS[Syntax.UBL_CREDIT_NOTE] = VAT_LINE_PATHS[Syntax.UBL_INVOICE]

# ------------------------------------------------------------------ value readers

AMOUNT = re.compile(r"[+-]?\d+(?:\.\d+)?")
CURRENCY = re.compile(r"[A-Z]{3}")
FRAME = re.compile(r"A(\d{1,2})(?:_[A-Z_]*)?", re.IGNORECASE)


def read_money(text: str) -> Decimal:
    """``"1234.5"`` -> ``Decimal("1234.5")``; XML amounts have a dot and no grouping."""
    if not AMOUNT.fullmatch(text):
        raise ValueError(text)
    try:
        return Decimal(text)
    except InvalidOperation as e:
        raise ValueError(text) from e


def read_date(text: str) -> date:
    """CII's format 102 (``20261124``) or UBL's ISO date (``2026-11-24``)."""
    try:
        if len(text) == 8 and text.isdigit():
            return datetime.strptime(text, "%Y%m%d").date()  # noqa: DTZ007 (a date)
        return date.fromisoformat(text)
    except ValueError as e:
        raise ValueError(text) from e


def read_document_type(text: str) -> str:
    if not text.isdigit():
        raise ValueError(text)
    return "avoir" if text in CREDIT_NOTE_CODES else "facture"


def read_currency(text: str) -> str:
    if not CURRENCY.fullmatch(text):
        raise ValueError(text)
    return text


def read_siret(text: str) -> str:
    try:
        return str(siret.validate(text))
    except ValidationError as e:
        raise ValueError(text) from e


def read_legal_id(text: str) -> str:
    """A SIRET, or a SIREN: scheme 0002 (SIRENE) names a company or an establishment."""
    compact = siret.compact(text)
    if len(compact) == 9:
        try:
            return str(siren.validate(compact))
        except ValidationError as e:
            raise ValueError(text) from e
    return read_siret(text)


def read_vat(text: str) -> str:
    try:
        return str(eu_vat.validate(text))
    except ValidationError as e:
        raise ValueError(text) from e


def read_iban(text: str) -> str:
    try:
        return str(iban.validate(text))
    except ValidationError as e:
        raise ValueError(text) from e


def read_bic(text: str) -> str:
    try:
        return str(bic.validate(text))
    except ValidationError as e:
        raise ValueError(text) from e


def read_text(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise ValueError(text)
    return value


Reader = Callable[[str], object]
READERS: dict[FieldName, tuple[Reader, str]] = {
    F.DOCUMENT_TYPE: (read_document_type, "type code"),
    F.INVOICE_DATE: (read_date, "date"),
    F.DUE_DATE: (read_date, "date"),
    F.CURRENCY: (read_currency, "currency code"),
    F.SUPPLIER_SIRET: (read_legal_id, "SIRET or SIREN"),
    F.BUYER_SIRET: (read_siret, "SIRET"),
    F.SUPPLIER_VAT: (read_vat, "VAT number"),
    F.SUPPLIER_IBAN: (read_iban, "IBAN"),
    F.SUPPLIER_BIC: (read_bic, "BIC"),
    F.TOTAL_HT: (read_money, "amount"),
    F.TOTAL_VAT: (read_money, "amount"),
    F.TOTAL_TTC: (read_money, "amount"),
    F.AMOUNT_DUE: (read_money, "amount"),
}
"""Fields not listed are text, blanks collapsed."""

# ------------------------------------------------------------------ the mapping


@dataclass(frozen=True, slots=True)
class Mapped:
    """The fields and VAT lines an XML invoice carries, and what could not be read."""

    fields: dict[FieldName, FieldValue]
    vat_breakdown: tuple[VatLine, ...]
    warnings: tuple[Notice, ...]


def map_invoice(root: etree._Element, kind: Kind) -> Mapped:
    """Every field the XML carries, with method ``xml`` and confidence 1.0."""
    ns = NAMESPACES[kind.syntax]
    paths = PATHS[kind.syntax]
    currency = _first_text(root, paths[F.CURRENCY], ns)
    warnings: list[Notice] = []
    fields: dict[FieldName, FieldValue] = {}
    for name, tried in paths.items():
        found = _first_text(root, tried, ns, currency if name is F.TOTAL_VAT else None)
        if found is None:
            continue
        value = _read(name, found, warnings)
        if value is not None:
            fields[name] = _xml_value(value, found)
    _supplier_siren(fields)
    if kind.syntax is Syntax.UBL_CREDIT_NOTE:
        fields[F.DOCUMENT_TYPE] = _xml_value("avoir", "CreditNote")
    frame = fields.pop(F.BILLING_FRAME, None)
    if frame is not None and (match := FRAME.fullmatch(str(frame.value))):
        fields[F.BILLING_FRAME] = _xml_value(f"A{int(match[1])}", str(frame.raw))
    lines = tuple(_vat_lines(root, kind.syntax, warnings))
    ordered = {name: fields[name] for name in FieldName if name in fields}
    return Mapped(fields=ordered, vat_breakdown=lines, warnings=tuple(warnings))


def _first_text(
    root: etree._Element,
    paths: tuple[str, ...],
    ns: dict[str, str],
    currency: str | None = None,
) -> str | None:
    """The text of the first element found along ``paths``, blanks stripped.

    With ``currency``, an amount in another currency is skipped: CII may give the VAT
    total twice, in the invoice's and in the VAT accounting currency.
    """
    for path in paths:
        for element in root.xpath(path, namespaces=ns):
            text = (element.text or "").strip()
            other = element.get("currencyID") not in (None, currency)
            if text and not (currency and other):
                return text
    return None


def _supplier_siren(fields: dict[FieldName, FieldValue]) -> None:
    """The SIREN from the SIRET; scheme 0002 may carry the SIREN alone, 9 digits."""
    found = fields.pop(F.SUPPLIER_SIRET, None)
    if found is None:
        return
    number = str(found.value)
    if len(number) == 14:
        fields[F.SUPPLIER_SIRET] = found
        fields[F.SUPPLIER_SIREN] = FieldValue(
            value=number[:9], confidence=1.0, method=Method.DERIVED,
            raw="supplier_siret",
        )  # fmt: skip
    else:
        fields[F.SUPPLIER_SIREN] = found


def _read(name: FieldName, text: str, warnings: list[Notice]) -> object | None:
    reader, kind = READERS.get(name, (read_text, "text"))
    try:
        return reader(text)
    except ValueError:
        warnings.append(
            notice(Code.XML_VALUE_INVALID, field=name.value, value=text, kind=kind)
        )
        return None


def _xml_value(value: object, raw: str) -> FieldValue:
    return FieldValue(
        value=value,  # type: ignore[arg-type]
        confidence=1.0,
        method=Method.XML,
        raw=raw,
    )


def _vat_lines(
    root: etree._Element, syntax: Syntax, warnings: list[Notice]
) -> list[VatLine]:
    line_path, rate_path, base_path, amount_path = VAT_LINE_PATHS[syntax]
    ns = NAMESPACES[syntax]
    lines = []
    for element in root.xpath(line_path, namespaces=ns):
        texts = [
            _child_text(element, path, ns)
            for path in (rate_path, base_path, amount_path)
        ]
        try:
            rate, base, amount = (read_money(t or "0") for t in texts)
        except ValueError:
            warnings.append(
                notice(Code.XML_VALUE_INVALID, field="vat_breakdown",
                       value=" / ".join(t or "" for t in texts), kind="VAT line")
            )  # fmt: skip
            continue
        lines.append(VatLine(rate=rate, base=base, amount=amount))
    return lines


def _child_text(element: etree._Element, path: str, ns: dict[str, str]) -> str | None:
    found = element.xpath(path, namespaces=ns)
    return (found[0].text or "").strip() if found else None
