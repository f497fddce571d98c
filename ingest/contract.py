"""The Extraction contract: the one JSON object `ingest extract` prints and the API returns."""

from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator

from ingest.signature.report import (
    Coverage,
    DepositFormat,
    Modification,
    PadesLevel,
    SignatureStatus,
)

CENT = Decimal("0.01")


def money_str(value: Decimal) -> str:
    """Two decimals, never an exponent: ``Decimal("12.5")`` -> ``"12.50"``."""
    return f"{value.quantize(CENT):f}"


Money = Annotated[Decimal, PlainSerializer(money_str, return_type=str)]


class FieldName(StrEnum):
    """The contract's field names, in the order a clerk reads them."""

    DOCUMENT_TYPE = "document_type"
    INVOICE_NUMBER = "invoice_number"
    INVOICE_DATE = "invoice_date"
    DUE_DATE = "due_date"
    CURRENCY = "currency"
    SUPPLIER_NAME = "supplier_name"
    SUPPLIER_SIRET = "supplier_siret"
    SUPPLIER_SIREN = "supplier_siren"
    SUPPLIER_VAT = "supplier_vat"
    SUPPLIER_IBAN = "supplier_iban"
    SUPPLIER_BIC = "supplier_bic"
    BUYER_NAME = "buyer_name"
    BUYER_SIRET = "buyer_siret"
    BUYER_SERVICE_CODE = "buyer_service_code"
    ENGAGEMENT_NUMBER = "engagement_number"
    CONTRACT_NUMBER = "contract_number"
    BILLING_FRAME = "billing_frame"
    TOTAL_HT = "total_ht"
    TOTAL_VAT = "total_vat"
    TOTAL_TTC = "total_ttc"
    AMOUNT_DUE = "amount_due"


MONEY_FIELDS = frozenset(
    {FieldName.TOTAL_HT, FieldName.TOTAL_VAT, FieldName.TOTAL_TTC, FieldName.AMOUNT_DUE}
)


class WorksField(StrEnum):
    """What a works piece (CCAG Travaux) adds: the keys of ``Extraction.works``."""

    SITUATION_NUMBER = "situation_number"
    """The situation's (or état d'acompte's) number, as printed: ``"4"``."""
    CUMULATIVE_HT = "cumulative_ht"
    """Works executed since the start of the contract, HT."""
    PREVIOUS_PAYMENTS = "previous_payments"
    """What the earlier situations or acomptes already invoiced, HT."""
    PERIOD_HT = "period_ht"
    """This piece's own works, HT: cumulative less previous."""
    RETENTION = "retention"
    """The retenue de garantie held back from this piece."""
    RETENTION_RATE = "retention_rate"
    """The retenue's rate in percent (``"5.00"``), when printed."""


DATE_FIELDS = frozenset({FieldName.INVOICE_DATE, FieldName.DUE_DATE})


class Method(StrEnum):
    """Where a value came from."""

    XML = "xml"
    TEXT = "text"
    OCR = "ocr"
    DERIVED = "derived"


class Source(StrEnum):
    """How the document as a whole was read."""

    TEXT = "text"
    OCR = "ocr"
    MIXED = "mixed"
    XML = "xml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldValue(_Frozen):
    """One resolved field: its value and where on the page it was read."""

    value: Money | date | str
    confidence: float = Field(ge=0.0, le=1.0)
    page: int | None = None
    """1-based page number; absent for derived values."""
    bbox: tuple[float, float, float, float] | None = None
    """[x0, top, x1, bottom] in PDF points, origin top-left of the page."""
    method: Method
    raw: str | None = None
    """The text the value was read from."""


class VatLine(_Frozen):
    rate: Money
    """The VAT rate in percent (``"5.50"``)."""
    base: Money
    amount: Money


class Notice(_Frozen):
    """A warning or an error: a stable code and a message in words."""

    code: str
    message: str


class Signer(_Frozen):
    common_name: str | None = None
    organisation: str | None = None
    siren: str | None = None
    """From the certificate's organizationIdentifier ``NTRFR-<SIREN>``."""


class SignatureInfo(_Frozen):
    """One signature field, as pyHanko verified it."""

    field_name: str
    status: SignatureStatus
    signer: Signer | None = None
    issuer: str | None = None
    signing_time: datetime | None = None
    """Claimed by the signer; not proof."""
    timestamp: datetime | None = None
    """From the signature's RFC 3161 timestamp token."""
    digest_algorithm: str | None = None
    intact: bool
    trusted: bool
    coverage: Coverage | None = None
    modifications: Modification | None = None
    """Changes made after signing: none, form_filling, annotations, other."""
    pades_level: PadesLevel | None = None
    reason: Notice | None = None
    """Why it is not valid: a stable code and words; null when valid."""


class SignatureSummary(_Frozen):
    status: SignatureStatus = SignatureStatus.NONE
    signatures: list[SignatureInfo] = Field(default_factory=list)
    deposit_format: DepositFormat = DepositFormat.PDF_NON_SIGNE
    """``pdf_signe`` only when every signature is valid."""


_VALUE_TYPES: dict[FieldName, Callable[[str], object]] = {
    **dict.fromkeys(MONEY_FIELDS, Decimal),
    **dict.fromkeys(DATE_FIELDS, date.fromisoformat),
}


_WORKS_TYPES: dict[WorksField, Callable[[str], object]] = {
    WorksField.SITUATION_NUMBER: str
}
"""Every other works figure is money."""


class Extraction(_Frozen):
    """Everything the pipeline read from one document."""

    sha256: str
    pages: int = 0
    source: Source = Source.TEXT
    signature: SignatureSummary = Field(default_factory=SignatureSummary)
    fields: dict[FieldName, FieldValue] = Field(default_factory=dict)
    vat_breakdown: list[VatLine] = Field(default_factory=list)
    works: dict[WorksField, FieldValue] = Field(default_factory=dict)
    """A works piece's figures; empty for any other document."""
    warnings: list[Notice] = Field(default_factory=list)
    error: Notice | None = None

    @field_validator("fields", mode="before")
    @classmethod
    def _typed_by_name(cls, fields: object) -> object:
        """Read back from JSON, a value takes its field's type, not the first that fits.

        In JSON a decimal is a string, so ``"97626069500524"`` (a SIRET) would
        otherwise come back as a Decimal and print as ``"97626069500524.00"``.
        """
        if not isinstance(fields, dict):
            return fields
        typed = {}
        for name, field in fields.items():
            if isinstance(field, dict) and isinstance(field.get("value"), str):
                kind = _VALUE_TYPES.get(FieldName(name), str)
                field = {**field, "value": kind(field["value"])}
            typed[name] = field
        return typed

    @field_validator("works", mode="before")
    @classmethod
    def _works_typed_by_name(cls, works: object) -> object:
        """As for ``fields``: a situation number stays ``"4"``, the rest is money."""
        if not isinstance(works, dict):
            return works
        typed = {}
        for name, field in works.items():
            if isinstance(field, dict) and isinstance(field.get("value"), str):
                kind = _WORKS_TYPES.get(WorksField(name), Decimal)
                with suppress(ArithmeticError):  # not a number: kept as its text
                    field = {**field, "value": kind(field["value"])}
            typed[name] = field
        return typed

    def value(self, name: FieldName) -> object | None:
        """The value of a field, or None when the document does not carry it."""
        field = self.fields.get(name)
        return field.value if field else None
