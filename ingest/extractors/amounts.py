"""The four totals, plus the retention and advances that explain the amount due.

Each total label yields the first amount after it (same cell, a cell to the right, or
the cell below). Sub-section totals ("Sous-total HT lot 2") are tagged so resolve can
prefer the invoice's own totals; the arithmetic HT + TVA = TTC decides in the end.
"""

import re
from collections.abc import Iterator

from ingest.contract import FieldName, Method
from ingest.extractors.base import (
    Aux,
    Candidate,
    Doc,
    Found,
    Hit,
    Place,
    candidate_at,
    garbled_cells,
    label_pattern,
    values_after,
)
from ingest.values import (
    AMOUNT_RE,
    DATE_RE,
    RATE_RE,
    AmountFormatError,
    is_misread_amount,
    parse_amount,
)

TOTAL_HT = label_pattern(
    "total ht", "montant ht", "total hors taxes", "total hors taxe", "montant hors taxes",
    "montant hors taxe", "total net ht", "net ht", "base ht", "total h t", "sous-total ht",
    "sous total ht", "montant total ht", "total ht net", "prix total ht", "total general ht",
    "total des travaux ht", "montant net ht", "ht", "total hors tva", "total net",
    "montant net", "net total", "total ht/net total", "montant h t", "net h t",
    "total net h t",
)  # fmt: skip
TOTAL_VAT = label_pattern(
    "total tva", "montant tva", "montant de la tva", "total t v a", "tva", "t v a",
    "montant t v a",
    "montant total tva", "total taxes", "dont tva", "total de la tva", "taxe sur la valeur ajoutee",
)  # fmt: skip
TOTAL_TTC = label_pattern(
    "total ttc", "montant ttc", "total toutes taxes comprises", "net ttc", "total t t c",
    "montant total ttc", "total general ttc", "ttc", "prix total ttc", "total a payer ttc",
    "montant toutes taxes comprises", "total ttc net", "montant de la facture",
    "total facture", "montant total", "total general", "montant total de la facture",
    "total de la facture", "net ttc a payer", "montant t t c", "net t t c",
    # "comprises" wrapped onto the next line of a narrow cell
    "total toutes taxes", "montant toutes taxes",
)  # fmt: skip
AMOUNT_DUE = label_pattern(
    "net a payer", "reste a payer", "montant du", "total a payer", "solde a payer",
    "montant a payer", "net a regler", "montant a regler", "somme a payer", "a payer",
    "reste du", "solde du", "montant net a payer", "net a percevoir", "a rembourser",
    "montant a rembourser", "net a deduire", "somme due", "total du", "montant net du",
    "solde a regler", "montant a mandater", "net a mandater", "solde a payer ttc",
)  # fmt: skip
RETENTION = label_pattern("retenue de garantie", "retenue garantie", "rg 5")
ADVANCES = label_pattern(
    "acompte verse", "acomptes verses", "acompte", "acomptes", "deja paye", "deja regle",
    "avance versee", "avance", "acomptes recus", "acompte recu",
)  # fmt: skip

LABELS = {
    FieldName.TOTAL_HT: TOTAL_HT,
    FieldName.TOTAL_VAT: TOTAL_VAT,
    FieldName.TOTAL_TTC: TOTAL_TTC,
    FieldName.AMOUNT_DUE: AMOUNT_DUE,
}
# What may stand between a label and its amount without changing its meaning.
_NEUTRAL = re.compile(
    r"^[\s:.\-–—_=()€*/|]*(?:\(?(?:en )?(?:eur|euros?)\)?)?[\s:.\-–—_=()€*/|]*$"
)
_QUALIFIERS = re.compile(
    r"\b(?:lot|chapitre|poste|tranche|section|article|ligne|sous)\b"
)
_NOT_A_TOTAL = re.compile(
    r"\b(?:n|no|numero|num|intracom\w*|intra-?communautaire|non applicable|exoner\w*"
    r"|prix unit\w*|p\.?u\.?|unitaire|au plus tard|avant)\b"
)
# A label's cell that goes on to say "HT" names an amount before tax, whatever its
# first words: "Montant du solde HT" (a works statement's period) is no amount due.
_SAID_BEFORE_TAX = re.compile(r"\b(?:ht|h t|hors taxes?)\W*$")
_AFTER_TAX = (FieldName.TOTAL_TTC, FieldName.AMOUNT_DUE)


def extract(doc: Doc) -> Iterator[Candidate]:
    for field, label in LABELS.items():
        # On a scan, a cell holding only a total's label OCR garbled ("Montant da").
        for hit in [*doc.find(label), *garbled_cells(doc, label)]:
            yield from _total(doc, field, hit)
    yield from _adjustments(doc, RETENTION, Aux.RETENTION)
    yield from _adjustments(doc, ADVANCES, Aux.ADVANCE)


