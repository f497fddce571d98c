"""Supplier and buyer names: by their labels, by legal forms, by public-body words.

The supplier's name is where French law makes it appear: before its legal form and
capital in the footer, or as the letterhead. The buyer's name is the first line of the
block under "Client", "Destinataire", "Facturé à", or a line that names a public body.
"""

import re
from collections.abc import Iterator
from dataclasses import replace
from statistics import median

from rapidfuzz import fuzz

from ingest.contract import FieldName, Method
from ingest.extractors.base import (
    OCR_INK_SHARE,
    RELATION_PRIOR,
    Candidate,
    Doc,
    Hit,
    Segment,
    candidate_at,
    label_pattern,
)
from ingest.extractors.kinds import split_title
from ingest.extractors.places import letters_from, mended_place, mended_town
from ingest.values import fold

LEGAL_FORM_RE = re.compile(
    r"\b(?:SARL|SAS|SASU|SA|EURL|SCOP|SNC|SCI|SCA|SELARL|SELAS|GIE|SEM|SPL|EIRL|SCIC"
    r"|S\.A\.R\.L\.?|S\.A\.S\.?|S\.A\.?)(?![\w])"
)
CAPITAL_RE = re.compile(r"\b(?:au capital|capital social|capital de)\b")
# A sole trader has no capital: the law has "EI" or "Entrepreneur individuel" follow
# the name instead.
SOLE_TRADER_RE = re.compile(r"[-–—|•,(\s]*\bentrepreneur individuel\b")
SUPPLIER_LABEL = label_pattern(
    "fournisseur", "emetteur", "vendeur", "prestataire", "titulaire", "entreprise",
    "raison sociale",
)  # fmt: skip
BUYER_LABEL = label_pattern(
    "client", "destinataire", "facture a", "facturer a", "adresse a", "acheteur",
    "a l'attention de", "maitre d'ouvrage", "pouvoir adjudicateur", "adresse de facturation",
    "facturation", "donneur d'ordre", "commanditaire", "entite publique", "structure publique",
    "doit", "client destinataire", "structure destinataire", "entreprise principale",
    "maitre de l'ouvrage", "acheteur public", "destinataire de la facture",
    # OCR reads a small "à" as a 4: "Facturer 4: Département de la Gironde".
    "facture 4", "facturer 4",
)  # fmt: skip
PUBLIC_BODY_RE = re.compile(
    r"^(?:mairie|commune|ville|centre hospitalier|chu|chr|ch |lycee|college|ecole"
    r"|universite|departement|conseil (?:departemental|regional|general|municipal)"
    r"|region|ministere|prefecture|communaute|metropole|syndicat|office public"
    r"|etablissement public|ehpad|agence|rectorat|academie|institut|musee"
    r"|centre communal|ccas|sdis|hopital|hospices|caisse|chambre|tresorerie"
    r"|eurometropole|parc national|port autonome|opera|bibliotheque|cnrs|inserm)\b"
)
# A name that wraps: "Syndicat intercommunal des eaux de" / "Strasbourg".
_DANGLING_END = re.compile(
    r"(?:\b(?:de|du|des|la|le|les|et|en|sur|d'|l'|a|aux)|['’-])$"
)
_LOWER_WORD = re.compile(r"^[a-zà-ÿ]{4,}\b")
_CONTINUED_START = re.compile(r"^(?:d['’]|de |du |des |la |le |l['’]|et |en |sur )")
# A point of the compass alone on its line ends a place's name: "Communauté de
# communes du Grand" / "Est"; no service or address line is one word of these.
_COMPASS = re.compile(r"(?:nord|sud|est|ouest)(?:-(?:est|ouest))?")
_NOT_A_NAME = re.compile(
    r"\b(?:siret|siren|tva|tel|telephone|fax|mail|courriel|iban|bic|rcs|ape|naf|code"
    r"|facture|avoir|date|page|total|adresse|www|http|rue|avenue|boulevard|bd|cedex"
    r"|chemin|allee|place|route|impasse|quai|bp|cs"
    # an address's "parc / zone d'activités" whose number and first word OCR lost
    r"|activites"
    # column headers of the lines table, met under a label that has no value
    r"|article|ref|reference|designation|libelle|description|quantite|qte|prestation"
    r"|montant|unite|prix|adresse"
    # other references' labels, met under a label whose value OCR lost
    r"|engagement juridique|bon de commande|echeance"
    # a stamp's words and date: "REÇU LE 6 JUIN 2025", "PAYÉ"
    r"|recu|paye|regle|(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre"
    r"|octobre|novembre|decembre)\s+\d{4})\b|@|\d{5}"
    # a mail's domain, its @ read as a letter or digit ("facturation 2 bernard.fr")
    r"|\w\.(?:fr|com|net|org|eu)\b"
)
_TRAILING = " ,;:-–—|"
_TITLE_RE = re.compile(
    r"^(?:facture|avoir|devis|note|situation|decompte|etat|memoire|projet|bon|objet|invoice"
    r"|credit note)\b"
)


