"""Invoice number, engagement, contract, service code and billing frame, by their labels.

A reference is the first token after its label that looks like one (it carries a digit,
or for a service code is written in capitals) and that is not a date or an amount.
A label preceded by words that point elsewhere ("annule et remplace la facture n°",
"date de commande") is not the invoice's own.
"""

import re
from collections.abc import Iterator
from dataclasses import replace
from statistics import median

from rapidfuzz import fuzz

from ingest.contract import FieldName, Method
from ingest.extractors.base import (
    LEAD_RE,
    TITLE_GAP,
    Candidate,
    Doc,
    Found,
    Hit,
    Segment,
    candidate_at,
    garbled_cells,
    garbled_label,
    label_pattern,
    value_start,
    values_after,
)
from ingest.extractors.identifiers import DIGIT_LOOKALIKES
from ingest.values import AMOUNT_RE, DATE_RE, S_READ_AS_DOLLAR, fold

INVOICE_NUMBER = {
    "strong": label_pattern(
        "facture n", "n de facture", "numero de facture", "facture numero", "n facture",
        "no facture", "facture no", "avoir n", "n d'avoir", "numero d'avoir", "avoir numero",
        "n de l'avoir", "numero facture", "num facture", "facture num", "n de piece",
        "n piece", "piece n", "numero de piece",
        "invoice number", "invoice no", "facture d'avoir n", "n de la facture",
        "numero de la facture", "n de l'avoir",
        "note de credit n",
    ),
    "weak": label_pattern(
        "numero", "n", "no", "ref", "reference", "facture", "avoir", "num", "ref facture",
        "reference facture",
    ),
}  # fmt: skip
ENGAGEMENT = label_pattern(
    "n d'engagement", "numero d'engagement", "engagement juridique", "n engagement",
    "engagement", "ej", "n ej", "bon de commande", "n de bon de commande", "bon de commande n",
    "n de commande", "commande n", "numero de commande", "commande", "votre commande",
    "bc", "n bc", "ref commande", "reference commande", "bdc", "n bdc", "purchase order",
    "numero ej", "n de l'engagement", "engagement n", "bon de commande numero",
    "ref commande client", "reference commande client", "votre ref commande",
    "votre reference commande", "n commande client", "commande client", "n de bon",
    "n bon de commande", "n du bon de commande", "n d'engagement juridique",
    "numero d'engagement juridique", "engagement juridique n", "votre bon de commande",
    "votre commande n",
)  # fmt: skip
# OCR reads the E of "EJ" as a B: "BJ: 1300489607", "N° BJ" (seeds 9038 #36, 9044
# #37). No label of its own on a scan.
ENGAGEMENT_MISREAD = label_pattern("bj", "n bj")
# Light grey, its J read as an s: "Es:" | "1300535110" (seed 9057 #41), or a g:
# "Eg: 2025002788" (seed 9064 #14). A word of prose too: only opening a cell, with
# a colon.
ENGAGEMENT_MISREAD_CELL = re.compile(r"\Ae[sig](?=\s*:(?:\s|\Z))")
CONTRACT = label_pattern(
    "marche n", "n de marche", "numero de marche", "marche", "n marche", "ref marche",
    "reference du marche", "accord-cadre", "accord cadre", "marche public", "n du marche",
    "reference marche",
    # Its "n°" glued on by OCR: "Marché > publicn°: 25S1396" (seed 9103 #40).
    "marche public n",
)  # fmt: skip
# "Contrat" also names insurance policies and maintenance contracts: a weaker label.
CONTRACT_WEAK = label_pattern(
    "contrat n", "n de contrat", "numero de contrat", "contrat"
)
SERVICE = label_pattern(
    "code service", "service executant", "code service executant", "code du service",
    "code service destinataire", "service destinataire", "code de service", "code se",
    "code s e", "code du service executant",
)  # fmt: skip
# A bare "Service" names an invoice line ("Service en salle") as often as it labels a
# code: it counts only alone in its cell or followed by a colon.
BARE_SERVICE = re.compile(r"(?:^|(?<=[-–—•|] ))service(?:\s*:|\s*$)")
# Words that head a cell rather than fill it: a code spelled like one is a label.
LABEL_WORDS = frozenset(
    [
        "client",
        "date",
        "echeance",
        "service",
        "commande",
        "facture",
        "numero",
        "reference",
        "ref",
        "siret",
        "tva",
        "total",
        "montant",
        "code",
        "devis",
        "bl",
        "ej",
        "bc",
        "marche",
        "engagement",
        "contrat",
        "adresse",
        "destinataire",
        "objet",
        "page",
        "periode",
        "designation",
        "description",
        "article",
        "libelle",
        "quantite",
        "qte",
        "prix",
        "unite",
        "unitaire",
        "votre",
        "notre",
    ]
)
BILLING_FRAME = label_pattern("cadre de facturation", "cadre de facture")
_REFERENCE_LABELS = {
    FieldName.ENGAGEMENT_NUMBER: ENGAGEMENT,
    FieldName.CONTRACT_NUMBER: CONTRACT,
    FieldName.BUYER_SERVICE_CODE: SERVICE,
}

