from dataclasses import replace
from decimal import Decimal

from ingest.contract import FieldName, Method
from ingest.extractors import extract_all
from ingest.extractors.base import Aux, Doc
from ingest.resolve import resolve
from ingest.text import Page, Word
from tests.ingest.extractors.pages import boxed, doc_of, read_as


def resolved(*placed):
    return resolve(extract_all(doc_of(*placed)))


def test_totals_are_the_combination_where_ht_plus_vat_is_ttc():
    out = resolved(
        (300, 500, "Sous-total HT lot 1"),
        (480, 500, "1 000,00 €"),
        (300, 514, "Total HT"),
        (480, 514, "1 100,00 €"),
        (300, 528, "TVA 20 % sur 1 000,00"),
        (480, 528, "200,00 €"),
        (300, 542, "TVA 5,5 % sur 100,00"),
        (480, 542, "5,50 €"),
        (300, 556, "Total TVA"),
        (480, 556, "205,50 €"),
        (300, 570, "Total TTC"),
        (480, 570, "1 305,50 €"),
    )
    assert out.value(FieldName.TOTAL_HT) == Decimal("1100.00")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("205.50")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("1305.50")
    assert out.confidence(FieldName.TOTAL_TTC) >= 0.9
    lines = {(v.rate, v.base, v.amount) for v in out.vat_breakdown}
    assert lines == {
        (Decimal("20"), Decimal("1000.00"), Decimal("200.00")),
        (Decimal("5.5"), Decimal("100.00"), Decimal("5.50")),
    }
    due = out.fields[FieldName.AMOUNT_DUE]
    assert due.value == Decimal("1305.50") and due.method == "derived"


def test_totals_that_do_not_add_up_are_uncertain_and_warned():
    out = resolved(
        (300, 514, "Total HT"),
        (480, 514, "1 100,00 €"),
        (300, 528, "Total TVA"),
        (480, 528, "220,00 €"),
        (300, 542, "Total TTC"),
        (480, 542, "1 305,50 €"),
    )
    # One rate ties HT and TVA: the TTC is their sum, and the one read is not
    # taken on trust either way.
    assert out.confidence(FieldName.TOTAL_TTC) < 0.9
    assert out.value(FieldName.TOTAL_TTC) == Decimal("1320.00")
    assert "total_derived" in [w.code for w in out.warnings]
    # No rate ties a VAT of 230,00 to the HT: nothing is derived, all are doubted.
    out = resolved(
        (300, 514, "Total HT"),
        (480, 514, "1 100,00 €"),
        (300, 528, "Total TVA"),
        (480, 528, "230,00 €"),
        (300, 542, "Total TTC"),
        (480, 542, "1 305,50 €"),
    )
    assert out.confidence(FieldName.TOTAL_TTC) < 0.9
    assert "totals_mismatch" in [w.code for w in out.warnings]


def test_retention_is_deducted_from_a_printed_amount_due():
    out = resolved(
        (300, 514, "Total HT"),
        (480, 514, "1 000,00"),
        (300, 528, "TVA 20 %"),
        (480, 528, "200,00"),
        (300, 542, "Total TTC"),
        (480, 542, "1 200,00"),
        (300, 556, "Retenue de garantie 5 %"),
        (480, 556, "- 60,00"),
        (300, 570, "Net à payer"),
        (480, 570, "1 140,00"),
    )
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("1140.00")
    assert out.confidence(FieldName.AMOUNT_DUE) >= 0.9
    assert [(v.rate, v.base, v.amount) for v in out.vat_breakdown] == [
        (Decimal("20"), Decimal("1000.00"), Decimal("200.00"))
    ]


def test_amount_due_that_contradicts_the_totals_is_warned():
    out = resolved(
        (300, 514, "Total HT"),
        (480, 514, "1 000,00"),
        (300, 528, "Total TVA"),
        (480, 528, "200,00"),
        (300, 542, "Total TTC"),
        (480, 542, "1 200,00"),
        (300, 570, "Net à payer"),
        (480, 570, "1 100,00"),
    )
    assert out.confidence(FieldName.AMOUNT_DUE) < 0.9
    assert "amount_due_mismatch" in [w.code for w in out.warnings]


def test_reverse_charge_gives_a_zero_vat_line():
    out = resolved(
        (300, 514, "Total HT"),
        (480, 514, "5 000,00 €"),
        (300, 528, "Total TTC"),
        (480, 528, "5 000,00 €"),
        (40, 600, "Autoliquidation : TVA due par le preneur, art. 283-2 nonies du CGI"),
    )
    assert out.value(FieldName.TOTAL_VAT) == Decimal("0.00")
    assert [(v.rate, v.base, v.amount) for v in out.vat_breakdown] == [
        (Decimal("0.00"), Decimal("5000.00"), Decimal("0.00"))
    ]


def test_values_under_column_headers_are_read():
    out = resolved(
        (100, 500, "Total HT"),
        (250, 500, "TVA"),
        (400, 500, "Total TTC"),
        (100, 514, "500,00"),
        (250, 514, "100,00"),
        (400, 514, "600,00"),
    )
    assert out.value(FieldName.TOTAL_HT) == Decimal("500.00")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("600.00")


def test_a_vat_line_the_reading_lost_is_derived_from_the_totals_and_warned():
    # Three rates; the 10 % row was lost (a scan's smudge): the totals prove it.
    out = resolved(
        (60, 500, "Taux"),
        (160, 500, "Base HT"),
        (260, 500, "Montant TVA"),
        (60, 514, "20,00 %"),
        (160, 514, "18 602,46"),
        (260, 514, "3 720,49"),
        (60, 542, "5,50 %"),
        (160, 542, "24 866,41"),
        (260, 542, "1 367,65"),
        (360, 560, "Total HT"),
        (480, 560, "46 881,12 €"),
        (360, 574, "Total TVA"),
        (480, 574, "5 429,37 €"),
        (360, 588, "Total TTC"),
        (480, 588, "52 310,49 €"),
    )
    lines = [(v.rate, v.base, v.amount) for v in out.vat_breakdown]
    assert lines == [
        (Decimal("20"), Decimal("18602.46"), Decimal("3720.49")),
        (Decimal("10"), Decimal("3412.25"), Decimal("341.23")),
        (Decimal("5.5"), Decimal("24866.41"), Decimal("1367.65")),
    ]
    assert "vat_line_derived" in [w.code for w in out.warnings]
    assert "vat_lines_mismatch" not in [w.code for w in out.warnings]


def test_no_line_is_derived_when_the_shortfall_fits_no_rate():
    out = resolved(
        (60, 514, "TVA 20 % sur 1 000,00"),
        (260, 514, "200,00 €"),
        (360, 560, "Total HT"),
        (480, 560, "1 500,00 €"),
        (360, 574, "Total TVA"),
        (480, 574, "263,00 €"),
        (360, 588, "Total TTC"),
        (480, 588, "1 763,00 €"),
    )
    assert "vat_line_derived" not in [w.code for w in out.warnings]
    assert all(v.rate == Decimal("20") for v in out.vat_breakdown)


def test_a_strip_of_totals_whose_ttc_label_wraps_in_its_cell():
    out = resolved(
        (100, 616, "TOTAL NET"),
        (200, 616, "MONTANT TVA 20%"),
        (310, 616, "TOTAL TOUTES TAXES"),
        (330, 627, "COMPRISES"),
        (450, 616, "NET À RÉGLER"),
        (96, 645, "20,239.62 EUR"),
        (212, 645, "4,047.92 EUR"),
        (326, 645, "24,287.54 EUR"),
        (443, 645, "24,287.54 EUR"),
    )
    assert out.value(FieldName.TOTAL_HT) == Decimal("20239.62")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("4047.92")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("24287.54")


def test_a_stray_hyphen_ocr_read_inside_a_label():
    out = resolved(
        (300, 500, "Total H.T."),
        (480, 500, "1 000,00 €"),
        (300, 514, "TVA 20 %"),
        (480, 514, "200,00 €"),
        (300, 528, "Total -T.T.C."),
        (480, 528, "1 200,00 €"),
    )
    assert out.value(FieldName.TOTAL_TTC) == Decimal("1200.00")
    assert out.fields[FieldName.TOTAL_TTC].method != "derived"


def test_a_lost_vat_total_is_the_difference_when_one_rate_ties_ht_and_ttc():
    # "TVA/VAT5,5%": OCR glued the label to its rate; HT and TTC were read.
    out = resolved(
        (300, 500, "Total HT / Net total"),
        (480, 500, "40 682,11"),
        (300, 514, "TVA/VAT5,5%"),
        (300, 528, "Total TTC"),
        (480, 528, "42 919,63"),
    )
    vat = out.fields[FieldName.TOTAL_VAT]
    assert vat.value == Decimal("2237.52") and vat.method == "derived"
    assert 0.5 < vat.confidence < 0.9
    lines = {(v.rate, v.base, v.amount) for v in out.vat_breakdown}
    assert lines == {(Decimal("5.5"), Decimal("40682.11"), Decimal("2237.52"))}


def test_a_misread_ht_is_the_difference_when_the_vat_ties_it():
    out = resolved(
        (300, 500, "Montant HT"),
        (480, 500, "2855353,322 €"),
        (300, 514, "TVA"),
        (480, 514, "5 670,66 €"),
        (300, 528, "Total TTC"),
        (480, 528, "34 023,98 €"),
    )
    assert out.value(FieldName.TOTAL_HT) == Decimal("28353.32")
    assert out.fields[FieldName.TOTAL_HT].method == "derived"