def extract(doc: Doc) -> Iterator[Candidate]:
    found = [
        *_supplier_by_capital(doc),
        *_sole_trader(doc),
        *_supplier_by_letterhead(doc),
        *_named_in_footer(doc),
        *_labelled(doc, FieldName.SUPPLIER_NAME, SUPPLIER_LABEL, 0.75),
        *_labelled(doc, FieldName.BUYER_NAME, BUYER_LABEL, 0.75),
        *_public_bodies(doc),
    ]
    yield from found
    if not any(c.field is FieldName.BUYER_NAME for c in found):
        suppliers = [c for c in found if c.field is FieldName.SUPPLIER_NAME]
        yield from _buyer_by_address_block(doc, suppliers)


ADDRESS_BLOCK = 0.5
"""Prior of a buyer's name found by its address block alone, no label over it."""
ADDRESS_BLOCK_TOP = 0.45
"""How far down page one an addressee's block may start (a share of its height)."""
SAME_NAME_SCORE = 90
"""How close (rapidfuzz ratio, folded) two names must read to be one party's."""


def _buyer_by_address_block(
    doc: Doc, suppliers: list[Candidate]
) -> Iterator[Candidate]:
    """The name over the one address block of page one's top that is not the
    supplier's, nor over where a supplier's name was found: an addressee no
    label names ("SCI Les Tilleuls" / "142 rue de la République" / "35000
    Rennes" beside the invoice's references, under the letterhead). None when
    two blocks are left, or no supplier's name was found: the sender's block is
    one too."""
    first = doc.pages[0].number if doc.pages else None
    page = [s for s in doc.segments if s.page == first]
    table = _items_top(doc, page)
    blocks = [
        s
        for s in page
        if s.top < table
        and doc.relative_top(s) < ADDRESS_BLOCK_TOP
        and _is_name(s.text)
        and _letters(s.text) >= NAME_LETTERS
        and not _TITLE_RE.match(s.folded)
        and _opens_block(doc, s)
        and _sender_block(doc, s)
    ]
    # The sender's name heads page one: a block at or above it is the sender's.
    head = min(
        (c.bbox[1] for c in suppliers if c.page == first and c.bbox),
        default=-1.0,
    )
    others = [
        s
        for s in blocks
        if s.top > head
        and not any(
            fuzz.partial_ratio(fold(clean_name(s.text)), fold(str(c.value)))
            >= SAME_NAME_SCORE
            for c in suppliers
        )
    ]
    if not suppliers or len(others) != 1:
        return
    seg = others[0]
    yield candidate_at(
        FieldName.BUYER_NAME,
        clean_name(seg.text),
        Hit(seg, 0, len(seg.text)),
        ADDRESS_BLOCK,
        "address_block",
    )


BLOCK_LINE_GAP = 1.0
"""Widest gap, in a line's heights, between two lines of one block."""


def _opens_block(doc: Doc, seg: Segment) -> bool:
    """True when no line of a block stands right over ``seg``: it heads its block
    (a letterhead's tagline over the sender's address, or an address's "Zone
    artisanale" over its postcode, do not). A label over it, a word and its
    colon, heads the block and is no line of it ("Client :" read "Gient :",
    seed holdout 9163 #4)."""
    return not any(
        other.page == seg.page
        and other.bottom <= seg.top + 1
        and seg.top - other.bottom < BLOCK_LINE_GAP * seg.height
        and min(other.x1, seg.x1) - max(other.x0, seg.x0) > 0
        and not _LONE_LABEL.fullmatch(other.folded)
        for other in doc.segments
        if other is not seg
    )


_LONE_LABEL = re.compile(r"[^\W\d_]+ ?:")


def clean_name(text: str) -> str:
    return _L_READ_I.sub("l", " ".join(text.split()).strip(_TRAILING))


# OCR reads the l of "l'Intérieur" as a capital I; French has no "I'" ("I'm" is
# English, and kept).
_L_READ_I = re.compile(r"(?<![\w'’])I(?=['’](?!(?:m|ve|ll|d)\b)[^\W\d_]{2})")


_TRANSLATION = re.compile(r"^/\s*[A-Za-z][A-Za-z .']{0,20}(?::|$)\s*")
# A cell holding only a label word: the label of the next field, not a name.
_LABEL_ONLY = re.compile(
    r"^(?:service|titulaire|client|destinataire|fournisseur|emetteur|objet|adresse"
    r"|customer|bill to|supplier|contact|interlocuteur|attention|numero|echeance"
    r"|reference|emise? le|echeance le)\W*$"
)