REFERENCE_RE = re.compile(
    r"(?<![\w/.-])(?:"
    # A letter prefix printed apart from its digits: "FA 2026 0042".
    r"[A-Z]{1,4}(?: \d[\d/_.\-]*(?<=\d))+(?=\s|$)"
    r"|[A-Za-z0-9][A-Za-z0-9/_.\-]*(?<=[A-Za-z0-9]))"
)
# A code ends at a space or a stop: the "00" of "00/2" is no code.
CODE_RE = re.compile(r"(?<![\w/.-])[A-Z0-9][A-Z0-9_.\-]*(?<=[A-Z0-9])(?![\w]|/\w)")
FRAME_RE = re.compile(r"(?<![\w])a(\d{1,2})(?![\d])")
# On a scan the 1 of "A1" comes out as l, i, j, T or |: "Al - Facture fournisseur".
OCR_FRAME_RE = re.compile(r"(?<![\w])a([\dlijt|!]{1,2})(?![\w|!])")
_ONES = str.maketrans("lijt|!", "111111")
# A T is read as a 1 only when the frame's own name follows: "AT - Facture fournisseur".
_FAR_ONE = "t"
LAST_FRAME = 25
"""Billing frames run from A1 to A25."""
# The names printed after the code (folded), as the portal lists them; a frame OCR
# misread is taken as repaired when its own name follows it.
FRAME_NAMES = {
    "A1": "facture fournisseur",
    "A2": "facture fournisseur deja payee",
    "A4": "projet de decompte mensuel",
    "A5": "etat d'acompte",
    "A7": "projet de decompte final",
    "A8": "decompte general et definitif",
    "A9": "facture de sous-traitant",
    "A10": "demande de paiement",
    "A12": "facture de cotraitant",
}
FRAME_NAME_SCORE = 85

# Words before a label that make it someone else's reference.
_ELSEWHERE = re.compile(
    r"\b(?:remplace|origine|annule|relati\w*|sur|votre|rectifi\w*|initiale|precedente|concerne"
    r"|date|la|l'|date de|du|client|devis|bl|livraison|n)\W*$"
)


def extract(doc: Doc) -> Iterator[Candidate]:
    yield from _labelled(doc, FieldName.INVOICE_NUMBER, INVOICE_NUMBER["strong"], 0.9)
    yield from _labelled(
        doc,
        FieldName.INVOICE_NUMBER,
        INVOICE_NUMBER["weak"],
        0.7,
        leading=True,
        longer=INVOICE_NUMBER["strong"],
    )
    yield from _under_title(doc)
    yield from _labelled(doc, FieldName.ENGAGEMENT_NUMBER, ENGAGEMENT, 0.9)
    yield from _labelled(
        doc, FieldName.ENGAGEMENT_NUMBER, ENGAGEMENT_MISREAD, 0.7, scanned=True
    )
    yield from _labelled(
        doc, FieldName.ENGAGEMENT_NUMBER, ENGAGEMENT_MISREAD_CELL, 0.6, scanned=True
    )
    yield from _self_named_engagements(doc)
    yield from _labelled(doc, FieldName.CONTRACT_NUMBER, CONTRACT, 0.9)
    yield from _labelled(
        doc,
        FieldName.CONTRACT_NUMBER,
        CONTRACT_WEAK,
        0.7,
        leading=True,
        longer=CONTRACT,
    )
    yield from _labelled(doc, FieldName.BUYER_SERVICE_CODE, SERVICE, 0.9, code=True)
    for hit in doc.find(BARE_SERVICE):
        candidate = _reference(doc, FieldName.BUYER_SERVICE_CODE, hit, 0.8, code=True)
        if candidate is not None:
            yield candidate
    for hit in _service_set_apart(doc):
        candidate = _reference(doc, FieldName.BUYER_SERVICE_CODE, hit, 0.7, code=True)
        if candidate is not None:
            yield candidate
    # "… - Service" / "exécutant : DSI01", "… - Code service" / "exécutant :
    # DSI01" (seed 9099 #28): the label wrapped onto the next line.
    wrapped = [
        *_wrapped(doc, BARE_SERVICE, _EXECUTANT),
        *_wrapped(doc, SERVICE, _EXECUTANT),
    ]
    for hit in wrapped:
        candidate = _reference(doc, FieldName.BUYER_SERVICE_CODE, hit, 0.8, code=True)
        if candidate is not None:
            yield candidate
    frames = [*doc.find(BILLING_FRAME), *_wrapped(doc, _FRAME_HEAD, _FRAME_REST)]
    for hit in frames:
        frame = _frame(doc, hit)
        if frame is not None:
            yield frame


_EXECUTANT = re.compile(r"executant(?=\s*(?::|n\b|$))")
_FRAME_HEAD = re.compile(r"\bcadre de$")
_FRAME_REST = re.compile(r"factur(?:ation|e)\b")


