"""What extractors share: the Candidate they yield and a geometric view of the pages.

A page's words are grouped into rows (a shared baseline) and each row is cut into
segments where the gap between two words is wider than a few spaces: a label and its
value in the same cell stay together, two columns or two table cells come apart.
"""

import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from statistics import median

from rapidfuzz import fuzz

from ingest.contract import FieldName, Method
from ingest.text import Page, Word, group_lines
from ingest.values import MONTHS, fold

# What may stand between a label and its value: punctuation and a "n°" ("~" is how
# OCR reads a "n°" now and then), and the dots of a leader line, which OCR reads as
# ellipses, quotes and bullets ("Engagement juridique …”… EJ96189562", seed 9015 #40).
# A blurred colon reads as ">" ("Code service exécutant > SERV-FIN", seed 9057 #18),
# ";" ("Code service; ST-BAT", seed 9077 #24) or "+" ("Engagement juridique n° +
# 1300570621", seed 9152 #39 at 150 dpi).
_LEAD = r"[\s:;.°#\-–—_=()/|*~…”“\"«»„·•>+]*"
LEAD_RE = re.compile(rf"{_LEAD}(?:(?:n|no|num|numero)(?![a-z0-9]){_LEAD})?")
_SHORT_WORD = re.compile(r"(\S{1,2})(?: |$)")
UNSURE_MARK = 0.4
"""OCR confidence under which a word of one or two characters between a label and
its value is a mark misread (the ° of "n°" read "a" at 0.22), not the value."""
UNSURE_MARK_LAST = 0.6
"""The same, for such a word that ends the label's cell, its value in the next: the
colon and a speck of "N° EJ :" read "Zz" at 0.50 (seed 9102 #35)."""


def value_start(seg: "Segment", offset: int) -> int:
    """Where the value of a label ending at ``offset`` starts in ``seg``: past the
    colon, the "n°" and the leader dots, and on a scan past a short mark read
    unsurely among them ("Accord-cadre n a MAR-25-969", seed 9051 #52). Two
    capitals are no mark, read however unsurely: they name what the label is
    of ("N° BL" at 0.23 is no bare "N°", seed 9087 #9)."""
    end = _lead_end(seg.folded, offset)
    mark = _SHORT_WORD.match(seg.folded, end)
    if seg.method is Method.OCR and mark is not None:
        words = seg.words_in(end, mark.end(1))
        last = not seg.folded[mark.end() :].strip()
        if (
            len(words) == 1
            and words[0].text == seg.text[end : mark.end(1)]
            and words[0].confidence < (UNSURE_MARK_LAST if last else UNSURE_MARK)
            and not (len(words[0].text) == 2 and words[0].text.isupper())
        ):
            return _lead_end(seg.folded, mark.end())
    return end


def _unsure_mark(seg: "Segment") -> bool:
    """True when a scanned cell holds nothing but a word of one or two characters
    read under `UNSURE_MARK`: a speck or a mark misread, no value."""
    return (
        seg.method is Method.OCR
        and len(seg.words) == 1
        and len(seg.words[0].text) <= 2
        and seg.words[0].confidence < UNSURE_MARK
    )


def _lead_end(folded: str, offset: int) -> int:
    lead = LEAD_RE.match(folded, offset)
    return lead.end() if lead else offset


class Aux(StrEnum):
    """Facts that are not contract fields but that resolve needs to check them."""

    VAT_LINE = "vat_line"
    """A (rate, base, amount) triple whose arithmetic holds."""
    RETENTION = "retention"
    ADVANCE = "advance"
    VAT_EXEMPT = "vat_exempt"
    """A mention of reverse charge, exemption or franchise: VAT is 0 on purpose."""
    PAYMENT_DAYS = "payment_days"
    """Days from the invoice date to payment, from printed terms ("30 jours")."""
    VAT_MISREAD = "vat_misread"
    """A VAT number OCR read with a wrong digit (its checksum fails): FR, key, 9 digits."""
    SIRET_MISREAD = "siret_misread"
    """Fourteen digits OCR read where a SIRET stands, its Luhn digit failing."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A value an extractor read, with where and how; ``bbox`` is in PDF points, top-left."""

    field: FieldName | Aux
    value: object
    confidence: float
    """The extractor's own belief, before cross-checks."""
    page: int | None
    bbox: tuple[float, float, float, float] | None
    method: Method
    raw: str
    evidence: tuple[str, ...] = ()
    """Short tags saying why (``label``, ``checksum``, ``footer``…); resolve reads them."""
    reading: float = 1.0
    """The reader's confidence in the characters (1.0 for a text layer, OCR's below)."""


@dataclass(frozen=True, slots=True)
class Segment:
    """Adjacent words of one row, with their text and its accent-free lower-case twin."""

    words: tuple[Word, ...]
    page: int
    row: int
    """Index of the row on its page, top to bottom."""
    index: int
    """Position in the document's reading order."""
    method: Method
    text: str
    folded: str
    starts: tuple[int, ...]
    """Offset of each word in ``text``."""

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        """The text's size: its tallest word, or for OCR its median word.

        A text layer's word boxes are the font's size; Tesseract's hug the ink
        and now and then swallow a mark or the line below, so one tall box would
        make a line of body text look like a letterhead.
        """
        if self.method is Method.OCR:
            return median(w.height for w in self.words)
        return max(w.height for w in self.words)

    def words_in(self, start: int, end: int) -> tuple[Word, ...]:
        """The words that the characters ``start:end`` of ``text`` fall on."""
        chosen = []
        for word, begin in zip(self.words, self.starts, strict=True):
            if begin < end and begin + len(word.text) > start:
                chosen.append(word)
        return tuple(chosen)

    def bbox(self, start: int, end: int) -> tuple[float, float, float, float]:
        """The box around the characters ``start:end``, in PDF points, top-left."""
        words = self.words_in(start, end) or self.words
        return (
            round(min(w.x0 for w in words), 2),
            round(min(w.top for w in words), 2),
            round(max(w.x1 for w in words), 2),
            round(max(w.bottom for w in words), 2),
        )

    def reading_confidence(self, start: int, end: int, *, marks: bool = True) -> float:
        """The reader's confidence in the characters ``start:end`` (1.0 for text);
        without ``marks``, in its letters and digits only: a speck read as a mark
        between an IBAN's groups is no character of it."""
        words = self.words_in(start, end) or self.words
        if not marks:
            words = [w for w in words if any(c.isalnum() for c in w.text)] or words
        return min(w.confidence for w in words)


