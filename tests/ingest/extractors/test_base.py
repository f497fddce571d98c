from dataclasses import replace
from datetime import date

from ingest.contract import FieldName, Method
from ingest.extractors import extract_all
from ingest.extractors.base import Doc, split_segments
from ingest.resolve import resolve
from ingest.text import Page, Word, group_lines
from tests.ingest.extractors.pages import boxed, words_at


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


def test_a_letter_read_again_at_the_edge_of_the_word_after_it_is_left_out():
    # seed 9021: "Région O Occitanie", the O of "Occitanie" read a second time,
    # as surely as the word, from the same left edge.
    words = [
        Word("Région", 320.6, 75.6, 356.4, 86.6, 0.93),
        Word("O", 360.2, 76.1, 369.1, 84.5, 0.91),
        Word("Occitanie", 360.2, 76.1, 409.4, 84.5, 0.90),
    ]
    assert segment_of(words, Method.OCR).text == "Région Occitanie"
    # Away from the word's edge, surer than the word, it is not the word's own.
    words[1] = replace(words[1], x0=380.0, x1=388.9)
    assert segment_of(words, Method.OCR).text == "Région Occitanie O"


def test_part_of_a_word_from_a_line_read_twice_is_left_out():
    # seed 9021: Tesseract read the label's line twice, "Engageme" a little higher
    # than "Engagement", within its width.
    words = [
        Word("Engageme", 61.9, 196.6, 90.5, 201.4, 0.91),
        Word("Engagement", 61.9, 197.8, 95.8, 202.8, 0.95),
        Word("juridique", 98.6, 198.2, 122.9, 202.3, 0.95),
    ]
    assert segment_of(words, Method.OCR).text == "Engagement juridique"
    # A text layer's words are as they are.
    assert segment_of(words, Method.TEXT).text == "Engageme Engagement juridique"
    # Another reading over the same ink is not left out for overlapping alone.
    words[0] = replace(words[0], text="Emgogeme")
    assert segment_of(words, Method.OCR).text == "Emgogeme Engagement juridique"


def test_a_letter_spaced_title_read_in_pieces_is_one_word():
    # seed 9021: "F A C T U R E N° FAC-009463" read "FACTU R E N° FAC-009463".
    words = [
        Word("FACTU", 58.1, 44.9, 113.0, 57.6, 0.91),
        Word("R", 115.7, 45.1, 125.5, 57.4, 0.92),
        Word("E", 127.9, 45.1, 137.0, 57.4, 0.89),
        Word("N°", 143.8, 45.1, 160.8, 57.4, 0.95),
        Word("FAC-009463", 167.8, 44.9, 263.0, 57.6, 0.9),
    ]
    assert segment_of(words, Method.OCR).text == "FACTURE N° FAC-009463"
    # Pieces a word's space apart, or that spell no title, stay apart.
    wide = [replace(w, x0=w.x0 + 6 * i, x1=w.x1 + 6 * i) for i, w in enumerate(words)]
    assert segment_of(wide, Method.OCR).text == "FACTU R E N° FAC-009463"
    words[0] = replace(words[0], text="FACTO")
    assert segment_of(words, Method.OCR).text == "FACTO R E N° FAC-009463"


def test_marks_read_inside_a_words_box_neither_stay_nor_cut_the_cell():
    # seed 9023: "Ministère de l'Intérieur" read with a ":" inside "Ministère" and a
    # "2:" over the top of "l'Intérieur", both less sure than the words; the ":"
    # ended the cell, the gap to "de" measured from it.
    words = [
        Word("Ministère", 551.3, 92.9, 598.8, 101.8, 0.96),
        Word(":", 560.4, 93.1, 562.3, 95.0, 0.84),
        Word("de", 602.4, 93.4, 614.9, 101.8, 0.9),
        Word("l'Intérieur", 618.5, 93.4, 667.4, 101.8, 0.91),
        Word("2:", 639.1, 92.9, 650.2, 95.0, 0.5),
    ]

    def cells(words):
        return [
            " ".join(w.text for w in part) for part in split_segments(words, ocr=True)
        ]

    assert cells(words) == ["Ministère de l'Intérieur"]
    # As sure as the word it lies in, a mark is left as read, the cell whole.
    words[1] = replace(words[1], confidence=0.96)
    assert cells(words) == ["Ministère : de l'Intérieur"]