NAME_LETTERS = 3
"""Least letters of a name found by its place alone (a letterhead, a capital's
footer): OCR's stray marks are letters too ("ut", "EE"), and a footer's "Bâtiment
du Littoral - EURL" came back "Bâtiment : | RL"."""


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _is_name(text: str) -> bool:
    letters = _letters(text)
    folded = fold(text)
    return (
        letters >= 2
        and letters >= 0.6 * len(text.replace(" ", ""))
        and not _NOT_A_NAME.search(folded)
        and not _LABEL_ONLY.match(folded.strip(" :/"))
        and not text.rstrip().endswith(":")  # a label, waiting for its value
        and "n°" not in folded
    )


def _supplier_by_capital(doc: Doc) -> Iterator[Candidate]:
    """``Dupont SARL au capital de 10 000 €`` names the supplier before its capital."""
    for seg in doc.segments:
        m = CAPITAL_RE.search(seg.folded)
        if not m:
            continue
        pieces = [(seg.text[: m.start()], seg)]
        if not clean_name(LEGAL_FORM_RE.sub("", pieces[0][0])):
            # A scan's footer falls into cells: the name in the one before, or
            # the one before that ("Conseil du Littoral" | "SASU au" | "capital …").
            pieces = [(s.text, s) for s in doc.left_of(seg)[-2:]]
        candidate = _name_before_capital(doc, pieces)
        if candidate is not None:
            yield candidate


def _name_before_capital(
    doc: Doc, pieces: list[tuple[str, Segment]]
) -> Candidate | None:
    """The name in the texts before a capital, nearest last: the part before the
    legal form, or the last clause that is no legal form."""
    for head, where in reversed(pieces):
        head = _CUT_AU.sub("", head)  # the "au" of "au capital", in the cell before
        clauses = re.split(r"\s[-–—|•]\s|,\s", head.rstrip(" ,-–—"))
        for part in reversed(clauses):
            name = clean_name(part)
            if _letters(LEGAL_FORM_RE.sub("", name)) < NAME_LETTERS:
                continue  # a legal form alone, or with OCR's leftovers ("SCOP 1")
            # "Dupont SARL au capital": the form ends the clause (OCR can lose the
            # dash of "Dupont - SARL"); it is not part of the name.
            ending = LEGAL_FORM_RE.search(name)
            if ending and ending.end() == len(name) and ending.start() > 0:
                name = name[: ending.start()].rstrip(_TRAILING)
            if not _is_name(name):
                return None
            start = where.text.find(name)
            prior = MISREAD_INITIAL if _misread_initial(name, where) else 0.8
            candidate = candidate_at(
                FieldName.SUPPLIER_NAME,
                name,
                Hit(where, start, start + len(name)),
                prior,
                "capital",
            )
            if start == 0 and (before := _name_cell_before(doc, where)) is not None:
                return _joined_name(before, candidate, prior)
            return candidate
    return None


NAME_CELL_GAP = 2.0
"""Widest gap, in the footer's font size, from a scanned cell that opens a footer's
line to the capital's name after it, for the two to be one name (`_name_cell_before`)."""
_NAME_WORDS = re.compile(r"[^\W\d_][\w'’&.-]*(?: [^\W\d_][\w'’&.-]*){0,2}")


def _name_cell_before(doc: Doc, seg: Segment) -> Segment | None:
    """The scanned cell that opens the footer's line just before the cell the
    capital's name opens, when it holds one to three words of letters and no legal
    form: the name's first words, OCR cut off by a gap it widened ("Mercier" |
    "Électricité - SNC au capital" in a light monospace footer, seed 9093 #39) or
    by a bar it read in the space ("iciété Nouvelle" | "|" | "Barbier - SARL au
    capital", seed 9094 #41). None otherwise."""
    left = doc.left_of(seg)
    if seg.method is not Method.OCR or len(left) != 1:
        return None
    before = left[0]
    size = seg.height / OCR_INK_SHARE
    text = before.text.strip(_TRAILING)
    if (
        seg.x0 - before.x1 > NAME_CELL_GAP * size
        or _NAME_WORDS.fullmatch(text) is None
        or LEGAL_FORM_RE.search(text)
        or not _is_name(text)
    ):
        return None
    return before


def _joined_name(before: Segment, candidate: Candidate, prior: float) -> Candidate:
    """The capital's name with the words of the cell before it, read as surely as
    the least sure of them."""
    reading = min(candidate.reading, before.reading_confidence(0, len(before.text)))
    x0, top, x1, bottom = candidate.bbox or before.bbox(0, len(before.text))
    return replace(
        candidate,
        value=f"{before.text.strip(_TRAILING)} {candidate.value}",
        confidence=prior * reading,
        bbox=(min(x0, before.x0), min(top, before.top), x1, max(bottom, before.bottom)),
        raw=f"{before.text} {candidate.raw}",
        reading=reading,
    )


