"""Works pieces (CCAG Travaux): the frame a title suggests, the situation number, the
cumulative, previous and this period's amounts, and the retenue de garantie's rate.

A title only suggests a frame: the same "projet de décompte mensuel" is A4 from the
titulaire and A13 from a cotraitant, an "état d'acompte" A5 from the supplier and A15
from the MOE. So a title's frame is a candidate below 0.9 (tagged ``title``) that a
printed "Cadre de facturation : A…" overrides in resolve. The frames are those of
``models.works.FRAMES``, which ``ingest`` may not import.

The amounts are HT and stand to the right of their label in a recap or a lettered
statement ("A  Montant cumulé des travaux exécutés HT ... 12 345,00"); a label whose
cell says more than HT, euros or a letter formula ("(A - B)") is not the one sought,
and a TTC one is left alone. The retention's amount is the amounts extractor's; this
one reads its rate and the base the document states.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import median

from ingest.contract import FieldName, WorksField
from ingest.extractors.amounts import RETENTION
from ingest.extractors.base import (
    Candidate,
    Doc,
    Found,
    Hit,
    Segment,
    candidate_at,
    label_pattern,
    values_after,
)
from ingest.values import (
    AMOUNT_RE,
    RATE_RE,
    AmountFormatError,
    parse_amount,
    parse_rate,
)


@dataclass(frozen=True, slots=True)
class TitleFrame:
    """A title's wording, the frame it suggests, and how sure the suggestion is."""

    pattern: re.Pattern[str]
    frame: str
    confidence: float
    requires: str | None = None
    """A word the title's row must also hold ("cotraitant", "tacite")."""


def _title(
    frame: str, confidence: float, *titles: str, requires: str | None = None
) -> TitleFrame:
    return TitleFrame(label_pattern(*titles), frame, confidence, requires)


# In order: the first row whose wording opens the title (and whose word it holds) wins.
TITLE_FRAMES: tuple[TitleFrame, ...] = (
    _title("A13", 0.75, "projet de decompte mensuel", "decompte mensuel",
           requires="cotraitant"),
    _title("A14", 0.75, "projet de decompte final", "decompte final",
           requires="cotraitant"),
    _title("A4", 0.85, "projet de decompte mensuel"),
    _title("A4", 0.8, "decompte mensuel", "situation de travaux", "situation mensuelle",
           "situation mensuelle de travaux", "facture de situation", "situation n"),
    _title("A19", 0.6, "etat d'acompte valide"),
    _title("A5", 0.75, "etat d'acompte", "etat d'acompte mensuel"),
    _title("A7", 0.85, "projet de decompte final", "decompte final"),
    _title("A23", 0.7, "decompte general et definitif", "dgd", requires="tacite"),
    _title("A22", 0.7, "projet de decompte general", requires="tacite"),
    _title("A8", 0.85, "decompte general et definitif", "decompte general definitif",
           "projet de decompte general et definitif", "dgd"),
    _title("A17", 0.6, "projet de decompte general"),
    _title("A20", 0.6, "decompte general"),
    _title("A10", 0.75, "demande de paiement", requires="sous-trait"),
    _title("A6", 0.8, "piece de facturation de travaux"),
)  # fmt: skip

SITUATION = label_pattern(
    "situation n", "situation numero", "n de situation", "numero de situation",
    "situation de travaux n", "situation mensuelle n", "situation mensuelle de travaux n",
    "facture de situation n", "decompte mensuel n", "projet de decompte mensuel n",
    "decompte n", "etat d'acompte n", "etat d'acompte mensuel n", "acompte n",
    "n d'acompte", "n de l'acompte", "numero d'acompte", "acompte numero",
)  # fmt: skip
# A situation is numbered 1, 2, … : a short number standing alone, not a reference.
SITUATION_RE = re.compile(r"(?<![\w/.,-])\d{1,3}(?![\w/]|[.,-]\d)")
CUMULATIVE = label_pattern(
    "montant cumule", "montant cumule des travaux", "montant cumule des travaux executes",
    "cumul des travaux", "cumul des travaux executes", "travaux executes cumules",
    "cumul", "cumul a ce jour", "cumul fin de periode", "montant des travaux executes",
    "travaux cumules", "montant des travaux cumules",
    "montant des travaux realises a ce jour", "montant total des travaux executes",
    "montant total du marche realise", "montant total des travaux",
)  # fmt: skip
PREVIOUS = label_pattern(
    "situations precedentes", "situation precedente", "montant des situations precedentes",
    "acomptes precedents", "acompte precedent", "montant des acomptes precedents",
    "total des acomptes precedents", "decomptes precedents", "decompte precedent",
    "montant des decomptes precedents", "montant ht des decomptes precedents",
    "deja facture", "deja factures", "montant deja facture", "acomptes anterieurs",
    "montant des acomptes anterieurs", "montant ht des acomptes anterieurs",
    "situations anterieures", "cumul precedent", "cumul anterieur", "montant anterieur",
    "acomptes deja verses", "acomptes deja factures",
)  # fmt: skip
PERIOD = label_pattern(
    "montant de la situation", "montant ht de la situation", "montant de la periode",
    "montant ht de la periode", "travaux du mois", "travaux de la periode",
    "du present decompte", "montant du present decompte", "montant ht de l'acompte",
    "montant de la presente situation", "montant ht de la presente situation",
    "solde ht", "montant du solde ht",
    "montant ht du solde",
)  # fmt: skip
# Words a works amount's label may carry beside its wording; anything else (a date,
# "TTC", "à régler") makes it another amount's label.
_LABEL_WORDS = frozenset(
    ["ht", "h", "t", "hors", "taxe", "taxes", "en", "eur", "euro", "euros", "des", "du",
     "de", "la", "le", "travaux", "executes", "realises", "a", "ce", "jour", "marche",
     "b", "c", "d", "e"]
)  # fmt: skip
_TTC = re.compile(r"\bttc\b|\bt t c\b|toutes taxes")
_HT = re.compile(r"\bht\b|\bh t\b|hors tax")
_BASE_TTC = re.compile(r"\b(?:du|sur|de)\b[^%]{0,12}\b(?:ttc|t t c)\b")
_BASE_HT = re.compile(r"\b(?:du|sur|de)\b[^%]{0,12}\b(?:ht|h t|hors taxes?)\b")
_TITLE_TOP = 0.45
"""A title stands in the top part of page one."""