COLUMN_SLACK = 2.0
"""How far (points) two cells' left edges may lie apart and still start a column."""


def _service_set_apart(doc: Doc) -> Iterator[Hit]:
    """A bare "Service" and its code in capitals taken for one cell ("Service DAF",
    a gap of one font height between them) when the code starts where a cell of
    the row above or below starts: it heads a column of values, as "EJ78162457"
    under it does. The hit is the label; the code follows it."""
    for seg in doc.segments:
        if not (
            len(seg.words) == 2
            and seg.folded.startswith("service ")
            and seg.words[1].text.isupper()
        ):
            continue
        x0 = seg.words[1].x0
        near = (
            other
            for row in (seg.row - 1, seg.row + 1)
            for other in doc.rows.get((seg.page, row), ())
        )
        if any(abs(other.x0 - x0) <= COLUMN_SLACK for other in near):
            yield Hit(seg, 0, len(seg.words[0].text))


def _wrapped(doc: Doc, head: re.Pattern[str], rest: re.Pattern[str]) -> Iterator[Hit]:
    """The ends of labels that wrap: ``head`` ends a line, ``rest`` opens the next
    one ("Cadre de" / "facturation : A1"), as a paragraph wraps. Each hit is the
    rest, on the next line, where the value follows."""
    for hit in doc.find(head):
        if hit.segment.folded[hit.end :].strip(" :"):
            continue
        after = doc.continuation(hit.segment)
        m = rest.match(after.folded) if after is not None else None
        if after is not None and m is not None:
            yield Hit(after, 0, m.end())


def _frame(doc: Doc, hit: Hit) -> Candidate | None:
    """The billing frame's code after its label; on a scan, with its 1s read back."""
    pattern = OCR_FRAME_RE if hit.segment.method is Method.OCR else FRAME_RE
    for found in values_after(doc, hit, pattern, folded=True, below=1):
        text = found.segment.folded[found.start + 1 : found.end]
        number = text.translate(_ONES)
        # The code opens its cell ("A1 - Facture fournisseur"); an "A4" further
        # in is another cell's text ("Ramette papier A4"), not a frame.
        if found.between.strip(" :-–") or not 1 <= int(number) <= LAST_FRAME:
            continue
        frame, prior = f"A{int(number)}", 0.95
        if number != text:
            named = _named_frame(found.segment.folded[found.end :])
            prior *= 1.0 if named == frame else 0.7
            if named not in (frame, None) or (named is None and _FAR_ONE in text):
                continue  # another frame's name: the code is not what it seems
        return candidate_at(FieldName.BILLING_FRAME, frame, found, prior, "label")
    if hit.segment.method is Method.OCR:
        # A code OCR read past repair ("AQ - Facture de sous-traitant" for A9):
        # the frame its name says, as sure as a 1 read back.
        for found in values_after(doc, hit, _OCR_ANY_FRAME, folded=True, below=1):
            code = found.segment.folded[found.start : found.end]
            if OCR_FRAME_RE.fullmatch(code) or found.between.strip(" :-–"):
                continue  # a code read as one, which its name contradicted
            named = _named_frame(found.segment.folded[found.end :])
            if named is not None:
                return candidate_at(
                    FieldName.BILLING_FRAME, named, found, 0.95 * 0.7, "label", "named"
                )
    return None


_OCR_ANY_FRAME = re.compile(r"(?<![\w])a[\da-z|!]{1,2}(?![\w|!])")


def _named_frame(after: str) -> str | None:
    """The frame whose name opens ``after`` ("- Facture fournisseur"): the closest
    name, the longer when two fit as well ("facture fournisseur déjà payée")."""
    text = after.strip(" :-–")
    scores = {
        code: fuzz.ratio(name, text[: len(name)]) for code, name in FRAME_NAMES.items()
    }
    code = max(scores, key=lambda c: (scores[c], len(FRAME_NAMES[c])))
    return code if scores[code] >= FRAME_NAME_SCORE else None