def _total(doc: Doc, field: FieldName, hit: Hit) -> Iterator[Candidate]:
    seg = hit.segment
    before = seg.folded[: hit.start]
    after_label = seg.folded[hit.end : hit.end + 30]
    if _NOT_A_TOTAL.search(after_label[:18]) or re.search(
        r"\b(?:n|no|numero|taux|code)\W*$", before
    ):
        return
    tags: list[str] = ["label"]
    if (
        _QUALIFIERS.search(before[-12:])
        or re.search(r"sous[- ]?$", before)
        or seg.folded.startswith("sous", hit.start)  # the label "Sous-total HT"
    ):
        tags.append("subtotal")
    for found in values_after(doc, hit, AMOUNT_RE):
        spread = _spaced_out(found)
        if spread is not None:
            found, tags = spread, [*tags, "repaired"]
        between = found.between
        said = seg.folded[hit.end : found.start if found.segment is seg else None]
        if field in _AFTER_TAX and _SAID_BEFORE_TAX.search(said):
            return
        if found.place.relation == "same":
            if RATE_RE.search(found.segment.text[hit.end : found.start]):
                tags.append("rate_row")
            elif _QUALIFIERS.search(between):
                tags.append("subtotal")
            elif not _NEUTRAL.match(between):
                tags.append("far")
        elif not _NEUTRAL.match(between) or (
            doc.heads_items(seg)
            and (field is FieldName.TOTAL_HT or _ITEM_LINES.search(doc.row_text(seg)))
        ):
            # Under "Total HT" heading an item column: a line's amount; so under
            # "TVA" in a row that heads the items' descriptions or quantities
            # (seed 9069 #8, an item's 194,19 taken for a reverse charge's VAT),
            # not in a VAT table's ("Taux Base HT TVA Montant HT / VAT amount").
            continue
        if DATE_RE.match(found.segment.folded, found.start):
            continue  # "À payer au plus tard le 23.12.2026": a date, not 23.12
        value = _amount(found)
        if value is None:
            continue
        if is_misread_amount(found.text):  # proven only if the arithmetic then holds
            tags.append("repaired")
        yield candidate_at(
            field, value, found, 0.85 * found.prior, *tags, found.place.relation
        )
        if "rate_row" in tags:
            # "TVA 20 % sur 1 000,00 : 200,00": the first amount was the base.
            yield from _last_amount(doc, field, found, tags)
        return


_ITEM_LINES = re.compile(
    r"(?<![a-z])(?:designation|description|libelle|article|quantite|qte|qty|quantity)"
    r"(?![a-z])"
)
"""Heads of an item table's own columns, which no table of totals has."""


# An amount's last group and its decimals: "53,51".
_DECIMAL_TAIL = re.compile(r"\d{1,3}[.,]\d{2}(?!\d)")
# Digits just before an amount, spaced out in groups no thousands have.
_SPACED_DIGITS = re.compile(r"(?<![\d,.%])\d{1,3}(?: \d{1,3})* $")


def _spaced_out(found: Found) -> Found | None:
    """The amount with the digits OCR spaced out before it ("24 2 53,51 €" for
    24 253,51 €: a narrow font's wide letter-spacing), None when there are none.
    Unproven: the caller tags it repaired, which the arithmetic must confirm."""
    seg = found.segment
    if seg.method is not Method.OCR or found.place.relation not in ("same", "right"):
        return None
    head = _SPACED_DIGITS.search(seg.text, found.place.offset, found.start)
    if (
        head is None
        or (found.place.relation == "right" and head.start() > 0)
        # "1 001 66 €" lost its comma: 66 is no amount's last group.
        or not _DECIMAL_TAIL.match(found.text)
    ):
        return None
    try:
        parse_amount(head.group(0).replace(" ", "") + found.text)
    except AmountFormatError:
        return None
    return Found(
        found.place, head.start(), found.end, found.between[: -len(head.group(0))]
    )


def _last_amount(
    doc: Doc, field: FieldName, found: Found, tags: list[str]
) -> Iterator[Candidate]:
    """The amount that ends a VAT row, in the same cell or the next one to the right."""
    seg = found.segment
    later = list(AMOUNT_RE.finditer(seg.text, found.end))
    place = Place(seg, found.end, "same")
    if not later:
        right = doc.right_of(seg)[:1]
        if not right:
            return
        place = Place(right[0], 0, "right")
        later = list(AMOUNT_RE.finditer(right[0].text))
    if later:
        m = later[-1]
        last = Found(place, m.start(), m.end(), "")
        value = _amount(last)
        if value is not None:
            yield candidate_at(field, value, last, 0.85 * last.prior, *tags, "row_end")


def _amount(found: Found) -> object | None:
    try:
        return parse_amount(found.text)
    except AmountFormatError:
        return None


def _adjustments(doc: Doc, label: re.Pattern[str], kind: Aux) -> Iterator[Candidate]:
    """Retention and advances, which explain a derived amount due."""
    for hit in doc.find(label):
        for found in values_after(doc, hit, AMOUNT_RE, below=1):
            value = _amount(found)
            if value is not None:
                yield candidate_at(kind, abs(value), found, 0.8, found.place.relation)
                break