def test_no_total_is_derived_when_no_single_rate_ties_the_two_read():
    out = resolved(
        (300, 500, "Total HT"),
        (480, 500, "1 000,00 €"),
        (300, 528, "Total TTC"),
        (480, 528, "1 123,45 €"),
    )
    assert FieldName.TOTAL_VAT not in out.fields


def test_a_lost_ttc_is_the_sum_when_the_vat_is_that_of_the_ht():
    out = resolved(
        (300, 500, "Total net HT"),
        (480, 500, "103,44"),
        (300, 514, "T.V.A. 5,5 %"),
        (480, 514, "5,69"),
        (300, 528, "TOTAL TTC"),
    )
    ttc = out.fields[FieldName.TOTAL_TTC]
    assert ttc.value == Decimal("109.13") and ttc.method == "derived"
    assert ttc.raw == "103,44 + 5,69"
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("109.13")
    assert out.confidence(FieldName.AMOUNT_DUE) < 0.9


def test_a_lost_ttc_is_the_sum_when_the_vat_lines_tie_ht_and_vat_at_two_rates():
    # OCR garbled the TTC label; no single rate ties the totals, the lines read do.
    # The per-rate bases beside "Base HT" are not the total HT.
    out = resolved(
        (30, 225, "Détail de la TVA"),
        (300, 225, "Net HT"),
        (480, 225, "110 016,16 €"),
        (30, 236, "Base HT 8,5% : 71 342,60 €"),
        (300, 236, "T.V.A."),
        (480, 236, "6 876,26 €"),
        (46, 247, "TVA 8,5% : 6 064,12 €"),
        (30, 258, "Base HT 2,1% : 38 673,56 €"),
        (46, 269, "TVA 2,1% : 812,14 €"),
    )
    assert out.value(FieldName.TOTAL_HT) == Decimal("110016.16")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("6876.26")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("116892.42")
    assert out.confidence(FieldName.TOTAL_TTC) < 0.9
    assert "total_derived" in [w.code for w in out.warnings]
    assert len(out.vat_breakdown) == 2


def test_a_credit_notes_vat_line_the_reading_lost_is_derived_too():
    out = resolved(
        (64, 504, "Total hors taxes -44,845.55 EUR"),
        (64, 518, "Total TVA -3,841.52 EUR"),
        (64, 532, "Montant TTC -48,687.07 EUR"),
        (300, 504, "Taux TVA Base TVA"),
        (300, 518, "20,00 % -7,876.15 -1,575.23"),
        (300, 532, "10,00 % -5,177.16 -517.72"),
        (300, 546, "Se -31,792.24 -1,748.57"),  # OCR lost the rate "5,50 %"
    )
    assert [(v.rate, v.base, v.amount) for v in out.vat_breakdown] == [
        (Decimal("20"), Decimal("-7876.15"), Decimal("-1575.23")),
        (Decimal("10"), Decimal("-5177.16"), Decimal("-517.72")),
        (Decimal("5.5"), Decimal("-31792.24"), Decimal("-1748.57")),
    ]
    assert "vat_line_derived" in [w.code for w in out.warnings]


def test_a_bilingual_label_whose_slash_ocr_glued_to_it_is_still_a_label():
    out = resolved(
        (300, 269, "Total HT / Net total"),
        (480, 269, "84630,65"),
        (305, 283, "TVA/ VAT"),
        (480, 283, "14826,58"),
        (300, 298, "Total TTC / Total incl. VAT"),
        (480, 298, "99457,23"),
    )
    assert out.value(FieldName.TOTAL_VAT) == Decimal("14826.58")
    assert "total_derived" not in [w.code for w in out.warnings]
    # Run on, the slash makes another word: "TVA/HT" is no VAT label.
    assert (
        resolved((305, 283, "TVA/HT"), (480, 283, "14826,58")).value(
            FieldName.TOTAL_VAT
        )
        is None
    )


def test_an_ocr_space_before_the_decimals_does_not_split_the_amount():
    placed = (
        (35, 357, "MONTANT NET HT 8965,35"),
        (35, 373, "TVA COLLECTÉE 1793,07"),
        (35, 389, "TOTAL TOUTES TAXES COMPRISES 10758 ,42"),
    )
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_TTC) == Decimal("10758.42")
    assert out.confidence(FieldName.TOTAL_TTC) >= 0.9


def test_an_ocr_space_after_the_comma_does_not_split_the_amount():
    # "26206, 29" and "26206 , 29": the comma goes with the digits before it.
    placed = (
        (70, 263, "Taux Base HT Montant TVA"),
        (128, 275, "20 % 26206 , 29 5241, 26"),
        (364, 263, "Total HT 26206, 29"),
        (364, 275, "Total T.V.A. 5241, 26"),
        (364, 289, "Montant TTC 31447,55"),
    )
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("26206.29")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("5241.26")
    assert [(x.rate, x.base, x.amount) for x in out.vat_breakdown] == [
        (Decimal("20.00"), Decimal("26206.29"), Decimal("5241.26"))
    ]


def test_an_ocr_space_inside_the_last_group_of_thousands_does_not_split_the_amount():
    placed = (
        (352, 304, "Total H.T. 3,013.13"),
        (352, 310, "TVA 20% 602.63"),
        (352, 316, "Total T.T.C. 3,615.76"),
        (352, 328, "NET A PAYER 3,61 5.76"),
    )
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("3615.76")
    # Two amounts side by side, each whole, stay two.
    apart = resolve(
        extract_all(doc_of((352, 328, "NET A PAYER 3,61 5,76"), method=Method.OCR))
    )
    assert apart.value(FieldName.AMOUNT_DUE) != Decimal("3615.76")