def test_a_word_read_from_a_crop_that_took_in_the_last_mark_before_it_joins_it():
    # seed 9025 #5: the page's reading gave "03-01-" and left "2025" out; read
    # from a crop that took in the hyphen, it came back "-2025" over it.
    words = [
        Word("03-01-", 35.5, 142.1, 58.6, 148.3, 0.92),
        Word("-2025", 57.0, 142.0, 78.5, 148.3, 0.92),
    ]
    parts = split_segments(words, ocr=True)
    assert [[w.text for w in part] for part in parts] == [["03-01-2025"]]
    assert (parts[0][0].x0, parts[0][0].x1) == (35.5, 78.5)
    # Apart, or with marks of their own, they are two words.
    apart = [words[0], replace(words[1], x0=60.0)]
    assert [w.text for w in split_segments(apart, ocr=True)[0]] == ["03-01-", "-2025"]
    own = [replace(words[0], text="03-01"), words[1]]
    assert [w.text for w in split_segments(own, ocr=True)[0]] == ["03-01", "-2025"]


def test_a_line_set_half_a_line_lower_than_the_one_beside_it_stays_one_row():
    # seed 9031 #42: "Jules", boxed shorter than "Lycée" and "Ferry", lay nearer
    # the middle of the address line at its left, which took it: the name came
    # out in three pieces.
    words = (
        Word("a", 559.0, 134.6, 571.2, 140.2),  # "Doit :", pale grey
        Word("1", 568.3, 136.3, 569.0, 139.9),
        Word("129", 55.7, 141.1, 68.9, 147.4),
        Word("rue", 72.0, 142.6, 83.5, 147.4),
        Word("de", 86.4, 140.9, 95.5, 147.4),
        Word("la", 98.4, 140.9, 104.4, 147.4),
        Word("République", 107.8, 140.9, 149.8, 148.8),
        Word("Lycée", 559.0, 143.5, 587.8, 153.8),
        Word("Jules", 591.4, 144.0, 617.5, 151.9),
        Word("Ferry", 621.6, 144.0, 646.8, 153.8),
    )
    doc = Doc.from_pages([Page(1, 842.0, 595.0, words, Method.OCR)])
    assert "Lycée Jules Ferry" in [s.text for s in doc.segments]


def test_words_of_a_line_taken_by_the_next_columns_line_rejoin_their_row():
    # seed 9068 #54: "de la" of "27 rue de la République", its middle as near
    # the telephone line of the column at its left, went with that line; the
    # address came out "27 rue" | "République", and "de la" ended the buyer's
    # name on the line above ("Office public de l'habitat de Dijon de la").
    read = [
        ("Destinataire", 335.0, 77.8, 382.0, 82.8, 0.95),
        ("51100", 71.0, 87.6, 95.0, 93.6, 0.96), ("Reims", 98.0, 87.6, 122.0, 93.6, 0.96),
        ("Office", 334.0, 87.1, 358.0, 96.7, 0.96), ("public", 361.0, 87.1, 385.0, 96.7, 0.96),
        ("de", 388.0, 87.1, 396.0, 96.7, 0.94), ("l'habitat", 399.0, 87.1, 433.0, 96.7, 0.94),
        ("de", 436.0, 87.1, 444.0, 96.7, 0.96), ("Dijon", 447.0, 87.1, 487.0, 96.7, 0.96),
        ("Tél.", 71.0, 99.1, 84.0, 105.1, 0.95), ("03", 86.6, 99.1, 94.8, 105.1, 0.95),
        ("01", 97.2, 99.1, 104.4, 104.9, 0.95), ("30", 108.2, 99.1, 116.2, 105.1, 0.95),
        ("70", 118.6, 99.1, 126.7, 105.1, 0.95), ("81", 129.6, 99.1, 136.6, 105.1, 0.95),
        ("27", 334.3, 101.7, 342.2, 107.7, 0.96), ("de", 357.8, 101.7, 365.5, 107.7, 0.96),
        ("la", 368.4, 101.7, 373.9, 107.7, 0.96), ("République", 376.8, 101.8, 415.2, 109.7, 0.96),
        ("rue", 344.9, 103.7, 355.2, 107.8, 0.96),
        ("21000", 334.0, 113.3, 357.0, 121.2, 0.96), ("Dijon", 360.0, 113.3, 380.0, 121.2, 0.96),
    ]  # fmt: skip
    doc = boxed(*read)
    texts = [s.text for s in doc.segments]
    assert "27 rue de la République" in texts
    assert "Tél. 03 01 30 70 81" in texts
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_NAME) == "Office public de l'habitat de Dijon"