# The "au" of "au capital" (OCR may read it "a"), in the cell before or left
# with the name when the capital matched as "capital de".
_CUT_AU = re.compile(r"\s+(?:au|a|à)\s*$")


def _sole_trader(doc: Doc) -> Iterator[Candidate]:
    """``Karim Barbier - Sécurité - Entrepreneur individuel``: the name is all that
    comes before the mention, dashes included (a trade name often has one).

    On a scan the footer falls into cells, and the name may stand in the cell
    before the mention's. When the cell before the name holds a name too
    ("Karim Morel" | "Chauffage" | "Entrepreneur individuel": OCR lost the
    separators), where the name starts is unknown, and nothing is said.
    """
    for seg in doc.segments:
        m = SOLE_TRADER_RE.search(seg.folded)
        if m is None:
            continue
        where, head = seg, seg.text[: m.start()]
        left = doc.left_of(seg)
        if not clean_name(head) and left:
            where, head = left[-1], left[-1].text
            left = left[:-1]
        name = clean_name(head)
        if _is_name(name) and not (left and _is_name(clean_name(left[-1].text))):
            start = where.text.find(name)
            yield candidate_at(
                FieldName.SUPPLIER_NAME,
                name,
                Hit(where, start, start + len(name)),
                0.7,
                "sole_trader",
            )


def _misread_initial(name: str, seg: Segment) -> bool:
    """An OCR'd name that starts in lower case: a name starts with a capital, and
    OCR read "Restauration du Lac" as "testauration du Lac" in a footer's small
    print, or "Client" twice as "Client lient"."""
    return name[0].islower() and seg.method is Method.OCR


MISREAD_LABELLED = 0.7
"""Share of its weight a labelled OCR name keeps when it starts in lower case."""
LABEL_DOUBTFUL = 0.5
"""OCR confidence under which a label's words may be another's: a title "FACTURE /
INVOICE" read "FACTURE À IN VOICE", the "À" at 0.35 (seed 9066 #5), labels no
buyer as surely; its name keeps `MISREAD_LABELLED` of its weight."""
MISREAD_INITIAL = 0.6
"""Prior of a footer's name whose first letter OCR read in lower case."""

LETTERHEAD_SIZE = 1.15
"""Least height of a letterhead's line, in the page's median line heights."""


def _supplier_by_letterhead(doc: Doc) -> Iterator[Candidate]:
    """The biggest words in the top quarter of page one that are not the title."""
    first = [s for s in doc.segments if s.page == doc.pages[0].number]
    if not first:
        return
    body = median(s.height for s in first)
    # A letterhead heads the page: nothing in the table of items is one.
    table = _items_top(doc, first)
    top = [
        s
        for s in first
        if doc.relative_top(s) < 0.3
        and s.top < table
        and _is_name(s.text)
        and _letters(s.text) >= NAME_LETTERS
    ]
    top = [
        s
        for s in top
        if not _TITLE_RE.match(s.folded)
        and split_title(s) is None
        and not PUBLIC_BODY_RE.match(s.folded)
        and not _wraps_on(doc, s)
    ]
    if not top:
        return
    if all(s.method is Method.OCR for s in top):
        # OCR's boxes are as tall as a word's accents, descenders and the specks
        # joined to it: a body line "Mairie de Montpellier" came out taller than
        # the letterhead. The letterhead is the first line bigger than the body.
        big = [s for s in top if s.height >= LETTERHEAD_SIZE * body]
        biggest = min(big, key=lambda s: (round(s.top), s.x0), default=top[0])
    else:
        biggest = max(top, key=lambda s: (round(s.height, 1), -s.top))
    if biggest.height >= LETTERHEAD_SIZE * body:
        tags = (
            ("letterhead", "legal_form")
            if LEGAL_FORM_RE.search(biggest.text)
            else ("letterhead",)
        )
        name = clean_name(biggest.text)
        yield candidate_at(
            FieldName.SUPPLIER_NAME,
            name,
            Hit(biggest, 0, len(biggest.text)),
            0.7,
            *tags,
        )
    elif biggest.method is Method.OCR and _sender_block(doc, biggest):
        yield candidate_at(
            FieldName.SUPPLIER_NAME,
            clean_name(biggest.text),
            Hit(biggest, 0, len(biggest.text)),
            SENDER_BLOCK,
            "sender_block",
        )


def _items_top(doc: Doc, page: list[Segment]) -> float:
    """Where the table of items starts on a page (its segments): its head's top."""
    return min((s.top for s in page if doc.heads_items(s)), default=float("inf"))


