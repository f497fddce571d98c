"""The invoice date and the due date, by their labels; an unlabelled date is a weak guess."""

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

from ingest.contract import FieldName, Method
from ingest.extractors.base import (
    Aux,
    Candidate,
    Doc,
    Found,
    Hit,
    Segment,
    candidate_at,
    garbled_cells,
    label_pattern,
    values_after,
    wrapped_label,
)
from ingest.values import (
    DATE_RE,
    LABELLED_DATE_RE,
    DateFormatError,
    date_from_match,
    date_parts,
)

INVOICE_DATE = label_pattern(
    "date de facture", "date de facturation", "date d'emission", "date facture",
    "facture du", "emise le", "emis le", "date", "le", "date de l'avoir", "avoir du",
    "date d'edition", "edite le", "fait le", "etablie le", "date document",
    "date de la facture", "date d'etablissement",
)  # fmt: skip
DUE_DATE = label_pattern(
    "echeance", "date d'echeance", "date limite de paiement", "a regler avant le",
    "payable le", "payable avant le", "a payer avant le", "date de reglement",
    "paiement avant le", "date limite de reglement", "a regler le", "reglement avant le",
    "date de paiement", "paiement le", "payable au", "echeance le", "a payer le",
    "a payer au plus tard le", "au plus tard le", "a regler au plus tard le", "date limite",
    "due date", "payment due", "a regler avant", "payable avant", "a payer avant",
    # and their "le" wrapped under them: "À payer au plus tard" / "le"
    "a payer au plus tard", "a regler au plus tard", "au plus tard",
    # or their start cut off by a wide gap: "À payer au" | "plus tard le : …"
    "plus tard le",
)  # fmt: skip
# Dates that are not the invoice's: order, delivery, period, quote, due.
_OTHER_WORDS = (
    "commande", "livraison", "livre", "periode", "prestation", "devis", "debut", "fin",
    "du", "au", "intervention", "naissance", "expedition", "bl", "bon", "execution",
    "travaux", "situation", "marche", "notification", "echeance", "reglement",
    "paiement", "payable", "limite", "avant", "validite", "origine", "remplace", "verse",
    "versee", "acompte", "regle", "paye", "recu", "reception", "signature",
)  # fmt: skip
_OTHER_DATE = re.compile(rf"\b(?:{'|'.join(_OTHER_WORDS)})\b")
CUT_WORD = 5
"""Letters left of such a word that a scan cut off at its cell's end ("Date de
règleme", its end too faint: seed 9044 #5) for it still to name its date."""


_LINK = re.compile(r"^[\s.:]*(?:de\s+|d')?")
"""What joins a label to the word that says which date it is: "date de commande"."""

# "Facture n° F-2026-0042 du 24/11/2026": the date follows the number.
_INLINE = re.compile(r"\b(?:facture|avoir)\b[^:]{0,40}?\bdu\s+(?=\d)")


# Payment terms: "Conditions de paiement : 30 jours", days from the invoice date (the
# French default). Not "30 jours fin de mois", which counts from the month's end, nor
# "à réception", which counts from a day the document does not carry.
_TERMS = re.compile(
    r"\b(?:conditions|delai|modalites|termes?) de (?:paiement|reglement)\W{0,3}"
    r"(?:a |sous )?(?P<days>\d{1,3}) ?jours(?! ?(?:fin|f\.? ?d\.? ?m))"
)


def extract(doc: Doc) -> Iterator[Candidate]:
    for seg in doc.segments:
        for m in _TERMS.finditer(seg.folded):
            days = int(m.group("days"))
            hit = Hit(seg, m.start(), m.end())
            yield candidate_at(Aux.PAYMENT_DAYS, days, hit, 0.9, "terms")
    for seg in doc.segments:
        for m in _INLINE.finditer(seg.folded):
            date_match = DATE_RE.match(seg.folded, m.end())
            if date_match is None:
                continue
            try:
                value = date_from_match(date_match)
            except DateFormatError:
                continue
            hit = Hit(seg, date_match.start(), date_match.end())
            yield candidate_at(FieldName.INVOICE_DATE, value, hit, 0.85, "inline")
    due = set()
    # On a scan, a cell holding only a label OCR garbled: "BCHEANCE LE" (seed
    # 9104 #30).
    for hit in [*doc.find(DUE_DATE), *garbled_cells(doc, DUE_DATE)]:
        hit = wrapped_label(doc, hit, DUE_DATE)
        for candidate in _dated(doc, FieldName.DUE_DATE, hit):
            due.add((candidate.page, candidate.bbox))
            yield candidate
    for hit in [*doc.find(INVOICE_DATE), *garbled_cells(doc, INVOICE_DATE)]:
        if not _OTHER_DATE.search(
            hit.segment.folded[max(0, hit.start - 14) : hit.start]
        ) and not _stamped(doc, hit):
            yield from _dated(doc, FieldName.INVOICE_DATE, hit)
    yield from _unlabelled(doc, due)


