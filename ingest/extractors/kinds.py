"""Document type (facture or avoir) from the title, and the currency from its signs."""

import itertools
import re
from collections.abc import Iterator
from statistics import median

from ingest.contract import FieldName, Method
from ingest.extractors.base import (
    Candidate,
    Doc,
    Hit,
    Segment,
    candidate_at,
    garbled_cells,
    label_pattern,
    values_after,
)
from ingest.values import fold

CREDIT_TITLE = label_pattern(
    "avoir",
    "facture d'avoir",
    "note de credit",
    "credit note",
    "facture rectificative avoir",
)
INVOICE_TITLE = label_pattern(
    "facture", "invoice", "facture n", "note d'honoraires", "situation de travaux",
    "situation n", "decompte", "etat d'acompte", "memoire", "projet de decompte",
    "facture de situation", "situation mensuelle",
)  # fmt: skip
CREDIT_REFERENCE = label_pattern(
    "avoir n", "n d'avoir", "numero d'avoir", "note de credit n", "facture d'avoir n",
    "numero de l'avoir", "n de l'avoir",
)  # fmt: skip
INVOICE_REFERENCE = label_pattern(
    "facture n",
    "n de facture",
    "numero de facture",
    "facture numero",
    "n facture",
    "n de la facture",
    "numero de la facture",
)
_SOMEONE_ELSES = re.compile(
    r"(?:remplace|origine|annule|relati\w*|sur|votre|de l'|l'|la|d'|initiale|concerne)\W*$"
)
# What after "facture" makes it a label, no title: "Facture d'origine" (the invoice
# a credit note credits), "Facturé à" (the buyer's, seed 9068 #41).
_NO_TITLE = re.compile(r"\s*(?:d'origine|initiale|originale|rectifiee|concernee|a)\b")
CURRENCY_LABEL = label_pattern("devise", "monnaie", "currency")
ISO_CURRENCY_RE = re.compile(r"\b(EUR|USD|GBP|CHF|XPF|JPY|CAD)\b")
_SPLIT_TITLE = re.compile(
    r"^.{0,3}?(?P<word>(?P<facture>facture|decompte)|(?P<avoir>avoir))"
)
"""A title word, on the segment's text with its spaces taken out: OCR puts spaces
inside a spaced-out or big title ("F ac t U re", "Factu re", "Déc ompte général",
seed 9097 #51), and may read a mark before it or join a speck of the next line
to it ("CF ACTURE", "SR Factu re")."""
# A title stands alone in a short segment, or in capitals, near the top of page one.
_MAX_TITLE_WORDS = 6


def extract(doc: Doc) -> Iterator[Candidate]:
    yield from _document_type(doc)
    yield from _currency(doc)


def _is_title(doc: Doc, seg: Segment, hit: Hit, body: float) -> bool:
    """Big, or in capitals, or alone in its cell, near the top of page one."""
    if seg.page != doc.pages[0].number or doc.relative_top(seg) > 0.45:
        return False
    big = seg.height >= 1.25 * body
    alone = len(seg.words) <= _MAX_TITLE_WORDS
    return big or hit.text.isupper() or alone


def _document_type(doc: Doc) -> Iterator[Candidate]:
    if not doc.segments:
        return
    body = median(s.height for s in doc.segments)
    for kind, pattern in (("avoir", CREDIT_TITLE), ("facture", INVOICE_TITLE)):
        for hit in doc.find(pattern):
            if _NO_TITLE.match(hit.segment.folded, hit.end):
                continue  # "Facture d'origine", "Facturé à": labels
            if hit.start <= 2 and _is_title(doc, hit.segment, hit, body):
                yield candidate_at(FieldName.DOCUMENT_TYPE, kind, hit, 0.95, "title")
                break
    # OCR splits a spaced-out title: "FA CTURE".
    for seg in doc.segments:
        split = split_title(seg)
        if split is not None:
            kind, start, end = split
            hit = Hit(seg, start, end)
            if _is_title(doc, seg, hit, body):
                yield candidate_at(FieldName.DOCUMENT_TYPE, kind, hit, 0.85, "title")
                break
    for seg in doc.segments:
        kind = _specked_title(seg) or _initial_misread(seg)
        hit = Hit(seg, 0, len(seg.text))
        if kind is not None and _is_title(doc, seg, hit, body):
            yield candidate_at(
                FieldName.DOCUMENT_TYPE, kind, hit, 0.75, "title", "repaired"
            )
            break
    for hit, kind in _barred_titles(doc):
        if _is_title(doc, hit.segment, hit, body):
            yield candidate_at(
                FieldName.DOCUMENT_TYPE, kind, hit, 0.85, "title", "repaired"
            )
            break
    # OCR lost a letter of a credit note's title: "_ NOTE DE CR DIT" (seed 9047 #35).
    for hit in garbled_cells(doc, CREDIT_TITLE):
        if len(hit.segment.words) <= _MAX_TITLE_WORDS and _is_title(
            doc, hit.segment, hit, body
        ):
            yield candidate_at(FieldName.DOCUMENT_TYPE, "avoir", hit, 0.85, "title")
            break
    # "Objet : Facture n° …", "Numéro de facture": the document names itself.
    for kind, pattern in (("avoir", CREDIT_REFERENCE), ("facture", INVOICE_REFERENCE)):
        for hit in doc.find(pattern):
            before = hit.segment.folded[: hit.start]
            if not _SOMEONE_ELSES.search(before):
                yield candidate_at(
                    FieldName.DOCUMENT_TYPE, kind, hit, 0.85, "reference"
                )
                break