def _wraps_on(doc: Doc, seg: Segment) -> bool:
    """True when ``seg`` is the end of a name wrapped from the line above, in its
    column ("Centre hospitalier universitaire de" / "Paris"): no name of its own."""
    return any(
        _DANGLING_END.search(above.folded.rstrip())
        and seg in doc.below(above, rows=1)
        and min(above.x1, seg.x1) - max(above.x0, seg.x0) > 0
        for above in doc.segments
        if above.page == seg.page and above.bottom <= seg.top
    )


SENDER_BLOCK = 0.55
"""Prior of a name heading page one's first address block, in the body's size."""
_ADDRESS_LINE = re.compile(
    r"^\d+\s*(?:bis|ter)?,?\s+(?:rue|avenue|av|boulevard|bd|chemin|allee|place|route"
    r"|impasse|quai|cours|square|voie|chaussee|promenade|parvis|rond-point|zi|za)\b"
    r"|^\d{5}\s+\w"
)


def _sender_block(doc: Doc, seg: Segment) -> bool:
    """``seg`` names the sender: the first name of page one, its address under it,
    and no buyer's label over it."""
    under = doc.below(seg, rows=1)
    # Over it: a cell of the row above that overlaps it, not one far to its
    # right ("SIRET client : …" set a little higher, seed holdout 9163 #34).
    over = [
        s
        for s in doc.rows.get((seg.page, seg.row - 1), [])
        if s.x1 > seg.x0 and s.x0 < seg.x1
    ]
    return (
        bool(under)
        and _ADDRESS_LINE.match(under[0].folded) is not None
        and not any(BUYER_LABEL.search(s.folded) for s in over)
    )


NAMED_IN_FOOTER = 0.7
"""Prior of an address block's name that the footer repeats first."""
FOOTER_TOP = 0.82
"""How far down its page a footer starts (a share of the page's height)."""


FOOTER_NAME_SCORE = 90
"""How close (rapidfuzz ratio) a scanned footer's opening must read to a name to
repeat it: its small print loses a letter ("Sécurité du Sud-Oues", seed 9069 #22)."""


def _opens(name: str, footer: str, method: Method) -> bool:
    """True when a footer line opens with the (folded) name; on a scan, with a
    letter or so of it misread."""
    if re.match(rf"{re.escape(name)}\b", footer):
        return True
    return (
        method is Method.OCR
        and fuzz.ratio(name, footer[: len(name)]) >= FOOTER_NAME_SCORE
    )


def _named_in_footer(doc: Doc) -> Iterator[Candidate]:
    """A name over an address, anywhere on page one, that a footer line opens.

    Some layouts set the sender's block under the items, past where a
    letterhead is looked for; the footer's repeating the name shows whose it is.
    """
    footers = [s.folded for s in doc.segments if doc.relative_top(s) > FOOTER_TOP]
    first = doc.pages[0].number if doc.pages else None
    for seg in doc.segments:
        if seg.page != first or doc.relative_top(seg) > FOOTER_TOP:
            continue
        name = clean_name(seg.text)
        if len(name) < 5 or not _is_name(name) or not _sender_block(doc, seg):
            continue
        folded = fold(name)
        if any(_opens(folded, f, seg.method) for f in footers):
            yield candidate_at(
                FieldName.SUPPLIER_NAME,
                name,
                Hit(seg, 0, len(seg.text)),
                NAMED_IN_FOOTER,
                "sender_block",
                "footer",
            )


def _labelled(
    doc: Doc, field: FieldName, label: re.Pattern[str], prior: float
) -> Iterator[Candidate]:
    hits = [
        hit
        for hit in doc.find(label)
        if hit.start == 0 and not _NUMBERED.match(hit.segment.folded, hit.end)
    ]
    # A client's label there, the name to attend to is a person or a department.
    attended = any(not _attention(hit) for hit in hits)
    for hit in hits:
        for seg, start, relation in _after(doc, hit):
            if relation == "below" and label.match(seg.folded):
                continue  # the next label of a grid: "À l'attention de : …"
            name = _before_next_label(clean_name(seg.text[start:]))
            if _is_name(name) and not label.fullmatch(seg.folded[start:].strip(" :")):
                offset = seg.text.find(name, start)
                name = _unwrapped(doc, seg, name)
                tags: tuple[str, ...] = ("label", relation)
                weight = prior * RELATION_PRIOR[relation]
                if _misread_initial(name, seg):
                    weight *= MISREAD_LABELLED  # "Client lient": OCR read twice
                if hit.segment.reading_confidence(hit.start, hit.end) < LABEL_DOUBTFUL:
                    weight *= MISREAD_LABELLED  # "FACTURE À IN VOICE": "/" read "À"
                if attended and _attention(hit):
                    weight *= ATTENTION
                if field is FieldName.BUYER_NAME and PUBLIC_BODY_RE.match(fold(name)):
                    # "Client : Conseil départemental…" beats "À l'attention de :
                    # Direction du patrimoine": the buyer is the public body.
                    tags, weight = (*tags, "public_body"), min(0.9, weight * 1.1)
                    if _kind_alone(name):
                        weight *= KIND_ALONE
                hit_name = Hit(seg, offset, offset + len(name))
                name, weight, tags = _public_name(doc, seg, name, weight, tags)
                yield candidate_at(field, name, hit_name, weight, *tags)
                break