# A stamp's word over its date: "PAYÉ" / "le 03/07/2026", "REÇU LE" / "7 AVRIL
# 2026" (a scan reads them as two lines).
_STAMP = re.compile(
    r"\b(?:paye|payee|recu|recue|regle|reglee|acquitte|acquittee)(?: le)?\W*$"
)


def _stamped(doc: Doc, hit: Hit) -> bool:
    """True for a label that opens its cell under a stamp's word (`_under_stamp`):
    the stamp's date (seed 9036 #9, "PAYÉ" over "le 03/07/20 26", taken for the
    invoice date; 9049 #58, a letterhead's row between "PAYÉ" and "le
    11/04/2025")."""
    seg = hit.segment
    return not seg.folded[: hit.start].strip() and _under_stamp(doc, seg)


def _under_stamp(doc: Doc, seg: Segment) -> bool:
    """True when the nearest cell above ``seg`` over the same columns, within two
    rows, ends with a stamp's word."""
    for row in (seg.row - 1, seg.row - 2):
        over = [
            s
            for s in doc.rows.get((seg.page, row), [])
            if min(s.x1, seg.x1) > max(s.x0, seg.x0)
        ]
        if over:
            return any(_STAMP.search(s.folded) for s in over)
    return False


LOW_ON_THE_PAGE = 0.6
"""Share of the page's height under which a bare "le" dates a stamp more than not."""


def _dated(doc: Doc, field: FieldName, hit: Hit) -> Iterator[Candidate]:
    label = hit.segment.folded[hit.start : hit.end].strip(" .:")
    weak = label in ("le", "date")
    rest = _LINK.sub("", hit.segment.folded[hit.end :], count=1)
    if field is FieldName.INVOICE_DATE and (_OTHER_DATE.match(rest) or _cut(rest)):
        return  # "Date de commande :", its date in the next cell: another date
    for found in values_after(doc, hit, LABELLED_DATE_RE, folded=True, below=1):
        between = found.between.strip(" :.-–")
        if found.place.relation == "right" and any(c.isalpha() for c in between):
            continue  # the cell's own words name its date: "PAYÉ le 10/08/2026"
        if found.place.relation == "below" and _OWN_LABEL.search(
            DATE_RE.sub(" ", between)
        ):
            continue  # so does a label under it: "COMMANDE DU: 09.09.2026"
        if found.place.relation != "same" and _under_stamp(doc, found.segment):
            continue  # a stamp's over the label's row: "REÇU LE" (seed 9097 #58)
        if (
            found.place.relation == "same"
            and len(between) > 3
            and (field is FieldName.INVOICE_DATE or _OTHER_DATE.search(between))
        ):
            return  # words between the label and the date: it is another date
        m = LABELLED_DATE_RE.match(found.segment.folded, found.start)
        if m is not None and m.group("gy") and found.segment.method is not Method.OCR:
            # Printed, a space in a year is one: "06.12.20 25" is a date of 2020.
            m = DATE_RE.match(found.segment.folded, found.start)
        if m is None:
            return
        g = m.groupdict()
        slashes_read = bool(g.get("xs") or g.get("xt"))
        misspelt = g.get("ly") or g.get("cy")
        if (slashes_read or misspelt) and found.segment.method is not Method.OCR:
            return  # digits printed so are a number, no date
        try:
            value: date | None = date_from_match(m)
        except DateFormatError:
            value = None
        misread = (
            _misread(doc, m, found) if found.segment.method is Method.OCR else None
        )
        if value is None and misread is None:
            return
        # A bare "le" is the weaker: "PAYÉ le 20/12/2026" is a stamp's date,
        # the more so low on the page, where stamps go and no header does.
        confidence = (0.9 if not weak else 0.65 if label == "le" else 0.7) * found.prior
        if label == "le" and doc.relative_top(hit.segment) > LOW_ON_THE_PAGE:
            confidence *= 0.8
        tags = ("label", "weak_label") if weak else ("label",)
        if not DATE_RE.fullmatch(m.group(0)):  # separators lost: unproven
            confidence, tags = confidence * 0.8, (*tags, "repaired")
        if misread is not None:
            value, confidence = misread, confidence * DATE_MISREAD
            tags = (*tags, "repaired")
        elif slashes_read:
            confidence *= DATE_MISREAD
        yield candidate_at(field, value, found, confidence, *tags)
        return


_OWN_LABEL = re.compile(r"[a-z]{3,}")
"""A word of a cell's own before its date (other dates aside, where OCR ran a row's
cells together): the date's own label."""


def _cut(rest: str) -> bool:
    """True when the label's cell ends with the start of a word naming another date."""
    word = rest.strip(" .:")
    return (
        len(word) >= CUT_WORD
        and word.isalpha()
        and any(w.startswith(word) for w in _OTHER_WORDS)
    )


