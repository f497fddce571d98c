"""Pages built from text placed at coordinates, for extractor tests without a PDF."""

from dataclasses import replace

from ingest.contract import Method
from ingest.extractors.base import Doc
from ingest.text import Page, Word

CHAR = 5.0  # width of one character, in points, at the 10 pt size these pages use
HEIGHT = 10.0
OCR_INK = 0.7
"""A capital's height as a share of the font's size: what Tesseract boxes."""


def words_at(x: float, top: float, text: str, height: float = HEIGHT) -> list[Word]:
    """The words of ``text`` laid out from ``(x, top)``, one space apart."""
    out = []
    for token in text.split():
        out.append(Word(token, x, top, x + CHAR * len(token), top + height))
        x += CHAR * (len(token) + 1)
    return out


def doc_of(
    *placed: tuple[float, float, str] | tuple[float, float, str, float],
    height: float = 842.0,
    method: Method = Method.TEXT,
) -> Doc:
    """A one-page Doc with each ``(x, top, text)`` written where it says, its words'
    boxes as tall as a fourth item says when there is one.

    With ``method`` OCR, word boxes hug the ink as Tesseract's do: 7 pt tall.
    """
    size = HEIGHT * OCR_INK if method is Method.OCR else HEIGHT
    words = [
        w
        for x, top, text, *tall in placed
        for w in words_at(x, top, text, tall[0] if tall else size)
    ]
    return Doc.from_pages([Page(1, 595.0, height, tuple(words), method)])


def read_as(doc: Doc, sureness: dict[str, float], default: float = 0.96) -> Doc:
    """The one-page ``doc`` with its words read as surely as OCR read them: the
    confidence ``sureness`` gives a word's text, ``default`` otherwise."""
    page = doc.pages[0]
    words = tuple(
        replace(w, confidence=sureness.get(w.text, default)) for w in page.words
    )
    return Doc.from_pages([replace(page, words=words)])


def boxed(*read: tuple[str, float, float, float, float, float]) -> Doc:
    """A one-page OCR'd Doc of words as Tesseract boxed them: (text, x0, top, x1,
    bottom, confidence) each, copied from a scan's reading."""
    words = tuple(Word(*w) for w in read)
    return Doc.from_pages([Page(1, 595.0, 842.0, words, Method.OCR)])