@dataclass(frozen=True, slots=True)
class Hit:
    """A pattern found in a segment's folded text."""

    segment: Segment
    start: int
    end: int
    spelled: str | None = None
    """The matched text when it runs on past the segment (a wrapped line)."""

    @property
    def text(self) -> str:
        return self.spelled or self.segment.text[self.start : self.end]

    @property
    def runs_on(self) -> bool:
        """The match takes in text past its segment (a wrapped line, the next cell)."""
        return self.spelled is not None and len(self.spelled) > self.end - self.start


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value was looked for, relative to its label, and the text to look in."""

    segment: Segment
    offset: int
    """Characters of ``segment.text`` before this offset are not part of the place."""
    relation: str
    """``same`` (after the label in its cell), ``right`` (a cell to the right), ``below``."""


# OCR reads table rules as bars and brackets; they separate cells, they are not text.
_RULES = "|[]¦‖_"
# A decimal comma OCR read as a semicolon: "17111;58".
_SEMICOLON_DECIMALS = re.compile(r"(?<=\d);(?=\d{2}(?!\d))")
# An italic 1 read as a slash between a day's tens and the date's separator:
# "2/.04.2026" for 21.04.2026 (seed 9095 #18). No date puts a slash there.
_SLASH_ONE_DAY = re.compile(r"(?<![\w/])([0-3])/(?=[.-]\d{2}[.-]\d{2,4}(?!\d))")
SLASH_ONE_READING = 0.75
"""Most a word's reading is worth once a slash in it is taken for a 1: unproven."""
# A J OCR read as a closing bracket after a capital: "N° E]" over "CMD24-49978"
# (holdout 9162 #5, 150 dpi); the bracket would go as a rule, "E" left alone.
_BRACKET_J = re.compile(r"(?<=\b[A-Z])\](?=[\s.:]|$)")
# Both italic 1s of an 11th read as slashes before the month's name: "// avril
# 2026" (seed 9099 #16). No day but the 11th is two strokes.
_SLASHES_DAY = re.compile(r"//|/1|1/")
# A reference: capitals and digits, a digit among them ("F-2026-6803", "25S0922").
_REFERENCE_AFTER = re.compile(r"(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{3,}$")


OCR_INK_SHARE = 0.7
"""A capital's or a digit's height as a share of the font's size (a text layer's box).

Tesseract boxes words on their ink, so "2004" in a 9 pt font is 6.3 pt tall
where pdfplumber says 9: gaps are measured against the font size either way.
"""


FLAT_MARK = 0.1
"""Height, in the row's font size, under which a word read unsurely is a mark, not
print: a table's rule read "7" at 0.23, 0.5 pt tall, stood as a cell between
"Net à payer" and its amount (seed 9047 #59)."""


def split_segments(
    words: tuple[Word, ...], gap_factor: float = 1.1, *, ocr: bool = False
) -> list[list[Word]]:
    """Cut a row of words (left to right) where a gap is wider than ``gap_factor`` ×
    the row's tallest word, or at a table rule an OCR read as a bar."""
    # A table's rule OCR read as a bar is no letter: as tall as the row's cells,
    # it would keep cells apart by that much together ("Date d'émission" and
    # "À régler avant le", 24 pt apart under 19 pt bars).
    letters = [w for w in words if not ocr or w.text.strip(_RULES)]
    if ocr:
        letters = _boxed_alone(letters)
    tallest = max((w.height for w in letters), default=0.0)
    if ocr:  # Tesseract's boxes hug the ink: the font is taller than its digits
        tallest /= OCR_INK_SHARE
    if ocr:
        words = _spelled_once(words)
    parts: list[list[Word]] = [[]]
    for i, word in enumerate(words):
        text = word.text
        if ocr:
            text, guessed = _scanned_text(word, words[i + 1 :])
            if guessed:
                word = replace(word, confidence=min(word.confidence, SLASH_ONE_READING))
        if not text:  # a rule alone: a cell border
            parts.append([])
            continue
        if ocr and word.confidence < 0.5 and word.height < FLAT_MARK * tallest:
            continue  # a flat mark read as a character: no cell of its own
        if text != word.text:
            word = replace(word, text=text)
        prev = parts[-1][-1] if parts[-1] else None
        if (
            ocr
            and prev is not None
            and (
                _decimals_apart(prev, word)
                or _decimals_after_mark(prev, word)
                or _group_apart(prev, word)
                or _thousands_after_dot(prev, word)
                or _title_spaced(prev, word)
                or _glyph_overlapping(prev, word)
            )
        ):
            parts[-1][-1] = _joined(prev, word)
            continue
        if ocr and prev is not None and _mark_read_twice(prev, word):
            # "03-01-" | "-2025": the second read from a crop that took in the
            # first's last mark.
            parts[-1][-1] = _joined(prev, replace(word, text=word.text[1:]))
            continue
        nxt = words[i + 1] if i + 1 < len(words) else None
        if ocr and (
            (prev is not None and _ghost(word, prev))
            or (nxt is not None and (_ghost(word, nxt) or _stem_of(word, nxt)))
            or (
                prev is not None and nxt is not None and _ghost_between(word, prev, nxt)
            )
        ):
            continue
        # The gap from the cell's right edge so far: a mark OCR read inside a
        # word's box ("Ministère :" where ":" lies within "Ministère") is no edge.
        left = _inked_left(word, tallest) if ocr else word.x0
        if prev is not None and left - max(w.x1 for w in parts[-1]) > (
            gap_factor * tallest
        ):
            parts.append([])
        parts[-1].append(word)
    return [part for part in parts if part]