# "CLIENT N° : C86692", "Client code": the label of the buyer's number with
# the supplier, not of its name (under it: "VOTRE COMMANDE : …").
_NUMBERED = re.compile(r"[\s.:]*(?:n\b|n°|no\b|numero|num\b|code|ref\b|reference|id\b)")


ATTENTION = 0.7
"""Weight of a name after "À l'attention de" beside a client label: a person or a
department ("Service achats"), where the client label's name (OCR read less
surely) is the buyer."""


def _attention(hit: Hit) -> bool:
    return "attention" in hit.segment.folded[hit.start : hit.end]


# The next cell's label, which OCR runs into a name: "… eaux de Paris Client SIRET",
# "… de Saint-Denis (SIRET" (seed 9039 #22, the number in a cell of its own).
_NEXT_LABEL = re.compile(
    r"\s\(?(?:client\s+|n°\s*)?(?:siret|siren|tva|tel|telephone|fax|iban|code|adresse)\b"
)


def _before_next_label(name: str) -> str:
    m = _NEXT_LABEL.search(fold(name))
    if m is None or len(name[: m.start()].split()) < 2:
        return name
    return clean_name(name[: m.start()])


_AFTER_LABEL = {False: " :", True: " :<>"}
"""What a label's value starts after, printed or scanned: on a scan, "À" read "A>"
leaves its ">" before the name ("ADRESSE A> Université de Bordeaux", seed 9099
#53); printed, a name may start with a "<"."""


def _after(doc: Doc, hit: Hit) -> Iterator[tuple[Segment, int, str]]:
    seg = hit.segment
    rest = seg.text[hit.end :].lstrip(_AFTER_LABEL[seg.method is Method.OCR])
    rest = _TRANSLATION.sub("", rest)  # "Client / Customer"
    colon = rest.find(":")
    if 0 <= colon < 30:  # "Destinataire de la facture : Université de Nantes"
        rest = rest[colon + 1 :].lstrip()
    if rest:
        yield seg, len(seg.text) - len(rest), "same"
        return
    # A block heading ("Facturer à") has the name under it; a grid cell to its right.
    for below in doc.below(seg, rows=2):
        if doc.heads_items(below):
            # An item table's heads ("Réf. Prestation Qté"): under them are items
            # ("A4390 Cartouche toner noir", seed 9067 #12), not the name.
            break
        if not _beside_a_cell_under(doc, seg, below):
            yield below, 0, "below"
    for right in doc.right_of(seg)[:1]:
        yield right, 0, "right"


def _beside_a_cell_under(doc: Doc, label: Segment, below: Segment) -> bool:
    """True when ``below`` stands right of another cell of its row that lies under
    the label: a grid's next row, its value the next label's ("Maître d'ouvrage" |
    "CCAS de Brest" over "Service" | "Direction du patrimoine", seed 9049 #57)."""
    return any(
        s is not below and s.x1 <= below.x0 and s.x0 < label.x1 and s.x1 > label.x0
        for s in doc.rows[(below.page, below.row)]
    )


def _public_bodies(doc: Doc) -> Iterator[Candidate]:
    """Cells that open with a public body's kind ("Mairie de …"), capitalised: in
    small letters the word goes on a line that wrapped ("Sous-total HT Hôtel de" /
    "ville", seed 9036 #39)."""
    for seg in doc.segments:
        kind = _kind_misread(seg)
        text = seg.text if kind is None else kind[0] + seg.text[kind[1] :]
        if PUBLIC_BODY_RE.match(fold(text)) and text[:1].isupper() and _is_name(text):
            name = _unwrapped(doc, seg, clean_name(text))
            weight = 0.6 * KIND_ALONE if _kind_alone(name) else 0.6
            tags: tuple[str, ...] = ("public_body",)
            if kind is not None:
                weight, tags = weight * PLACE_MENDED, (*tags, "repaired")
            name, weight, tags = _public_name(doc, seg, name, weight, tags)
            yield candidate_at(
                FieldName.BUYER_NAME, name, Hit(seg, 0, len(seg.text)), weight, *tags
            )


KIND_ALONE = 0.5
"""What a public body's name keeps of its weight when it is its kind alone
("Syndicat", the rest of "Syndicat intercommunal des eaux de Toulouse" lost
to a scan's streak and a speck read as a colon, seed 9083 #42): a part."""