DATE_MISREAD = 0.7
"""A scanned date with one digit mended (`_misread`): nothing proves it."""


def _misread(doc: Doc, m: re.Match[str], found: Found) -> date | None:
    """The date a scan misread by one digit: a 1 read as a 7 in a day or month
    that cannot be ("71-09-2025", seed 9050 #48), or a year still to come past
    `FUTURE_YEARS` that is a digit away from the one every other date on the
    document has ("2085-08-05" beside "2025-06-16", seed 9049 #46; not the
    other way round: "2025-06-30" beside a misread "2925-05-31", seed 9052
    #18). None when nothing looks misread, or the mend is not the only one."""
    year, month, day = date_parts(m)
    if _first_misread(found.segment.folded, m):
        # "1er octobre" read "4er octobre" (seed 9083 #44): "er" follows a 1 only.
        return date(year, month, 1)
    tens = _tens_before(found.segment.folded, m.start())
    if tens is not None:
        day += 10 * tens
        return date(year, month, day) if _possible(year, month, day) else None
    if not _possible(year, month, day):
        day, month = (v - 60 if 70 <= v <= 79 else v for v in (day, month))
        return date(year, month, day) if _possible(year, month, day) else None
    if _plausible(year):
        return None
    years = _years_elsewhere(doc, found)
    if not years or min(years) - 1 <= year <= max(years) + 1:
        return None
    near = [y for y in years if _one_digit_apart(y, year)]
    if len(near) != 1 or not _possible(near[0], month, day):
        return None
    return date(near[0], month, day)


def _first_misread(text: str, m: re.Match[str]) -> bool:
    """True when a date's day is one digit other than 1 with "er" after it: the
    first of the month ("1er"), its 1 misread."""
    day = m.groupdict().get("td")
    return (
        day is not None
        and len(day) == 1
        and day != "1"
        and text[m.end("td") : m.end("td") + 2] in ("er", "ef")
    )


def _tens_before(text: str, start: int) -> int | None:
    """The tens of a date at ``start`` that opens with a lone digit OCR cut from
    them: an italic 1 read as a slash glued before it ("/0 sept. 2026" for the
    10th, seed 9060 #54; "/9nov." for the 19th, seed 9057 #54), the italic 1's
    flag read as a slash after it ("1/6 août 2026" for the 16th, seed 9081 #19),
    or a space set inside the day ("le 2 2/10/2026" for the 22nd, seed 9086
    #16). None when nothing stands so before it."""
    if not (
        start >= 1
        and text[start - 1] in "/ "
        and text[start : start + 1].isdigit()
        and not text[start + 1 : start + 2].isdigit()
    ):
        return None
    if text[start - 1] == "/" and (start < 2 or not text[start - 2].isalnum()):
        return 1
    if (
        start >= 2
        and text[start - 2] in "123"
        and (start < 3 or not text[start - 3].isalnum())
    ):
        return int(text[start - 2])
    return None


def _possible(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _years_elsewhere(doc: Doc, found: Found) -> set[int]:
    """The years of the document's dates, but the one at ``found``."""
    years = set()
    for seg in doc.segments:
        for m in DATE_RE.finditer(seg.folded):
            if seg is found.segment and m.start() == found.start:
                continue
            year, month, day = date_parts(m)
            if _possible(year, month, day) and _plausible(year):
                years.add(year)
    return years


FUTURE_YEARS = 1
"""Years past this one a date of an invoice may be in: "2085" is a misreading."""


def _plausible(year: int) -> bool:
    return year <= datetime.now(tz=UTC).year + FUTURE_YEARS


def _one_digit_apart(a: int, b: int) -> bool:
    x, y = str(a), str(b)
    return len(x) == len(y) and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _unlabelled(
    doc: Doc, due: set[tuple[int, tuple[float, float, float, float] | None]]
) -> Iterator[Candidate]:
    """The first date on the first page, when no label names it: a weak guess. Not
    one a due date's label names, in the cell before it (seed 9051 #56, "Date limite
    de paiement" | "15-02-2026", taken for the invoice date at 0.39)."""
    for seg in doc.segments:
        if seg.page != doc.pages[0].number:
            return
        m = DATE_RE.search(seg.folded)
        if m and not _OTHER_DATE.search(seg.folded[: m.start()]):
            try:
                value = date_from_match(m)
            except DateFormatError:
                continue
            tags, weight = ("unlabelled",), 0.45
            if seg.method is Method.OCR and _first_misread(seg.folded, m):
                value, weight = value.replace(day=1), weight * DATE_MISREAD
                tags = (*tags, "repaired")
            candidate = candidate_at(
                FieldName.INVOICE_DATE,
                value,
                Hit(seg, m.start(), m.end()),
                weight,
                *tags,
            )
            if (candidate.page, candidate.bbox) in due:
                continue
            yield candidate
            return
