"""Check the page against the XML, and merge the two readings into one Extraction.

The XML is the truth: its values win. A field the XML does not carry (a MINIMUM
profile has no IBAN, no due date, no VAT lines) keeps the value read from the page,
with the page's method and confidence, so the clerk sees where it came from. Each
field both carry is compared after normalising (amounts as Decimal, sign aside on a
credit note; dates; identifiers compact; names loosely); a disagreement is an
``xml_page_mismatch`` warning naming the field and both values. A page reading
below 0.9 is not sure which printed value is the field: when the page prints the
XML's value somewhere, the disagreement is the reading's, and no warning is given.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rapidfuzz import fuzz

from ingest.contract import (
    CENT,
    DATE_FIELDS,
    MONEY_FIELDS,
    Extraction,
    FieldName,
    FieldValue,
    Method,
    Notice,
    Source,
    VatLine,
    money_str,
)
from ingest.structured.checks import missing
from ingest.text import Page, group_lines
from ingest.values import (
    AMOUNT_RE,
    DATE_RE,
    ValueFormatError,
    date_from_match,
    fold,
    parse_amount,
)
from ingest.warnings import Code, notice

F = FieldName
MIN_COMPARED_CONFIDENCE = 0.5
"""A page reading below this is a guess, not what the page shows: it is not compared."""
SURE_READING = 0.9
"""From this confidence a page reading is proven; below, it may have picked the wrong
printed value, and the XML's value printed elsewhere on the page clears it."""
SUPERSEDED = frozenset(
    code.value
    for code in (
        Code.TOTALS_MISMATCH,
        Code.VAT_LINES_MISMATCH,
        Code.VAT_LINE_ARITHMETIC,
        Code.VAT_SIREN_MISMATCH,
        Code.AMOUNT_DUE_MISMATCH,
        Code.FIELD_CONFLICT,
        Code.FIELD_NOT_FOUND,
        Code.LOW_CONFIDENCE,
        Code.MANY_SIRETS,
        Code.NEGATIVE_INVOICE,
    )
)
"""Page-reading warnings the XML answers; they are made again on the merged values."""
NAME_FIELDS = frozenset({F.SUPPLIER_NAME, F.BUYER_NAME})
NAME_SIMILARITY = 90.0
"""rapidfuzz token-set ratio from which two names are the same party."""
LEGAL_FORMS = frozenset(
    {
        "sa", "sas", "sasu", "sarl", "eurl", "sci", "snc", "scop", "scp", "selarl",
        "ets", "etablissements", "societe", "ste",
    }
)  # fmt: skip
SEPARATORS = re.compile(r"[\s.\-/_]+")
NOT_WORD = re.compile(r"[^a-z0-9]+")


def merge(
    page: Extraction,
    xml_fields: dict[FieldName, FieldValue],
    xml_lines: tuple[VatLine, ...],
    xml_warnings: tuple[Notice, ...],
    pages: Sequence[Page] = (),
) -> Extraction:
    """The page's Extraction with the XML's values, the mismatches and ``source`` xml."""
    avoir = _value(xml_fields, F.DOCUMENT_TYPE) == "avoir"
    kept = {n: f for n, f in page.fields.items() if n not in xml_fields}
    located = {
        n: _located(n, f, page.fields.get(n), avoir) for n, f in xml_fields.items()
    }
    fields = {n: f for n in FieldName if (f := located.get(n) or kept.get(n))}
    warnings = [
        *(w for w in page.warnings if w.code not in SUPERSEDED),
        *xml_warnings,
        *mismatches(xml_fields, page.fields, avoir, Printed.on(pages)),
        *vat_mismatch(xml_lines, tuple(page.vat_breakdown), avoir),
        *missing(fields),
        *(
            notice(Code.LOW_CONFIDENCE, field=n.value, confidence=f.confidence)
            for n, f in kept.items()
            if f.confidence < MIN_COMPARED_CONFIDENCE
        ),
    ]
    return page.model_copy(
        update={
            "source": Source.XML,
            "fields": fields,
            "vat_breakdown": list(xml_lines or page.vat_breakdown),
            "warnings": warnings,
        }
    )


def _located(
    name: FieldName, ours: FieldValue, theirs: FieldValue | None, avoir: bool
) -> FieldValue:
    """The XML's value, with where the page shows it when the page agrees."""
    if (
        theirs is None
        or theirs.page is None
        or not same(name, ours.value, theirs.value, avoir)
    ):
        return ours
    return ours.model_copy(update={"page": theirs.page, "bbox": theirs.bbox})