def test_a_label_and_its_value_taken_by_the_next_columns_line_rejoin_their_row():
    # seed 67 #3: "Marché" and its value went with the next column's line, set a
    # little higher, and "public n°:" was left alone.
    words = (
        Word("Paris", 385.2, 129.4, 411.6, 135.6),
        Word("de", 368.9, 129.6, 379.0, 135.6),
        Word("20", 320.6, 130.1, 330.2, 135.6),
        Word("route", 336.7, 130.3, 362.9, 135.8),
        Word("MAR-25-507", 104.4, 132.2, 157.9, 137.8),
        Word("Marché", 40.8, 133.2, 62.6, 138.5),
        Word("public", 65.3, 133.2, 83.5, 139.9),
        Word("n°:", 86.2, 134.9, 96.0, 138.2),
    )
    doc = Doc.from_pages([Page(1, 595.0, 842.0, words, Method.OCR)])
    rows = {s.text: s.row for s in doc.segments}
    assert rows["Marché public n°: MAR-25-507"] != rows["20 route de Paris"]
    # A word beside nothing in its row and over a word of the next stays.
    words = (
        Word("Université", 540.2, 78.2, 594, 86.6),
        Word("de", 599, 78.2, 611, 86.6),
        Word("Nice", 615, 78.2, 639, 86.6),
        Word("tr", 582.2, 77.8, 595, 81.6),
        Word("ee", 611, 77.8, 625, 81.6),
    )
    doc = Doc.from_pages([Page(1, 842.0, 595.0, words, Method.OCR)])
    assert "Université de Nice" in [s.text for s in doc.segments]


def test_a_word_alone_in_its_row_joins_the_line_it_belongs_to_but_a_mark_does_not():
    # seed 9035 #31: "restauration", boxed 12 pt tall, lay too low for the row of
    # "Service", which stood alone: the bare label "Service" then took the "23"
    # of the address under it for a service code.
    words = (
        Word("NUMERO", 47.8, 141.4, 77.8, 146.6),
        Word("<", 381.6, 146.6, 382.3, 147.8),
        Word("Service", 317.3, 146.6, 344.6, 153.1),
        Word("FA2025026550", 47.8, 146.6, 105.6, 160.3),
        Word("24", 129.8, 151.2, 139.0, 157.4),
        Word("février", 142.0, 150.7, 167.0, 157.7),
        Word("2025", 170.0, 151.2, 188.4, 157.7),
        Word("restauration", 347.8, 147.4, 392.4, 159.4),
        Word("23", 317.0, 158.2, 326.0, 164.6),
        Word("rue", 329.0, 159.6, 341.0, 164.6),
        Word("de", 343.0, 158.2, 353.0, 164.6),
        Word("la", 355.0, 158.2, 361.0, 164.6),
        Word("République", 365.0, 158.2, 406.8, 166.1),
    )
    doc = Doc.from_pages([Page(1, 842.0, 595.0, words, Method.OCR)])
    texts = [s.text for s in doc.segments]
    assert "Service restauration" in texts
    out = resolve(extract_all(doc))
    assert FieldName.BUYER_SERVICE_CODE not in out.fields
    # seed 9033 #41: a mark alone in its row stays apart, and does not come
    # between a label and its value.
    words = (
        Word("FACTURE", 57.8, 46.1, 142.0, 58.8),
        Word("N°", 147.0, 46.3, 159.0, 58.6),
        Word("[e]", 160.0, 46.1, 165.0, 51.4),
        Word("FCT2500704", 171.0, 46.1, 266.4, 58.8),
    )
    doc = Doc.from_pages([Page(1, 842.0, 595.0, words, Method.OCR)])
    assert "FACTURE N° FCT2500704" in [s.text for s in doc.segments]
    out = resolve(extract_all(doc))
    assert out.value(FieldName.INVOICE_NUMBER) == "FCT2500704"