def _kind_alone(name: str) -> bool:
    """True when a public body's name is its kind and nothing else ("Mairie")."""
    folded = fold(name).strip(" .:")
    m = PUBLIC_BODY_RE.match(folded)
    return m is not None and m.end() >= len(folded.rstrip())


# The one-word kinds a public body's name opens with, as printed.
_KINDS = (
    "Mairie", "Commune", "Lycée", "Collège", "École", "Université", "Département",
    "Région", "Ministère", "Préfecture", "Communauté", "Métropole", "Syndicat",
    "Rectorat", "Académie", "Institut", "Hôpital", "Trésorerie", "Bibliothèque",
)  # fmt: skip
_FOLDED_KINDS = [fold(k) for k in _KINDS]
KIND_MIN = 6
"""Fewest letters of a kind mended (`_kind_misread`): "Ville" is a letter from
too many words."""
KIND_MISREAD_BELOW = 0.6
"""OCR confidence under which a cell's first word a letter from a kind is it."""


def _kind_misread(seg: Segment) -> tuple[str, int] | None:
    """The public body's kind a scanned cell opens with, OCR misread, and where
    the misreading ends in the cell's text: a first word a letter (added, lost
    or another) from a kind, read unsurely ("Ministers de l'Intérieur" at 0.27,
    seed 9081 #38), or a kind cut in two words that touch ("Départ" | "ement du
    Rhône", half a point apart, seed 9089 #25). None when the cell opens with
    no such misreading."""
    if seg.method is not Method.OCR or not seg.words:
        return None
    first = seg.words[0]
    if not seg.text.startswith(first.text):
        return None
    if len(seg.words) > 1:
        second = seg.words[1]
        joined = fold(first.text + second.text)
        if (
            joined in _FOLDED_KINDS
            and second.x0 - first.x1 < KIND_CUT * first.height
            and seg.text.startswith(f"{first.text} {second.text}")
        ):
            kind = _KINDS[_FOLDED_KINDS.index(joined)]
            return _as_read(kind, first.text), len(first.text) + 1 + len(second.text)
    read = fold(first.text)
    if first.confidence >= KIND_MISREAD_BELOW or read in _FOLDED_KINDS:
        return None
    kind = letters_from(read, _KINDS, shortest=KIND_MIN)
    return None if kind is None else (_as_read(kind, first.text), len(first.text))


_FOLDED_KINDS = [fold(k) for k in _KINDS]

KIND_CUT = 0.15
"""Widest gap, in the word's height, between two pieces of a kind OCR cut."""


def _as_read(kind: str, read: str) -> str:
    return kind.upper() if read.isupper() else kind


PLACE_MENDED = 0.9
"""Weight of a public body's name whose place OCR misread, mended from the list of
départements and régions (`mended_place`) or from a town the document prints
(`mended_town`): a guess, no checksum."""


def _public_name(
    doc: Doc, seg: Segment, name: str, weight: float, tags: tuple[str, ...]
) -> tuple[str, float, tuple[str, ...]]:
    """A scanned public body's name, its place mended where OCR misread it
    (`mended_place`, `_town_mended`), less surely, and without a period OCR
    read at its end (a leader line's dot under "Université d'Amiens", seed 9080
    #54): a public body is named after a place, no abbreviation; otherwise as
    it was."""
    if seg.method is not Method.OCR:
        return name, weight, tags
    public = PUBLIC_BODY_RE.match(fold(name)) is not None
    if public and _PLACE_STOPPED.search(name):
        name = name[:-1]
    if public:
        name = _ELIDED_ONE.sub("l", name)
    if (mended := mended_place(name)) or (
        public and (mended := _town_mended(doc, seg, name))
    ):
        return mended, weight * PLACE_MENDED, (*tags, "repaired")
    return name, weight, tags


# The article "l'" read "1'" before a place: "Conseil départemental de 1'Isére"
# (seed 9120 #25). No name has a figure before an apostrophe.
_ELIDED_ONE = re.compile(r"(?<=\s)1(?=['’][^\W\d_])")


# A town after its postcode, to the end of the cell: "57000 Metz", "75015 Paris
# CEDEX 15".
_POSTCODE_TOWN = re.compile(
    r"(?<!\d)\d{5}\s+([^\W\d_][^\W\d_'’ -]*(?:[ '’-]+[^\W\d_]+)*?)"
    r"(?:\s+cedex\b.*)?[\s.,]*$",
    re.IGNORECASE,
)
TOWN_SURE = 0.9
"""Least OCR confidence of a town read after a postcode that mends a public body's
name (`_town_mended`), which itself must be read less surely."""