NARROW_SHARE = 0.5
"""Share of the least width its characters take under which an OCR'd word's box
was drawn on part of its ink (`_inked_left`)."""
_NARROW_CHARACTERS = frozenset("iIlj1|!.,:;'’`frt-")
"""Characters as narrow as a tenth of the font's size; the others take a third."""


def _inked_left(word: Word, font: float) -> float:
    """Where a scanned word's ink starts: its box's left edge, or, when the box is
    under `NARROW_SHARE` of the least its characters take (a tenth of the font's
    size for an i or a colon, a third for the others), that least width before
    its right edge. Tesseract boxed "à :" on its colon alone ("a:" 1 pt wide),
    12 pt after "Facturé", which then headed a cell of its own (seed 9116 #3)."""
    least = font * sum(0.1 if c in _NARROW_CHARACTERS else 1 / 3 for c in word.text)
    if word.x1 - word.x0 >= NARROW_SHARE * least:
        return word.x0
    return word.x1 - least


def _scanned_text(word: Word, after: Sequence[Word]) -> tuple[str, bool]:
    """A scanned word's text without the rules OCR read at its ends, with the
    marks it read for characters put back: a decimal comma read ";", a J read
    "]" after a capital, a day's 1 read "/", the sign of "N°" read "e" before a
    reference ("Ne F-2026-6803", seed 9120 #3); and whether one of those was a
    guess (the bracket, the slashes, the sign), which caps its reading."""
    if word.text == "Ne" and after and _REFERENCE_AFTER.match(after[0].text):
        return "N°", True
    text = _BRACKET_J.sub("J", word.text)
    guessed = text != word.text
    text = _SEMICOLON_DECIMALS.sub(",", text.strip(_RULES))
    if _SLASH_ONE_DAY.search(text):
        text, guessed = _SLASH_ONE_DAY.sub(r"\g<1>1", text), True
    if _SLASHES_DAY.fullmatch(text) and _names_a_month(after):
        text, guessed = "11", True
    return text, guessed


def _names_a_month(after: Sequence[Word]) -> bool:
    """True when the next word is a month's name (a dot after it or not)."""
    return bool(after) and fold(after[0].text).rstrip(".") in MONTHS


OUTSIZE = 1.8
"""Height, in the row's median word height, over which an OCR'd word's box is no
measure of the row's print (`_boxed_alone`)."""


def _boxed_alone(words: list[Word]) -> list[Word]:
    """The words of an OCR'd row but those boxed `OUTSIZE` times taller than most:
    Tesseract boxed a grid's first head "REF." with its shaded band, twice the
    height of the heads beside it, and the gap that parts two heads ("À REGLER
    AVANT LE" | "BON DE COMMANDE", 16 pt) was measured against it and run into
    one cell (seed 9092 #2). Rows of fewer than three words are left whole."""
    if len(words) < 3:
        return words
    middle = statistics.median(w.height for w in words)
    return [w for w in words if w.height <= OUTSIZE * middle]


# The heads of an item table's columns ("Ref. | Article | Quantité | Px unitaire |
# Total ligne", seed 9037 #28).
_ITEM_COLUMNS = re.compile(
    r"(?<![a-z])(?:libelle|designation|description|article|quantite|qte|prix|p\.? ?u"
    r"|unite|unitaire|total ligne|montant|qty|quantity|price|amount|unit|tarif)(?![a-z])"
)
_DECIMALS = re.compile(r"[.,]\d{2}(?:€)?")


def _decimals_apart(before: Word, word: Word) -> bool:
    """OCR set a space before an amount's decimals ("10758 ,42"): the two are one."""
    return (
        before.text[-1:].isdigit()
        and _DECIMALS.fullmatch(word.text) is not None
        and word.x0 - before.x1 < word.height
    )


_TWO_DECIMALS = re.compile(r"\d{2}€?")


def _decimals_after_mark(before: Word, word: Word) -> bool:
    """OCR set a space after an amount's comma ("26206, 29", "26206 , 29"): the
    mark goes with the digits before it, the two decimals with the mark."""
    if word.x0 - before.x1 >= word.height:
        return False
    if word.text in (",", "."):
        return before.text[-1:].isdigit()
    return (
        before.text[-1:] in (",", ".")
        and before.text[-2:-1].isdigit()
        and _TWO_DECIMALS.fullmatch(word.text) is not None
    )


_GROUP_HEAD = re.compile(r"\d{1,3}([.,])\d{2}")
_GROUP_TAIL = re.compile(r"\d([.,])\d{2}€?")


def _group_apart(before: Word, word: Word) -> bool:
    """OCR set a space inside an amount's last group of thousands ("3,61 5.76" for
    3,615.76): the two are one when the separators differ, as a group's and the
    decimals' do."""
    head, tail = _GROUP_HEAD.fullmatch(before.text), _GROUP_TAIL.fullmatch(word.text)
    return (
        head is not None
        and tail is not None
        and head.group(1) != tail.group(1)
        and word.x0 - before.x1 < word.height
    )


_GROUP_BEFORE_DOT = re.compile(r"\d{1,3}\.")
_GROUP_WITH_DECIMALS = re.compile(r"\d{3},\d{2}€?")


def _thousands_after_dot(before: Word, word: Word) -> bool:
    """OCR read an amount's thousands space as a dot and a space ("1. 070,21 €"
    for 1 070,21 €, seed 9098 #53): a group of one to three digits and a dot,
    then three digits and a comma's decimals, are one amount, the dot a group's
    separator as in "1.070,21"."""
    return (
        _GROUP_BEFORE_DOT.fullmatch(before.text) is not None
        and _GROUP_WITH_DECIMALS.fullmatch(word.text) is not None
        and word.x0 - before.x1 < word.height
    )


# Words a title is made of: letter-spaced, OCR reads it in pieces ("FACTU R E").
_TITLE_WORDS = ("facture", "avoir", "devis", "situation", "decompte", "memoire")
TITLE_GAP = 0.3
"""Widest gap between two pieces of a letter-spaced title, in letter heights."""


GLYPH_OVERLAP = 0.25
"""Least share of a glyph's width inside the word before it that makes it a glyph
of that word (`_glyph_overlapping`)."""
GLYPH_SURE = 0.5
"""OCR confidence under which digits overlapping a word's end are junk, not its
glyphs: "81084537000016" | "22" at 0.09 over a bar after it (holdout 9161 #23)."""