def test_words_boxed_tall_go_to_the_row_they_read_on_but_never_to_a_mark():
    # seed 9036 #14: "Office public", boxed 20 pt tall from a mark under it, lay
    # in the row below, beside nothing, and the buyer came out "Office public".
    words = (
        Word("de", 410.4, 134.9, 424.0, 143.8),
        Word("l'habitat", 428.0, 134.9, 473.0, 143.8),
        Word("de", 477.0, 134.9, 490.0, 143.8),
        Word("La", 495.0, 134.9, 507.0, 143.8),
        Word("Rochelle", 512.0, 134.9, 560.9, 144.0),
        Word("N°", 73.0, 140.9, 83.0, 148.3),
        Word("de", 87.0, 140.6, 98.0, 148.3),
        Word("facture", 101.0, 140.6, 134.0, 148.3),
        Word("FAC-007052", 140.0, 140.6, 195.7, 148.3),
        Word("Office", 334.6, 133.7, 368.0, 153.6),
        Word("public", 372.0, 133.7, 406.1, 153.6),
        Word("Date", 73.0, 156.5, 94.0, 163.9),
    )
    doc = Doc.from_pages([Page(1, 595.0, 842.0, words, Method.OCR)])
    texts = [s.text for s in doc.segments]
    assert "Office public de l'habitat de La Rochelle" in texts
    assert "N° de facture FAC-007052" in texts
    # seed 9018 #4: beside a bar read "|", a tall value stays with its label.
    words = (
        Word("N°", 39.1, 170.6, 48.7, 177.8),
        Word("DE", 52.6, 170.6, 64.8, 177.6),
        Word("FACTURE", 68.2, 170.4, 113.0, 177.8),
        Word("|", 164.4, 166.1, 165.6, 166.8),
        Word("FAC-009949", 172.1, 165.1, 230.9, 177.6),
        Word("Client", 39.1, 190.0, 60.0, 197.0),
    )
    doc = Doc.from_pages([Page(1, 595.0, 842.0, words, Method.OCR)])
    assert resolve(extract_all(doc)).value(FieldName.INVOICE_NUMBER) == "FAC-009949"


def test_a_line_under_another_in_its_column_is_never_drawn_into_its_row():
    # seed 9094 #19: "MARCHE" boxed 15 pt tall, its value 12, beside a buyer's
    # block, stretched the row of "DOIT :" over "CCAS d'Amiens" under it, and
    # the buyer came out "CCAS DOIT : d'Amiens".
    words = (
        Word("Ets", 56.9, 73.0, 73.9, 81.8, 0.96),
        Word("Fils", 135.4, 73.0, 154.3, 81.8, 0.95),
        Word("Moreau", 77.8, 73.2, 117.6, 81.8, 0.96),
        Word("et", 121.4, 73.9, 131.3, 81.8, 0.95),
        Word("C53359", 421.4, 74.6, 454.1, 82.1, 0.92),
        Word("VOTRE", 300.0, 75.8, 325.9, 81.8, 0.95),
        Word("REFERENCE", 329.8, 75.8, 377.5, 81.8, 0.96),
        Word("CLIENT:", 381.1, 75.8, 408.7, 81.8, 0.93),
        Word("MARCHE", 300.1, 79.7, 340.0, 95.0, 0.96),
        Word("DOIT", 549.4, 81.4, 568.6, 87.8, 0.91),
        Word(":", 572.4, 83.3, 572.9, 87.6, 0.92),
        Word("AO-2024-086", 421.4, 86.6, 478.6, 98.2, 0.91),
        Word("N°:", 343.9, 87.8, 358.3, 94.6, 0.95),
        Word("Mairie", 118.1, 88.8, 143.5, 96.2, 0.95),
        Word("27", 56.4, 89.0, 66.2, 96.0, 0.96),
        Word("place", 69.6, 89.0, 91.4, 97.9, 0.96),
        Word("de", 94.6, 89.0, 104.9, 96.0, 0.96),
        Word("la", 108.0, 89.0, 114.7, 96.2, 0.96),
        Word(":", 357.4, 89.6, 358.7, 94.8, 0.92),
        Word("CCAS", 549.1, 91.9, 581.0, 101.0, 0.9),
        Word("d'Amiens", 584.9, 92.2, 635.5, 100.8, 0.89),
        Word("BL72548", 421.7, 99.4, 461.0, 112.8, 0.92),
        Word("N°", 300.2, 100.3, 305.8, 107.0, 0.77),
        Word("BL:", 313.4, 100.3, 328.8, 107.3, 0.67),
        Word("Clermont-Ferrand", 85.2, 101.5, 159.8, 109.0, 0.96),
        Word("63000", 56.2, 102.0, 82.1, 109.0, 0.96),
        Word("Émile", 578.9, 106.1, 601.4, 115.2, 0.95),
        Word("21", 548.9, 108.0, 557.5, 115.0, 0.96),
        Word("Zola", 604.6, 108.0, 622.8, 115.2, 0.96),
        Word("rue", 562.3, 109.7, 575.0, 115.2, 0.96),
    )  # fmt: skip
    rows = [" ".join(w.text for w in row) for row in group_lines(words)]
    assert not any("DOIT" in row and "CCAS" in row for row in rows)
    doc = Doc.from_pages([Page(1, 842.0, 595.0, words, Method.OCR)])
    assert "CCAS d'Amiens" in [s.text for s in doc.segments]