def _labelled(
    doc: Doc,
    field: FieldName,
    label: re.Pattern[str],
    prior: float,
    *,
    code: bool = False,
    leading: bool = False,
    scanned: bool = False,
    longer: re.Pattern[str] | None = None,
) -> Iterator[Candidate]:
    """Candidates after each label; a ``leading`` label must open its cell, a
    ``scanned`` one (a misreading of a label) must stand on an OCR'd page. A
    label alone in its cell is no label when the cell next to it holds a
    ``longer`` one of the field (`_runs_into`)."""
    hits = [*doc.find(label), *garbled_cells(doc, label)]
    if scanned:
        hits = [h for h in hits if h.segment.method is Method.OCR]
    for hit in hits:
        if _after_a_label(doc, hit, hits):
            continue  # "Engagement juridique: BC- 2025-0560": the value's prefix
        hit = garbled_label(hit, label)
        before = hit.segment.folded[max(0, hit.start - 24) : hit.start]
        if _ELSEWHERE.search(before) or (
            leading and hit.segment.folded[: hit.start].strip(" -–|:")
        ):
            continue
        if (leading or hit.segment.folded[: hit.start].strip()) and doc.heads_items(
            hit.segment
        ):
            continue  # "Réf." over a column of item codes, "Qté marché" of quantities
        if _opens_another_label(doc, hit, field):
            continue  # "N° EJ 1342033142": the "N°" of the engagement's label
        if longer is not None and _runs_into(doc, hit, longer):
            continue  # "Avoir" | "sur facture n°": one label, cut in two
        # A label inside a sentence ("Assurance décennale – contrat n° …") is prose.
        words = len(hit.segment.folded[: hit.start].split())
        candidate = _reference(
            doc, field, hit, prior * (0.8 if words >= 3 else 1.0), code=code
        )
        if candidate is not None:
            yield candidate


def _opens_another_label(doc: Doc, hit: Hit, field: FieldName) -> bool:
    """True when another reference's label follows the label at ``hit``: "N° EJ
    1342033142" is the engagement's, not an invoice number "EJ 1342033142". Or when
    the label opens a longer one that goes on in the next cell, where OCR split a
    letter-spaced label ("REF." | "COMMANDE CLIENT", seed 9057 #5)."""
    seg = hit.segment
    start = value_start(seg, hit.end)
    others = [label for other, label in _REFERENCE_LABELS.items() if other is not field]
    if start < len(seg.folded):
        return any(label.match(seg.folded, start) for label in others)
    nearest = next(iter(doc.right_of(seg)), None)
    if nearest is None or nearest.x0 - seg.x1 > LABEL_GAP * seg.height:
        return False
    joined = f"{seg.folded} {nearest.folded}"
    return any(
        (m := label.match(joined, hit.start)) is not None and m.end() > len(seg.folded)
        for label in others
    )


LABEL_GAP = 2.5
"""Widest gap, in the label's heights, between a label's cell and the next cell that
goes on with it."""


def _runs_into(doc: Doc, hit: Hit, longer: re.Pattern[str]) -> bool:
    """True when the label at ``hit`` ends its cell and the next cell, within
    `LABEL_GAP`, holds a ``longer`` label: the two cells are one phrase that OCR
    cut at a word space ("Avoir" | "sur facture n°" in Courier, whose spaces are
    wide for its short capitals, seed 9096 #50). The longer label reads the value
    from its own cell; the first word of the phrase is no label of its own."""
    seg = hit.segment
    if value_start(seg, hit.end) < len(seg.folded):
        return False
    nearest = next(iter(doc.right_of(seg)), None)
    return (
        nearest is not None
        and nearest.x0 - seg.x1 <= LABEL_GAP * seg.height
        and longer.search(nearest.folded) is not None
    )


# A title alone in its cell, and the lone reference just under it: the invoice's
# number, its "N°" lost (seed 9037 #10: "FACTURE" boxed over "N°  FA2026051144",
# the "N°" never read).
_TITLE_ALONE = re.compile(r"(?:facture|avoir|facture d'avoir|note de credit)")
UNDER_TITLE = 0.5
"""Prior of that number: below every labelled one."""
UNDER_TITLE_ROWS = 2.5
"""How far under the title, in its heights, the number may stand."""
TITLE_SIZE = 1.25
"""A title is this many times the page's median line height or more: a column's
"Facture" over a list of invoices is not one."""


def _under_title(doc: Doc) -> Iterator[Candidate]:
    """The number standing alone in the title's block on page one: the first row
    under a title alone in its cell (within `UNDER_TITLE_ROWS` of its heights),
    with one cell from the title's left edge on, which holds a single reference
    of six characters or more, four of them digits, that is no date or amount."""
    if not doc.segments:
        return
    first = doc.pages[0].number
    body = median(s.height for s in doc.segments)
    for title in doc.segments:
        kind = _TITLE_ALONE.fullmatch(title.folded.strip(" .:"))
        if (
            kind is None
            or title.page != first
            or doc.relative_top(title) > 0.45
            or title.height < TITLE_SIZE * body
        ):
            continue
        band = [
            s
            for s in doc.by_page[first]
            if title.bottom < s.top <= title.bottom + UNDER_TITLE_ROWS * title.height
            and s.x0 >= title.x0 - title.height
        ]
        if not band:
            continue
        row = [s for s in band if s.row == min(band, key=lambda s: s.top).row]
        text = row[0].text.strip(" .;,")
        if (
            len(row) != 1
            or not REFERENCE_RE.fullmatch(text)
            or len(text) < 6
            or sum(c.isdigit() for c in text) < 4
            or not _plausible(text, text, 0, code=False)
        ):
            continue
        start = row[0].text.index(text)
        hit = Hit(row[0], start, start + len(text))
        # Under "Facture" on a credit note, the number may be the invoice credited.
        names = ("names_invoice",) if kind.group(0) == "facture" else ()
        yield candidate_at(
            FieldName.INVOICE_NUMBER, text, hit, UNDER_TITLE, "under_title", *names
        )


