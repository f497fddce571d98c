"""Words and pages: the one shape every reader (text layer, OCR) produces."""

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import pdfplumber
from pdfminer.pdfexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ingest.contract import Method
from ingest.errors import Damaged, IngestError

Box = tuple[float, float, float, float]
"""[x0, top, x1, bottom] in PDF points, origin at the page's top-left."""


@dataclass(frozen=True, slots=True)
class Word:
    """A word on a page; its box is in PDF points, origin at the page's top-left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float = 1.0
    """How sure the reader is of the characters: 1.0 for a text layer, OCR's own below."""
    letter_o: bool = False
    """True when the O OCR read among a reference's digits is a letter, its glyph
    proving it (as wide as a capital O, wider than a zero): repairs that would take
    it for a 0 leave it."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Page:
    """One page read: its number (1-based), size in points, words and how they were read."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    method: Method = Method.TEXT
    to_page: Callable[[Box], Box] | None = field(default=None, compare=False)
    """For OCR'd pages read straightened: maps a box of ``words`` back onto the page."""


TALLEST_IN_A_ROW = 2.0
"""The height a row's words are matched on, at most, in the page's usual words."""


def group_lines(
    words: tuple[Word, ...] | list[Word], *, scanned: bool = False
) -> list[tuple[Word, ...]]:
    """Rows of words, top to bottom, each left to right: centres within half a height.

    The height is the row's tallest word's, but no more than twice the page's usual
    word: a tall mark OCR read as a word ("zoanmoao", a stamp's edge) would
    otherwise draw the three lines it crosses into one row. On a ``scanned`` page,
    a word OCR boxed tall from a line above or below it is trimmed off that line
    first (`_trimmed_tall`); a text layer's boxes are the print's.
    """
    rows: list[list[Word]] = []
    heights = sorted(w.height for w in words)
    usual = heights[len(heights) // 2] if heights else 0.0
    if scanned:
        words = _trimmed_tall(words, usual)
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        centre = (word.top + word.bottom) / 2
        if (
            rows
            and abs(centre - _middle(rows[-1])) <= _reach(rows[-1], usual)
            and not _under(word, rows[-1])
        ):
            rows[-1].append(word)
            continue
        rows.append([word])
    _rejoin(rows, usual)
    _rejoin_tall(rows, usual)
    return [tuple(sorted(row, key=lambda w: w.x0)) for row in rows if row]


def _under(word: Word, row: list[Word]) -> bool:
    """True when ``word`` lies wholly under a word of ``row`` that it overlaps
    across the page: the next line of a column, not more of this row. Tall boxes
    in a column beside ("MARCHE" boxed 15 pt tall) widened the row's reach over
    two lines of a buyer's block, and "DOIT :" over "CCAS d'Amiens" made the name
    "CCAS DOIT : d'Amiens" (seed 9094 #19)."""
    return any(_gap(word, w) < 0 and word.top >= w.bottom for w in row)


def _reach(row: list[Word], usual: float) -> float:
    """How far from a row's middle a word's middle may lie to be in the row."""
    tallest = min(max(w.height for w in row), TALLEST_IN_A_ROW * usual)
    return max(2.0, 0.45 * tallest)


REJOIN_PASSES = 3
"""Times `_rejoin` goes over the rows at most (a word moved can let another move)."""


def _rejoin(rows: list[list[Word]], usual: float) -> None:
    """Move a run of words with no neighbour in the rest of its row to the row
    above or below, where it has one and lies over none, when it lies nearer
    that row's middle.

    Rows are gathered top to bottom, so a line set half a line lower than the one
    beside it loses its first words to that one: "Jules" of a bold "Lycée Jules
    Ferry", its box shorter than its neighbours', went with the address at its
    left, and the name came out in three pieces; "Marché" and its value with a
    line of the next column, "public n°:" left alone; "de la" of "27 rue de la
    République" with the telephone number of the column at its left (seed 9068
    #54), and "de la" closed the buyer's name above.
    """
    for _ in range(REJOIN_PASSES):
        moved = False
        for i, row in enumerate(rows):
            for run in _runs(row):
                rest = [w for w in row if w not in run]
                if not (rest or any(map(_is_word, run))):
                    continue
                centre = sum((w.top + w.bottom) / 2 for w in run) / len(run)
                here = abs(centre - _middle(rest)) if rest else float("inf")
                for j in (i - 1, i + 1):
                    if not 0 <= j < len(rows) or not rows[j]:
                        continue
                    other = rows[j]
                    there = abs(centre - _middle(other))
                    if (
                        there < here
                        and there <= _reach(other, usual)
                        and any(_has_neighbour(w, other) for w in run)
                        and not any(_gap(w, o) < 0 for w in run for o in other)
                    ):
                        for w in run:
                            row.remove(w)
                        other.extend(run)
                        moved = True
                        break
        if not moved:
            return


def _runs(row: list[Word]) -> list[list[Word]]:
    """The row's words in runs, each word's neighbours in its run, and no word of
    a run a neighbour of another run's."""
    runs: list[list[Word]] = []
    for word in row:
        joined = [
            r
            for r in runs
            if _has_neighbour(word, r) or any(_has_neighbour(w, [word]) for w in r)
        ]
        merged = [word]
        for r in joined:
            runs.remove(r)
            merged = r + merged
        runs.append(merged)
    return runs


TALL_BOX = 1.6
"""A word boxed taller than this many usual heights: its box took in ink above or
below it, and its middle says little of its line."""


def _rejoin_tall(rows: list[list[Word]], usual: float) -> None:
    """Move tall-boxed words that stand apart in their row to the row above or
    below whose middle their boxes span, where they have a neighbour.

    Tesseract boxed "Office public" 20 pt tall from a mark under it; its middle
    fell in the next row, beside nothing, and "de l'habitat de La Rochelle",
    4 pt to its right, was left a name of its own (seed 9036 #14). Words within
    two usual heights of each other go together; a mark ("|", "—") is no
    neighbour to go to.
    """
    reach = 2 * usual
    for i, row in enumerate(rows):
        tall = sorted(
            (w for w in row if w.height > TALL_BOX * usual), key=lambda w: w.x0
        )
        runs: list[list[Word]] = []
        for word in tall:
            if runs and _gap(runs[-1][-1], word) <= reach:
                runs[-1].append(word)
            else:
                runs.append([word])
        for run in runs:
            rest = [w for w in row if w not in run]
            if any(_gap(w, o) <= reach for w in run for o in rest):
                continue
            top = min(w.top for w in run)
            bottom = max(w.bottom for w in run)
            for j in (i - 1, i + 1):
                if not 0 <= j < len(rows) or not rows[j]:
                    continue
                other = rows[j]
                if (
                    top <= _middle(other) <= bottom
                    and any(
                        _gap(w, o) <= reach and _is_word(o) for w in run for o in other
                    )
                    and not any(_gap(w, o) < 0 for w in run for o in other)
                ):
                    for w in run:
                        row.remove(w)
                    other.extend(run)
                    break


def _trimmed_tall(words: Sequence[Word], usual: float) -> list[Word]:
    """The words, a tall-boxed one's box trimmed off the words its box takes in
    above or below it: words of a usual height set across the same columns that
    stick out of its box's top (or bottom), their middles in its upper (or lower)
    half. A word wholly inside its box is no line of its own: Tesseract boxed an
    IBAN's last digits "34" 12 pt tall over the IBAN they end (seed 9108 #39).

    Tesseract boxed "2026006827" 15 pt tall from the descenders of its label
    "Engagement juridique n°" over it; its middle fell in the label's row, left
    of the label, and the engagement number had no value under its label (seed
    9110 #7). Trimmed, its box is its own line's."""
    out = []
    for word in words:
        if word.height <= TALL_BOX * usual:
            out.append(word)
            continue
        middle = (word.top + word.bottom) / 2
        top, bottom = word.top, word.bottom
        for other in words:
            if (
                other.height > TALL_BOX * usual
                or not _is_word(other)
                or _gap(word, other) >= 0
                or other.bottom <= word.top
                or other.top >= word.bottom
            ):
                continue
            if (other.top + other.bottom) / 2 < middle and other.top < word.top:
                top = max(top, other.bottom)
            elif (other.top + other.bottom) / 2 > middle and other.bottom > word.bottom:
                bottom = min(bottom, other.top)
        trimmed = (top, bottom) != (word.top, word.bottom)
        kept = trimmed and bottom - top >= TRIMMED_MIN * usual
        out.append(replace(word, top=top, bottom=bottom) if kept else word)
    return out


TRIMMED_MIN = 0.5
"""Lowest a trimmed box may be, in usual word heights; else the box stays whole."""


def _is_word(word: Word) -> bool:
    """Two letters or digits or more: a row of one mark ("[e]", a speck read "<")
    stays apart, where a row of one word may join its line."""
    return sum(c.isalnum() for c in word.text) >= 2


def _middle(row: list[Word]) -> float:
    return sum((w.top + w.bottom) / 2 for w in row) / len(row)


def _gap(word: Word, other: Word) -> float:
    """The room between two words across the page; negative where they overlap."""
    return max(other.x0 - word.x1, word.x0 - other.x1)


def _has_neighbour(word: Word, row: list[Word]) -> bool:
    """Whether a word of ``row`` lies within two of a word's heights of it."""
    return any(w is not word and _gap(word, w) <= 2 * word.height for w in row)


def read_text_layer(data: bytes) -> Iterator[Page]:
    """Read the text layer of every page with pdfplumber, one Page at a time."""
    try:
        yield from _read(data)
    except (PSException, PdfminerException, MalformedPDFException, RecursionError) as e:
        # pdfplumber wraps what pdfminer raised, our own deadline included.
        cause = next(
            (a for a in (*e.args, e.__cause__) if isinstance(a, IngestError)), None
        )
        if cause is not None:
            raise cause from e
        raise Damaged(f"The text layer could not be read ({type(e).__name__}).") from e


def _read(data: bytes) -> Iterator[Page]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(
                keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5
            )
            yield Page(
                number=number,
                width=float(page.width),
                height=float(page.height),
                words=tuple(
                    Word(
                        w["text"],
                        float(w["x0"]),
                        float(w["top"]),
                        float(w["x1"]),
                        float(w["bottom"]),
                    )
                    for w in words
                ),
            )
            page.flush_cache()