def extract(doc: Doc) -> Iterator[Candidate]:
    yield from _frame_from_title(doc)
    yield from _situation(doc)
    yield from _amounts(doc, CUMULATIVE, WorksField.CUMULATIVE_HT)
    yield from _amounts(doc, PREVIOUS, WorksField.PREVIOUS_PAYMENTS, absolute=True)
    yield from _amounts(doc, PERIOD, WorksField.PERIOD_HT, needs_ht=True)
    yield from _retention_rate(doc)


def _is_title(doc: Doc, seg: Segment, body: float) -> bool:
    """Big, or in capitals, or short, near the top of page one."""
    if seg.page != doc.pages[0].number or doc.relative_top(seg) > _TITLE_TOP:
        return False
    return seg.height >= 1.25 * body or seg.text.isupper() or len(seg.words) <= 7


def _frame_from_title(doc: Doc) -> Iterator[Candidate]:
    """The frame the document's title suggests, from its first title that names one."""
    if not doc.segments:
        return
    body = median(s.height for s in doc.segments)
    for seg in doc.by_page[doc.pages[0].number]:
        start = len(seg.folded) - len(seg.folded.lstrip(" -–—•|*"))
        if not _is_title(doc, seg, body):
            continue
        for row in TITLE_FRAMES:
            m = row.pattern.match(seg.folded, start)
            if m is None or (row.requires and row.requires not in doc.row_text(seg)):
                continue
            hit = Hit(seg, m.start(), m.end())
            yield candidate_at(
                FieldName.BILLING_FRAME, row.frame, hit, row.confidence, "title"
            )
            return


def _situation(doc: Doc) -> Iterator[Candidate]:
    """ "Situation n° 4", "Décompte mensuel n° 4", "État d'acompte n°4"."""
    for hit in doc.find(SITUATION):
        for found in values_after(doc, hit, SITUATION_RE, folded=True, below=1):
            same = found.place.relation == "same"
            alone = (
                found.segment.folded.strip()
                == found.segment.folded[found.start : found.end]
            )
            if not re.fullmatch(r"[\s:°.#\-–—]*", found.between) or not (same or alone):
                break
            number = str(int(found.text))
            yield candidate_at(
                WorksField.SITUATION_NUMBER,  # type: ignore[arg-type]
                number,
                found,
                0.9 * found.prior,
                "label",
            )
            break


def _amounts(
    doc: Doc,
    label: re.Pattern[str],
    field: WorksField,
    *,
    absolute: bool = False,
    needs_ht: bool = False,
) -> Iterator[Candidate]:
    """The amount in a works label's own cell or the cell to its right."""
    for hit in doc.find(label):
        cell = hit.segment.folded
        if _TTC.search(cell) or (needs_ht and not _HT.search(cell)):
            continue
        for found in values_after(doc, hit, AMOUNT_RE, below=0):
            said = found.between if found.place.relation == "same" else cell[hit.end :]
            if not _only_label_words(said) or not _only_label_words(found.between):
                break
            value = _amount(found)
            if value is None:
                break
            yield candidate_at(
                field,  # type: ignore[arg-type]
                abs(value) if absolute else value,
                found,
                0.85 * found.prior,
                "label",
                found.place.relation,
            )
            break


def _only_label_words(text: str) -> bool:
    return all(w in _LABEL_WORDS for w in re.findall(r"[^\W_]+", text))


def _amount(found: Found) -> object | None:
    try:
        return parse_amount(found.text)
    except AmountFormatError:
        return None


def _retention_rate(doc: Doc) -> Iterator[Candidate]:
    """The rate written beside "Retenue de garantie", and the base it is taken on."""
    for hit in doc.find(RETENTION):
        seg = hit.segment
        m = RATE_RE.search(seg.text, hit.start)
        if m is None or m.start() - hit.end > 16:
            continue
        after = seg.folded[m.end() :]
        base = (
            ("base_ttc",)
            if _BASE_TTC.match(after.lstrip(" )"))
            else ("base_ht",)
            if _BASE_HT.match(after.lstrip(" )"))
            else ()
        )
        yield candidate_at(
            WorksField.RETENTION_RATE,  # type: ignore[arg-type]
            parse_rate(m.group(0)),
            Hit(seg, m.start(), m.end()),
            0.9,
            "label",
            *base,
        )
        return