def _glyph_overlapping(before: Word, word: Word) -> bool:
    """A digit or two Tesseract boxed apart over the end of a word ending in a
    digit, reaching past it: the word's own last digits ("MAR-26-81" | "1" for
    MAR-26-811, the 1's box three quarters inside the word's, seed 9077 #8).
    Wholly inside, it is the same ink read twice (`_ghost`). Letters are not
    joined so: in a name, kerned or italic, the next word's box may start in
    the last one's ("Durand" | "et" came out "Durandet")."""
    text, last = word.text, before.text[-1:]
    width = word.x1 - word.x0
    return (
        1 <= len(text) <= 2
        and text.isdigit()
        and last.isdigit()
        and word.confidence >= GLYPH_SURE
        and before.x1 - word.x0 >= GLYPH_OVERLAP * width
        and word.x1 > before.x1
        and min(word.bottom, before.bottom) - max(word.top, before.top)
        >= 0.5 * min(word.height, before.height)
    )


_MARKS_READ_TWICE = "-/."


def _mark_read_twice(before: Word, word: Word) -> bool:
    """A word whose box starts inside the one before and whose first mark is that
    word's last: the two were read from crops that overlap ("03-01-" | "-2025",
    the second from ink the page's reading had left out)."""
    return (
        word.x0 < before.x1
        and before.x1 < word.x1
        and len(word.text) > 1
        and word.text[0] == before.text[-1:]
        and word.text[0] in _MARKS_READ_TWICE
    )


def _title_spaced(before: Word, word: Word) -> bool:
    """A capitalised title spaced out, read in pieces: joined while the pieces
    spell the start of a title word ("FACTU" + "R" + "E" is "FACTURE")."""
    joined = fold(before.text + word.text)
    return (
        before.text.isalpha()
        and before.text.isupper()
        and word.text.isalpha()
        and word.text.isupper()
        and word.x0 - before.x1 < TITLE_GAP * max(before.height, word.height)
        and any(title.startswith(joined) for title in _TITLE_WORDS)
    )


def _ghost(word: Word, other: Word) -> bool:
    """A word OCR read a second time over the ink of the word beside it: its box
    lies within the other's. Poorly read (a stamp or a pen stroke across it), or
    a letter or two of that word, wholly inside it and no surer ("Gironde r": its
    r read again), or at its very edge ("O Occitanie": its O read again, sure), or
    a longer part of it from a line read twice ("Engageme Engagement"), or a
    mark less sure than a word of letters it lies in ("Ministère :")."""
    width = word.x1 - word.x0
    inside = min(word.x1, other.x1) - max(word.x0, other.x0)
    poor = _read_poorer(word, other)
    text, whole = word.text.casefold(), other.text.casefold()
    if len(text) >= 3 and text in whole and inside >= 0.9 * width:
        level = min(word.bottom, other.bottom) - max(word.top, other.top)
        if level >= 0.5 * min(word.height, other.height):
            return True
    edge = 0.25 * word.height
    at_edge = (whole.startswith(text) and abs(word.x0 - other.x0) <= edge) or (
        whole.endswith(text) and abs(word.x1 - other.x1) <= edge
    )
    # A mark (":", "2:") read inside a word of letters, less surely than it; or
    # a colon inside a number's digits ("27" | ":" in "Date d'émission : 27
    # juil. 2025", seed 9152 #26 at 150 dpi).
    mark = (
        len(text) <= 2
        and not any(c.isalpha() for c in text)
        and (
            sum(c.isalpha() for c in whole) >= 4
            or (text == ":" and whole.isdigit() and len(whole) >= 2)
        )
        and word.confidence < other.confidence
    )
    # A mark may ride an accent; a letter read again, its box a hair out of the
    # word's ("té" ending "Université", 0.1 pt under and 0.05 pt past it, seed
    # 9080 #54).
    slack = (0.2 if mark else LETTER_SLACK) * other.height
    letter = (
        len(text) <= 2
        and (text in whole or mark)
        and inside >= width - LETTER_SLACK * other.height
        and other.top - slack <= word.top
        and word.bottom <= other.bottom + slack
        and (word.confidence <= other.confidence or at_edge)
    )
    return inside >= 0.8 * width and (poor or letter)


LETTER_SLACK = 0.05
"""How far, in the word's height, a letter read again may stand out of the word's
box and still lie within it (`_ghost`): boxes from two readings differ by a pixel."""


STEM_WIDTH = 0.4
"""Widest a stroke read as a word of its own may be, in the next word's heights."""
STEM_GAP = 0.6
"""Widest gap, in points, between a stroke and the word whose capital it is part of."""


def _stem_of(word: Word, after: Word) -> bool:
    """A capital's stem OCR read as a "1" (or "!", "l", "I") of its own, touching
    the word it opens: "Département du 1 Rhône", the 1 2 pt wide against a 10 pt
    "Rhône" (seed 9111 #10). A figure or a letter set apart stands a space away."""
    return (
        word.text in ("1", "!", "l", "I")
        and after.text[:1].isupper()
        and after.x0 - word.x1 < STEM_GAP
        and word.x1 - word.x0 < STEM_WIDTH * after.height
    )


def _ghost_between(word: Word, before: Word, after: Word) -> bool:
    """A word read poorly over the ink of the two words beside it, four fifths of
    it within their boxes: junk at 0.18 across the end of "universitaire" and
    the start of "d'Avignon" (seed 9080 #6), "facturé" of the line above read
    "banter" at 0.00 across "Syndicat" and "intercommunal" (seed 9076 #34)."""
    width = word.x1 - word.x0
    inside = sum(
        max(0.0, min(word.x1, o.x1) - max(word.x0, o.x0)) for o in (before, after)
    )
    return _read_poorer(word, before, after) and inside >= 0.8 * width