def test_a_rule_read_as_a_tall_bar_does_not_widen_the_gap_between_cells():
    # seed 9032 #5: bars 19 pt tall beside a header row kept "Date d'émission"
    # and "À régler avant le" (24 pt apart) in one cell, and the due date under
    # the second label was never read as its value.
    words = (
        Word("Date", 153.8, 188.4, 168.5, 194.2),
        Word("d'émission", 171.4, 188.4, 206.6, 194.2),
        Word("À", 231.4, 186.7, 236.4, 193.9),
        Word("régler", 239.3, 188.4, 258.5, 195.6),
        Word("avantle", 261.4, 188.4, 287.3, 194.2),
        Word("|", 301.9, 184.3, 306.7, 197.8, 0.63),
        Word("|", 304.3, 185.3, 305.3, 204.5),
        Word("Service", 308.9, 188.2, 333.8, 194.4),
    )
    cells = [" ".join(w.text for w in part) for part in split_segments(words, ocr=True)]
    assert cells == ["Date d'émission", "À régler avantle", "Service"]


def test_a_word_boxed_with_its_band_does_not_widen_the_gap_between_cells():
    # seed 9092 #2: "REF." boxed with its head's shaded band, 10.8 pt tall beside
    # heads of 5.3, kept "À REGLER AVANT LE" and "BON DE COMMANDE" (16 pt apart)
    # in one cell, and the engagement number under the second was never read.
    words = (
        Word("REF.", 53.3, 171.4, 68.2, 182.2, 0.96),
        Word("EMISE", 139.4, 173.5, 160.1, 178.8, 0.92),
        Word("LE", 163.0, 173.5, 170.4, 178.8, 0.97),
        Word("À", 224.9, 173.8, 229.0, 178.6, 0.92),
        Word("REGLER", 231.8, 173.5, 259.4, 179.0, 0.9),
        Word("AVANT", 262.3, 173.8, 285.1, 178.8, 0.95),
        Word("LE", 287.8, 173.8, 295.2, 178.8, 0.96),
        Word("BON", 311.0, 173.5, 325.4, 179.0, 0.96),
        Word("DE", 328.3, 173.8, 336.7, 178.8, 0.95),
        Word("COMMANDE", 339.8, 173.5, 380.4, 179.0, 0.95),
    )
    cells = [" ".join(w.text for w in part) for part in split_segments(words, ocr=True)]
    assert cells == ["REF.", "EMISE LE", "À REGLER AVANT LE", "BON DE COMMANDE"]
    # The tall word is still measured in a row of two: nothing says which is out.
    pair = (replace(words[0], x1=124.4), words[1])  # 15 pt apart
    assert len(split_segments(pair, ocr=True)) == 1