def _town_mended(doc: Doc, seg: Segment, name: str) -> str | None:
    """The public body's name with the town it ends with mended from a town the
    document reads surely after a postcode (its address: "57000 Metz" under
    "Syndicat intercommunal des eaux de" / "Motz" read at 0.64, seed 9081 #40),
    where the name's last word was read less surely (`mended_town`)."""
    towns = []
    for cell in doc.segments:
        m = _POSTCODE_TOWN.search(cell.text)
        if m and cell.reading_confidence(m.start(1), m.end(1)) >= TOWN_SURE:
            towns.append(m.group(1))
    mended = mended_town(name, towns)
    if mended is None:
        return None
    last = name.split()[-1]
    lines = (seg, *doc.below(seg, rows=MAX_NAME_LINES - 1))
    read = [
        w.confidence
        for line in lines
        for w in line.words
        if w.text.rstrip(_WORD_STOPS) == last  # "Saint-beni:" (seed 9104 #14)
    ]
    return mended if read and min(read) < TOWN_SURE else None


_WORD_STOPS = ":;,."
"""Marks OCR reads at a word's end that the name read from it leaves out."""


# A name's last word of four letters or more and a period: no abbreviation.
_PLACE_STOPPED = re.compile(r"(?<![\w.])[^\W\d_]{4,}\.$")


def _unwrapped(doc: Doc, seg: Segment, name: str) -> str:
    """The name with its next lines while each line breaks inside it
    ("Communauté de" / "communes du Grand" / "Est")."""
    for _ in range(MAX_NAME_LINES - 1):
        nxt = _next_line_of_name(doc, seg, name)
        if nxt is None:
            break
        seg, name = nxt[0], f"{name} {nxt[1]}"
        if _COMPASS.fullmatch(fold(nxt[1])):
            break  # "… du Grand" / "Est" ends the name
    return name


MAX_NAME_LINES = 3
"""Most lines a wrapped name is read over."""


def _next_line_of_name(doc: Doc, seg: Segment, name: str) -> tuple[Segment, str] | None:
    """The line under ``seg`` and its text, when the name breaks before it."""
    below = doc.below(seg, rows=1)
    if _DANGLING_END.search(fold(name)) and all(_speck(s) for s in below):
        # A speck OCR read on the line between does not end the name.
        below = [s for s in doc.below(seg, rows=2) if not _speck(s)]
    if not below:
        return None
    nxt = clean_name(below[0].text)
    if not _is_name(nxt) or len(nxt.split()) > 4:
        return None
    if (
        _DANGLING_END.search(fold(name))
        # "… de" / "la Culture"; not a first word OCR read unsurely: "et" at
        # 0.35 for "Direction des", under "Région Occitanie" (seed 9100 #24).
        or (_CONTINUED_START.match(fold(nxt)) and _read_surely(below[0]))
        # "Centre hospitalier" / "universitaire de Dijon": a name's own words
        # start in capitals, a line that starts with a word in lower case goes
        # on a phrase (OCR's specks, "pA", are no word; nor is the case of a
        # word OCR read unsurely: "scrvices" at 0.00, seed 9052 #12).
        or (_LOWER_WORD.match(nxt) is not None and _read_surely(below[0]))
        or _COMPASS.fullmatch(fold(nxt)) is not None
    ):
        return below[0], nxt
    return None


CASE_SURE = 0.5
"""OCR confidence under which a word's first letter says nothing of its case."""


def _read_surely(seg: Segment) -> bool:
    """True when the cell's first word was printed, or OCR read it surely."""
    return seg.method is not Method.OCR or seg.words[0].confidence >= CASE_SURE


def _speck(seg: Segment) -> bool:
    """A cell of OCR's specks ("P", "pA"): fewer than three letters or digits."""
    return sum(c.isalnum() for c in seg.text) < 3


def extract_organisations(doc: Doc) -> Iterator[Candidate]:
    """spaCy's ORG entities at the top of page one (supplier) or under a buyer label."""
    from ingest.nlp import organisations

    first = doc.pages[0].number if doc.pages else 0
    segs = [s for s in doc.segments if s.page == first and _is_name(s.text)]
    buyer_rows = {
        (s.page, s.row)
        for hit in doc.find(BUYER_LABEL)
        for s in [hit.segment, *doc.below(hit.segment, rows=2)]
    }
    for seg, orgs in zip(segs, organisations([s.text for s in segs]), strict=True):
        for org in orgs:
            name = clean_name(org)
            if len(name.split()) < 2:
                continue
            start = seg.text.find(name)
            hit = Hit(seg, start, start + len(name))
            if (seg.page, seg.row) in buyer_rows:
                yield candidate_at(FieldName.BUYER_NAME, name, hit, 0.55, "ner")
            elif doc.relative_top(seg) < 0.3:
                yield candidate_at(FieldName.SUPPLIER_NAME, name, hit, 0.55, "ner")