SPECK_BELOW = 0.6
"""OCR confidence under which a title's piece may hold a speck read as a letter."""


def _specked_title(seg: Segment) -> str | None:
    """The kind a scanned title in capitals names once a speck OCR read as a
    letter in one of its pieces, read poorly, is left out: "FACTU R FE" with "FE"
    at 0.56 (seed 9068 #50); None otherwise."""
    words = [w.text for w in seg.words]
    if seg.method is not Method.OCR or not 2 <= len(words) <= 3:
        return None
    if not "".join(words).isupper():
        return None
    for k, word in enumerate(seg.words):
        if word.confidence >= SPECK_BELOW or len(word.text) < 2:
            continue
        for n in range(len(word.text)):
            rest = [*words[:k], word.text[:n] + word.text[n + 1 :], *words[k + 1 :]]
            if (kind := fold("".join(rest))) in ("facture", "avoir"):
                return kind
    return None


def _initial_misread(seg: Segment) -> str | None:
    """ "facture" for a scanned title whose F OCR read as a letter apart, read
    poorly, before the rest of the word: "z acture d'honoraires" with "z" at
    0.01 (seed 9077 #51); None otherwise. No French word is "acture"."""
    words = seg.words
    if (
        seg.method is not Method.OCR
        or len(words) < 2
        or len(words[0].text) != 1
        or words[0].confidence >= SPECK_BELOW
        or fold(words[1].text) != "acture"
    ):
        return None
    rest = seg.folded[seg.starts[1] + len(words[1].text) :]
    return None if _NO_TITLE.match(rest) else "facture"


def _barred_titles(doc: Doc) -> Iterator[tuple[Hit, str]]:
    """Titles whose I OCR read as a bar, which then cut the title's row in two
    cells: "AVO" | "R" (seed 9068 #41). Each hit is the word before the bar."""
    page = doc.pages[0]
    if page.method is not Method.OCR:
        return
    bars = [w for w in page.words if w.text in ("|", "!")]
    for (number, _), segs in doc.rows.items():
        if number != page.number:
            continue
        for seg, after in itertools.pairwise(segs):
            between = [
                w
                for w in bars
                if seg.x1 <= w.x0
                and w.x1 <= after.x0
                and seg.top < w.bottom
                and w.top < seg.bottom
            ]
            word = fold(seg.words[-1].text + "I" + after.words[0].text)
            if len(between) == 1 and word in ("avoir", "facture"):
                yield Hit(seg, seg.starts[-1], len(seg.text)), word


def split_title(seg: Segment) -> tuple[str, int, int] | None:
    """The kind of document an OCR'd title with a space inside its word names, and
    where the word lies in the segment's text; None when there is no such title.

    A word printed whole has no space in it, so only OCR's split words count.
    "Avoir" must be in capitals, or "A voir" alone in its cell: "à voir" is French
    for "to be seen".
    """
    if seg.method is not Method.OCR:
        return None
    kept = [i for i, c in enumerate(seg.folded) if c != " "]
    m = _SPLIT_TITLE.match("".join(seg.folded[i] for i in kept))
    if m is None:
        return None
    start, end = kept[m.start("word")], kept[m.end("word") - 1] + 1
    following = seg.folded[end : end + 1]
    if " " not in seg.folded[start:end] or following.isalpha():
        return None
    if (
        m.group("avoir")
        and not (
            seg.text[start:end].isupper()
            # "A voir" alone in its cell is the title "Avoir" spaced out, not a phrase.
            or (seg.text[start] == "A" and not seg.folded[end:].strip(" .:"))
        )
    ):
        return None
    return ("avoir" if m.group("avoir") else "facture"), start, end


def _currency(doc: Doc) -> Iterator[Candidate]:
    for hit in doc.find(CURRENCY_LABEL):
        for found in values_after(doc, hit, ISO_CURRENCY_RE, below=1):
            yield candidate_at(FieldName.CURRENCY, found.text, found, 0.95, "label")
            return
    for seg in doc.segments:
        for m in re.finditer(r"€|\bEUR\b|\beuros?\b", seg.text, re.IGNORECASE):
            yield candidate_at(
                FieldName.CURRENCY, "EUR", Hit(seg, m.start(), m.end()), 0.95, "sign"
            )
            return