def _spelled_once(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The row without the words OCR read a second time over the ink of the words
    their boxes lie across: those words' letters, run together, spell it, their
    boxes hold most of it, and it is read less surely than each of them. A
    letter whose box hangs past the word's ("Lyon" | "y", the y's tail 1 pt
    below, seed 9081 #9), or letters across words ("Communauté" | "édec" | "de"
    | "communes": "é de c" read again, seed 9081 #33)."""
    kept = list(words)
    for word in words:
        if _spelled_across(word, [o for o in kept if o is not word]):
            kept.remove(word)
    return tuple(kept)


def _spelled_across(word: Word, others: Sequence[Word]) -> bool:
    width = word.x1 - word.x0
    across = sorted(
        (
            other
            for other in others
            if min(word.x1, other.x1) > max(word.x0, other.x0)
            and min(word.bottom, other.bottom) - max(word.top, other.top)
            >= 0.5 * min(word.height, other.height)
        ),
        key=lambda o: o.x0,
    )
    if not across or width <= 0 or not any(c.isalnum() for c in word.text):
        return False
    spelled = ""
    for other in across:
        if not spelled.endswith(other.text):  # a word read twice is spelled once
            spelled += other.text
    slack = LETTER_SLACK * word.height
    inside = sum(min(word.x1, o.x1) - max(word.x0, o.x0) for o in across)
    return (
        word.text.casefold() in spelled.casefold()
        and inside >= SPELLED_INSIDE * width
        and across[0].x0 - slack <= word.x0
        and word.x1 <= max(o.x1 for o in across) + slack
        and all(word.confidence < o.confidence for o in across)
    )


SPELLED_INSIDE = 0.7
"""Least share of a word's width inside the words it is spelled across
(`_spelled_across`): the gaps between them are the rest."""


def _read_poorer(word: Word, *others: Word) -> bool:
    """True when OCR read ``word`` poorly (under 0.5) and far less surely (by 0.3)
    than each of ``others``."""
    return word.confidence < 0.5 and all(
        word.confidence < o.confidence - 0.3 for o in others
    )


def _joined(before: Word, word: Word) -> Word:
    """The two as one word, its box over both: a mark OCR read inside the digits'
    box ("596068494" and a "." under its 5th digit) leaves the word as wide."""
    return Word(
        before.text + word.text,
        before.x0,
        min(before.top, word.top),
        max(before.x1, word.x1),
        max(before.bottom, word.bottom),
        min(before.confidence, word.confidence),
    )


def _segment(words: list[Word], page: Page, row: int, index: int) -> Segment:
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w.text) + 1
    text = " ".join(w.text for w in words)
    return Segment(
        tuple(words),
        page.number,
        row,
        index,
        page.method,
        text,
        fold(text).translate(_OCR_FOLDS) if page.method is Method.OCR else fold(text),
        tuple(starts),
    )


# Letters OCR reads as a sign, back to the letter in the folded text labels are
# found in: "Ré£. : AV-2025-709" (seed 9047 #51), a grid head "RE}" (seed 9063
# #58). Amounts and currencies are read in the text, where the sign stays.
_OCR_FOLDS = str.maketrans("£}", "ff")