def test_a_scanned_value_boxed_from_ink_above_it_is_still_below_its_label():
    # seed 9020 #42: Tesseract boxed "AO-2025-062" 16 pt tall, from ink above it,
    # its top above its 6 pt label's middle: the contract under "MARCHE PUBLIC
    # N°" was never looked for there.
    words = (
        Word("MARCHE", 71.8, 317.0, 105.0, 323.0),
        Word("PUBLIC", 109.0, 317.0, 137.0, 323.0),
        Word("N°", 140.0, 317.0, 147.1, 323.0),
        Word("AO-2025-062", 71.3, 318.7, 127.9, 335.0),
    )
    for method, found in ((Method.OCR, ["AO-2025-062"]), (Method.TEXT, [])):
        doc = Doc.from_pages([Page(1, 595.0, 842.0, words, method)])
        label = next(s for s in doc.segments if s.text.startswith("MARCHE"))
        assert [s.text for s in doc.below(label)] == found


def test_a_grid_heads_wrapped_cell_puts_the_values_a_line_lower():
    # seed 9068 #6: the heads "Pièce n°" | "Date facture" | "Date limite de" /
    # "règlement" | "Code client", their values under "règlement"'s line: the
    # invoice number was too far under "Pièce n°", and the due date under
    # "Date limite de" behind "règlement", its label's end.
    read = [
        ("Pièce", 121.0, 215.3, 145.0, 221.5, 0.96), ("n°", 149.8, 215.8, 159.1, 221.5, 0.96),
        ("Date", 228.2, 216.0, 247.4, 221.5, 0.95), ("facture", 252.5, 215.5, 285.8, 221.8, 0.95),
        ("Date", 340.1, 216.0, 359.3, 221.8, 0.96), ("limite", 364.6, 215.5, 393.1, 222.0, 0.95),
        ("de", 397.7, 215.5, 407.5, 221.8, 0.96), ("Code", 464.2, 215.5, 483.6, 221.8, 0.95),
        ("client", 488.4, 215.5, 517.0, 221.8, 0.96),
        ("règlement", 352.3, 225.1, 395.5, 232.3, 0.96),
        ("janv.", 356.2, 238.1, 379.9, 251.3, 0.95),
        ("FAC-005193", 113.5, 242.6, 166.6, 249.1, 0.91), ("ler", 220.1, 242.9, 235.0, 249.1, 0.96),
        ("janv.", 241.7, 242.6, 265.7, 250.3, 0.96), ("2026", 273.8, 242.6, 294.2, 249.1, 0.96),
        ("16", 339.6, 242.6, 348.7, 249.1, 0.96), ("2026", 388.1, 242.6, 408.5, 249.1, 0.95),
        ("c00893", 474.7, 242.6, 506.4, 249.4, 0.84),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) == "FAC-005193"
    assert out.value(FieldName.INVOICE_DATE) == date(2026, 1, 1)
    assert out.value(FieldName.DUE_DATE) == date(2026, 1, 16)
    # A value in the wrapped line's row under the label is the label's, as ever.
    read.append(("FAC-009999", 113.5, 225.1, 166.6, 232.3, 0.96))
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) == "FAC-009999"


def test_letters_boxed_over_the_end_of_the_word_before_stay_a_word_of_their_own():
    # A kerned name: "et"'s box starts inside "Durand"'s; it is no glyph of it.
    words = (
        Word("Durand", 100.0, 50.0, 130.0, 57.0, 0.95),
        Word("et", 127.0, 50.0, 135.0, 57.0, 0.95),
    )
    assert [[w.text for w in part] for part in split_segments(words, ocr=True)] == [
        ["Durand", "et"]
    ]
    # Digits so boxed are the number's last ("MAR-26-81" | "1").
    digits = (replace(words[0], text="MAR-26-81"), replace(words[1], text="1"))
    assert [[w.text for w in part] for part in split_segments(digits, ocr=True)] == [
        ["MAR-26-811"]
    ]


