from dataclasses import replace

from ingest.contract import Method
from ingest.extractors.base import Doc
from ingest.text import Page, Word
from tests.ingest.extractors.pages import words_at


def segment_of(words, method: Method):
    (segment,) = Doc.from_pages([Page(1, 595.0, 842.0, tuple(words), method)]).segments
    return segment


def test_an_ocr_line_is_as_tall_as_its_median_word_a_text_line_as_its_tallest():
    # Tesseract's box for one word swallowed marks above and below: 22 pt, not 10.
    words = words_at(60, 230, "Prise de courant 16A encastrée")
    words[1] = replace(words[1], top=words[1].top - 6, bottom=words[1].bottom + 6)
    assert segment_of(words, Method.OCR).height == 10
    assert segment_of(words, Method.TEXT).height == 22


def test_an_ocr_row_is_cut_at_gaps_wider_than_its_font_not_its_ink():
    # "FR76 2004 1032" in a 9 pt font: Tesseract boxes digits 6.2 pt tall, and the
    # spaces between the groups are 7 pt: one cell, not three.
    words = [
        Word(text, x, 219, x + 22, 225.2, 0.9)
        for text, x in (("FR76", 86), ("2004", 115), ("1032", 144))
    ]
    far = Word("Total", 300, 219, 325, 225.2, 0.9)
    segments = Doc.from_pages(
        [Page(1, 595.0, 842.0, (*words, far), Method.OCR)]
    ).segments
    assert [s.text for s in segments] == ["FR76 2004 1032", "Total"]
