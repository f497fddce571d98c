"""Pages built from text placed at coordinates, for extractor tests without a PDF."""

from ingest.extractors.base import Doc
from ingest.text import Page, Word

CHAR = 5.0  # width of one character, in points, at the 10 pt size these pages use
HEIGHT = 10.0


def words_at(x: float, top: float, text: str) -> list[Word]:
    """The words of ``text`` laid out from ``(x, top)``, one space apart."""
    out = []
    for token in text.split():
        out.append(Word(token, x, top, x + CHAR * len(token), top + HEIGHT))
        x += CHAR * (len(token) + 1)
    return out


def doc_of(*placed: tuple[float, float, str], height: float = 842.0) -> Doc:
    """A one-page Doc with each ``(x, top, text)`` written where it says."""
    words = [w for x, top, text in placed for w in words_at(x, top, text)]
    return Doc.from_pages([Page(1, 595.0, height, tuple(words))])