def test_junk_read_poorly_across_two_words_is_left_out_of_their_cell():
    # seed 9080 #6: "ene" at 0.18 across the end of "universitaire" and the
    # start of "d'Avignon" came out inside the buyer's name.
    words = (
        Word("Centre", 558.7, 68.6, 589.9, 76.3, 0.96),
        Word("hospitalier", 593.5, 68.6, 643.2, 78.2, 0.95),
        Word("universitaire", 646.8, 69.4, 705.6, 76.3, 0.96),
        Word("ene", 694.1, 68.6, 732.0, 71.5, 0.18),
        Word("d'Avignon", 708.7, 68.6, 756.5, 78.2, 0.96),
    )
    cells = split_segments(words, ocr=True)
    assert [w.text for cell in cells for w in cell] == [
        "Centre",
        "hospitalier",
        "universitaire",
        "d'Avignon",
    ]
    # Read surely, or over less of their ink, it is a word.
    sure = replace(words[3], confidence=0.9)
    assert "ene" in [
        w.text
        for c in split_segments((*words[:3], sure, words[4]), ocr=True)
        for w in c
    ]
    wide = replace(words[3], x1=800.0)
    assert "ene" in [
        w.text
        for c in split_segments((*words[:3], wide, words[4]), ocr=True)
        for w in c
    ]


def test_a_words_last_letters_read_again_a_hair_out_of_its_box_are_left_out():
    # seed 9080 #54: "té" read again at the end of "Université", its box 0.1 pt
    # lower and 0.05 pt wider than the word's.
    words = (
        Word("Université", 223.68, 120.24, 284.16, 129.36, 0.91),
        Word("té", 274.25, 120.27, 284.21, 129.49, 0.96),
        Word("d'Amiens", 289.7, 120.3, 341.3, 129.5, 0.82),
    )
    cells = split_segments(words, ocr=True)
    assert [w.text for cell in cells for w in cell] == ["Université", "d'Amiens"]
    # A point lower, it is no reading of the word's ink.
    low = replace(words[1], top=121.3, bottom=130.5)
    assert "té" in [
        w.text for c in split_segments((words[0], low, words[2]), ocr=True) for w in c
    ]


def test_letters_read_again_across_the_words_they_lie_on_are_left_out():
    # seed 9081 #9: the y of "Lyon" read again, its tail 2 pt below the word's box.
    words = (
        Word("Lyon", 62.9, 114.0, 87.8, 122.2, 0.93),
        Word("y", 68.9, 115.9, 74.6, 124.3, 0.88),
    )
    assert segment_of(words, Method.OCR).text == "Lyon"
    # seed 9081 #33: "é de c" read again across three words, and "de" twice.
    words = (
        Word("Communauté", 165.4, 185.5, 204.5, 190.6, 0.96),
        Word("édec", 202.3, 185.5, 216.7, 190.6, 0.84),
        Word("de", 206.2, 185.8, 212.9, 190.6, 0.93),
        Word("de", 206.2, 185.8, 212.9, 190.6, 0.96),
        Word("communes", 214.6, 187.2, 245.0, 190.6, 0.95),
    )
    assert segment_of(words, Method.OCR).text == "Communauté de communes"
    # Read more surely than the words it lies on, or spelled by none of them,
    # it is a word of its own.
    sure = (words[0], replace(words[1], confidence=0.97), *words[2:])
    assert "édec" in segment_of(sure, Method.OCR).text.split()
    other = (words[0], replace(words[1], text="édic"), *words[2:])
    assert "édic" in segment_of(other, Method.OCR).text.split()


def test_a_word_read_twice_is_kept_once_whichever_is_surer():
    # seed 9044 #37: "de" read twice in one box, 0.96 then 0.90.
    words = [
        Word("Communauté", 36.5, 168.2, 76.8, 173.3, 0.96),
        Word("de", 78.7, 168.5, 85.7, 173.3, 0.96),
        Word("de", 78.7, 168.5, 85.7, 173.3, 0.90),
        Word("communes", 87.6, 169.9, 119.0, 173.3, 0.94),
    ]
    assert segment_of(words, Method.OCR).text == "Communauté de communes"
    words[1:3] = words[2], words[1]
    assert segment_of(words, Method.OCR).text == "Communauté de communes"


