"""Warning codes: stable, snake_case, never renamed; the message is made from the data."""

from enum import StrEnum

from ingest.contract import Notice


class Code(StrEnum):
    TOTALS_MISMATCH = "totals_mismatch"
    VAT_TOO_HIGH = "vat_too_high"
    VAT_LINES_MISMATCH = "vat_lines_mismatch"
    VAT_LINE_ARITHMETIC = "vat_line_arithmetic"
    VAT_LINE_DERIVED = "vat_line_derived"
    TOTAL_DERIVED = "total_derived"
    TOTAL_FROM_PARTS = "total_from_parts"
    VAT_SIREN_MISMATCH = "vat_siren_mismatch"
    SIGNER_SIREN_MISMATCH = "signer_siren_mismatch"
    SIGNED_THEN_FORM_FILLED = "signed_then_form_filled"
    SIGNED_THEN_ANNOTATED = "signed_then_annotated"
    AMOUNT_DUE_MISMATCH = "amount_due_mismatch"
    FIELD_CONFLICT = "field_conflict"
    FIELD_NOT_FOUND = "field_not_found"
    LOW_CONFIDENCE = "low_confidence"
    MANY_SIRETS = "many_sirets"
    NEGATIVE_INVOICE = "negative_invoice"
    PDF_REPAIRED = "pdf_repaired"
    NO_TEXT = "no_text"
    XML_PAGE_MISMATCH = "xml_page_mismatch"
    XML_SCHEMA_INVALID = "xml_schema_invalid"
    XML_VALUE_INVALID = "xml_value_invalid"
    XML_EMBEDDED_UNREADABLE = "xml_embedded_unreadable"


MESSAGES: dict[Code, str] = {
    Code.TOTALS_MISMATCH: "Total HT ({ht}) + TVA ({vat}) does not equal total TTC ({ttc}).",
    Code.VAT_TOO_HIGH: "TVA ({vat}) is more than {rate} % of the total HT ({ht}), "
    "though they add up to the TTC: a figure was misread; check the totals on the page.",
    Code.VAT_LINES_MISMATCH: "The VAT lines do not add up to the totals (HT {ht}, TVA {vat}).",
    Code.VAT_LINE_ARITHMETIC: "VAT line at {rate} %: {base} × {rate} % is not {amount}.",
    Code.TOTAL_DERIVED: "The {field} was not read, or not as a figure that fits: {value} "
    "is what the two other totals make at {rate} % VAT; check it on the page.",
    Code.TOTAL_FROM_PARTS: "The total HT was not read, or not as a figure that fits: "
    "{value} is the sum of the sub-totals ({parts}), as the TTC less the VAT is; "
    "check it on the page.",
    Code.VAT_LINE_DERIVED: "The VAT line at {rate} % was not read: {base} and {amount} are "
    "what the totals leave once the other lines are taken off; check them on the page.",
    Code.VAT_SIREN_MISMATCH: "The VAT number {vat} does not share the SIRET's SIREN {siren}.",
    Code.SIGNER_SIREN_MISMATCH: "Signed by SIREN {signer} ({name}), "
    "but the supplier's SIRET {siret} belongs to SIREN {siren}.",
    Code.SIGNED_THEN_FORM_FILLED: "Form fields were filled after signature {field} was made.",
    Code.SIGNED_THEN_ANNOTATED: "Annotations were added after signature {field} was made.",
    Code.AMOUNT_DUE_MISMATCH: "Amount due {due} differs from TTC less deductions ({expected}).",
    Code.FIELD_CONFLICT: "Several values for {field}: kept {chosen}, also read {others}.",
    Code.FIELD_NOT_FOUND: "No {field} was found on the document.",
    Code.LOW_CONFIDENCE: "{field} is uncertain (confidence {confidence}); check it.",
    Code.MANY_SIRETS: "{count} different SIRETs are printed; check who is who.",
    Code.NEGATIVE_INVOICE: "The totals are negative but the document is not titled a credit note.",
    Code.PDF_REPAIRED: "The PDF was damaged and has been repaired; check the values.",
    Code.NO_TEXT: "No page has a usable text layer; nothing could be read.",
    Code.XML_PAGE_MISMATCH: "The XML gives {field} {xml}, the page shows {page}{reading}.",
    Code.XML_SCHEMA_INVALID: "{schema} schema: {message} (at {path}).",
    Code.XML_VALUE_INVALID: "The XML's {field} {value!r} is not a valid {kind}; left out.",
    Code.XML_EMBEDDED_UNREADABLE: "The embedded {name} was not read ({error}): {message}",
}


def notice(code: Code, **data: object) -> Notice:
    """A warning with its code and a message filled from ``data``."""
    return Notice(code=code.value, message=MESSAGES[code].format(**data))