_CREDIT_NUMBER = re.compile(r"AV[-/ ]?\d")
"""A credit note's own number: "AV004630", "AV-2026-0012"."""
SELF_NAMED = 0.6
"""An engagement number found by its "EJ" prefix alone, its label lost."""
_EJ_CELL = re.compile(r"EJ\d{8,10}")


def _self_named_engagements(doc: Doc) -> Iterator[Candidate]:
    """An engagement number alone in its cell that names itself: "EJ22353822",
    beside a label OCR garbled past reading ("EJ :" read "H}::", seed 9073 #29).
    Nothing says it is this invoice's: below 0.9 by itself."""
    for seg in doc.segments:
        text = seg.text.strip(" .;,|")
        if _EJ_CELL.fullmatch(text):
            start = seg.text.index(text)
            hit = Hit(seg, start, start + len(text))
            yield candidate_at(
                FieldName.ENGAGEMENT_NUMBER, text, hit, SELF_NAMED, "unlabelled"
            )


def _after_a_label(doc: Doc, hit: Hit, hits: list[Hit]) -> bool:
    """True when this label is a value's prefix glued to it by a hyphen ("BC-")
    and another of the labels ends right before it, in its cell or the cell to
    its left, with nothing but a colon between: it opens the other's value
    ("Engagement juridique :" | "BC- 2025-0560"). Two labels read as one
    ("Facture Réf. :") are not that."""
    seg = hit.segment
    if not seg.folded.startswith("-", hit.end):
        return False
    places = [(seg, hit.start)]
    if not seg.folded[: hit.start].strip(" :"):
        places += [(left, len(left.folded)) for left in doc.left_of(seg)[-1:]]
    return any(
        other is not hit
        and other.segment is where
        and other.end <= end
        and not where.folded[other.end : end].strip(" :")
        for where, end in places
        for other in hits
    )


