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


def test_a_letter_ocr_read_again_inside_the_word_before_it_is_left_out():
    # "Gironde" 0.88 sure, and its r read a second time, 0.83, inside its box.
    words = [
        Word("Département", 327.1, 128.2, 390.5, 138.7, 0.95),
        Word("de", 393.8, 128.6, 405.8, 136.8, 0.96),
        Word("la", 409.2, 128.6, 417.4, 136.8, 0.85),
        Word("Gironde", 420.5, 128.6, 460.6, 136.8, 0.88),
        Word("r", 431.8, 130.3, 435.6, 136.6, 0.83),
    ]
    assert segment_of(words, Method.OCR).text == "Département de la Gironde"
    # Surer than the word around it, or standing out of its box, it stays.
    words[4] = replace(words[4], confidence=0.95)
    assert segment_of(words, Method.OCR).text == "Département de la Gironde r"
    words[4] = replace(words[4], confidence=0.8, x0=455.0, x1=463.0)
    assert segment_of(words, Method.OCR).text == "Département de la Gironde r"
    # A letter that is none of the word's own is another word whose box it
    # overlaps: "comprises" | "9 139,89 €".
    words = [
        Word("comprises", 515.0, 284.0, 560.0, 291.0, 0.9),
        Word("9", 540.0, 284.0, 545.0, 291.0, 0.9),
    ]
    assert segment_of(words, Method.OCR).text == "comprises 9"