def test_a_word_boxed_down_from_the_label_over_it_reads_under_that_label():
    # seed 9110 #7: "2026006827" boxed 15 pt tall from the descenders of its
    # label "Engagement juridique n°" over it: its middle fell in the label's
    # row, left of the label, and the engagement had no value under its label.
    read = [
        ("Etablie", 56.9, 169.2, 78.2, 175.9, 0.93), ("le", 81.6, 171.1, 86.4, 175.9, 0.93),
        ("16.06.2026", 57.1, 178.6, 100.8, 192.7, 0.96),
        ("Désignation", 215.5, 183.8, 257.5, 191.3, 0.96),
        ("des", 260.2, 184.1, 272.6, 189.6, 0.95),
        ("prestations", 275.3, 184.1, 315.4, 191.0, 0.76),
        ("Engagement", 56.9, 196.1, 97.7, 203.0, 0.91),
        ("juridique", 100.6, 196.3, 128.4, 202.8, 0.96), ("n°", 131.5, 197.3, 137.8, 201.1, 0.96),
        ("2026006827", 56.4, 197.8, 105.8, 212.4, 0.88),
        ("Frais", 215.8, 198.7, 235.0, 205.4, 0.96), ("de", 237.8, 198.7, 247.2, 205.4, 0.93),
        ("déplacement", 250.3, 198.7, 301.4, 207.4, 0.90), ("‘", 229.0, 199.0, 230.0, 200.0, 0.47),
        ("1", 400.0, 199.0, 402.0, 205.0, 0.96), ("304,77", 453.0, 198.0, 480.0, 208.0, 0.96),
        ("304,77", 508.0, 199.0, 535.0, 207.0, 0.96),
        ("Rédaction", 215.8, 213.1, 255.4, 220.1, 0.90), ("du", 258.2, 213.4, 267.6, 220.1, 0.96),
        ("rapport", 271.4, 214.1, 299.0, 221.8, 0.96), ("final", 301.7, 213.1, 317.8, 220.1, 0.96),
    ]  # fmt: skip
    scanned = [Word(*w) for w in read]
    rows = [[w.text for w in row] for row in group_lines(scanned, scanned=True)]
    assert not any("2026006827" in row and "Engagement" in row for row in rows)
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "2026006827"
    # seed 9108 #39: an IBAN's last digits "34" boxed 12 pt tall over the IBAN
    # they end, the IBAN wholly inside their box: they stay on its row.
    words = [
        Word("34", 457.0, 205.2, 465.0, 217.4, 0.96),
        Word("IBAN", 321.0, 208.8, 341.0, 215.5, 0.92),
        Word(":", 344.0, 209.5, 345.0, 214.8, 0.92),
        Word("FR76109078239740124265967", 348.0, 208.8, 464.0, 215.6, 0.91),
        Word("Taux", 72.0, 196.1, 91.0, 202.8, 0.95),
        Word("10%", 98.0, 208.8, 111.0, 215.5, 0.96),
    ]
    rows = [[w.text for w in row] for row in group_lines(words, scanned=True)]
    assert any("34" in row and "IBAN" in row for row in rows)


def test_a_capitals_stem_read_as_a_1_of_its_own_is_no_word():
    # seed 9111 #10: "Département du Rhône" in bold serif print read "Département
    # du 1 Rhône", the R's stem a "1" 2 pt wide touching "Rhône".
    read = [
        ("Département", 319.0, 146.4, 381.4, 156.7, 0.96),
        ("du", 381.4, 145.4, 391.9, 157.9, 0.96),
        ("1", 394.8, 148.6, 397.0, 154.6, 0.90),
        ("Rhône", 397.0, 146.4, 423.8, 156.7, 0.96),
    ]
    assert [s.text for s in boxed(*read).segments] == ["Département du Rhône"]
    # A 1 as wide as a figure, or a space away, is a word: "Lot 1 Voirie".
    wide = [("1", 392.8, 148.6, 397.0, 154.6, 0.90) if w[0] == "1" else w for w in read]
    assert [s.text for s in boxed(*wide).segments] == ["Département du 1 Rhône"]
    apart = [("Rhône", 399.0, *w[2:]) if w[0] == "Rhône" else w for w in read]
    assert [s.text for s in boxed(*apart).segments] == ["Département du 1 Rhône"]