def _reference(
    doc: Doc, field: FieldName, hit: Hit, prior: float, *, code: bool
) -> Candidate | None:
    """The token right after the label; in another cell it must fill the cell.

    After a label in running text ("Marché public de travaux") the next word is not a
    value, and the label is not one: nothing is read from it. A value far to the right
    loses to one set just under the label (a side column beside a table).
    """
    pattern = CODE_RE if code else REFERENCE_RE
    chosen: Found | None = None
    for place in doc.places_after(hit, below=1):
        seg, same = place.segment, place.relation == "same"
        start = value_start(seg, place.offset)
        ocr = seg.method is Method.OCR
        text = seg.text
        if ocr and start and _OCR_SLASH_ONE.match(seg.text, start - 1):
            start -= 1  # the lead's last mark is the number's 1
        if ocr:  # same length: offsets hold
            text = _OCR_CODE_ONE.sub("1", text) if code else _ocr_read(text)
        m = pattern.match(text, start)
        if code and m is None and ocr:
            m = _OCR_CODE_CASE.match(seg.text, start)
        if not code and ocr:
            # OCR set a space beside a hyphen: "MAR- 25-832".
            m = _OCR_SPLIT_AT_SEPARATOR.match(text, start) or m
        alone = m is not None and (
            not text[m.end() :].strip(" .;,")
            or (
                place.relation == "right"
                and _NEXT_ITEM.match(text, m.end()) is not None
            )
        )
        split = _split_number(seg.text, start) if not code and ocr else None
        if split is not None:
            # OCR set a space inside a number ("2026006 091"): the cell is the value.
            m, alone = split, True
        if place.relation == "below" and (
            _labels_a_reference(seg) or _LABEL_END.search(seg.folded.rstrip())
        ):
            # A grid of labels, each with its value far to the right: "SELON
            # DEVIS:" under "SERVICE:" is a label of its own (seed 9072 #33), so
            # is "PROPOSITION N°" under "SERVICE" (seed 9077 #11).
            continue
        if not (same or alone) and place.relation == "below":
            # OCR runs a row's cells together ("F-2026-6007 4 nov. 2026"): the
            # value is then the word set under the label.
            under = _word_under(hit, seg)
            if under is not None and not _phrase_under(hit, seg, under[1]):
                start, end = under
                m = pattern.match(seg.text, start)
                alone = m is not None and m.end() == end
        if m and _plausible(m.group(0), seg.text, start, code=code) and (same or alone):
            found = Found(place, m.start(), m.end(), seg.folded[place.offset : start])
            if chosen is None or (
                _under(hit.segment, seg)
                and _far_right(hit.segment, chosen)
                and _read_as_surely(found, chosen)
            ):
                chosen = found
            if same or place.relation == "below":
                break
        elif same:
            return None
    if chosen is None:
        return None
    # On a credit note an invoice's label names the invoice credited, unless the
    # number names itself a credit note's ("Numéro de facture AV004630", seed
    # 9074 #3).
    tags = (
        ("label", "names_invoice")
        if "factur" in hit.segment.folded[hit.start : hit.end]
        and not _CREDIT_NUMBER.match(chosen.text)
        else ("label",)
    )
    if (
        chosen.place.relation == "same"
        and chosen.segment.method is Method.OCR
        and hit.segment.text[hit.end : hit.end + 2] == "- "
        and chosen.text[:1].isdigit()
    ):
        # "BC- 2025-8384": the label's colon read as a hyphen ("EJ- EJ89158482"),
        # or the value's own prefix, OCR set a space after (seed 9081 #43).
        prior *= GLUED_PREFIX
    spaced = _letter_spaced(chosen) if not code else chosen
    if _cut_from_spaced(spaced):
        return None  # a fragment: "FA2" of "FA2 O0 2 6 @) 6 8 6 8 2"
    value = chosen.text
    if spaced is not chosen:
        # Unproven, as a split number below.
        chosen, value = spaced, spaced.text.replace(" ", "")
        prior, tags = prior * 0.8, (*tags, "repaired")
    elif " " in value and _OCR_SPLIT_NUMBER.fullmatch(value):
        # Unproven: the two parts could be two numbers.
        value, prior, tags = value.replace(" ", ""), prior * 0.8, (*tags, "repaired")
    elif (joined := _SPACED_SEPARATOR.sub(r"\1", value)) != value:
        value, prior, tags = joined, prior * 0.8, (*tags, "repaired")
    mended = _ocr_read(value)
    if not code:
        mended = _OCR_PREFIX_ZERO.sub(r"\1O", mended)
    if (
        field is FieldName.ENGAGEMENT_NUMBER
        and _OCR_EJ_SEVEN.fullmatch(mended)
        and "ej" in hit.segment.folded[hit.start : hit.end]
    ):
        mended = "EJ" + mended[2:]
    if field is FieldName.ENGAGEMENT_NUMBER and _OCR_EJ_DIGITS.fullmatch(mended):
        mended = mended[:2] + mended[2:].translate(DIGIT_LOOKALIKES)
    elif field is FieldName.ENGAGEMENT_NUMBER and _OCR_DIGITS_BUT_ONE.fullmatch(mended):
        mended = mended.translate(DIGIT_LOOKALIKES)
    if chosen.segment.method is Method.OCR and mended != value:
        # Unproven, as every S, 1 or O read otherwise: nothing checks a reference.
        value, prior, tags = mended, prior * 0.8, (*tags, "repaired")
    if code and chosen.segment.method is Method.OCR:
        repaired = _OCR_CODE_ONE.sub("1", value.upper())
        # An O the OCR told a letter by its glyph stays one ("ECO7", holdout 9165).
        words = chosen.segment.words_in(chosen.start, chosen.end)
        if not any(w.letter_o for w in words):
            repaired = _OCR_CODE_ZERO.sub("0", repaired)
        if repaired != value:  # unproven: nothing checks a service code
            value, prior, tags = repaired, prior * 0.8, (*tags, "repaired")
    return candidate_at(field, value, chosen, prior * chosen.prior, *tags)


# A row of items set apart by spaced dashes, OCR running the next one into the
# value's cell: "Marché" | "2026-M-0099 - BL n°" | "BL48325 - Date commande"
# (seed 9086 #16).
# Or, on a continuation page's header, the word that says so: "Facture FA2026091
# 125 (suite)" (seed 9114 #15, whose pages 2 and 3 then outvoted page 1).
_NEXT_ITEM = re.compile(r" [-–—] (?=\D)| \((?:suite|cont(?:inued|\.)?)\)", re.I)

GLUED_PREFIX = 0.6
"""What a scanned value keeps of its label's confidence when that label ends in
a hyphen a space follows and the value starts with a digit: the "label" may be
the value's own prefix ("BC- 2025-8384" for BC-2025-8384)."""

_LETTER_SPACED_TAIL = re.compile(r"(?: \d{1,3})+[ .;,]*$")
_SPACED_DIGITS = re.compile(r" (\d{1,3})")


def _letter_spaced(found: Found) -> Found:
    """A value letter-spaced like the title it follows, which OCR cut before its
    last digits ("FACTURE N° 2025/08/91 9", "FACTURE N° 122 3 3" for 12233, seed
    9056 #1): those digits, closing the cell and each set closer to the one
    before than a space, are its own (two or more after a space are joined
    anyway, as a split number)."""
    seg = found.segment
    if seg.method is not Method.OCR or not _LETTER_SPACED_TAIL.match(
        seg.text, found.end
    ):
        return found
    last, end = seg.words_in(found.end - 1, found.end)[-1], found.end
    for m in _SPACED_DIGITS.finditer(seg.text, found.end):
        tail = seg.words_in(m.start(1), m.end(1))[0]
        if tail.x0 - last.x1 >= TITLE_GAP * max(last.height, tail.height):
            return found
        last, end = tail, m.end()
    return replace(found, end=end)