@dataclass
class Doc:
    """The pages as rows of segments, in reading order, with look-ups by geometry."""

    pages: tuple[Page, ...]
    segments: list[Segment] = field(default_factory=list)
    rows: dict[tuple[int, int], list[Segment]] = field(default_factory=dict)

    @classmethod
    def from_pages(cls, pages: tuple[Page, ...] | list[Page]) -> "Doc":
        doc = cls(tuple(pages))
        for page in doc.pages:
            ocr = page.method is Method.OCR
            for row, line in enumerate(group_lines(page.words, scanned=ocr)):
                for part in split_segments(line, ocr=ocr):
                    seg = _segment(part, page, row, len(doc.segments))
                    doc.segments.append(seg)
                    doc.rows.setdefault((page.number, row), []).append(seg)
        return doc

    @cached_property
    def by_page(self) -> dict[int, list[Segment]]:
        """Each page's segments, top to bottom."""
        pages: dict[int, list[Segment]] = {p.number: [] for p in self.pages}
        for s in self.segments:
            pages[s.page].append(s)
        for segs in pages.values():
            segs.sort(key=lambda s: s.top)
        return pages

    @cached_property
    def page_heights(self) -> dict[int, float]:
        return {p.number: p.height for p in self.pages}

    def find(self, pattern: re.Pattern[str]) -> Iterator[Hit]:
        """Every match of a pattern over the folded text of each segment."""
        for seg in self.segments:
            for m in pattern.finditer(seg.folded):
                yield Hit(seg, m.start(), m.end())

    def right_of(self, seg: Segment) -> list[Segment]:
        """The segments of the same row to the right of ``seg``, nearest first."""
        return [s for s in self.rows[(seg.page, seg.row)] if s.x0 >= seg.x1 - 0.5]

    def left_of(self, seg: Segment) -> list[Segment]:
        """The segments of the same row to the left of ``seg``, left to right (the
        nearest last)."""
        return [s for s in self.rows[(seg.page, seg.row)] if s.x1 <= seg.x0]

    def below(self, seg: Segment, rows: int = 2) -> list[Segment]:
        """Segments under ``seg`` in the same column, from the next ``rows`` lines."""
        # Tesseract's boxes hug the ink: the font, and so the line, is taller.
        size = seg.height / OCR_INK_SHARE if seg.method is Method.OCR else seg.height
        line = max(size, 6.0) * 1.9
        found: list[Segment] = []
        seen_rows: list[int] = []
        bottom = self._head_bottom(seg, line)
        for s in self.by_page[seg.page]:
            if s.top <= seg.top + 0.5 * seg.height and not _hangs_below(s, seg):
                continue
            if s.top > bottom + rows * line:
                break
            if not (_overlap(s, seg) or abs(s.x0 - seg.x0) < 2 * seg.height):
                continue
            if s.row not in seen_rows:
                if len(seen_rows) == rows:
                    break
                seen_rows.append(s.row)
            found.append(s)
        return found

    def _head_bottom(self, seg: Segment, line: float) -> float:
        """Where the row of ``seg`` ends, taken in the next line when every cell
        of that line is another cell of the row going on, wrapped: a grid's head
        "Pièce n°" | "Date limite de" / "règlement" has its values a line lower
        (seed 9068 #6, the invoice number lost)."""
        mates = [s for s in self.rows[(seg.page, seg.row)] if s is not seg]
        after = self.rows.get((seg.page, seg.row + 1), [])
        if (
            after
            and mates
            and all(
                not _overlap(s, seg)
                and any(
                    _overlap(s, m) and s.top <= m.bottom + 0.5 * line for m in mates
                )
                for s in after
            )
        ):
            return max(s.bottom for s in after)
        return seg.bottom

    def continuation(self, seg: Segment) -> Segment | None:
        """Where the text of ``seg`` goes on when it ends its line: the first cell of
        the next line, as a paragraph wraps (a centred footer's second line starts
        under the middle of the first, not under its end)."""
        if seg is not self.rows[(seg.page, seg.row)][-1]:
            return None
        after = self.next_row(seg)
        return after[0] if after else None

    def next_row(self, seg: Segment) -> list[Segment]:
        """The cells of the line after the one of ``seg``, left to right, when it
        follows as the next line of a paragraph would (no more than a line apart)."""
        after = self.rows.get((seg.page, seg.row + 1))
        if not after:
            return []
        size = seg.height / OCR_INK_SHARE if seg.method is Method.OCR else seg.height
        return after if after[0].top <= seg.bottom + max(size, 6.0) * 1.9 else []

    def places_after(self, hit: Hit, *, below: int = 2) -> Iterator[Place]:
        """Where the value of a label found at ``hit`` may stand, nearest first."""
        seg = hit.segment
        if value_start(seg, hit.end) < len(seg.folded):
            yield Place(seg, hit.end, "same")
        elif (wrapped := self._wrapped_after(seg, hit)) is not None:
            yield Place(wrapped, 0, "same")
        # Only the nearest cell: a value further right belongs to another label. A
        # cell of punctuation alone is the label's own colon, set apart (OCR); so
        # is a mark read unsurely ("Total hors taxes" | "ee" at 0.24 | "EUR 3
        # 408,51", seed 9075 #18).
        cells = [
            s
            for s in self.right_of(seg)
            if any(c.isalnum() for c in s.text) and not _unsure_mark(s)
        ]
        for s in cells[:1]:
            yield Place(s, 0, "right")
        if below:
            for s in self.below(seg, below):
                yield Place(s, 0, "below")

    def _wrapped_after(self, seg: Segment, hit: Hit) -> Segment | None:
        """Where a paragraph goes on when a label ends its line: "… - N° BON DE
        COMMANDE :" / "1300748796 - MARCHÉ : …". Only inside running text (words
        before the label, the next line under the paragraph's start): a label
        ending a row of column heads has its value under it, not at the next
        row's start."""
        if len(seg.folded[: hit.start].split()) < 3:
            return None
        nxt = self.continuation(seg)
        if nxt is None or abs(nxt.x0 - seg.x0) > 2 * seg.height:
            return None
        return nxt

    def heads_items(self, seg: Segment) -> bool:
        """True when the row of ``seg`` names two or more of an item table's columns:
        a label among them heads a column of items, not a value of the invoice."""
        return len(set(_ITEM_COLUMNS.findall(self.row_text(seg)))) >= 2

    def row_text(self, seg: Segment) -> str:
        """The folded text of the whole row a segment stands on."""
        return " ".join(s.folded for s in self.rows[(seg.page, seg.row)])

    def near_text(self, seg: Segment, above: int = 2) -> str:
        """Folded text of the segment's row and the rows just above it, same column."""
        parts = [self.row_text(seg)]
        for r in range(seg.row - 1, max(-1, seg.row - 1 - above), -1):
            for s in self.rows.get((seg.page, r), []):
                if min(s.x1, seg.x1) - max(s.x0, seg.x0) > -20:
                    parts.append(s.folded)
        return " ".join(parts)

    def relative_top(self, seg: Segment) -> float:
        """How far down its page a segment stands, from 0 (top) to 1 (bottom)."""
        height = self.page_heights.get(seg.page) or 1.0
        return seg.top / height


_LABEL_SEPARATOR = r"[\s.'’°:>!-]"
"""What may stand between a label's words: spaces, dots, apostrophes, hyphens, and
a speck OCR read as ">" ("Marché > publicn°: 25S1396", seed 9103 #40) or "!"
("SERVICE ! EXECUTANT : 0012", seed 9114 #25)."""


def label_pattern(*labels: str) -> re.Pattern[str]:
    """A pattern for label variants, matched on folded text at word boundaries.

    Spaces in a label match any run of spaces, dots, apostrophes or hyphens, so
    ``"total ht"`` also finds ``"TOTAL H.T."`` (and OCR's ``"Total -T.T.C."``) and
    ``"n de facture"`` finds ``"N° de facture"``.
    """
    alts = []
    for label in sorted(labels, key=len, reverse=True):
        # An apostrophe is a separator too: OCR reads "D'HONORAIRES" as "D : HONORAIRES".
        words = re.sub(r"['’]", " ", fold(label)).split()
        parts = [_N_READ_NO if p == "n" else re.escape(p) for p in words]
        alts.append(f"{_LABEL_SEPARATOR}*".join(parts))
    # A slash right after the label goes on with it ("TVA/HT"), unless a space
    # follows: OCR glues the slash of "TVA / VAT" to the label. So does a hyphen
    # ("EJ-2026"), but one a space follows ends it ("EJ- EJ89158482").
    pattern = re.compile(rf"(?<![\w@.])(?:{'|'.join(alts)})(?![a-z0-9@]|-\S)(?!/\S)\.?")
    _LABEL_TEXTS[pattern] = tuple(fold(label) for label in labels)
    return pattern


