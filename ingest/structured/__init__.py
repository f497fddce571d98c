"""Stage 3: structured invoices (Factur-X / ZUGFeRD in a PDF, CII or UBL deposits).

``read_xml(data)`` parses untrusted XML with a hardened parser, detects the syntax,
flavour and profile, validates it against the official XSD (violations are warnings)
and maps it onto the contract's fields with method ``xml`` and confidence 1.0.
``read_embedded(pdf_data)`` finds that XML inside a PDF; ``merge`` checks the page's
reading against it; ``deposit`` makes the Extraction of a bare XML file.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.contract import (
    Extraction,
    FieldName,
    FieldValue,
    Notice,
    SignatureSummary,
    Source,
    VatLine,
)
from ingest.errors import IngestError, XmlUnsupported
from ingest.pdf import PdfInfo
from ingest.signature.report import DepositFormat
from ingest.structured import merge as merging
from ingest.structured.attachments import xml_attachments
from ingest.structured.checks import arithmetic, missing
from ingest.structured.flavours import Flavour, Kind, Profile, Syntax, detect
from ingest.structured.mapping import map_invoice
from ingest.structured.parsing import MAX_XML_BYTES, looks_like_xml, parse
from ingest.structured.schema import validate
from ingest.text import Page
from ingest.warnings import Code, notice

__all__ = [
    "Embedded",
    "Flavour",
    "Kind",
    "Profile",
    "StructuredInvoice",
    "Syntax",
    "deposit",
    "embedded_in",
    "looks_like_xml",
    "merge",
    "read_embedded",
    "read_xml",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StructuredInvoice:
    """What an XML invoice says, and what is wrong with it."""

    kind: Kind
    fields: dict[FieldName, FieldValue]
    """Every field the XML carries, method ``xml`` (``derived`` for the SIREN)."""
    vat_breakdown: tuple[VatLine, ...]
    warnings: tuple[Notice, ...]
    """Schema violations, unreadable values, the XML's own arithmetic."""


@dataclass(frozen=True, slots=True)
class Embedded:
    """The outcome of looking for the invoice XML inside a PDF."""

    name: str
    """The attachment's file name."""
    invoice: StructuredInvoice | None
    """None when the attachment named like an invoice XML could not be read."""
    warnings: tuple[Notice, ...] = ()


def read_xml(
    data: bytes, filename: str | None = None, *, max_bytes: int = MAX_XML_BYTES
) -> StructuredInvoice:
    """Parse, detect, validate and map one XML invoice; bad XML raises a typed error."""
    root = parse(data, max_bytes)
    kind = detect(root, filename)
    mapped = map_invoice(root, kind)
    log.info("structured invoice: %s (%s)", kind.describe(), kind.syntax)
    warnings = (
        *validate(root, kind),
        *mapped.warnings,
        *arithmetic(mapped.fields, mapped.vat_breakdown),
    )
    return StructuredInvoice(
        kind=kind,
        fields=mapped.fields,
        vat_breakdown=mapped.vat_breakdown,
        warnings=warnings,
    )


def deposit(invoice: StructuredInvoice, sha256: str) -> Extraction:
    """The Extraction of a bare XML deposit: no page, ``source`` xml."""
    return Extraction(
        sha256=sha256,
        pages=0,
        source=Source.XML,
        signature=SignatureSummary(deposit_format=DepositFormat.XML),
        fields=invoice.fields,
        vat_breakdown=list(invoice.vat_breakdown),
        warnings=[*invoice.warnings, *missing(invoice.fields)],
    )


def read_embedded(pdf_data: bytes) -> Embedded | None:
    """The invoice XML a PDF carries, or None when it carries none.

    The standards' names (``factur-x.xml``, ``zugferd-invoice.xml``, ``xrechnung.xml``)
    come first; one of them that is hostile or unreadable gives a warning and no
    invoice (the page is still read). Other XML attachments count only when they are
    invoices.
    """
    for attachment in xml_attachments(pdf_data):
        try:
            return Embedded(attachment.name, read_xml(attachment.data, attachment.name))
        except IngestError as e:
            if not attachment.is_known:
                continue
            if isinstance(e, XmlUnsupported):
                log.info("attachment %s is not an invoice", attachment.name)
            warning = notice(
                Code.XML_EMBEDDED_UNREADABLE,
                name=attachment.name, error=e.code, message=e.describe(),
            )  # fmt: skip
            return Embedded(attachment.name, None, (warning,))
    return None


def embedded_in(info: PdfInfo) -> Embedded | None:
    """The invoice XML an inspected PDF carries; only a PDF with attachments is opened."""
    return read_embedded(info.data) if info.has_embedded_files else None


def merge(
    page: Extraction, embedded: Embedded, pages: Sequence[Page] = ()
) -> Extraction:
    """The page's reading checked against the embedded XML, the XML's values winning.

    ``pages`` are the words read, to tell an uncertain reading from a page that
    prints another value than the XML.
    """
    if embedded.invoice is None:
        return page.model_copy(
            update={"warnings": [*page.warnings, *embedded.warnings]}
        )
    invoice = embedded.invoice
    return merging.merge(
        page, invoice.fields, invoice.vat_breakdown, invoice.warnings, pages
    )