@dataclass(frozen=True, slots=True)
class Printed:
    """What the pages print, normalised: every amount, every date, the compact text."""

    amounts: frozenset[Decimal] = frozenset()
    dates: frozenset[date] = frozenset()
    text: str = ""

    @classmethod
    def on(cls, pages: Sequence[Page]) -> "Printed":
        lines = [
            " ".join(w.text for w in line)
            for page in pages
            for line in group_lines(page.words)
        ]
        return cls(
            amounts=frozenset(_amounts(lines)),
            dates=frozenset(_dates(lines)),
            text=compact(" ".join(lines)),
        )

    def shows(self, value: object) -> bool:
        """True when the pages print ``value`` somewhere (an amount sign aside)."""
        if isinstance(value, Decimal):
            return abs(value) in self.amounts
        if isinstance(value, date):
            return value in self.dates
        return bool(self.text) and compact(str(value)) in self.text


def _amounts(lines: list[str]) -> Iterator[Decimal]:
    for line in lines:
        for m in AMOUNT_RE.finditer(line):
            try:
                yield abs(parse_amount(m.group(0)))
            except ValueFormatError:
                continue


def _dates(lines: list[str]) -> Iterator[date]:
    for line in lines:
        for m in DATE_RE.finditer(fold(line)):
            try:
                yield date_from_match(m)
            except ValueFormatError:
                continue


def mismatches(
    xml: dict[FieldName, FieldValue],
    page: dict[FieldName, FieldValue],
    avoir: bool,
    printed: Printed = Printed(),
) -> Iterator[Notice]:
    """An ``xml_page_mismatch`` for each field the page shows otherwise than the XML."""
    for name, ours in xml.items():
        theirs = page.get(name)
        if theirs is None or not is_shown(theirs):
            continue
        if theirs.confidence < SURE_READING and printed.shows(ours.value):
            continue
        if not same(name, ours.value, theirs.value, avoir):
            yield notice(
                Code.XML_PAGE_MISMATCH,
                field=name.value, xml=show(ours.value), page=show(theirs.value),
                reading=f" (read with confidence {theirs.confidence:.2f})",
            )  # fmt: skip


def is_shown(found: FieldValue) -> bool:
    """True for a value read on the page with some confidence (not derived, not a guess)."""
    return (
        found.method in (Method.TEXT, Method.OCR)
        and found.confidence >= MIN_COMPARED_CONFIDENCE
    )


def same(name: FieldName, xml: object, page: object, avoir: bool) -> bool:
    """Whether two readings of ``name`` say the same thing."""
    if name in MONEY_FIELDS and isinstance(xml, Decimal) and isinstance(page, Decimal):
        # A credit note's XML amounts are positive; its page may print them negative.
        return abs(xml) == abs(page) if avoir else xml == page
    if name in DATE_FIELDS:
        return xml == page
    if name in NAME_FIELDS:
        return same_name(str(xml), str(page))
    return compact(str(xml)) == compact(str(page))


def compact(text: str) -> str:
    """``"FR 44 732 829 320"`` -> ``"FR44732829320"``: no blanks or separators, upper."""
    return SEPARATORS.sub("", text).upper()


def same_name(a: str, b: str) -> bool:
    """Loosely the same party: accents, case, punctuation and legal forms aside.

    >>> same_name("Dupont Bâtiment SARL", "DUPONT BATIMENT")
    True
    >>> same_name("Dupont Bâtiment", "Martin Électricité")
    False
    """
    left, right = _name_words(a), _name_words(b)
    if not left or not right:
        return left == right
    return fuzz.token_set_ratio(" ".join(left), " ".join(right)) >= NAME_SIMILARITY


def _name_words(name: str) -> list[str]:
    return [w for w in NOT_WORD.split(fold(name)) if w and w not in LEGAL_FORMS]


def vat_mismatch(
    xml: tuple[VatLine, ...], page: tuple[VatLine, ...], avoir: bool
) -> Iterator[Notice]:
    """A mismatch on ``vat_breakdown`` when both have lines and they differ."""
    if xml and page and _lines_key(xml, avoir) != _lines_key(page, avoir):
        yield notice(
            Code.XML_PAGE_MISMATCH,
            field="vat_breakdown", xml=_show_lines(xml), page=_show_lines(page),
            reading="",
        )  # fmt: skip


def _lines_key(
    lines: tuple[VatLine, ...], avoir: bool
) -> list[tuple[Decimal, Decimal, Decimal]]:
    def norm(x: Decimal) -> Decimal:
        return (abs(x) if avoir else x).quantize(CENT)

    return sorted((norm(v.rate), norm(v.base), norm(v.amount)) for v in lines)


def _show_lines(lines: tuple[VatLine, ...]) -> str:
    return "; ".join(
        f"{money_str(v.rate)} % of {money_str(v.base)} = {money_str(v.amount)}"
        for v in lines
    )


def show(value: object) -> str:
    """A value as the contract writes it."""
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _value(fields: dict[FieldName, FieldValue], name: FieldName) -> object | None:
    found = fields.get(name)
    return found.value if found else None