# "N°" whose degree sign OCR read as a letter o apart: "Facture n o F-2026-9955".
_N_READ_NO = r"n(?: o(?!\w))?"
_LABEL_TEXTS: dict[re.Pattern[str], tuple[str, ...]] = {}
"""Each label pattern's labels, folded: a garbled label is measured against them."""
GARBLED_LABEL_SCORE = 88
"""How close (rapidfuzz ratio) a scanned cell must read to a label to be one."""
GARBLED_LABEL_MIN = 8
"""Shortest label a cell OCR garbled is measured against: short ones ("bc",
"ref") are as close to too many words."""
GARBLED_SPECK_BELOW = 0.6
"""OCR confidence under which a word of `GARBLED_SPECK_CHARS` characters or fewer in
a garbled label's cell is left out of it (`garbled_cells`)."""
GARBLED_SPECK_CHARS = 2
_LABEL_SEPARATORS = re.compile(f"{_LABEL_SEPARATOR}+")


# What may follow a label's first line in its cell when the label wraps: nothing,
# or a short word that leads on ("Date limite de" / "règlement").
_LABEL_GOES_ON = re.compile(r"\W*(?:[a-z]{1,3}\W*)?")


def wrapped_label(doc: Doc, hit: Hit, label: re.Pattern[str]) -> Hit:
    """Where a label ends when it wraps in its cell onto the line under it: a
    grid's head "Date limite de" / "règlement" has its value under "règlement"
    (seed 9068 #6, the due date lost), not a line under "Date limite de". The
    hit itself when the line under does not go on with the label."""
    seg = hit.segment
    head = seg.folded[hit.start :]
    # On a scan, the next column's head may run on in the label's cell ("A PAYER
    # AU PLUS TARD VOTRE REFERENCE CLIENT" / "LE", seed 9121 #36): the line under
    # goes on with the label where it stands under the label's own words.
    span = None
    if not _LABEL_GOES_ON.fullmatch(seg.folded, hit.end):
        if seg.method is not Method.OCR:
            return hit
        head, span = seg.folded[hit.start : hit.end], seg.bbox(hit.start, hit.end)
    for under in doc.below(seg, rows=1):
        if not _overlap(under, seg) or under.top > seg.bottom + seg.height:
            continue
        if span and not span[0] <= (under.x0 + under.x1) / 2 <= span[2]:
            continue
        m = label.match(f"{head} {under.folded}")
        if m is not None and m.end() > len(head) + 1:
            return Hit(under, 0, m.end() - len(head) - 1)
    return hit


def garbled_cells(doc: Doc, label: re.Pattern[str]) -> Iterator[Hit]:
    """On a scan, cells that hold nothing but a label OCR misread by a letter or
    two ("N° FACTURI"), which ``label`` does not find: each a hit over the whole
    cell when its text reads close to one of the label's longer forms."""
    texts = [t for t in _LABEL_TEXTS.get(label, ()) if len(t) >= GARBLED_LABEL_MIN]
    # Short labels of letters of their own, not words a letter away from another.
    shorts = [t for t in _LABEL_TEXTS.get(label, ()) if t in SHORT_LABELS]
    for seg in doc.segments:
        if seg.method is not Method.OCR or _holds_figures(seg):
            continue
        # A mark OCR read at the cell's edge is no letter of it: "_ NOTE DE CR DIT";
        # nor are one or two characters it read poorly, a speck or a letter's
        # piece: "x ode du à service" for "Code du service" (seed 9062 #10), "EE
        # engagemen" for "N° engagement" (seed 9065 #39).
        kept = [
            seg.folded[start : start + len(w.text)]
            for w, start in zip(seg.words, seg.starts, strict=True)
            if len(w.text) > GARBLED_SPECK_CHARS or w.confidence >= GARBLED_SPECK_BELOW
        ]
        cell = _LABEL_SEPARATORS.sub(" ", " ".join(kept)).strip(" _|")
        if label.search(seg.folded):
            continue
        if (len(cell) >= GARBLED_LABEL_MIN and _reads_as(cell, texts)) or (
            shorts and _short_misread(doc, seg, shorts)
        ):
            yield Hit(seg, 0, len(seg.folded))


def _holds_figures(seg: Segment) -> bool:
    """True when a scanned cell holds digits other than a letter of a label OCR
    read as one, a word of its own between two words of letters ("Reste 4 payer"
    for "Reste à payer", seed 9115 #26): a value, not a label."""
    words = [w.text for w in seg.words]
    return any(
        any(c.isdigit() for c in text)
        and not (
            len(text) == 1
            and 0 < k < len(words) - 1
            and words[k - 1].isalpha()
            and words[k + 1].isalpha()
        )
        for k, text in enumerate(words)
    )


SHORT_LABELS = frozenset({"ej", "n ej", "ref"})
"""Short labels a scanned cell may hold with one letter misread (`_short_misread`):
an engagement's "EJ", whose J OCR reads as c, g, s or i in light or bold print; a
grid's light grey "Réf." read "Ret" (seed 9093 #58)."""
SHORT_LABEL_DOUBT = 0.8
"""OCR confidence under which a letter of a short label may have been read as
another (`_short_misread`)."""
SHORT_LABEL_TWINS = frozenset({("f", "t")})
"""A short label's letter and the letter OCR reads for it, shapes it takes one for
the other at any confidence: "Réf." read "Rét" at 0.89 over "F-2025-6710" (seed 9101
#4). Only over the value the label heads (`_heads_a_value`)."""


def _short_misread(doc: Doc, seg: Segment, labels: list[str]) -> bool:
    """True when a scanned cell is a short label but for one letter, read in a
    word OCR was unsure of: "N° Ec" for "N° EJ" at 0.71 (seed 9068 #49). Short
    labels are as close to too many words by measure; a letter read surely is
    what is printed. A label of one word needs its colon, or to head a number
    (`_heads_a_value`): "EW" at 0.39 over "2025009092" (seed 9072 #7)."""
    # The cell's text as labels are written (a space between words), and where
    # each of its characters stands in the segment's.
    chars, where = [], []
    for i, c in enumerate(seg.folded):
        if _LABEL_SEPARATORS.fullmatch(c):
            if not chars or chars[-1] == " ":
                continue
            c = " "
        chars.append(c)
        where.append(i)
    cell = "".join(chars).rstrip()
    for label in labels:
        if len(label) != len(cell):
            continue
        if " " not in label and not (
            seg.folded.rstrip().endswith(":") or _heads_a_value(doc, seg, label)
        ):
            continue  # a word of two letters alone is as often prose ("Es")
        apart = [i for i, (a, b) in enumerate(zip(cell, label, strict=True)) if a != b]
        if len(apart) != 1 or not (
            cell[apart[0]].isalpha() and label[apart[0]].isalpha()
        ):
            continue
        at = where[apart[0]]
        if seg.reading_confidence(at, at + 1) < SHORT_LABEL_DOUBT:
            return True
        if (label[apart[0]], cell[apart[0]]) in SHORT_LABEL_TWINS and _heads_a_value(
            doc, seg, label
        ):
            return True
    return False