SPACED_FRAGMENTS = 3
"""Letter-spaced pieces after a value that make it a fragment (`_cut_from_spaced`)."""


def _cut_from_spaced(found: Found) -> bool:
    """True when a scanned value's cell goes on with three or more pieces of one or
    two characters, each set closer to the one before than a space: the rest of a
    letter-spaced number OCR read in pieces ("Facture n° FA2 O0 2 6 @) 6 8 6 8 2"
    for FA2026068682, seed 9060 #11), of which the value is only the start."""
    seg = found.segment
    if seg.method is not Method.OCR:
        return False
    last = seg.words_in(found.end - 1, found.end)[-1]
    after = sorted(
        (w for w in seg.words if w.x0 >= last.x1 - 0.5 and w is not last),
        key=lambda w: w.x0,
    )
    pieces = 0
    for w in after:
        if len(w.text) > 2 or w.x0 - last.x1 >= TITLE_GAP * max(last.height, w.height):
            break
        pieces, last = pieces + 1, w
    return pieces >= SPACED_FRAGMENTS


def _labels_a_reference(seg: Segment) -> bool:
    """A cell that holds only a reference's label ("BON DE COMMANDE :", "ACCORD-CADRE
    N°": seed 9055 #48, taken for the service code over the code beside its label)."""
    text = seg.folded.strip(" :")
    for label in (ENGAGEMENT, CONTRACT, SERVICE, INVOICE_NUMBER["strong"]):
        m = label.match(text)
        if m is not None and LEAD_RE.fullmatch(text, m.end()):
            return True
    return False


# A number OCR cut in two with a space: "2026006 091" for 2026006091, "26S 1928",
# "FA2025 100079", "FAC-00 6471", "2025/05/1 28", before its last two or three
# digits: "FA2026081 166", or just after its first digits: "2 025007868",
# "20 25/01/868", or before the digit before its separator: "F251 1-2307" (seed
# 9069 #23).
_OCR_SPLIT_NUMBER = re.compile(
    r"(?:[A-Z]{1,4}-?\d{1,4}|\d[0-9A-Z/]{2,}) (?:\d{2,}|\d[-/]\d{3,})"
    r"|[A-Z]{1,4}-?\d{5,} \d{2,3}|\d{1,2} \d(?:/?\d){6,}"
)


def _split_number(text: str, start: int) -> re.Match[str] | None:
    """A number OCR cut in two that fills the rest of its cell, or runs up to the
    next item of a row set apart by dashes ("Marché : 26S 1624 - Commande du",
    seed 9105 #49)."""
    whole = _OCR_SPLIT_NUMBER.fullmatch(text.rstrip(" .;,"), start)
    if whole is not None:
        return whole
    m = _OCR_SPLIT_NUMBER.match(text, start)
    return m if m is not None and _NEXT_ITEM.match(text, m.end()) else None


# A space OCR set on one side of a hyphen or a slash: "MAR- 25-832", "2026 /10 /149".
# Spaces on both sides (" - ") separate two things and are not joined.
_OCR_SPLIT_AT_SEPARATOR = re.compile(
    r"(?<![\w/.-])[A-Za-z0-9]+(?:(?: [-/](?=[A-Za-z0-9])|[-/] ?)[A-Za-z0-9]+)+"
    r"(?![\w/-])"
)
_SPACED_SEPARATOR = re.compile(r" ?([-/]) ?")
# After an engagement's prefix "EJ" come digits only: "EJI6495572" is EJ16495572
# (seed 9067 #29), an O there a 0.
_OCR_EJ_DIGITS = re.compile(r"EJ[0-9OIl|]{6,}")
# An engagement of digits only with one of them read as a letter of its shape inside:
# "202S006336" for 2025006336 (seed 9105 #1). A letter opening or closing a number
# may be its own ("25S1624" is a contract's shape), so only one inside, nine digits
# or more around it.
_OCR_DIGITS_BUT_ONE = re.compile(r"(?=(?:\D*\d){9})\d+[OISBZ]\d+")
# Its italic J read as a 7, under a label that says "EJ": "N°EJ: E789708984" for
# EJ89708984 (seed 9084 #24).
_OCR_EJ_SEVEN = re.compile(r"E7[0-9]{6,}")
# On a scan a capital whose small letter has its shape (c, o, s, v, w, x, z) can
# come out small: "sF001" for SF001. Taken with a capital and a digit beside it.
_OCR_CODE_CASE = re.compile(
    r"(?<![\w/.-])(?=[\w.-]*[A-Z])(?=[\w.-]*\d)"
    r"[A-Z0-9cosvwxz][A-Z0-9_.\-cosvwxz]*(?<=[A-Z0-9cosvwxz])(?![\w])"
)
# And its final 1 as an exclamation mark: "SFOO!" for SF001, or after two zeros
# as a letter of its shape: "SFOOL", "SF00l", or an italic 1 among digits as a
# slash: "00/2" for 0012 (seed 9051 #6).
# A reference's last 1 OCR read as "!": "2026/08/59!" (seed 9061 #13).
_OCR_BANG_ONE = re.compile(r"(?<=\d)!(?![\w!])")
# An italic 1 opening a number, read as a slash: "Bon de commande: /300186542"
# (seed 9081 #22).
_OCR_SLASH_ONE = re.compile(r"(?<![\w/.-])/(?=\d{4,}(?![\w/.-]))")

