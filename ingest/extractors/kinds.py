"""Document type (facture or avoir) from the title, and the currency from its signs."""

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
    label_pattern,
    values_after,
)

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
    "facture de situation",
)  # fmt: skip
CREDIT_REFERENCE = label_pattern(
    "avoir n", "n d'avoir", "numero d'avoir", "note de credit n", "facture d'avoir n",
    "numero de l'avoir", "n de l'avoir",
)  # fmt: skip
INVOICE_REFERENCE = label_pattern(
    "facture n", "n de facture", "numero de facture", "facture numero", "n facture"
)
_SOMEONE_ELSES = re.compile(
    r"(?:remplace|origine|annule|relati\w*|sur|votre|de l'|l'|la|d'|initiale|concerne)\W*$"
)
CURRENCY_LABEL = label_pattern("devise", "monnaie", "currency")
ISO_CURRENCY_RE = re.compile(r"\b(EUR|USD|GBP|CHF|XPF|JPY|CAD)\b")
_SPLIT_TITLE = re.compile(
    r"^(?:(?P<facture>f ?a ?c ?t ?u ?r ?e)|(?P<avoir>a ?v ?o ?i ?r))(?![\w'])"
)
"""A title word with a space OCR put inside it; a real word has none."""
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
            if hit.start <= 2 and _is_title(doc, hit.segment, hit, body):
                yield candidate_at(FieldName.DOCUMENT_TYPE, kind, hit, 0.95, "title")
                break
    # OCR splits a spaced-out title: "FA CTURE".
    for seg in doc.segments:
        m = _SPLIT_TITLE.match(seg.folded) if seg.method is Method.OCR else None
        # In capitals, as titles are; and "à voir" is French for "to be seen".
        if (
            m
            and " " in m.group(0)
            and m.group(0) != "a voir"
            and seg.text[: m.end()].isupper()
        ):
            hit = Hit(seg, 0, m.end())
            if _is_title(doc, seg, hit, body):
                kind = "avoir" if m.group("avoir") else "facture"
                yield candidate_at(FieldName.DOCUMENT_TYPE, kind, hit, 0.85, "title")
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