_LONE_VALUE = {
    "ref": re.compile(r"[A-Z]{1,4}-?\d{4,12}(?:-\d{2,8}){0,2}"),
}
"""What a grid's short head stands over, by label: an engagement's a number of
eight to twelve digits (the default); a reference with letters is as often an
invoice's number under a "Réf." OCR read "eu" (seed 9074 #35), and that is what a
"Réf." heads: letters, then digits ("FAC-005284", "F-2025-6710")."""
_LONE_NUMBER = re.compile(r"\d{8,12}")


def _heads_a_value(doc: Doc, seg: Segment, label: str) -> bool:
    """True when the cell right under ``seg``, flush with it, holds the value a
    grid's ``label`` heads (`_LONE_VALUE`) and nothing else."""
    under = doc.below(seg, rows=1)[:1]
    value = _LONE_VALUE.get(label, _LONE_NUMBER)
    return bool(under) and (
        abs(under[0].x0 - seg.x0) < seg.height
        and value.fullmatch(under[0].text.strip()) is not None
    )


def garbled_label(hit: Hit, label: re.Pattern[str]) -> Hit:
    """On a scan, a cell that opens with a label and goes on with letters OCR
    garbled ("Engagement jurt dique") is all label when it reads close to a longer
    label of the same kind ("engagement juridique"); the value is then under it or
    beside it, not those letters. Up to a colon, when the cell has one: the value
    is after it. Otherwise the hit as it was."""
    seg = hit.segment
    cell = seg.folded[hit.start :].rstrip(" :")
    # A colon ends the label, its value after it in the cell: "Engagement
    # jricique : BC-2026-3951" (seed 9099 #16).
    head, colon, _ = cell.partition(":")
    if colon:
        cell = head.rstrip()
    rest = cell[hit.end - hit.start :].strip()
    if seg.method is not Method.OCR or not rest or any(c.isdigit() for c in rest):
        return hit
    longer = [t for t in _LABEL_TEXTS.get(label, ()) if len(t) > hit.end - hit.start]
    if not _reads_as(cell, longer):
        return hit
    return Hit(seg, hit.start, hit.start + len(cell) if colon else len(seg.folded))


def _reads_as(cell: str, labels: list[str]) -> bool:
    """True when a scanned cell reads close to one of the (folded) labels."""
    return any(fuzz.ratio(label, cell) >= GARBLED_LABEL_SCORE for label in labels)


RELATION_PRIOR = {"same": 1.0, "right": 0.97, "below": 0.9}


@dataclass(frozen=True, slots=True)
class Found:
    """A value pattern matched after a label: where, how far, and what stood between."""

    place: Place
    start: int
    end: int
    between: str
    """Folded text between the label (or the start of the cell) and the value."""

    @property
    def segment(self) -> Segment:
        return self.place.segment

    @property
    def text(self) -> str:
        return self.place.segment.text[self.start : self.end]

    @property
    def prior(self) -> float:
        return RELATION_PRIOR[self.place.relation]


def values_after(
    doc: Doc,
    hit: Hit,
    pattern: re.Pattern[str],
    *,
    folded: bool = False,
    below: int = 2,
) -> Iterator[Found]:
    """Matches of ``pattern`` in the places where the value of the label at ``hit`` may be."""
    for place in doc.places_after(hit, below=below):
        seg = place.segment
        subject = seg.folded if folded else seg.text
        m = pattern.search(subject, place.offset)
        if m and place.relation == "below":
            m = _most_under(hit, seg, list(pattern.finditer(subject, place.offset)))
        if m:
            yield Found(place, m.start(), m.end(), seg.folded[place.offset : m.start()])


def _most_under(hit: Hit, seg: Segment, matches: list[re.Match[str]]) -> re.Match[str]:
    """Of the values in a cell under a label, the one most under it: OCR runs a
    row's cells together ("29 novembre 2026 28 janvier 2027" under "Date" and
    "Date limite de paiement"). The first when none lies under the label."""
    x0, _, x1, _ = hit.segment.bbox(hit.start, hit.end)

    def under(m: re.Match[str]) -> float:
        left, _, right, _ = seg.bbox(m.start(), m.end())
        return min(x1, right) - max(x0, left)

    best = max(matches, key=under)
    return best if under(best) > 0 else matches[0]


def candidate_at(
    field: FieldName | Aux,
    value: object,
    found: "Found | Hit",
    confidence: float,
    *tags: str,
    marks: bool = True,
) -> Candidate:
    """A Candidate for ``value`` read at a found place, with the reader's confidence
    (in its letters and digits only, without ``marks``)."""
    seg = found.segment
    reading = seg.reading_confidence(found.start, found.end, marks=marks)
    return Candidate(
        field=field,
        value=value,
        confidence=confidence * reading,
        page=seg.page,
        bbox=seg.bbox(found.start, found.end),
        method=seg.method,
        raw=found.text,
        evidence=tags,
        reading=reading,
    )


def _overlap(s: Segment, other: Segment) -> bool:
    """True when two segments share some of the page's width."""
    return min(s.x1, other.x1) - max(s.x0, other.x0) > 0


def _hangs_below(s: Segment, seg: Segment) -> bool:
    """On a scan, ``s`` lies under ``seg`` though its box starts higher: its middle
    is below ``seg``'s bottom (Tesseract boxed "AO-2025-062" from ink above it,
    16 pt tall under its 6 pt label, seed 9020 #42)."""
    return s.method is Method.OCR and (s.top + s.bottom) / 2 > seg.bottom