# A reference's letters before its first separator are letters: "A0-2025-019" is an
# O read as a 0 (seed 9063 #43).
_OCR_PREFIX_ZERO = re.compile(r"^([A-Z]+)0(?=[A-Z]*[-/.])")
_OCR_CODE_ONE = re.compile(
    r"(?<=[0-9O])!(?![\w!])|(?<=[0O]{2})[LlI|](?![\w!|])|(?<=[0-9O])/(?=\d)"
)
# OCR reads the zero of a service code's number as an O: "DSIO1" for "DSI01".
_OCR_CODE_ZERO = re.compile(r"(?<=[A-Z])O(?=O*\d+$)|(?<=\d)O")


def _ocr_ones(text: str) -> str:
    """A scanned reference with the 1s OCR read as marks put back (same length)."""
    return _OCR_SLASH_ONE.sub("1", _OCR_BANG_ONE.sub("1", text))


# An E read as a pound sign opening a reference: "£J29049021" for EJ29049021 (seed
# 9112 #41). No French reference opens with one.
_POUND_E = re.compile(r"(?<![\w£])£(?=[A-Z0-9])")


def _ocr_read(text: str) -> str:
    """A scanned reference with the marks OCR read for its characters put back: a
    dollar for an S, a pound sign for an E, marks for 1s (same length)."""
    return _ocr_ones(_POUND_E.sub("E", S_READ_AS_DOLLAR.sub("S", text)))


def _word_under(hit: Hit, seg: Segment) -> tuple[int, int] | None:
    """Where the first word of ``seg`` that stands under the label at ``hit`` starts
    and ends in its text."""
    if seg.method is not Method.OCR:
        return None
    x0, _, x1, _ = hit.segment.bbox(hit.start, hit.end)
    for word, start in zip(seg.words, seg.starts, strict=True):
        if word.x1 > x0 and word.x0 < x1:
            return start, start + len(word.text)
    return None


# How a label ends that waits for its value: its colon, or its "n°".
_LABEL_END = re.compile(r"(?::|\bn ?[°o]\.?)$")


def _phrase_under(hit: Hit, seg: Segment, end: int) -> bool:
    """True when the word of ``seg`` under the label at ``hit``, ending at ``end``,
    goes on with a word of letters still under the label: a phrase, the next
    row's label in a grid of label/value pairs ("SELON DEVIS" under "CODE
    SERVICE", its value far right, seed 9106 #59), where cells OCR ran together
    set the next cell's value under the next label ("F-2026-6007 4 nov. 2026")."""
    after = seg.words_in(end + 1, len(seg.text))
    _, _, x1, _ = hit.segment.bbox(hit.start, hit.end)
    return bool(after) and after[0].x0 < x1 and after[0].text.isalpha()


def _under(label: Segment, seg: Segment) -> bool:
    """A cell set flush under the label, as in a column of label/value pairs."""
    return abs(seg.x0 - label.x0) < label.height


def _read_as_surely(found: Found, other: Found) -> bool:
    """True unless ``found`` was read much less surely than ``other``: a value
    under the label is no better than a garbled word ("777177" for "Engagement",
    0.30 sure, under "Code service" beside "SERV-FIN")."""
    sureness = found.segment.reading_confidence(found.start, found.end)
    return sureness >= other.segment.reading_confidence(other.start, other.end) - 0.3


def _far_right(label: Segment, found: Found) -> bool:
    return (
        found.place.relation == "right"
        and found.segment.x0 - label.x1 > 4 * label.height
    )


def _plausible(token: str, text: str, start: int, *, code: bool) -> bool:
    """A reference has a digit (a service code may not), is no date and no amount."""
    if len(token) < 2 or len(token) > 40:
        return False
    # Dates are read folded: "31 décembre 2025" is a date too (seed 9110 #2).
    folded = fold(text)
    if DATE_RE.match(folded, start) or DATE_RE.fullmatch(fold(token)):
        return False
    if any(m.start() < start < m.end() for m in DATE_RE.finditer(folded)):
        return False  # the year of a date under the label ("18 nov. 2025")
    amount = AMOUNT_RE.match(text, start)
    if amount and ("," in amount.group(0) or "€" in amount.group(0)):
        return False
    if code:
        return (
            (token.upper() == token or _OCR_CODE_CASE.fullmatch(token) is not None)
            and any(c.isalnum() for c in token)
            and (any(c.isdigit() for c in token) or fold(token) not in LABEL_WORDS)
        )
    return any(c.isdigit() for c in token)