def test_an_ocr_dot_for_a_thousands_space_does_not_split_the_amount():
    # seed 9098 #53: "Net à payer / Balance due 1. 070,21 €", the space between
    # the thousands read as a dot and a space.
    placed = (
        (310, 496, "Montant HT / Total excl. VAT"),
        (482, 496, "1 070,21 €"),
        (310, 510, "Net à payer / Balance due"),
        (476, 510, "1. 070,21 €"),
        (72, 563, "TVA non applicable - article 293 B du CGI"),
    )
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("1070.21")
    # Further apart than a space, the two are two words.
    apart = (
        (310, 510, "Net à payer 1."),
        (420, 510, "070,21"),
    )
    out = resolve(extract_all(doc_of(*apart, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) != Decimal("1070.21")


def test_a_due_dates_label_gives_no_amount_due():
    for label in ("A PAYER AU PLUS TARD LE 23.12.2026", "À payer le : 23.12.2026"):
        placed = (
            (46, 170, f"Adresse 2 avenue Jean Jaurès {label}"),
            (175, 650, "TOTAL FACTURE TTC EUR 4 005,95"),
            (175, 667, "Avance versée EUR -200,30"),
            (175, 684, "NET A PAYER - montant à mandater EUR 3 805,65"),
        )
        found = extract_all(doc_of(*placed, method=Method.OCR))
        due = {c.value for c in found if c.field is FieldName.AMOUNT_DUE}
        assert due == {Decimal("3805.65")}, label


def test_total_ht_heading_an_item_column_gives_no_total():
    # The first line's amount under "TOTAL HT" beat the net total read less surely.
    placed = (
        (16, 201, "NB"),
        (40, 201, "DÉSIGNATION DES PRESTATIONS"),
        (330, 201, "TARIF HT"),
        (450, 201, "TOTAL HT"),
        (25, 218, "1"),
        (40, 218, "Vérification périodique"),
        (330, 218, "762,90 €"),
        (450, 218, "762,90 €"),
        (25, 233, "3"),
        (40, 233, "Remplacement tableau"),
        (330, 233, "2438,85€"),
        (450, 233, "7316,55€"),
        (330, 392, "NET HT 8 627,43 €"),
    )
    found = extract_all(doc_of(*placed, method=Method.OCR))
    ht = {c.value for c in found if c.field is FieldName.TOTAL_HT}
    assert ht == {Decimal("8627.43")}


def test_a_sous_total_ht_per_site_is_no_total_ht():
    # A scan's sub-total rows fall into cells; the total read less surely
    # ("1.015,52", thousands with a dot) must still win.
    placed = (
        (39, 274, "Sous-total HT Hôtel de ville"),
        (300, 274, "304,70"),
        (38, 341, "Sous-total HT Groupe scolaire Jules Ferry"),
        (300, 341, "482,88"),
        (38, 395, "Sous-total HT Médiathèque"),
        (300, 395, "227,94"),
        (39, 416, "Montant HT 1.015,52 €"),
    )
    doc = read_as(doc_of(*placed, method=Method.OCR), {"1.015,52": 0.85})
    out = resolve(extract_all(doc))
    assert out.value(FieldName.TOTAL_HT) == Decimal("1015.52")


def test_an_amount_due_derived_from_a_scans_ttc_is_under_09():
    # "MONTANT DÛ" read "MONTANT DO" (and, on the scan this comes from, the
    # advance's figure unreadable): the due is not read, and TTC is only the
    # likeliest amount due.
    placed = (
        (230, 206, "TOTAL NET HT 8 639,18"),
        (230, 217, "TOTAL TVA 863,92"),
        (230, 228, "MONTANT TTC 9 503,10"),
        (230, 249, "MONTANT DO : 8 552,79"),
    )
    scan = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert scan.value(FieldName.AMOUNT_DUE) == Decimal("9503.10")
    assert scan.confidence(FieldName.AMOUNT_DUE) < 0.9
    text = resolve(extract_all(doc_of(*placed[:3])))
    assert (
        text.confidence(FieldName.AMOUNT_DUE) >= 0.9
    )  # a text layer's labels are read


def test_no_amount_due_is_derived_from_deductions_past_a_positive_ttc():
    # seed 9047 #59: the advance "1 148,52" read "4 148,52", the due's own row
    # lost: TTC less the deductions would owe the buyer.
    placed = [
        (175, 650, "TOTAL HT EUR 1 303,75"),
        (175, 660, "TVA 20 % EUR 260,75"),
        (175, 670, "TOTAL FACTURE TTC EUR 1 564,50"),
        (175, 680, "Avance versée EUR -4 148,52"),
        (175, 690, "Retenue de garantie 5 % EUR -78,23"),
    ]
    scan = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert scan.value(FieldName.TOTAL_TTC) == Decimal("1564.50")
    assert FieldName.AMOUNT_DUE not in scan.fields
    # Deductions that leave something to pay, or nothing (an invoice already
    # paid), give the due.
    placed[3] = (175, 680, "Avance versée EUR -1 486,27")
    scan = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert scan.value(FieldName.AMOUNT_DUE) == Decimal("0.00")
    placed[3] = (175, 680, "Avance versée EUR -1 148,52")
    scan = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert scan.value(FieldName.AMOUNT_DUE) == Decimal("337.75")


def test_a_vat_table_on_its_side_whose_base_row_ocr_ran_into_one_cell():
    # seed 9151 #34 (150 dpi): one column per rate; the bases' row read as one
    # cell, "943,00 € 4183,96€ 2364,12€", each base under its rate.
    read = [
        ("Taux", 42.0, 602.6, 65.0, 609.0, 0.96), ("de", 68.0, 602.6, 79.0, 609.0, 0.96),
        ("TVA", 83.0, 602.6, 102.0, 609.0, 0.96), ("20%", 146.0, 602.6, 167.0, 609.0, 0.95),
        ("10%", 208.0, 601.0, 228.0, 609.0, 0.95), ("5,5%", 266.0, 603.0, 288.0, 610.0, 0.96),
        ("Base", 43.0, 618.7, 66.0, 626.0, 0.96), ("HT", 70.0, 618.7, 83.0, 626.0, 0.95),
        ("943,00", 127.4, 619.0, 157.4, 627.4, 0.95), ("€", 160.8, 618.7, 167.5, 626.4, 0.92),
        ("4183,96€", 180.5, 618.7, 228.7, 627.6, 0.55),
        ("2364,12€", 241.7, 618.7, 290.2, 627.6, 0.84),
        ("Montant", 42.0, 634.6, 81.0, 642.0, 0.96), ("TVA", 84.0, 634.6, 104.0, 642.0, 0.96),
        ("188,60", 128.2, 635.3, 157.7, 643.7, 0.96), ("€", 161.0, 635.0, 167.3, 642.5, 0.96),
        ("418,40", 188.6, 635.3, 219.1, 643.7, 0.96), ("€", 222.5, 635.0, 228.7, 642.7, 0.96),
        ("130,03", 250.8, 635.3, 279.8, 643.7, 0.93), ("€", 283.4, 635.0, 289.7, 642.7, 0.71),
    ]  # fmt: skip
    lines = {c.value for c in extract_all(boxed(*read)) if c.field is Aux.VAT_LINE}
    assert lines == {
        (Decimal("20"), Decimal("943.00"), Decimal("188.60")),
        (Decimal("10"), Decimal("4183.96"), Decimal("418.40")),
        (Decimal("5.5"), Decimal("2364.12"), Decimal("130.03")),
    }


def test_a_scans_vat_lines_with_their_values_in_the_next_cells_tie_the_totals():
    # OCR lost the colons of "Base HT 20,00 % : 13,330.70" and set each value in
    # a cell of its own, and garbled "TOTAL NET". The three lines read add up to
    # HT = TTC - VAT; the 20 % line's own base and amount are no totals.
    placed = [
        (36, 183, "Détail de la TVA"),
        (319, 183, "TOTAL NET"),
        (389, 183, "14 ,533:73"),
        (39, 196, "Base HT 20,00 %"),
        (137, 196, "13,330.70"),
        (308, 196, "MONTANT TVA"),
        (389, 196, "2,718.58"),
        (60, 209, "TVA 20,00 %"),
        (137, 209, "2,666.14"),
        (319, 209, "TOTAL TTC"),
        (389, 209, "17,252.31"),
        (44, 221, "Base HT 5,50 %"),
        (137, 221, "799.21"),
        (66, 234, "TVA 5,50 %"),
        (137, 234, "43.96"),
        (44, 246, "Base HT 2,10 %"),
        (137, 246, "403.82"),
        (66, 259, "TVA 2,10 %"),
        (137, 259, "8.48"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert {(line.rate, line.base) for line in out.vat_breakdown} == {
        (Decimal("20.00"), Decimal("13330.70")),
        (Decimal("5.50"), Decimal("799.21")),
        (Decimal("2.10"), Decimal("403.82")),
    }
    assert out.value(FieldName.TOTAL_HT) == Decimal("14533.73")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("2718.58")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("17252.31")
    assert out.confidence(FieldName.TOTAL_HT) < 0.9


def test_totals_whose_digits_ocr_spaced_out_are_read_when_the_arithmetic_holds():
    # A narrow font's wide letter-spacing: "24 2 53,51 €" for 24 253,51 €.
    placed = [
        (17, 311, "Base HT:"),
        (244, 311, "24 2 53,51 €"),
        (17, 320, "Total T.V.A.:"),
        (248, 320, "27 01,70 €"),
        (17, 329, "Total T.T.C.:"),
        (244, 329, "26 9 55,21 €"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("24253.51")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("2701.70")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("26955.21")
    assert all(
        out.confidence(f) < 0.9 for f in (FieldName.TOTAL_HT, FieldName.TOTAL_TTC)
    )
    # A lost comma is no spacing: "1 001 66 €" is not 100 166.
    lost = resolve(
        extract_all(
            doc_of(
                (353, 232, "NET A PAYER"), (440, 232, "1 001 66 €"), method=Method.OCR
            )
        )
    )
    assert lost.value(FieldName.AMOUNT_DUE) != Decimal("100166")


def test_an_exempt_invoices_lost_ht_is_its_ttc():
    out = resolve(
        extract_all(
            doc_of(
                (14, 270, "BASE H 1 883,77 EUR"),
                (14, 279, "TOTAL TTC: 1 883,77 EUR"),
                (14, 320, "TVA non applicable, art. 293 B du CGI"),
                method=Method.OCR,
            )
        )
    )
    assert out.value(FieldName.TOTAL_HT) == Decimal("1883.77")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("0.00")
    assert out.fields[FieldName.TOTAL_HT].method == "derived"
    assert out.confidence(FieldName.TOTAL_HT) <= out.confidence(FieldName.TOTAL_TTC)


def test_a_lost_ht_is_derived_when_the_lines_read_fall_short_by_one_line():
    # "Total net HT" garbled; two of the three VAT lines read: TTC - VAT is tied
    # by them and by the one line at 5.5 % they fall short of, to the cent.
    placed = [
        (82, 256, "Taux TVA Base TVA"),
        (420, 256, "Total net HT"),
        (520, 256, "7823 n51 €"),
        (100, 269, "20.0% 6 179,78 € 1 235,96 €"),
        (420, 269, "Total taxes"),
        (520, 269, "1 316,38 €"),
        (106, 284, "Sy 1350/2575 € 74,26 €"),
        (420, 284, "Total toutes taxes comprises"),
        (520, 284, "9 139,89 €"),
        (106, 298, "2.1% 293,48 € 6,16 €"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("7823.51")
    assert out.confidence(FieldName.TOTAL_HT) < 0.9
    assert (Decimal("5.5"), Decimal("1350.25"), Decimal("74.26")) in {
        (line.rate, line.base, line.amount) for line in out.vat_breakdown
    }


def test_a_tall_mark_read_as_a_word_does_not_draw_three_lines_into_one_row():
    # A stamp's edge read "zoanmoao", 50 pt tall, across three lines of a works
    # piece's totals: each line keeps its own row, and the amount due its label.
    placed = [
        (221, 624, "TOTAL TTC"),
        (496, 624, "26,845.31"),
        (222, 640, "Avance forfaitaire"),
        (496, 640, "-5,369.06"),
        (222, 655, "Retenue de garantie 5 % du TTC"),
        (496, 655, "-1,342.27"),
        (222, 670, "Reste a payer - montant a mandater"),
        (496, 670, "20,133.98"),
    ]
    doc = doc_of(*placed, method=Method.OCR)
    mark = Word("zoanmoao", 201, 625, 215, 675, 0.2)
    page = doc.pages[0]
    marked = Doc.from_pages([replace(page, words=(*page.words, mark))])
    rows = {
        seg.row
        for seg in marked.segments
        for first in ("Avance", "Retenue", "Reste")
        if first in seg.text
    }
    assert len(rows) == 3
    assert resolve(extract_all(marked)).value(FieldName.AMOUNT_DUE) == Decimal(
        "20133.98"
    )


def test_vat_lines_that_add_up_to_the_ttc_give_the_totals_ocr_garbled():
    # HT read with a digit lost ("152 72,45"), the VAT total garbled; the two VAT
    # lines read, at two rates, add up to the TTC to the cent.
    placed = (
        (68, 553, "TAUX TVA BASE HT TVA"),
        (92, 572, "20.0% 75 694,71 15 138,94"),
        (98, 592, "2.1% 77 077,74 1 618,63"),
        (380, 553, "TOTAL NET HT 152 72,45"),
        (380, 572, "TVA COLLECTEE el 68/1; Osa,"),
        (380, 592, "MONTANT TTC 169 530,02 €"),
    )
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("152772.45")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("16757.57")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("169530.02")
    assert out.confidence(FieldName.TOTAL_HT) < 0.9
    assert "total_derived" in [w.code for w in out.warnings]
    # A TTC the lines do not meet derives nothing.
    wrong = (*placed[:5], (380, 592, "MONTANT TTC 169 530,12 €"))
    out = resolve(extract_all(doc_of(*wrong, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) != Decimal("152772.45")


def test_vat_lines_that_add_up_to_the_vat_read_give_the_ht_and_ttc():
    # seed 9120 #16: a till receipt's "Total net HT:" read with no figure, its
    # TTC a digit off ("56 544,94" for 56 844,94); "Montant TVA: 3 483,07 €" and
    # the two VAT lines read, whose amounts add up to it.
    placed = (
        (22, 88, "Total net HT:"),
        (22, 96, "Montant TVA: 3 483,07 €"),
        (22, 105, "Total TTC: 56 544,94 €"),
        (22, 135, "TVA 20,00 % sur 13 198,16 : 2 639,63"),
        (22, 145, "TVA 2,10 % sur 40 163,71 : 843,44"),
    )
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("53361.87")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("3483.07")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("56844.94")
    assert out.confidence(FieldName.TOTAL_TTC) < 0.9
    # A VAT total the lines' amounts do not meet derives nothing from them.
    wrong = (*placed[:1], (22, 96, "Montant TVA: 3 483,17 €"), *placed[2:])
    out = resolve(extract_all(doc_of(*wrong, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_TTC) != Decimal("56844.94")


def test_a_vat_row_whose_rate_ocr_garbled_and_the_ht_give_the_other_totals():
    # The 2.1 % row's rate read "7 10": the one known rate that makes its two
    # amounts a base and its VAT is 2.1. With the 8.5 % row, the bases add up to
    # the HT read; the TTC's label was garbled ("Totals ss. os").
    placed = (
        (231, 291, "Total HT : 158 783,40 €"),
        (231, 318, "Totals ss. os 168 057,79 €"),
        (67, 351, "Base HT 92 811,49 - TVA 8,50 % = 7 888,98"),
        (67, 365, "Base HT. 65 971,91 - TVA 7 10 = 1 385,41"),
    )
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("158783.40")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("9274.39")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("168057.79")
    assert out.confidence(FieldName.TOTAL_TTC) < 0.9
    assert (Decimal("2.1"), Decimal("65971.91"), Decimal("1385.41")) in {
        (line.rate, line.base, line.amount) for line in out.vat_breakdown
    }
    # In a text layer the rate is what was typed: no rate is made up.
    out = resolve(extract_all(doc_of(*placed)))
    assert out.value(FieldName.TOTAL_VAT) != Decimal("9274.39")


def test_a_line_lost_is_derived_past_works_rows_read_as_lines_at_the_same_rate():
    # seed 9021: a works statement's rows of percentages read as 10 % lines too
    # ("10 % 4 068,48 … 406,85"); its 20 % VAT row garbled. The 10 % line that
    # leaves the 20 % one to the totals is the VAT table's own.
    placed = [
        (64, 405, "Évacuation 4 068,48 0 % 10 % 406,85 0,00 406,85"),
        (64, 430, "Démolition 7 066,68 0 % 10 % 706,67 0,00 706,67"),
        (81, 608, "Taux TVA Base TVA"),
        (307, 608, "Total HT EUR 21 234,79"),
        (106, 622, "20 % 15 596,64 3.119 33"),
        (307, 622, "Total TVA EUR 3 683,15"),
        (106, 636, "10 % 5 638,15 563,82"),
        (307, 636, "Montant TTC EUR 24 917,94"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert [(v.rate, v.base, v.amount) for v in out.vat_breakdown] == [
        (Decimal("20"), Decimal("15596.64"), Decimal("3119.33")),
        (Decimal("10"), Decimal("5638.15"), Decimal("563.82")),
    ]
    assert "vat_line_derived" in [w.code for w in out.warnings]


def test_the_ht_of_a_works_statements_payment_is_no_advance_deducted():
    # seed 9021: "Montant HT de l'acompte" is this statement's HT, read as the
    # total HT; the amount due is its TTC, not the TTC less that HT.
    out = resolved(
        (313, 516, "Montant cumulé HT"),
        (480, 516, "10674,75 €"),
        (313, 531, "Montant HT des acomptes antérieurs"),
        (480, 531, "- 2629,86 €"),
        (313, 546, "Montant HT de l'acompte"),
        (480, 546, "8044,89 €"),
        (313, 573, "Total T.V.A. 5,5 %"),
        (480, 573, "442,47 €"),
        (313, 588, "TOTAL TTC"),
        (480, 588, "8487,36 €"),
    )
    assert out.value(FieldName.TOTAL_HT) == Decimal("8044.89")
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("8487.36")
    # Nor when the HT is read beside "TOTAL HT" too (seed 9065 #34: the due came
    # out the TTC less the HT, the VAT, at 0.85).
    read = [
        ("Montant", 298.1, 267.1, 327.8, 273.8, 0.95),
        ("HT", 331.0, 267.1, 341.8, 273.6, 0.96),
        ("de", 344.4, 267.1, 353.5, 273.6, 0.93),
        ("l'acompte", 356.2, 267.1, 391.9, 275.3, 0.91),
        ("22,700.27", 477.1, 267.1, 514.8, 274.3, 0.94),
        ("EUR", 517.7, 266.9, 535.0, 273.6, 0.95),
        ("TOTAL", 301.7, 280.8, 329.0, 287.5, 0.96),
        ("HT", 331.7, 280.8, 342.7, 287.3, 0.95),
        ("22,700.27", 477.1, 280.8, 514.8, 288.0, 0.96),
        ("EUR", 517.7, 280.6, 535.0, 287.3, 0.96),
        ("T.V.A.", 301.7, 294.0, 324.7, 300.5, 0.84),
        ("3,625.04", 482.2, 293.8, 514.8, 301.2, 0.96),
        ("EUR", 517.7, 293.8, 535.0, 300.2, 0.96),
        ("TOTAL", 301.4, 307.0, 329.3, 313.7, 0.95),
        ("TTC", 331.9, 306.7, 348.5, 313.7, 0.96),
        ("26,325.31", 477.1, 306.7, 513.6, 314.4, 0.96),
        ("EUR", 517.7, 306.7, 535.0, 313.4, 0.96),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("22700.27")
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("26325.31")
    # A real advance, on its own line, is still deducted.
    out = resolved(
        (313, 546, "Montant HT"),
        (480, 546, "8044,89 €"),
        (313, 573, "Total T.V.A. 5,5 %"),
        (480, 573, "442,47 €"),
        (313, 588, "TOTAL TTC"),
        (480, 588, "8487,36 €"),
        (313, 603, "Acompte versé"),
        (480, 603, "1000,00 €"),
    )
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("7487.36")


def test_a_decimal_comma_ocr_read_as_a_semicolon_is_a_comma():
    # seed 9022: "MONTANT DE LA FACTURE 17111;58".
    placed = [
        (300, 594, "MONTANT TVA"),
        (480, 594, "1602,03"),
        (300, 612, "MONTANT DE LA FACTURE"),
        (480, 612, "17111;58"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_TTC) == Decimal("17111.58")


def test_a_scanned_credit_notes_due_whose_minus_ocr_lost_is_negative():
    # seed 9022: "TOTAL TTC EUR -19 737,14" and "SOLDE A REGLER EUR 19737,14".
    placed = [
        (342, 364, "MONTANT HT EUR"),
        (480, 364, "-16 447,62"),
        (342, 378, "TOTAL TVA EUR"),
        (480, 378, "-3 289,52"),
        (342, 395, "TOTAL TTC EUR"),
        (480, 395, "-19 737,14"),
        (337, 409, "SOLDE A REGLER EUR"),
        (480, 409, "19737,14"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("-19737.14")
    assert out.confidence(FieldName.AMOUNT_DUE) < 0.9  # the sign unproven
    # In a text layer, a positive due under a negative TTC is what was printed.
    out = resolve(extract_all(doc_of(*placed)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("19737.14")


def test_a_label_cell_that_goes_on_to_say_ht_names_no_amount_due():
    # seed 9025 (native and scanned): a works statement's "Montant du solde HT"
    # opens with "Montant du" but is the period's HT; the amount due is the TTC.
    placed = [
        (325, 483, "Cumul des travaux exécutés HT"),
        (523, 483, "13.345,34 €"),
        (325, 497, "A déduire : acomptes déjà versés HT"),
        (520, 497, "-10.467,97 €"),
        (325, 512, "Montant du solde HT"),
        (528, 512, "2.877,37 €"),
        (328, 538, "Total T.V.A."),
        (535, 538, "334,71 €"),
        (328, 552, "Montant TTC"),
        (528, 552, "3.212,08 €"),
    ]
    for method in (Method.TEXT, Method.OCR):
        out = resolve(extract_all(doc_of(*placed, method=method)))
        assert out.value(FieldName.AMOUNT_DUE) == Decimal("3212.08")
        assert "amount_due_mismatch" not in [w.code for w in out.warnings]
    # "Montant du" with nothing after it in its cell is still the amount due.
    placed[4] = (325, 512, "Montant dû")
    out = resolve(extract_all(doc_of(*placed)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("2877.37")


def test_a_cell_holding_only_a_total_label_ocr_garbled_still_labels_its_amount():
    # seed 9028: "Total hors taxes" | "Montant dû" read "Montant da", the amounts
    # under them; no VAT (franchise).
    placed = [
        (144, 654, "Total hors taxes"),
        (400, 654, "Montant da"),
        (158, 672, "135,10 €"),
        (405, 672, "135,10 €"),
        (48, 691, "TVA non applicable - article 293 B du CGI"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("135.10")
    assert out.confidence(FieldName.AMOUNT_DUE) < 0.9


def test_a_total_ht_lost_is_the_sum_of_its_sub_totals_that_ttc_less_vat_confirms():
    # seed 9028: a works invoice's sub-totals per building read, its VAT table
    # and total HT garbled; TTC and VAT read under their labels.
    placed = [
        (98, 345, "Sous-total HT Hôtel de ville 12692,60"),
        (98, 425, "Sous-total HT Groupe scolaire Jules Ferry 2755,81"),
        (98, 505, "Sous-total HT Médiathèque 19103,45"),
        (71, 631, "T.V.A."),
        (200, 631, "Montant TTC"),
        (71, 658, "6730,74 €"),
        (200, 658, "41282,60 €"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("34551.86")
    assert out.confidence(FieldName.TOTAL_HT) < 0.9
    assert [w.code for w in out.warnings][:1] == ["total_from_parts"]
    # Sub-totals that do not add up to the TTC less the VAT give no HT.
    placed[2] = (98, 505, "Sous-total HT Médiathèque 19103,40")
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) != Decimal("34551.81")
    assert "total_from_parts" not in [w.code for w in out.warnings]


def test_a_reverse_charge_credit_notes_lost_ht_is_the_sum_of_its_sub_totals():
    # seed 9095 #15: "Total H.T." read "Total H,T:." past recognition on a
    # reverse-charge credit note; its sections' sub-totals, its TTC and its zero
    # VAT read: with no VAT due, the parts still prove the HT.
    placed = [
        (98, 248, "Sous-total HT Lot 1 -2 510,81"),
        (98, 316, "Sous-total HT Lot 2 -9 268,35"),
        (98, 383, "Sous-total HT Lot 3 -7 723,59"),
        (357, 417, "TVA 0,00"),
        (357, 429, "Total TTC -19 502,75"),
        (40, 470, "Autoliquidation - TVA due par le preneur, art. 283-2 du CGI"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("-19502.75")
    assert out.confidence(FieldName.TOTAL_HT) < 0.9
    assert "total_from_parts" in [w.code for w in out.warnings]


def test_totals_that_add_up_at_an_impossible_rate_are_not_sure():
    # seed 9029: "3 506,44 €" and "3 857,08 €" read without their thousands
    # (Tesseract dropped the lone "3"s of a column), the VAT whole: 506,44 +
    # 350,64 = 857,08 holds, at 69 %. Given 0.92 before; no rate is that high.
    placed = [
        (327, 294, "TOTAL HT"),
        (526, 294, "506,44 €"),
        (327, 308, "T.V.A."),
        (526, 308, "350,64 €"),
        (327, 321, "Total T.T.C."),
        (526, 321, "857,08 €"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert all(
        out.confidence(name) < 0.9
        for name in (FieldName.TOTAL_HT, FieldName.TOTAL_TTC, FieldName.AMOUNT_DUE)
    )
    assert "vat_too_high" in [w.code for w in out.warnings]
    assert "totals_mismatch" not in [w.code for w in out.warnings]
    # Read whole, at 10 %, they are sure.
    placed[1], placed[5] = (526, 294, "3 506,44 €"), (526, 321, "3 857,08 €")
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_TTC) == Decimal("3857.08")
    assert out.confidence(FieldName.TOTAL_TTC) >= 0.9


def test_a_scans_vat_amount_whose_comma_ocr_lost_is_read_where_the_rate_proves_it():
    # seed 9035 #42: "1 537,11" read "153711", "68,43" read "6843".
    placed = [
        (72, 585, "TAUXTVA"), (142, 582, "BASEHT"), (240, 582, "MONTANT"),
        (113, 600, "20%"), (183, 600, "7685,55"), (266, 600, "153711"),
        (114, 616, "10%"), (186, 616, "684,32"), (275, 616, "6843"),
        (111, 637, "5,5%"), (183, 637, "2102,10"), (271, 637, "11562"),
    ]  # fmt: skip
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert [(v.rate, v.base, v.amount) for v in out.vat_breakdown] == [
        (Decimal("20.00"), Decimal("7685.55"), Decimal("1537.11")),
        (Decimal("10.00"), Decimal("684.32"), Decimal("68.43")),
        (Decimal("5.50"), Decimal("2102.10"), Decimal("115.62")),
    ]
    # Digits that no rate proves stay unread; a text layer's digits are digits.
    placed[5] = (266, 600, "153791")
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert Decimal("20.00") not in [v.rate for v in out.vat_breakdown]
    out = resolve(extract_all(doc_of(*placed[:6])))
    assert out.vat_breakdown == []


def test_a_credit_notes_vat_base_whose_comma_ocr_lost_keeps_its_minus():
    # seed 9068 #26: a credit note's VAT table, "-62 048,86 €" read "-6204886€"
    # on the 20 % row and its 5,5 % row garbled ("‘14 566,43 € {l 86,15"): the
    # 20 % row proven by its rate, the other left to the totals.
    placed = [
        (69, 172, "Taux"), (102, 172, "Base HT"), (160, 172, "TVA"),
        (102, 194, "20%"), (130, 194, "-6204886€"), (190, 194, "- 12 409,77 €"),
        (120, 202, "5,5%"), (150, 202, "‘14 566,43 €"), (210, 202, "86,15"),
        (400, 172, "Total HT"), (520, 172, "- 63 615,29 €"),
        (400, 186, "TVA"), (520, 186, "- 12 495,92 €"),
        (400, 202, "Total TTC"), (520, 202, "- 76 111,21 €"),
    ]  # fmt: skip
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert [(v.rate, v.base, v.amount) for v in out.vat_breakdown] == [
        (Decimal("20.00"), Decimal("-62048.86"), Decimal("-12409.77")),
        (Decimal("5.50"), Decimal("-1566.43"), Decimal("-86.15")),
    ]


def test_the_amount_due_that_ht_and_vat_add_up_to_stands_for_a_misread_ttc():
    # seed 9037 #52: the 10 % row's base was misread, so the 20 % row alone tied a
    # HT and a VAT; the TTC read "6555.32" for 6 555,31 and the sum of the totals
    # read, 5 485,88 + 1 069,43, is the amount due.
    placed = [
        (54, 361, "Base HT 20 %"), (144, 361, "5,208.38"),
        (77, 375, "TVA 20 %"), (144, 375, "1,041.68"),
        (54, 389, "Base HT 10 %"), (144, 389, "247250"),
        (77, 403, "TVA 10 %"), (144, 403, "27.75"),
        (355, 340, "TOTAL HT"), (412, 340, "5,485.88"),
        (355, 362, "T.V.A."), (412, 362, "1,069.43"),
        (336, 377, "TOTAL TTC"), (412, 377, "6555.32"),
        (311, 392, "RESTE A PAYER"), (412, 392, "6,555.31"),
    ]  # fmt: skip
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("5485.88")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("1069.43")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("6555.31")
    assert out.confidence(FieldName.TOTAL_TTC) < 0.9  # not printed as the TTC
    assert (Decimal("10.00"), Decimal("277.50"), Decimal("27.75")) in [
        (v.rate, v.base, v.amount) for v in out.vat_breakdown
    ]


def test_a_scanned_due_whose_decimal_comma_ocr_lost_is_the_ttc():
    # seed 9042 #23: "Total TTC 61 025,62 €" and "Net à payer 6102562€".
    placed = [
        (323, 522, "Total HT"),
        (480, 522, "56 244,81 €"),
        (323, 537, "TVA 8,5 %"),
        (480, 537, "4 780,81 €"),
        (323, 552, "Total TTC"),
        (480, 552, "61 025,62 €"),
        (323, 563, "Net à payer"),
        (480, 563, "6102562€"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("61025.62")
    assert out.confidence(FieldName.AMOUNT_DUE) < 0.9  # the comma unproven
    # In a text layer, the due is what was printed.
    out = resolve(extract_all(doc_of(*placed)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("6102562")


def test_an_amount_under_an_item_tables_vat_head_is_no_total_vat():
    # seed 9069 #8: a reverse-charge invoice's items headed "… Px unitaire TVA|
    # Total net"; the unit price 194,19 under "TVA|" came out the total VAT, and
    # kept the HT (printed "3:011,17") from being the TTC.
    read = [
        ("Code", 61.4, 86.4, 84.5, 93.1, 0.89), ("Désignation", 99.8, 85.9, 163.2, 94.3, 0.88),
        ("des", 168.2, 86.4, 185.5, 93.1, 0.95), ("prestations", 191.3, 85.9, 253.7, 94.3, 0.95),
        ("Un.", 592.1, 86.6, 607.7, 92.9, 0.95), ("Q.", 627.1, 86.4, 637.0, 94.1, 0.89),
        ("|", 642.0, 84.7, 646.1, 96.0, 0.88), ("Px", 648.5, 86.6, 660.5, 92.6, 0.93),
        ("unitaire", 665.5, 85.7, 711.1, 92.9, 0.72), ("TVA|", 721.2, 86.6, 739.0, 92.6, 0.72),
        ("Total", 748.3, 85.9, 776.4, 92.9, 0.96), ("net", 782.2, 86.6, 799.4, 92.9, 0.96),
        ("A9937", 61.7, 102.7, 89.5, 109.2, 0.91), ("Licence", 100.3, 102.5, 139.4, 109.2, 0.95),
        ("logiciel", 146.9, 102.5, 190.8, 110.6, 0.96), ("u", 592.6, 104.4, 597.8, 109.0, 0.87),
        ("16", 628.1, 102.5, 637.9, 109.0, 0.96), ("194,19", 677.8, 102.5, 710.6, 109.7, 0.96),
        ("0%]", 727.9, 102.5, 737.8, 109.0, 0.76), ("3.107,04", 755.0, 102.5, 798.7, 109.7, 0.96),
        ("Total", 569.0, 261.0, 590.0, 268.0, 0.93), ("T.T.C.", 594.0, 261.0, 625.0, 268.0, 0.92),
        ("3.811,17", 744.0, 261.0, 790.0, 268.0, 0.96), ("€", 795.0, 261.0, 800.0, 268.0, 0.96),
        ("AUTOLIQUIDATION", 58.0, 299.0, 134.0, 306.0, 0.91),
        ("-", 137.0, 302.0, 139.0, 303.0, 0.91),
        ("TVA", 287.0, 299.0, 305.0, 306.0, 0.95), ("due", 308.0, 299.0, 325.0, 306.0, 0.95),
        ("par", 328.0, 299.0, 342.0, 306.0, 0.96), ("le", 345.0, 299.0, 353.0, 306.0, 0.95),
        ("preneur", 356.0, 299.0, 399.0, 306.0, 0.95),
    ]  # fmt: skip
    page = Page(1, 842.0, 595.0, tuple(Word(*w) for w in read), Method.OCR)
    out = resolve(extract_all(Doc.from_pages([page])))
    assert out.value(FieldName.TOTAL_VAT) != Decimal("194.19")
    assert out.value(FieldName.TOTAL_HT) == Decimal("3811.17")


def test_a_franchises_scanned_due_whose_comma_ocr_lost_is_its_ht():
    # seed 9066 #23: "TVA non applicable, art. 293 B du CGI", no TTC printed,
    # "TOTAL HT 13.415,47 €" and "Solde à régler 1341547€".
    placed = [
        (356, 205, "TOTAL HT 13.415,47 €"),
        (352, 216, "Solde à régler 1341547€"),
        (42, 277, "TVA non applicable, art. 293 B du CGI"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("13415.47")
    assert out.confidence(FieldName.AMOUNT_DUE) < 0.9  # the comma unproven
    assert FieldName.TOTAL_TTC not in out.fields  # not printed, not derived
    # Subject to VAT, an HT is no due: the figure stays as read, doubtful.
    placed[2] = (42, 277, "Conditions de paiement : 45 jours")
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("1341547")
    assert out.confidence(FieldName.AMOUNT_DUE) <= 0.6


def test_a_scanned_credit_notes_totals_whose_minus_ocr_lost_are_all_negative():
    # seed 9037 #16: OCR kept the minus of the VAT alone.
    placed = [
        (110, 86, "FACTURE D'AVOIR"),
        (14, 301, "TOTAL HT:"),
        (150, 301, "43 107,22 €"),
        (14, 310, "Total T.V.A. 20,00 %:"),
        (150, 310, "-8 621,44 €"),
        (14, 319, "Montant TTC:"),
        (150, 319, "51 728,66 €"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    for name, value in (
        (FieldName.TOTAL_HT, "-43107.22"),
        (FieldName.TOTAL_VAT, "-8621.44"),
        (FieldName.TOTAL_TTC, "-51728.66"),
        (FieldName.AMOUNT_DUE, "-51728.66"),
    ):
        assert out.value(name) == Decimal(value)
        assert out.confidence(name) < 0.9  # the signs unproven
    # With no minus read at all, the totals are what was read.
    placed[3] = (150, 310, "8 621,44 €")
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("43107.22")
    # In a text layer, the signs are as printed.
    placed[3] = (150, 310, "-8 621,44 €")
    out = resolve(extract_all(doc_of(*placed)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("43107.22")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("51728.66")


def test_a_scanned_credit_notes_totals_all_read_without_their_minus_follow_its_vat_row():
    # seed 9150 #6 (150 dpi): "AVOIR"; the totals' "- 29 211,78 EUR" in Courier,
    # the minus set apart, all read without it; the VAT table's row kept its own
    # ("- 2 921,18"). Both sets of totals add up: OCR loses a minus, it seldom
    # makes one.
    read = [
        ("AVOIR", 360.0, 48.0, 406.0, 60.0, 0.96),
        ("TAUX", 74.4, 516.7, 96.0, 523.4, 0.91), ("TVA", 101.3, 517.0, 116.6, 523.2, 0.96),
        ("BASE", 152.6, 516.7, 173.3, 523.4, 0.96), ("HT", 178.6, 516.7, 189.4, 523.2, 0.95),
        ("TVA", 237.6, 516.7, 254.4, 523.2, 0.96),
        ("10%", 110.4, 536.2, 127.4, 543.1, 0.68), ("=", 138.2, 539.8, 142.3, 540.7, 0.85),
        ("29", 149.3, 536.6, 160.6, 543.1, 0.93), ("211,781", 167.5, 536.9, 202.6, 544.1, 0.0),
        ("-", 216.5, 539.5, 220.8, 540.5, 0.74), ("2", 229.0, 536.4, 234.2, 543.1, 0.67),
        ("921,18", 241.4, 536.4, 278.4, 544.1, 0.89),
        ("TOTAL", 303.8, 515.8, 338.9, 523.4, 0.95), ("HORS", 338.9, 514.8, 361.9, 526.8, 0.93),
        ("TAXES", 367.7, 515.8, 397.9, 523.4, 0.88), ("29", 457.2, 517.4, 468.7, 523.9, 0.95),
        ("211,78", 475.4, 517.4, 510.2, 524.9, 0.95), ("EUR", 516.7, 517.4, 535.2, 523.9, 0.96),
        ("TOTAL", 303.8, 535.2, 331.7, 542.6, 0.95), ("TVA", 337.4, 535.2, 355.0, 542.4, 0.96),
        ("2", 458.2, 536.2, 463.9, 543.1, 0.95), ("921,18", 471.4, 536.2, 509.3, 544.1, 0.95),
        ("EUR", 515.8, 536.4, 535.2, 543.1, 0.95),
        ("TOTAL", 303.8, 554.4, 333.8, 561.8, 0.96), ("FACTURE", 337.4, 554.4, 380.9, 561.8, 0.95),
        ("TTC", 384.7, 554.4, 402.2, 561.6, 0.96), ("32", 457.7, 555.4, 468.7, 561.8, 0.95),
        ("132,96", 475.9, 555.4, 510.2, 562.8, 0.95), ("EUR", 516.7, 555.4, 535.2, 561.8, 0.96),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    for name, value in (
        (FieldName.TOTAL_HT, "-29211.78"),
        (FieldName.TOTAL_VAT, "-2921.18"),
        (FieldName.TOTAL_TTC, "-32132.96"),
    ):
        assert out.value(name) == Decimal(value)
        assert out.confidence(name) < 0.9  # the signs unproven
    # No title names a credit note: the totals stay as read, but the minus read
    # in the VAT row leaves them unsure.
    untitled = resolve(extract_all(boxed(*read[1:])))
    assert untitled.value(FieldName.TOTAL_HT) == Decimal("29211.78")
    assert untitled.confidence(FieldName.TOTAL_HT) < 0.9
    # No minus read anywhere: the totals as read, sure.
    unsigned = [w for w in read if w[0] != "-"]
    sure = resolve(extract_all(boxed(*unsigned)))
    assert sure.value(FieldName.TOTAL_HT) == Decimal("29211.78")
    assert sure.confidence(FieldName.TOTAL_HT) >= 0.9


def test_a_works_rows_percentages_make_no_vat_line():
    # seed 9046 #30: "0 %" (progress before) and "80 %" (to date) in a works row
    # made a 0 % line of 484,35 beside the 20 % one; with lines at two rates, one
    # rate tied nothing, and the TTC OCR read "3 3 197,60" was not derived.
    placed = [
        (60, 440, "Isolation thermique des combles"),
        (230, 440, "605,44"),
        (280, 440, "0 %"),
        (320, 440, "80 %"),
        (360, 440, "484,35"),
        (420, 440, "0,00"),
        (480, 440, "484,35"),
        (167, 561, "Taux TVA Base TVA"),
        (99, 577, "20 % 2 664,67 532,93"),
        (330, 562, "Montant HT EUR 2 664,67"),
        (330, 578, "Total TVA EUR 532,93"),
        (330, 594, "Total T.T.C. EUR 3 3 197,60"),
    ]
    lines = {
        c.value
        for c in extract_all(doc_of(*placed, method=Method.OCR))
        if c.field is Aux.VAT_LINE
    }
    assert lines == {(Decimal("20"), Decimal("2664.67"), Decimal("532.93"))}
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_TTC) == Decimal("3197.60")
    assert out.confidence(FieldName.TOTAL_TTC) < 0.9


def test_a_flat_mark_read_as_a_digit_does_not_stand_between_a_label_and_its_amount():
    # seed 9047 #59, as OCR boxed it: a table's rule read "7" at 0.23, half a
    # point tall, between "Net à payer - montant à mandater" and "1.486,27 €".
    read = [
        ("G", 185.8, 488.9, 192.5, 496.1, 0.93),
        ("Net", 202.1, 487.2, 219.4, 500.2, 0.62),
        ("à", 223.0, 488.2, 227.0, 495.8, 0.95),
        ("payer", 231.1, 487.2, 253.0, 500.2, 0.9),
        ("-", 257.0, 491.8, 259.9, 493.9, 0.9),
        ("montant", 264.7, 487.2, 297.1, 500.2, 0.96),
        ("à", 301.4, 488.2, 305.5, 495.8, 0.93),
        ("mandater", 307.9, 488.2, 349.0, 499.2, 0.93),
        ("7", 461.5, 498.0, 477.8, 498.5, 0.23),
        ("1.486,27", 525.4, 488.4, 569.3, 497.0, 0.95),
        ("€", 563.3, 487.4, 570.5, 499.4, 0.96),
    ]
    found = extract_all(boxed(*read))
    due = {c.value for c in found if c.field is FieldName.AMOUNT_DUE}
    assert due == {Decimal("1486.27")}
    # Read surely, a short word is a word: it stays in its cell.
    read[8] = (*read[8][:5], 0.9)
    assert any(s.text == "7" for s in boxed(*read).segments)


def test_a_scanned_rate_a_hair_from_a_known_one_is_that_rate_less_surely():
    # seed 9052 #26: "10.0%" read "10.03%"; 21,85 at 10.03 % is 2,19 as well.
    placed = [
        (77, 398, "20.0%"), (137, 398, "1 544,21"), (197, 398, "308,84"),
        (77, 408, "10.03%"), (154, 408, "21,85"), (208, 408, "2,19"),
        (304, 378, "Total HT"), (473, 378, "1 566,06"),
        (304, 393, "Montant TVA"), (473, 393, "311,03"),
        (304, 408, "Total TTC"), (473, 408, "1 877,09"),
    ]  # fmt: skip
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert [(v.rate, v.base, v.amount) for v in out.vat_breakdown] == [
        (Decimal("20.00"), Decimal("1544.21"), Decimal("308.84")),
        (Decimal("10.00"), Decimal("21.85"), Decimal("2.19")),
    ]
    lines = [c for c in extract_all(doc_of(*placed, method=Method.OCR))
             if c.field is Aux.VAT_LINE and c.value[0] == Decimal("10")]  # fmt: skip
    assert lines and all(c.confidence <= 0.6 for c in lines)
    # Printed, the rate is what it says.
    out = resolve(extract_all(doc_of(*placed)))
    assert Decimal("10.03") in [v.rate for v in out.vat_breakdown]


def test_the_known_rate_near_a_scanned_one_may_be_zero():
    # "0,0 %" read "0.03%": the zero rate is a known rate like any other.
    placed = [(77, 398, "0.03%"), (137, 398, "100,00"), (197, 398, "0,00")]
    lines = [
        c.value
        for c in extract_all(doc_of(*placed, method=Method.OCR))
        if c.field is Aux.VAT_LINE
    ]
    assert lines == [(Decimal("0"), Decimal("100.00"), Decimal("0.00"))]


def test_a_scanned_due_whose_thousands_ocr_lost_is_the_ttc():
    # seed 9059 #7: "TOTAL TOUTES TAXES COMPRISES EUR 4 280,47" and "MONTANT DU
    # EUR 280,47": Tesseract left the right-aligned due's first group out.
    placed = [
        (84, 447, "TOTAL HT EUR 4 174,17"),
        (84, 460, "TVA 2,55 EUR 106,30"),
        (84, 473, "TOTAL TOUTES TAXES COMPRISES EUR 4 280,47"),
        (354, 486, "MONTANT DU EUR 280,47"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("4280.47")
    assert out.confidence(FieldName.AMOUNT_DUE) < 0.9  # the lost group unproven
    # Another last group is another due; in a text layer, the due is as printed.
    placed[3] = (354, 486, "MONTANT DU EUR 281,47")
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("281.47")
    placed[3] = (354, 486, "MONTANT DU EUR 280,47")
    assert resolve(extract_all(doc_of(*placed))).value(FieldName.AMOUNT_DUE) == Decimal(
        "280.47"
    )


def test_a_scanned_ht_whose_thousands_ocr_lost_is_the_ttc_less_the_vat():
    # seed 9100 #13: a reverse-charge invoice's "Total net HT 717,64 €" for
    # 3 717,64 €, the right-aligned figure's first group left out.
    placed = [
        (348, 495, "Total net HT"),
        (496, 495, "717,64 €"),
        (348, 511, "TVA autoliquidée"),
        (509, 511, "0,00"),
        (348, 526, "Montant de la facture 3 717,64 €"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("3717.64")
    assert out.confidence(FieldName.TOTAL_HT) < 0.9  # the lost group unproven
    # Another last group is another HT; in a text layer, the HT is as printed.
    placed[1] = (496, 495, "718,64 €")
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("718.64")
    placed[1] = (496, 495, "717,64 €")
    out = resolve(extract_all(doc_of(*placed)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("717.64")


def test_a_scanned_due_with_a_digit_ocr_read_before_it_is_the_ttc():
    # seed 9091 #43: "TOTAL TTC 5737,81 €" and "RESTE A PAYER 85737,81€".
    placed = [
        (300, 207, "TOTAL NET HT 4781,51 €"),
        (300, 219, "TVA 20 % 956,30 €"),
        (300, 231, "TOTAL TTC 5737,81 €"),
        (300, 240, "RESTE A PAYER 85737,81€"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("5737.81")
    assert out.confidence(FieldName.AMOUNT_DUE) < 0.9  # the digit left out unproven
    # Another tail is another due; in a text layer, the due is as printed.
    placed[3] = (300, 240, "RESTE A PAYER 85737,91€")
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("85737.91")
    placed[3] = (300, 240, "RESTE A PAYER 85737,81€")
    out = resolve(extract_all(doc_of(*placed)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("85737.81")


def test_a_credit_notes_totals_whose_ttc_lost_its_minus_outdo_a_vat_rows_sum():
    # seed 9064 #59: a credit note at two rates; its VAT table's 20 % row
    # ("-45,46 €", "-9,09 €") and an item's "-54,55 €" under "Montant TTC" add
    # up, and had outdone its totals, whose TTC was read without its minus.
    read = [
        ("Total", 700.6, 92.6, 721.0, 103.4, 0.95),
        ("net,", 724.3, 92.6, 742.6, 103.4, 0.59),
        ("Montant", 746.9, 92.6, 779.3, 103.4, 0.96),
        ("TTC", 784.6, 92.6, 798.2, 103.4, 0.96),
        ("20%", 673.4, 109.4, 690.0, 115.9, 0.95),
        ("-4546€", 705.4, 109.4, 737.0, 116.6, 0.71),
        ("-54,55", 767.3, 109.7, 791.0, 116.6, 0.86),
        ("€", 793.7, 109.2, 799.2, 115.9, 0.97),
        ("Taux", 108.5, 228.2, 128.6, 241.2, 0.92),
        ("Base", 171.1, 230.2, 191.0, 237.1, 0.96),
        ("HT", 193.7, 230.4, 204.7, 237.1, 0.96),
        ("Montant", 228.7, 230.4, 261.8, 237.1, 0.96),
        ("TVA", 263.8, 229.0, 285.4, 239.5, 0.93),
        ("Montant", 567.8, 230.4, 598.3, 237.1, 0.96),
        ("HT", 601.2, 230.4, 612.0, 236.9, 0.96),
        ("-395,74", 762.7, 230.6, 791.0, 237.8, 0.90),
        ("€", 793.7, 230.4, 799.2, 236.9, 0.96),
        ("20%", 110.9, 239.8, 128.6, 252.2, 0.96),
        ("-45,46", 174.0, 242.4, 197.5, 249.6, 0.89),
        ("€", 200.2, 242.4, 205.9, 248.9, 0.96),
        ("-9,09", 254.9, 242.6, 273.8, 249.8, 0.91),
        ("€", 276.5, 242.4, 282.0, 248.9, 0.96),
        ("TVA", 566.6, 240.7, 584.2, 253.2, 0.96),
        ("-16,45", 767.0, 243.6, 791.0, 251.3, 0.89),
        ("€", 793.4, 243.6, 799.4, 250.3, 0.97),
        ("2,1%", 109.2, 254.2, 128.4, 261.4, 0.83),
        ("-350,28", 169.0, 254.2, 197.5, 261.4, 0.91),
        ("€", 200.4, 253.9, 205.7, 260.4, 0.96),
        ("-7,36", 254.9, 254.2, 273.8, 261.6, 0.76),
        ("€", 276.5, 253.9, 282.0, 260.6, 0.96),
        ("Montant", 567.8, 256.6, 600.5, 263.3, 0.96),
        ("TTC", 602.9, 256.3, 619.2, 263.3, 0.96),
        ("412,19", 762.5, 256.6, 791.0, 264.2, 0.80),
        ("€", 793.7, 256.6, 799.4, 263.0, 0.96),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.TOTAL_HT) == Decimal("-395.74")
    assert out.value(FieldName.TOTAL_VAT) == Decimal("-16.45")
    assert out.value(FieldName.TOTAL_TTC) == Decimal("-412.19")
    assert out.confidence(FieldName.TOTAL_TTC) < 0.9  # its minus is a guess
    rates = {v.rate: (v.base, v.amount) for v in out.vat_breakdown}
    assert rates == {
        Decimal("20"): (Decimal("-45.46"), Decimal("-9.09")),
        Decimal("2.1"): (Decimal("-350.28"), Decimal("-7.36")),
    }


def test_a_mark_read_unsurely_between_a_total_label_and_its_amount_is_passed_over():
    # seed 9075 #18, as OCR boxed it: "ee" at 0.24, out of the paper's grey,
    # between "Total hors taxes" and "EUR 3 408,51"; with the HT lost, the
    # retention's "Net à payer TTC" stood for the TTC.
    read = [
        ("Taux", 70.3, 563.0, 93.4, 570.7, 0.95),
        ("TVA", 96.5, 563.0, 116.2, 570.5, 0.96),
        ("Base", 163.0, 561.4, 186.0, 572.9, 0.96),
        ("TVA", 236.2, 561.1, 256.1, 572.9, 0.96),
        ("Total", 300.5, 561.8, 329.5, 570.5, 0.96),
        ("hors", 329.5, 560.9, 346.6, 574.3, 0.95),
        ("taxes", 350.9, 561.8, 374.6, 570.5, 0.35),
        ("ee", 416.4, 560.9, 433.2, 572.6, 0.24),
        ("EUR", 483.6, 561.8, 506.2, 570.2, 0.96),
        ("3", 506.2, 560.9, 511.2, 572.6, 0.96),
        ("408,51", 515.5, 561.8, 549.1, 571.2, 0.96),
        ("0%", 99.4, 577.4, 115.9, 584.6, 0.95),
        ("3", 147.6, 577.4, 152.4, 584.6, 0.93),
        ("408,51", 155.8, 577.4, 184.6, 585.6, 0.93),
        ("0,00", 237.1, 577.2, 255.8, 585.6, 0.96),
        ("TVA", 304.1, 578.4, 323.3, 585.6, 0.93),
        ("(autoliquidation)", 326.9, 578.2, 397.0, 587.8, 0.91),
        ("EUR", 503.3, 578.2, 522.7, 585.6, 0.95),
        ("0,00", 526.6, 578.4, 545.5, 586.6, 0.95),
        ("Montant", 304.6, 594.0, 342.5, 601.4, 0.92),
        ("TTC", 345.8, 593.8, 364.8, 601.4, 0.95),
        ("EUR", 483.6, 593.8, 503.3, 601.4, 0.96),
        ("3", 507.4, 594.0, 512.2, 601.4, 0.95),
        ("408,51", 515.5, 593.8, 544.1, 602.6, 0.95),
        ("Retenue", 304.8, 609.6, 341.5, 617.0, 0.93),
        ("de", 344.9, 609.6, 355.4, 617.0, 0.96),
        ("garantie", 358.8, 609.4, 394.3, 619.0, 0.96),
        ("5", 397.9, 609.6, 402.7, 617.0, 0.91),
        ("%", 406.3, 609.6, 414.5, 617.0, 0.91),
        ("EUR", 488.9, 609.4, 508.6, 616.8, 0.91),
        ("-170,43", 512.4, 609.4, 545.5, 617.8, 0.91),
        ("Net", 304.8, 624.2, 321.4, 632.4, 0.91),
        ("à", 325.0, 623.8, 330.5, 632.4, 0.96),
        ("payer", 334.6, 626.2, 363.1, 634.6, 0.96),
        ("TTC", 366.5, 624.0, 387.6, 632.4, 0.96),
        ("EUR", 477.4, 624.0, 499.4, 632.4, 0.96),
        ("3", 503.5, 624.0, 508.8, 632.4, 0.96),
        ("238,08", 512.6, 624.0, 545.5, 633.8, 0.95),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.fields[FieldName.TOTAL_HT].value == Decimal("3408.51")
    assert out.fields[FieldName.TOTAL_TTC].value == Decimal("3408.51")
    assert out.fields[FieldName.AMOUNT_DUE].value == Decimal("3238.08")
    # Read surely, two letters are a cell of their own, and the amount past
    # them another label's.
    read[7] = (*read[7][:5], 0.9)
    found = extract_all(boxed(*read))
    assert Decimal("3408.51") not in {
        c.value for c in found if c.field is FieldName.TOTAL_HT
    }


def test_a_vat_table_on_its_side_whose_rates_ocr_garbled_is_read_by_its_arithmetic():
    # seed 9110 #43: "Taux de TVA | 20,00% | 5,50% | 2,10%" read "20,00% | 550% |
    # 2,10": under each garbled rate, its base and its VAT fit one known rate to
    # the cent.
    read = [
        ("Taux", 70.6, 579.6, 91.2, 586.6, 0.95), ("de", 93.8, 579.6, 103.2, 586.6, 0.95),
        ("TVA", 105.8, 579.6, 125.3, 586.6, 0.89),
        ("20,00%", 141.6, 579.6, 174.2, 587.8, 0.61),
        ("550%", 192.2, 579.6, 219.8, 587.8, 0.62), ("2,10", 237.8, 579.6, 253.9, 587.8, 0.80),
        ("Base", 70.6, 595.0, 89.0, 601.7, 0.96), ("HT", 92.2, 595.0, 105.4, 601.7, 0.96),
        ("2196.61", 144.5, 595.0, 173.3, 602.4, 0.91),
        ("509,44", 194.6, 590.9, 220.1, 603.4, 0.91),
        ("293,70", 240.5, 595.0, 266.2, 602.4, 0.93),
        ("Montant", 70.6, 610.1, 105.6, 617.0, 0.95), ("TVA", 108.2, 610.1, 127.7, 617.0, 0.92),
        ("439,32", 148.6, 610.3, 174.2, 617.5, 0.68), ("28,02", 199.4, 610.3, 220.1, 617.5, 0.95),
        ("6,17", 249.8, 610.3, 265.7, 617.5, 0.81),
    ]  # fmt: skip
    lines = {c.value for c in extract_all(boxed(*read)) if c.field is Aux.VAT_LINE}
    assert lines == {
        (Decimal("20"), Decimal("2196.61"), Decimal("439.32")),
        (Decimal("5.5"), Decimal("509.44"), Decimal("28.02")),
        (Decimal("2.1"), Decimal("293.70"), Decimal("6.17")),
    }
    # A VAT no known rate gives its base to the cent is no line; nor, without a
    # "Taux" heading the row, is a bare number over two amounts.
    wrong = [("6,47", *w[1:]) if w[0] == "6,17" else w for w in read]
    lines = {c.value for c in extract_all(boxed(*wrong)) if c.field is Aux.VAT_LINE}
    assert (Decimal("2.1"), Decimal("293.70"), Decimal("6.47")) not in lines
    assert not any(v[1] == Decimal("293.70") for v in lines)
    unheaded = [("Rang", *w[1:]) if w[0] == "Taux" else w for w in read]
    lines = {c.value for c in extract_all(boxed(*unheaded)) if c.field is Aux.VAT_LINE}
    assert not any(v[1] in (Decimal("509.44"), Decimal("293.70")) for v in lines)


def test_a_label_whose_a_ocr_read_as_a_digit_is_still_a_label():
    # seed 9115 #26: "Reste à payer" read "|Reste 4 payer" over a bold amount:
    # a cell with a digit was taken for a value, not a garbled label.
    read = [
        ("Total", 337.0, 236.9, 361.0, 243.1, 0.95), ("HT", 366.0, 236.9, 376.0, 243.1, 0.96),
        ("7,791.18", 509.0, 236.9, 547.0, 243.1, 0.93),
        ("|Reste", 333.0, 247.7, 364.0, 256.0, 0.90), ("4", 370.0, 248.5, 375.0, 255.0, 0.89),
        ("payer", 380.0, 247.7, 409.0, 256.0, 0.96), ("7,791.18", 504.0, 247.8, 551.0, 257.2, 0.89),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.AMOUNT_DUE) == Decimal("7791.18")
    assert out.fields[FieldName.AMOUNT_DUE].confidence < 0.9
    # A digit ending the cell is a value: "Reste 4" is no label.
    read[5] = ("payer", 345.0, 262.0, 374.0, 270.0, 0.96)
    assert out.value(FieldName.AMOUNT_DUE) is not None
    assert resolve(extract_all(boxed(*read))).value(FieldName.AMOUNT_DUE) is None
