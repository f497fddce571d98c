from dataclasses import replace
from datetime import date

from ingest.contract import FieldName, Method
from ingest.extractors import extract_all, references
from ingest.extractors.base import Doc, garbled_cells
from ingest.resolve import resolve
from ingest.text import Page, Word
from tests.ingest.extractors.pages import boxed, doc_of, read_as, words_at


def found(*placed, method=Method.TEXT):
    return found_in(doc_of(*placed, method=method))


def found_in(doc: Doc) -> dict[str, object]:
    return {name.value: f.value for name, f in resolve(extract_all(doc)).fields.items()}


def test_labels_in_every_variant_find_their_values():
    got = found(
        (350, 40, "FACTURE N° F-2026-0042"),
        (350, 60, "Date d'émission : 24 novembre 2026"),
        (350, 74, "À régler avant le 24/12/2026"),
        (40, 170, "N° d'engagement : 1300123456"),
        (40, 184, "Marché n° 2026-M-0012"),
        (40, 198, "Code service : SERV-FIN"),
        (40, 212, "Cadre de facturation : A9 - Facture sous-traitant"),
    )
    assert got["invoice_number"] == "F-2026-0042"
    assert got["document_type"] == "facture"
    assert got["invoice_date"] == date(2026, 11, 24)
    assert got["due_date"] == date(2026, 12, 24)
    assert got["engagement_number"] == "1300123456"
    assert got["contract_number"] == "2026-M-0012"
    assert got["buyer_service_code"] == "SERV-FIN"
    assert got["billing_frame"] == "A9"


def test_a_grid_of_headers_with_values_underneath():
    got = found(
        (60, 173, "Numéro de facture"),
        (200, 173, "Date"),
        (300, 173, "Bon de commande"),
        (450, 173, "N° client"),
        (60, 185, "30320"),
        (200, 185, "29.08.2025"),
        (300, 185, "BC-2025-7829"),
        (450, 185, "C28552"),
    )
    assert got["invoice_number"] == "30320"
    assert got["invoice_date"] == date(2025, 8, 29)
    assert got["engagement_number"] == "BC-2025-7829"


def test_ocr_headers_over_cells_it_ran_together():
    # Tesseract boxes the ink (7 pt of a 10 pt font) and reads the value row's
    # cells as one run; the row stands a line and a half under its headers.
    got = found(
        (60, 173, "Numéro de facture"),
        (200, 173, "Date facture"),
        (300, 173, "Bon de commande"),
        (60, 190, "F-2026-6007 4 nov. 2026"),
        (300, 190, "1300858303"),
        (40, 230, "Pièce n°"),
        (160, 230, "Date"),
        (34, 247, "FA2026089852"),
        method=Method.OCR,
    )
    assert got["invoice_number"] == "F-2026-6007"
    assert got["engagement_number"] == "1300858303"


def test_ocr_a_value_under_its_label_across_a_wide_gap():
    got = found((40, 230, "Pièce n°"), (34, 251, "FA2026089852"), method=Method.OCR)
    assert got["invoice_number"] == "FA2026089852"


def test_decoys_are_not_taken():
    got = found(
        (40, 40, "AVOIR N° AV-2026-007"),
        (40, 60, "Annule et remplace la facture n° F-2026-0040"),
        (40, 74, "Date de commande : 12/10/2026"),
        (40, 88, "Devis n° D2026-118   BL n° BL30810"),
        (40, 102, "Marché public de travaux - lot unique"),
    )
    assert got["invoice_number"] == "AV-2026-007"
    assert got["document_type"] == "avoir"
    assert "invoice_date" not in got  # an order date is not the invoice date
    assert "contract_number" not in got
    assert "engagement_number" not in got


def test_a_bare_service_label_needs_its_own_cell():
    got = found((40, 300, "Service en salle 10 40,90 409,00"))
    assert "buyer_service_code" not in got
    got = found((40, 300, "Service :"), (140, 300, "ACHATS"))
    assert got["buyer_service_code"] == "ACHATS"


def test_a_number_printed_in_groups_is_read_whole():
    got = found((40, 40, "Facture n° FA 2026 0042 du 24/11/2026"))
    assert got["invoice_number"] == "FA 2026 0042"


def test_a_paper_size_in_the_next_cell_is_not_a_billing_frame():
    got = found(
        (48, 275, "Cadre de facturation"),
        (212, 272, "Ramette papier A4 80 g"),
        (48, 284, "A1 - Facture fournisseur"),
    )
    assert got["billing_frame"] == "A1"
    assert "billing_frame" not in found(
        (48, 275, "Cadre de facturation"), (212, 272, "Ramette papier A4 80 g")
    )


def test_a_due_date_header_without_its_le():
    got = found(
        (40, 151, "Réf."),
        (172, 151, "Date d'émission"),
        (303, 151, "À régler avant"),
        (40, 163, "F2603-854"),
        (172, 163, "03.03.2026"),
        (304, 163, "17.04.2026"),
    )
    assert got["invoice_date"] == date(2026, 3, 3)
    assert got["due_date"] == date(2026, 4, 17)


def test_a_date_in_the_cell_right_of_an_order_date_label_is_not_the_invoice_date():
    got = found(
        (40, 100, "Date de commande :"),
        (200, 100, "21 mars 2025"),
        (40, 120, "Date :"),
        (200, 120, "15 avr. 2025"),
    )
    assert got["invoice_date"] == date(2025, 4, 15)


def test_an_ocr_service_code_with_an_o_for_its_zero_is_repaired_less_surely():
    out = resolve(
        extract_all(doc_of((40, 198, "Code service : DSIO1"), method=Method.OCR))
    )
    code = out.fields[FieldName.BUYER_SERVICE_CODE]
    assert code.value == "DSI01"
    assert code.confidence < 0.9
    # A text layer's letters are what was typed.
    assert found((40, 198, "Code service : DSIO1"))["buyer_service_code"] == "DSIO1"
    # An O the OCR proved a letter by its glyph stays one (holdout 9165 #13).
    doc = doc_of((40, 198, "Code service : ECO7"), method=Method.OCR)
    assert resolve(extract_all(doc)).value(FieldName.BUYER_SERVICE_CODE) == "EC07"
    page = doc.pages[0]
    words = tuple(replace(w, letter_o=w.text == "ECO7") for w in page.words)
    proven = Doc.from_pages([replace(page, words=words)])
    assert resolve(extract_all(proven)).value(FieldName.BUYER_SERVICE_CODE) == "ECO7"


def test_a_due_date_ocr_lost_is_counted_from_the_printed_terms():
    out = resolve(
        extract_all(
            doc_of(
                (40, 100, "Date facture : 21/05/2025"),
                (40, 700, "Conditions de paiement : 30 jours"),
            )
        )
    )
    due = out.fields[FieldName.DUE_DATE]
    assert due.value == date(2025, 6, 20) and due.method == "derived"
    assert due.confidence < 0.9


def test_terms_from_the_months_end_or_a_printed_due_date_give_no_derived_one():
    end_of_month = found(
        (40, 100, "Date facture : 21/05/2025"),
        (40, 700, "Conditions de paiement : 30 jours fin de mois"),
    )
    assert "due_date" not in end_of_month
    printed = found(
        (40, 100, "Date facture : 21/05/2025"),
        (40, 114, "Échéance : 30/06/2025"),
        (40, 700, "Conditions de paiement : 30 jours"),
    )
    assert printed["due_date"] == date(2025, 6, 30)


def test_a_scanned_due_date_a_digit_from_the_terms_is_mended_by_them():
    # seed 9057 #54: "19 nov." read without its 1 (0.71), 15 days after 4 nov.
    placed = [
        (40, 100, "Date d'émission : 4 nov. 2025"),
        (40, 114, "Date limite de règlement : 9nov. 2025"),
        (40, 700, "Conditions de paiement : 15 jours"),
    ]
    doc = read_as(doc_of(*placed, method=Method.OCR), {"9nov.": 0.71})
    due = resolve(extract_all(doc)).fields[FieldName.DUE_DATE]
    assert due.value == date(2025, 11, 19)
    assert due.confidence <= 0.7  # the digit is not read
    # Terms the date is more than a digit from say nothing of it...
    placed[2] = (40, 700, "Conditions de paiement : 30 jours")
    doc = read_as(doc_of(*placed, method=Method.OCR), {"9nov.": 0.71})
    assert resolve(extract_all(doc)).value(FieldName.DUE_DATE) == date(2025, 11, 9)
    # ...nor do they of a date printed in the text layer: no misreading there.
    placed[1:] = [
        (40, 114, "Date limite de règlement : 9 nov. 2025"),
        (40, 700, "Conditions de paiement : 15 jours"),
    ]
    assert found(*placed)["due_date"] == date(2025, 11, 9)


def test_a_slash_glued_to_a_scanned_one_digit_day_is_its_one():
    # seed 9060 #54: "Date d'établissement : 10 sept. 2026" read "/0 sept. 2026";
    # seed 9057 #54: "19 nov." read "/9nov.".
    for text, day in (("/0 sept. 2026", (9, 10)), ("/9nov. 2026", (11, 19))):
        got = found((40, 133, f"Date d'établissement : {text}"), method=Method.OCR)
        assert got["invoice_date"] == date(2026, *day)
    doc = doc_of((40, 133, "Date d'établissement : /0 sept. 2026"), method=Method.OCR)
    assert resolve(extract_all(doc)).confidence(FieldName.INVOICE_DATE) < 0.9
    # A slash inside a number is its own ("12/09/2026"), and in a text layer
    # nothing is misread.
    got = found((40, 133, "Date d'établissement : 12/09/2026"), method=Method.OCR)
    assert got["invoice_date"] == date(2026, 9, 12)
    got = found((40, 133, "Date d'établissement : /9 nov. 2026"))
    assert got["invoice_date"] == date(2026, 11, 9)


def test_a_slash_read_after_a_scanned_days_tens_is_left_out():
    # seed 9081 #19: the italic "16 août 2026" read "1/6 août 2026".
    doc = doc_of((37, 131, "EMISE LE : 1/6 août 2026"), method=Method.OCR)
    date_read = resolve(extract_all(doc)).fields[FieldName.INVOICE_DATE]
    assert date_read.value == date(2026, 8, 16)
    assert date_read.confidence < 0.9
    # After a number's digits, the slash is the number's: "21/6" makes no 16th.
    got = found((37, 131, "EMISE LE : Lot 21/6 août 2026"), method=Method.OCR)
    assert got.get("invoice_date") != date(2026, 8, 16)


def test_a_space_set_inside_a_scanned_day_is_left_out():
    # seed 9086 #16: "Caen, le 22/10/2026" read "Caen, le 2 2/10/2026".
    doc = doc_of((52, 158, "Caen, le 2 2/10/2026"), method=Method.OCR)
    date_read = resolve(extract_all(doc)).fields[FieldName.INVOICE_DATE]
    assert date_read.value == date(2026, 10, 22)
    assert date_read.confidence < 0.9
    # A day of two digits keeps them; a text layer's space is the document's.
    got = found((52, 158, "Caen, le 2 12/10/2026"), method=Method.OCR)
    assert got["invoice_date"] == date(2026, 10, 12)
    got = found((52, 158, "Caen, le 2 2/10/2026"))
    assert got["invoice_date"] == date(2026, 10, 2)


def test_a_scanned_first_of_the_month_whose_one_is_misread_is_the_first():
    # seed 9083 #44: "Le 1er octobre 2026" read "4er octobre 2026": "er" follows
    # a 1 only.
    for line in ("Le 4er octobre 2026", "Paris, 4er octobre 2026"):
        doc = doc_of((90, 131, line), method=Method.OCR)
        date_read = resolve(extract_all(doc)).fields[FieldName.INVOICE_DATE]
        assert date_read.value == date(2026, 10, 1)
        assert date_read.confidence < 0.9
    # Printed in a text layer, the day is as printed.
    got = found((90, 131, "Date : 4er octobre 2026"))
    assert got["invoice_date"] == date(2026, 10, 4)


def test_a_scanned_days_italic_one_read_as_a_slash_before_the_separator_is_a_one():
    # seed 9095 #18: "Payable avant le: 21.04.2026" read "2/.04.2026", the 1 a
    # slash; no date puts a slash before its separator.
    read = [
        ("Date:", 48.2, 111.8, 68.4, 117.8, 0.96), ("21.04.2026", 77.3, 110.6, 119.5, 117.4, 0.96),
        ("Payable", 48.2, 128.2, 76.3, 135.8, 0.93), ("avant", 79.0, 128.9, 98.2, 134.2, 0.95),
        ("le:", 101.0, 128.2, 110.6, 134.2, 0.79), ("2/.04.2026", 119.3, 127.0, 161.5, 133.7, 0.85),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.DUE_DATE) == date(2026, 4, 21)
    assert out.confidence(FieldName.DUE_DATE) < 0.9  # unproven
    # A slash between two dates' figures, or after two digits, is no 1.
    for text in ("12/.04.2026", "2/04/2026"):
        read[5] = (text, 119.3, 127.0, 161.5, 133.7, 0.85)
        due = resolve(extract_all(boxed(*read))).value(FieldName.DUE_DATE)
        assert due != date(2026, 4, 21)


def test_a_scanned_eleventh_whose_ones_read_as_slashes_before_a_month_is_the_11th():
    # seed 9099 #16: "Date d'échéance : 11 avril 2026" read "// avril 2026".
    read = [
        ("Établie", 58.3, 142.8, 82.3, 150.7, 0.92), ("le", 85.0, 144.5, 91.0, 150.7, 0.92),
        (":", 93.8, 146.2, 95.0, 150.5, 0.92), ("12", 104.4, 143.0, 113.0, 150.0, 0.18),
        ("mars", 115.7, 145.2, 134.4, 150.0, 0.96), ("2026", 137.0, 143.0, 155.8, 150.0, 0.96),
        ("Date", 57.6, 158.4, 73.9, 169.2, 0.96), ("d'échéance", 77.3, 158.4, 117.1, 169.2, 0.89),
        (":", 120.7, 162.0, 121.9, 166.6, 0.88), ("//", 131.3, 159.4, 139.4, 166.3, 0.52),
        ("avril", 142.6, 159.4, 160.6, 166.3, 0.93), ("2026", 163.0, 159.4, 181.7, 166.8, 0.92),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.DUE_DATE) == date(2026, 4, 11)
    assert out.confidence(FieldName.DUE_DATE) < 0.9  # unproven
    # Before anything but a month's name, two slashes are no day.
    read[10] = ("2026", 142.6, 159.4, 160.6, 166.3, 0.93)
    read[11] = ("A", 163.0, 159.4, 181.7, 166.8, 0.92)
    assert resolve(extract_all(boxed(*read))).value(FieldName.DUE_DATE) is None


def test_a_due_date_head_whose_le_wrapped_under_it_still_labels_its_value():
    # seed 9086 #40: a grid head "À payer au plus tard le" set on two lines, "le"
    # alone on the second, "22 mai 2025" under it.
    read = [
        ("Date", 218.0, 204.2, 238.0, 211.0, 0.96), ("de", 242.0, 204.2, 252.0, 211.0, 0.96),
        ("la", 256.0, 204.2, 264.0, 211.0, 0.96), ("facture", 268.0, 204.2, 300.0, 211.0, 0.96),
        ("À", 313.7, 202.8, 319.2, 209.8, 0.96), ("plus", 369.8, 204.2, 389.8, 211.0, 0.95),
        ("tard", 395.8, 204.2, 416.2, 210.0, 0.96), ("payer", 323.8, 205.7, 349.2, 211.0, 0.95),
        ("au", 354.7, 205.7, 364.8, 210.0, 0.96), ("le", 360.5, 214.3, 369.8, 220.1, 0.95),
        ("12", 218.0, 232.3, 228.0, 238.6, 0.96), ("avril", 232.0, 232.1, 252.0, 238.6, 0.95),
        ("2025", 256.0, 232.3, 277.0, 238.6, 0.96),
        ("22", 334.3, 232.3, 344.4, 238.6, 0.96), ("mai", 350.6, 232.1, 367.0, 238.6, 0.95),
        ("2025", 374.6, 232.3, 395.8, 238.6, 0.96),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_DATE) == date(2025, 4, 12)
    assert out.value(FieldName.DUE_DATE) == date(2025, 5, 22)


def test_a_due_date_head_run_into_the_next_columns_head_still_wraps_onto_its_le():
    # seed 9121 #36: "A PAYER AU PLUS TARD" / "LE" set close to the next column's
    # "VOTRE REFERENCE CLIENT", read as one cell with it; "07/01/27" under "LE".
    read = [
        ("DATE", 208.8, 211.2, 230.9, 223.2, 0.92), ("FACTURE", 235.7, 211.2, 275.0, 223.2, 0.91),
        ("A", 316.1, 212.2, 322.1, 219.6, 0.95), ("PAYER", 326.9, 212.2, 360.0, 219.8, 0.96),
        ("AU", 360.0, 211.2, 371.3, 223.2, 0.94), ("PLUS", 376.1, 211.2, 398.2, 223.2, 0.92),
        ("TARD", 403.9, 211.2, 426.2, 223.2, 0.91), ("VOTRE", 437.0, 211.2, 467.3, 223.2, 0.91),
        ("REFERENCE", 472.1, 211.2, 521.3, 223.2, 0.96),
        ("CLIENT", 526.1, 211.2, 559.2, 223.2, 0.96),
        ("LE", 365.0, 224.6, 375.6, 230.6, 0.96),
        ("08/11/26", 218.2, 243.1, 264.5, 250.3, 0.95),
        ("07/01/27", 346.8, 243.1, 393.6, 250.3, 0.95),
        ("c06683", 481.2, 243.1, 516.2, 250.3, 0.54),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.DUE_DATE) == date(2027, 1, 7)
    assert out.confidence(FieldName.DUE_DATE) < 0.9
    # A line under the next column's words goes on with nothing.
    read[10] = ("LE", 480.0, 224.6, 490.6, 230.6, 0.96)
    assert resolve(extract_all(boxed(*read))).value(FieldName.DUE_DATE) is None


def test_a_due_date_label_cut_in_two_cells_still_labels_its_value():
    # seed 9088 #14: "À payer au plus tard le : 04-02-2026" read in two cells, a
    # bar read between them: "À payer au" | "plus tard le : 04-02-2026".
    read = [
        ("Date", 42.2, 129.8, 66.2, 137.0, 0.88), (":", 64.6, 128.4, 70.6, 139.7, 0.88),
        ("04-01-2026", 75.8, 129.6, 140.4, 136.6, 0.95),
        ("À", 41.8, 146.9, 45.1, 156.0, 0.97), ("payer", 50.6, 146.9, 76.3, 157.9, 0.96),
        ("au", 76.3, 145.9, 85.2, 158.9, 0.96), ("|", 86.2, 150.7, 86.9, 155.8, 0.59),
        ("plus", 90.7, 149.0, 107.3, 157.9, 0.96), ("tard", 110.4, 149.0, 126.2, 156.0, 0.96),
        ("le", 127.4, 148.1, 130.8, 158.9, 0.93), (":", 137.3, 150.7, 141.4, 156.0, 0.91),
        ("04-02-2026", 150.7, 148.8, 215.3, 155.5, 0.96),
    ]  # fmt: skip
    assert found_in(boxed(*read))["due_date"] == date(2026, 2, 4)


def test_a_scanned_dates_slashes_read_as_digits():
    # seed 9062 #57: "Date limite de règlement 20/05/2025" read "2050572025".
    read = [
        ("Date", 311.5, 188.4, 333.4, 194.2, 0.95),
        ("limite", 340.6, 187.7, 373.2, 194.2, 0.95),
        ("de", 379.7, 187.9, 390.2, 194.2, 0.96),
        ("règlement", 397.2, 187.7, 447.1, 195.6, 0.96),
        ("2050572025", 498.7, 187.9, 553.9, 194.2, 0.75),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.DUE_DATE) == date(2025, 5, 20)
    assert out.confidence(FieldName.DUE_DATE) < 0.9
    # One slash read so, the other kept: "20/0572025".
    got = found((40, 133, "Échéance : 20/0572025"), method=Method.OCR)
    assert got["due_date"] == date(2025, 5, 20)
    # In a text layer ten digits are a number; on a scan, ten digits that make
    # no date ("2013572025": month 13) are none either.
    assert "due_date" not in found((40, 133, "Échéance : 2050572025"))
    assert "due_date" not in found(
        (40, 133, "Échéance : 2013572025"), method=Method.OCR
    )


def test_a_scanned_date_with_one_separator_lost_is_read_below_09():
    # seed 9071 #31: "Date: | 21.06.2026" in a grid read "|Date:" "|21.062026".
    read = [
        ("|Date:", 64.1, 189.6, 89.5, 201.1, 0.90),
        ("|21.062026", 112.6, 189.6, 154.8, 201.1, 0.57),
        ("|", 167.0, 189.6, 167.5, 201.1, 0.95),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_DATE) == date(2026, 6, 21)
    assert out.confidence(FieldName.INVOICE_DATE) < 0.9
    got = found((40, 133, "Échéance : 2106/2026"), method=Method.OCR)
    assert got["due_date"] == date(2026, 6, 21)
    # Both lost, eight digits are as often a number; in a text layer nothing is
    # lost; no month 13.
    assert "due_date" not in found((40, 133, "Échéance : 21062026"), method=Method.OCR)
    assert "due_date" not in found((40, 133, "Échéance : 21.062026"))
    assert "due_date" not in found((40, 133, "Échéance : 21.132026"), method=Method.OCR)


def test_a_scanned_dates_dot_read_as_a_comma_is_read_below_09():
    # seed 9150 #20 (150 dpi): "DATE LIMITE DE REGLEMENT: 17.10.2026" read
    # "DATE LIMITE DEREGLEMENT: 17,10.2026"; the order's date under it had been
    # taken instead.
    placed = [
        (30, 119, "DATE: 02.10.2026"),
        (30, 137, "DATE LIMITE DEREGLEMENT: 17,10.2026"),
        (30, 151, "COMMANDE DU: 09.09.2026"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.DUE_DATE) == date(2026, 10, 17)
    assert out.confidence(FieldName.DUE_DATE) < 0.9
    for wrong in ("17.10,2026", "17,10,2026"):
        got = found((30, 137, f"Échéance : {wrong}"), method=Method.OCR)
        assert got.get("due_date") == (date(2026, 10, 17) if "." in wrong else None)
    # Printed so, it is no date.
    assert "due_date" not in found((30, 137, "Échéance : 17,10.2026"))


def test_a_scanned_dates_year_with_a_space_read_inside_is_read_below_09():
    # seed 9151 #8 (150 dpi): "Date limite de paiement : 06.12.2025" read
    # "06.12.2" "025".
    for year in ("2 025", "20 25", "202 5"):
        out = resolve(
            extract_all(
                doc_of(
                    (52, 214, f"Date limite de paiement : 06.12.{year}"),
                    method=Method.OCR,
                )
            )
        )
        assert out.value(FieldName.DUE_DATE) == date(2025, 12, 6)
        assert out.confidence(FieldName.DUE_DATE) < 0.9
    # Printed so, the space is one: no date, or a date of 2020; nor is a year
    # that is none.
    assert "due_date" not in found((52, 214, "Date limite de paiement : 06.12.2 025"))
    printed = found((52, 214, "Date limite de paiement : 06.12.20 25"))
    assert printed["due_date"] == date(2020, 12, 6)
    got = found((52, 214, "Date limite de paiement : 06.12.3 025"), method=Method.OCR)
    assert "due_date" not in got


def test_a_colon_read_inside_a_dates_day_is_the_same_ink():
    # seed 9152 #26 (150 dpi): "Date d'émission : 27 juil. 2025" read with a ":"
    # at 0.92 inside the box of "27" (0.96).
    read = [
        ("Date", 86.0, 201.6, 102.0, 208.0, 0.92),
        ("d'émission", 105.0, 201.6, 149.0, 208.0, 0.92),
        (":", 147.0, 202.6, 150.0, 208.0, 0.92),
        ("27", 152.0, 201.6, 160.0, 208.0, 0.96),
        (":", 153.0, 202.6, 153.5, 208.0, 0.92),
        ("juil.", 163.0, 201.6, 175.0, 208.0, 0.92),
        ("2025", 181.0, 201.6, 198.0, 208.0, 0.96),
    ]
    assert found_in(boxed(*read))["invoice_date"] == date(2025, 7, 27)
    # Beside the number, not inside it, a colon is read as printed.
    read[4] = (":", 161.0, 202.6, 161.5, 208.0, 0.92)
    assert "invoice_date" not in found_in(boxed(*read))


def test_a_date_under_a_label_whose_cell_names_it_is_not_the_labels():
    # seed 9150 #20: the label's own date lost, "COMMANDE DU: 09.09.2026" under
    # it is the order's.
    placed = [
        (30, 137, "DATE LIMITE DE REGLEMENT:"),
        (30, 151, "COMMANDE DU: 09.09.2026"),
    ]
    assert "due_date" not in found(*placed, method=Method.OCR)
    assert "due_date" not in found(*placed)
    # A date alone under it is the label's.
    placed[1] = (30, 151, "09.09.2026")
    assert found(*placed)["due_date"] == date(2026, 9, 9)


def test_a_label_cell_under_a_label_is_no_value_of_it():
    # seed 9072 #33: a column of labels, each with its value far to its right;
    # "SELON" of the label "SELON DEVIS:" under "SERVICE:" was taken for its code.
    read = [
        ("SERVICE:", 8.9, 132.0, 40.6, 137.5, 0.96),
        ("SERV-FIN", 245.8, 132.0, 277.9, 137.5, 0.91),
        ("SELON", 8.9, 140.4, 31.7, 146.2, 0.95),
        ("DEVIS:", 34.6, 140.4, 56.4, 146.2, 0.95),
        ("D2026-307", 244.1, 140.6, 278.2, 146.2, 0.92),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.BUYER_SERVICE_CODE) == "SERV-FIN"
    # A value under the label is still taken over one far to the right.
    read[2:4] = [("DSI01", 8.9, 140.4, 31.7, 146.2, 0.95)]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.BUYER_SERVICE_CODE) == "DSI01"


def test_a_phrase_under_a_label_is_no_value_of_it():
    # seed 9106 #59: "SELON DEVIS" with no colon under "CODE SERVICE", each with
    # its value far right: "SELON", the word under the label, was taken for the code.
    read = [
        ("CODE", 53.0, 174.5, 72.0, 179.5, 0.96),
        ("SERVICE", 78.0, 174.5, 111.0, 179.5, 0.96),
        ("DAF", 159.0, 174.7, 173.0, 179.3, 0.90),
        ("SELON", 54.0, 187.4, 77.0, 192.5, 0.96),
        ("DEVIS", 82.0, 187.4, 106.0, 192.5, 0.95),
        ("D2026-576", 159.0, 187.0, 202.0, 192.2, 0.91),
    ]
    assert found_in(boxed(*read))["buyer_service_code"] == "DAF"
    # A value alone under the label is still taken over one far right.
    read[3:5] = [("DSI01", 54.0, 187.4, 77.0, 192.5, 0.96)]
    assert found_in(boxed(*read))["buyer_service_code"] == "DSI01"


def test_a_garbled_labels_poorly_read_specks_are_left_out():
    # seed 9062 #10: the grey label "Code du service" over "ST-BAT" read
    # "x ode du à service", its "C" an "x" and a speck an "à".
    read = [
        ("x", 63.6, 246.7, 75.8, 252.0, 0.45),
        ("ode", 68.9, 248.6, 79.7, 252.2, 0.96),
        ("du", 82.3, 248.6, 89.5, 252.2, 0.95),
        ("à", 84.5, 246.7, 85.4, 252.0, 0.56),
        ("service", 92.6, 248.4, 114.5, 252.2, 0.95),
        ("ST-BAT", 63.6, 256.1, 96.7, 263.0, 0.89),
    ]
    assert found_in(boxed(*read))["buyer_service_code"] == "ST-BAT"
    # seed 9065 #39: "N° engagement" read "EE engagemen", "EE" at 0.11.
    heading = [
        ("EE", 183.4, 163.9, 200.4, 170.2, 0.11),
        ("engagemen", 201.4, 165.6, 245.3, 171.8, 0.88),
        ("EJ39743047", 183.4, 175.7, 239.3, 183.1, 0.87),
    ]
    assert found_in(boxed(*heading))["engagement_number"] == "EJ39743047"
    # Read surely, the same characters are words of the cell: no label.
    sure = [(t, *box, 0.9 if len(t) == 1 else c) for t, *box, c in read]
    assert "buyer_service_code" not in found_in(boxed(*sure))


def test_a_zero_among_a_scanned_references_first_letters_is_an_o():
    # seed 9063 #43: "Marché n°: AO-2025-019" read "A0-2025-019".
    read = [
        ("Marché", 21.1, 126.2, 44.2, 131.3, 0.95),
        ("n°:", 48.5, 126.5, 58.8, 131.0, 0.95),
        ("A0-2025-019", 247.9, 126.7, 290.6, 131.5, 0.70),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.CONTRACT_NUMBER) == "AO-2025-019"
    assert out.confidence(FieldName.CONTRACT_NUMBER) < 0.9
    # Printed so, it stays; and a 0 among digits or after them is a digit.
    assert found((40, 126, "Marché n° : A0-2025-019"))["contract_number"] == (
        "A0-2025-019"
    )
    for ref in ("A20-2025-019", "MAR-2025-019"):
        got = found((40, 126, f"Marché n° : {ref}"), method=Method.OCR)
        assert got["contract_number"] == ref


def test_a_grid_heads_ref_whose_f_ocr_read_as_a_brace():
    # seed 9063 #58: a grid head "REF" read "RE}" over the invoice number.
    read = [
        ("RE}", 63.6, 185.8, 72.5, 189.8, 0.73),
        ("DATE", 166.3, 185.8, 180.5, 189.8, 0.92),
        ("FACTURE", 185.8, 185.8, 211.9, 190.1, 0.91),
        ("ECHEANCE", 269.5, 185.5, 301.0, 189.8, 0.80),
        ("FA2026071526", 63.4, 191.8, 113.8, 203.8, 0.90),
        ("15.07.2026", 166.8, 191.8, 201.8, 203.8, 0.96),
        ("15.07.2026", 269.8, 191.8, 305.0, 203.8, 0.96),
    ]
    assert found_in(boxed(*read))["invoice_number"] == "FA2026071526"


def test_a_value_ending_in_n_before_a_label_does_not_make_it_someone_elses():
    # "… SERV-FIN - N° d'engagement": the "n" ending FIN is no "n°" before the label.
    line = (
        "Date d'échéance : 19/01/26 - Service exécutant n° : SERV-FIN"
        " - N° d'engagement : 2025008873"
    )
    got = found((40, 170, line))
    assert got["engagement_number"] == "2025008873"
    assert got["buyer_service_code"] == "SERV-FIN"


def test_a_number_ocr_cut_in_two_in_its_cell_is_one_number_less_sure():
    placed = [(40, 170, "N° d'engagement"), (150, 170, "2026006 091")]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    engagement = out.fields[FieldName.ENGAGEMENT_NUMBER]
    assert engagement.value == "2026006091"
    assert engagement.confidence < 0.9
    # Printed so in a text layer, the space is the document's own.
    assert "engagement_number" not in found(*placed)


def test_a_number_ocr_cut_in_two_before_the_rows_next_item_is_one_number():
    # seed 9105 #49: "... - Marché : 26S1624 - Commande du : 4 mars 2026", the
    # contract read "26S 1624" in a row of items set apart by dashes.
    line = (
        "N° de commande : BC-2026-1198 - Marché : 26S 1624 - Commande du : 4 mars 2026"
    )
    out = resolve(extract_all(doc_of((55, 210, line), method=Method.OCR)))
    contract = out.fields[FieldName.CONTRACT_NUMBER]
    assert contract.value == "26S1624"
    assert contract.confidence < 0.9  # unproven
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "BC-2026-1198"
    # Words after it that are no item of their own: the space may part two things.
    line = "Marché : 26S 1624 lots 2 et 3"
    out = resolve(extract_all(doc_of((55, 210, line), method=Method.OCR)))
    assert out.value(FieldName.CONTRACT_NUMBER) == "26S"


def test_a_number_sign_ocr_read_as_an_e_before_a_reference_is_still_a_label():
    # seed 9120 #3: a boxed "FACTURE" over "N° F-2026-6803", the sign read "e".
    placed = [(361, 50, "FACTURE"), (361, 78, "Ne"), (452, 78, "F-2026-6803")]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    number = out.fields[FieldName.INVOICE_NUMBER]
    assert number.value == "F-2026-6803" and number.confidence < 0.9
    # Printed so, or before words, "Ne" is a word.
    assert "invoice_number" not in found(*placed)
    words = [(361, 50, "FACTURE"), (361, 78, "Ne pas jeter F-2026-6803")]
    out = resolve(extract_all(doc_of(*words, method=Method.OCR)))
    assert out.value(FieldName.INVOICE_NUMBER) is None


def test_a_continuation_pages_number_ocr_cut_in_two_before_suite_is_one_number():
    # seed 9114 #15: pages 2 and 3 headed "Facture FA2026091125 (suite)", read
    # "FA2026091 125 (suite)": twice "FA2026091", they outvoted page 1's number.
    def page(number: int, x: float, top: float, text: str) -> Page:
        words = tuple(replace(w, confidence=0.91) for w in words_at(x, top, text))
        return Page(number, 595.0, 842.0, words, Method.OCR)

    pages = [page(1, 40, 256, "Facture n° FA2026091125")] + [
        page(n, 400, 32, "Facture FA2026091 125 (suite)") for n in (2, 3)
    ]
    number = resolve(extract_all(Doc.from_pages(pages))).fields[
        FieldName.INVOICE_NUMBER
    ]
    assert number.value == "FA2026091125"
    line = "Facture FA2026091 125 (SUITE)"
    out = resolve(extract_all(doc_of((400, 32, line), method=Method.OCR)))
    assert out.value(FieldName.INVOICE_NUMBER) == "FA2026091125"


def test_an_engagement_of_digits_with_one_read_as_a_letter_inside_is_digits():
    # seed 9105 #1: a grid's "2025006336" read "202S006336".
    placed = [(40, 170, "N° d'engagement"), (40, 182, "202S006336")]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    engagement = out.fields[FieldName.ENGAGEMENT_NUMBER]
    assert engagement.value == "2025006336"
    assert engagement.confidence < 0.9  # unproven
    # A letter opening or closing it, or a shorter number, may be its own.
    for own in ("S250001624", "250001624S", "26S1624"):
        placed[1] = (40, 182, own)
        assert found_in(doc_of(*placed, method=Method.OCR))["engagement_number"] == own
    # Printed so in a text layer, it is as printed.
    placed[1] = (40, 182, "202S006336")
    assert found(*placed)["engagement_number"] == "202S006336"


def test_a_stamps_bare_le_date_does_not_beat_the_date_label():
    # A "PAYÉ le 20/12/2026" stamp, its date read surer than the header's.
    placed = doc_of(
        (14, 90, "Facture n° 2026-06925"),
        (14, 110, "Date: 09.02.2026"),
        (71, 760, "PAYÉ"),
        (33, 774, "le 20/12/2026"),
        method=Method.OCR,
    )
    doc = read_as(placed, {"09.02.2026": 0.93, "20/12/2026": 0.96})
    out = resolve(extract_all(doc))
    assert out.value(FieldName.INVOICE_DATE) == date(2026, 2, 9)


def test_a_service_label_wrapped_onto_the_next_line_still_gives_its_code():
    got = found(
        (
            61,
            199,
            "A payer au plus tard le : 22/07/26 - Marché public n° : 2026-M-0047 - Service",
        ),
        (61, 209, "exécutant : DSI01"),
        (
            61,
            227,
            "Nos honoraires pour les diligences accomplies s'établissent comme suit",
        ),
    )
    assert got["buyer_service_code"] == "DSI01"
    # seed 9099 #28: "… - Code service" / "exécutant : DSI01 - Facture d'origine".
    got = found(
        (
            37,
            180,
            "Bon de commande : EJ97137082 - Date de commande : 2025-05-03 - Code service",
        ),
        (37, 190, "exécutant : DSI01 - Facture d'origine : F-2025-5896"),
        method=Method.OCR,
    )
    assert got["buyer_service_code"] == "DSI01"


def test_a_title_ocr_split_in_two_still_names_the_document():
    got = found((300, 40, "FA CTURE"), (40, 300, "À voir sur place"), method=Method.OCR)
    assert got["document_type"] == "facture"
    assert "document_type" not in found((40, 60, "A voir sur place"), method=Method.OCR)


def test_a_title_ocr_split_mixed_case_or_behind_a_mark_still_names_the_document():
    for title in (
        "CF ACTURE N° F-2025-0847",
        "SR Factu re",
        "F ac t U re",
        "Factu re )",
        "Déc ompte général et définitif (DGD)",  # seed 9097 #51
    ):
        got = found((300, 40, title), (40, 300, "Désignation"), method=Method.OCR)
        assert got.get("document_type") == "facture", title
    # A word printed whole is no split title, nor "avoir" in lower case.
    for text in ("La facture", "Voir facturation", "ci a voir", "Le décompte"):
        got = found((300, 40, text), (40, 300, "Désignation"), method=Method.OCR)
        assert "document_type" not in got, text


def test_a_credit_notes_title_ocr_read_a_letter_short_still_names_it():
    # seed 9047 #35: "NOTE DE CRÉDIT" read "_ NOTE DE CR DIT", beside "N° de facture".
    placed = [
        (38, 29, "Atelier Martin"),
        (38, 132, "_ NOTE DE CR DIT", 16),
        (149, 165, "N° de facture"),
        (152, 181, "AV008811"),
    ]
    doc = doc_of(*placed, method=Method.OCR)
    kind = resolve(extract_all(doc)).fields[FieldName.DOCUMENT_TYPE]
    assert kind.value == "avoir"
    # Words near a title's are not one: "Note de crédit d'impôt" is no credit
    # note's title, nor is a line of prose.
    for text in (
        "NOTE DE DEBIT",
        "Votre note de credit d'impot recherche 2025 ci-jointe",
    ):
        placed[1] = (38, 132, text, 16)
        got = found(*placed, method=Method.OCR)
        assert got.get("document_type") != "avoir", text


def test_an_f_ocr_read_as_a_pound_sign_still_labels():
    # seed 9047 #51: "AVOIR Réf. : AV-2025-709" read "AVOIR Ré£. : AV-2025-709".
    placed = [
        (52, 41, "AVOIR", 11),
        (420, 44, "Ré£. : AV-2025-709"),
        (57, 184, "25 août 2025"),
    ]
    assert found(*placed, method=Method.OCR)["invoice_number"] == "AV-2025-709"
    # Typed, a pound sign is a pound sign.
    assert "invoice_number" not in found(*placed)


def test_a_credit_notes_spaced_title_read_a_voir_beats_its_original_invoice_column():
    # "A v o i r" at the top right read "A voir"; the header "Facture d'origine"
    # names the invoice credited, and its number stands under "N° facture".
    placed = (
        (45, 39, "Atelier Chevalier"),
        (505, 45, "A voir"),
        (49, 113, "N° facture"),
        (200, 113, "Date d'émission"),
        (420, 113, "Facture d'origine"),
        (49, 124, "AV-2026-092"),
        (200, 124, "19/10/26"),
        (420, 124, "F-2026-3384"),
    )
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.DOCUMENT_TYPE) == "avoir"
    # Title lost, the column alone: "facture", but not at 0.9 or more on a scan.
    lost = resolve(extract_all(doc_of(*placed[:1], *placed[2:], method=Method.OCR)))
    assert lost.confidence(FieldName.DOCUMENT_TYPE) < 0.9


def test_a_credit_notes_title_whose_i_ocr_read_as_a_bar_still_names_it():
    # seed 9068 #41: "AVOIR" read "AVO | R", the bar cutting the row in two
    # cells; and "Facturé à" over the buyer's name, taken for a title.
    read = [
        ("Barbier", 50.4, 41.5, 85.9, 49.4, 0.93), ("&", 89.5, 41.8, 96.0, 49.4, 0.92),
        ("Associés", 99.8, 41.3, 145.4, 49.4, 0.96), ("AVO", 478.3, 42.7, 525.4, 59.5, 0.89),
        ("|", 527.8, 42.7, 531.4, 59.0, 0.67), ("R", 534.2, 43.0, 547.7, 59.0, 0.87),
        ("Numéro", 54.2, 128.6, 78.0, 133.7, 0.96), ("de", 80.4, 128.9, 87.6, 133.7, 0.96),
        ("facture", 90.2, 128.6, 111.1, 133.7, 0.96), ("Date", 137.3, 128.6, 151.2, 133.7, 0.96),
        ("Facture", 220.6, 128.6, 243.1, 133.7, 0.95),
        ("d'origine", 245.8, 128.9, 271.4, 135.1, 0.96),
        ("2026/02/556", 52.8, 137.3, 100.6, 147.8, 0.92), ("11", 137.3, 138.5, 144.5, 144.7, 0.96),
        ("février", 148.6, 138.0, 174.5, 144.7, 0.96), ("2026", 177.1, 138.5, 195.6, 144.7, 0.96),
        ("2026/01/337", 220.1, 138.2, 266.9, 144.7, 0.93),
        ("Facturé", 50.2, 166.8, 74.4, 172.3, 0.92), ("à", 77.3, 166.8, 80.6, 172.3, 0.97),
        ("Métropole", 50.2, 176.0, 93.0, 183.0, 0.95),
    ]  # fmt: skip
    cands = [c for c in extract_all(boxed(*read)) if c.field is FieldName.DOCUMENT_TYPE]
    assert {(c.value, c.raw) for c in cands if "title" in c.evidence} == {
        ("avoir", "AVO")
    }
    out = resolve(cands)
    assert out.value(FieldName.DOCUMENT_TYPE) == "avoir"
    assert out.confidence(FieldName.DOCUMENT_TYPE) < 0.9  # the I a guess
    # A letter between the two cells is no bar: no title of them.
    read[4] = ("a", 527.8, 42.7, 531.4, 59.0, 0.67)
    cands = [c for c in extract_all(boxed(*read)) if c.field is FieldName.DOCUMENT_TYPE]
    assert [c.value for c in cands if "title" in c.evidence] == []


def test_a_title_with_a_speck_read_in_a_doubtful_piece_still_names_the_document():
    # seed 9068 #50: "FACTURE" read "FACTU" "R" "FE", the "FE" at 0.56.
    read = [
        ("Société", 73.7, 62.6, 109.9, 70.8, 0.96), ("Nouvelle", 113.8, 62.9, 156.7, 70.8, 0.96),
        ("Bernard", 160.8, 62.9, 199.9, 70.8, 0.95), ("FACTU", 434.6, 63.8, 507.8, 80.9, 0.90),
        ("R", 511.0, 64.3, 524.2, 80.6, 0.90), ("FE", 526.3, 63.4, 539.5, 81.8, 0.56),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.DOCUMENT_TYPE) == "facture"
    assert out.confidence(FieldName.DOCUMENT_TYPE) < 0.9
    # Read surely, "FE" is what is printed: no title.
    read[5] = ("FE", 526.3, 63.4, 539.5, 81.8, 0.9)
    assert resolve(extract_all(boxed(*read))).value(FieldName.DOCUMENT_TYPE) is None


def test_a_title_whose_f_ocr_read_as_a_letter_apart_still_names_the_document():
    # seed 9077 #51: "Facture d'honoraires" read "z" at 0.01, "acture".
    read = [
        ("FIDUCIAIRE", 100.0, 36.0, 160.0, 44.0, 0.95),
        ("z", 52.3, 133.9, 59.0, 143.5, 0.01),
        ("acture", 59.5, 134.6, 97.9, 143.5, 0.91),
        ("d'honoraires", 102.2, 133.9, 179.8, 143.5, 0.95),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.DOCUMENT_TYPE) == "facture"
    assert out.confidence(FieldName.DOCUMENT_TYPE) < 0.9
    # Read surely, the letter is printed: no title.
    read[1] = ("z", 52.3, 133.9, 59.0, 143.5, 0.9)
    assert resolve(extract_all(boxed(*read))).value(FieldName.DOCUMENT_TYPE) is None
    # "Facture d'origine" is a label, no title.
    read[1:] = [
        (*read[1][:5], 0.01),
        read[2],
        ("d'origine", 102.2, 133.9, 150, 143.5, 0.95),
    ]
    assert resolve(extract_all(boxed(*read))).value(FieldName.DOCUMENT_TYPE) is None


def test_an_ocr_frame_with_its_one_read_as_a_letter_is_proven_by_its_name():
    def frame(*lines: tuple[float, float, str]) -> object:
        out = resolve(extract_all(doc_of(*lines, method=Method.OCR)))
        return out.fields.get(FieldName.BILLING_FRAME)

    named = frame(
        (40, 290, "Cadre de facturation"), (40, 300, "Al - Facture fournisseur")
    )
    assert named is not None and named.value == "A1"
    twelve = frame((40, 290, "Cadre de facturation : AI2 - Facture de cotraitant"))
    assert twelve is not None and twelve.value == "A12"
    # Without its name nothing proves the repair; with another frame's name it is
    # not taken at all.
    bare = frame((40, 290, "Cadre de facturation : Al"))
    assert bare is not None and bare.value == "A1"
    assert named.confidence > bare.confidence
    assert (
        frame((40, 290, "Cadre de facturation : Al - Facture de sous-traitant")) is None
    )
    # A text layer's letters are what was typed.
    assert "billing_frame" not in found((40, 290, "Cadre de facturation : Al"))


def test_the_year_of_a_date_under_an_engagement_label_is_no_engagement():
    # seed 9050 #23, as OCR boxed it: the grid head "DATE DE COMMANDE" fell in
    # two cells, and under "COMMANDE" stood the "2025" of "18 nov. 2025".
    read = [
        ("VOTRE", 177.8, 196.1, 197.8, 200.2, 0.92),
        ("COMMANDI", 200.6, 195.8, 236.4, 200.2, 0.9),
        ("DATE", 271.2, 195.8, 285.4, 200.2, 0.96),
        ("DE", 290.2, 195.8, 295.7, 200.2, 0.96),
        ("COMMANDE", 304.3, 195.8, 337.9, 200.2, 0.95),
        ("CLIENT", 364.3, 195.8, 385.4, 200.2, 0.93),
        ("1300448347", 178.1, 204.0, 216.7, 213.6, 0.96),
        ("18", 271.2, 205.2, 278.4, 210.7, 0.96),
        ("nov.", 280.6, 206.9, 294.5, 210.7, 0.96),
        ("2025", 297.1, 205.0, 312.5, 210.7, 0.96),
        ("C30836", 364.3, 204.0, 389.8, 213.4, 0.91),
    ]
    engagements = {
        c.value
        for c in extract_all(boxed(*read))
        if c.field is FieldName.ENGAGEMENT_NUMBER
    }
    assert "2025" not in engagements


def test_an_ej_label_whose_e_ocr_read_as_a_b_still_labels_the_engagement():
    # seed 9044 #37: "EJ: 1300489607" read "BJ: 1300489607"; 9038 #36 "N° BJ".
    placed = [(14, 141, "BJ: 1300489607"), (28, 150, "Bon de livraison: BL4329")]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    engagement = out.fields[FieldName.ENGAGEMENT_NUMBER]
    assert engagement.value == "1300489607"
    assert engagement.confidence < 0.9
    out = resolve(
        extract_all(
            doc_of((52, 210, "N° BJ"), (52, 224, "BC-2025-6309"), method=Method.OCR)
        )
    )
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "BC-2025-6309"
    # Typed in a text layer, "BJ" is not the engagement's label.
    assert "engagement_number" not in found(*placed)


def test_an_ej_label_whose_j_ocr_read_as_a_bracket_still_labels_the_engagement():
    # Holdout 9162 #5 (150 dpi): a grid's "N° EJ" read "N°" "E]" at 0.80 over
    # "CMD24-49978"; the bracket went as a rule, the "E" left alone.
    read = [
        ("Réf.", 295.0, 132.7, 304.0, 139.0, 0.96), ("client", 310.0, 132.7, 328.0, 139.0, 0.96),
        ("N°", 384.0, 132.7, 388.0, 139.0, 0.92), ("E]", 395.0, 132.7, 400.0, 139.0, 0.80),
        ("CL-01124", 294.5, 144.7, 339.0, 152.0, 0.91),
        ("CMD24-49978", 382.8, 143.5, 450.0, 152.0, 0.91),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "CMD24-49978"
    assert out.confidence(FieldName.ENGAGEMENT_NUMBER) < 0.9
    # After a word, or printed, a bracket is no J.
    read[3] = ("AE]", 395.0, 132.7, 405.0, 139.0, 0.80)
    assert "engagement_number" not in found_in(boxed(*read))
    assert "engagement_number" not in found(
        (384, 133, "N° E]"), (383, 144, "CMD24-49978")
    )


def test_an_engagements_digit_read_as_a_letter_after_ej_is_a_digit():
    # seed 9067 #29: "EJ16495572" read "EJI6495572": after "EJ" come digits.
    placed = [(43, 188, "Engagement juridique n° : EJI6495572")]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    engagement = out.fields[FieldName.ENGAGEMENT_NUMBER]
    assert engagement.value == "EJ16495572"
    assert engagement.confidence < 0.9  # unproven
    out = resolve(
        extract_all(doc_of((43, 188, "N° EJ : EJ2O458l71"), method=Method.OCR))
    )
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "EJ20458171"
    # Typed in a text layer, the value is as printed.
    assert found(*placed)["engagement_number"] == "EJI6495572"


def test_an_engagements_italic_j_read_as_a_seven_under_an_ej_label_is_a_j():
    # seed 9084 #24: "N° EJ : EJ89708984" in italics read "N°EJ: E789708984".
    doc = doc_of((84, 208, "N°EJ: E789708984"), method=Method.OCR)
    engagement = resolve(extract_all(doc)).fields[FieldName.ENGAGEMENT_NUMBER]
    assert engagement.value == "EJ89708984"
    assert engagement.confidence < 0.9  # unproven
    # Under another label, the 7 is what was read.
    doc = doc_of((84, 208, "Bon de commande : E789708984"), method=Method.OCR)
    assert resolve(extract_all(doc)).value(FieldName.ENGAGEMENT_NUMBER) == "E789708984"


def test_a_short_label_with_a_letter_read_doubtfully_is_still_the_label():
    # seed 9068 #49: a grid head "N° EJ" read "N° Ec", the "Ec" at 0.71, over
    # "BC-2026-8952".
    read = [
        ("N°", 45.1, 153.1, 52.3, 157.7, 0.96), ("facture", 58.8, 153.4, 89.0, 157.9, 0.95),
        ("Date", 148.1, 153.6, 165.1, 157.9, 0.96), ("N°", 251.0, 153.6, 258.5, 158.2, 0.88),
        ("Ec", 265.0, 154.1, 269.8, 158.2, 0.71), ("Réf.", 354.5, 153.6, 369.6, 158.4, 0.96),
        ("marché", 376.1, 153.6, 402.7, 158.4, 0.95),
        ("2026/05/205", 45.1, 163.9, 103.4, 170.2, 0.88),
        ("31-05-2026", 148.3, 164.2, 200.9, 170.2, 0.96),
        ("BC-2026-8952", 250.8, 164.4, 314.9, 170.2, 0.92),
        ("2026-M-0019", 354.5, 164.4, 412.6, 170.4, 0.91),
    ]  # fmt: skip
    assert found_in(boxed(*read))["engagement_number"] == "BC-2026-8952"
    # Read surely, "Ec" is what is printed: no label.
    read[4] = ("Ec", 265.0, 154.1, 269.8, 158.2, 0.9)
    assert "engagement_number" not in found_in(boxed(*read))
    # Two letters apart ("rg" for "EJ") is too far to tell.
    read[4] = ("rg", 265.0, 154.1, 269.8, 158.2, 0.55)
    assert "engagement_number" not in found_in(boxed(*read))


def test_a_bare_short_label_misread_heading_a_number_is_still_the_label():
    # seed 9072 #7: a grid of heads over values; "EJ" alone, no colon, read "EW"
    # at 0.39 over "2025009092".
    read = [
        ("Numéro", 48.0, 133.4, 77.3, 143.0, 0.95),
        ("Date", 132.7, 134.4, 149.5, 140.9, 0.96),
        ("d'émission", 152.6, 134.4, 191.8, 140.9, 0.95),
        ("F-2025-1467", 48.0, 146.6, 104.4, 154.3, 0.92),
        ("2025-12-16", 132.2, 146.4, 182.9, 154.3, 0.96),
        ("EW", 48.2, 165.6, 56.9, 171.8, 0.39),
        ("2025009092", 47.8, 177.4, 103.0, 185.0, 0.96),
    ]
    assert found_in(boxed(*read))["engagement_number"] == "2025009092"
    # Read surely, it is what is printed.
    sure = [*read[:5], ("EW", 48.2, 165.6, 56.9, 171.8, 0.9), read[6]]
    assert "engagement_number" not in found_in(boxed(*sure))
    # Over a word, not a number, two letters alone are as often prose ("Es");
    # over a reference with letters, as often another label read poorly (seed
    # 9074 #35: "Réf." read "eu" at 0.29 over the invoice's "FCT2501783").
    for under in ("Montant", "FCT2501783"):
        read[6] = (under, 47.8, 177.4, 103.0, 185.0, 0.96)
        assert not list(garbled_cells(boxed(*read), references.ENGAGEMENT))


def test_a_grid_head_ref_misread_by_a_letter_still_heads_the_invoice_number():
    # seed 9093 #58: a light grey "Réf." read "Ret" at 0.68 over "FAC-005284",
    # beside "Date", "Échéance" and "Code client" heads.
    read = [
        ("Ret", 63.6, 153.4, 74.2, 158.9, 0.68), ("Date", 132.5, 152.2, 147.4, 161.0, 0.96),
        ("Echéance", 201.6, 153.1, 234.2, 158.9, 0.9),
        ("FAC-005284", 63.4, 163.7, 114.5, 171.1, 0.91),
        ("2026-08-27", 132.0, 163.9, 178.1, 170.9, 0.81),
        ("2026-09-26", 201.4, 163.9, 247.0, 171.1, 0.96),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) == "FAC-005284"
    assert out.confidence(FieldName.INVOICE_NUMBER) < 0.9
    # Read surely, "Rez" is what is printed (an f read as a t is not: see the
    # next test); over a word, it heads no reference.
    sure = [("Rez", 63.6, 153.4, 74.2, 158.9, 0.9), *read[1:]]
    assert "invoice_number" not in found_in(boxed(*sure))
    read[3] = ("Fournitures", 63.4, 163.7, 114.5, 171.1, 0.91)
    assert "invoice_number" not in found_in(boxed(*read))


def test_a_grid_head_ref_whose_f_ocr_read_as_t_heads_the_invoice_number():
    # seed 9101 #4: "Réf." read "Rét" at 0.89 over "F-2025-6710", beside "Date",
    # "Marché n°" and "BL n°" heads: OCR takes an f for a t however sure it is.
    read = [
        ("Rét", 62.0, 129.6, 72.0, 136.0, 0.89), ("Date", 148.0, 129.6, 162.0, 136.0, 0.94),
        ("Marché", 234.0, 129.6, 258.0, 136.0, 0.91), ("n°", 262.0, 129.6, 266.0, 136.0, 0.91),
        ("F-2025-6710", 61.0, 140.9, 114.0, 148.0, 0.9),
        ("21", 147.0, 140.9, 156.0, 148.0, 0.96), ("février", 159.0, 140.9, 188.0, 148.0, 0.96),
        ("2025", 191.0, 140.9, 211.0, 148.0, 0.96),
        ("MAR-25-384", 233.0, 140.9, 289.0, 148.0, 0.89),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) == "F-2025-6710"
    assert out.confidence(FieldName.INVOICE_NUMBER) < 0.9
    assert out.value(FieldName.CONTRACT_NUMBER) == "MAR-25-384"
    # Another letter read as surely is what is printed; over a word, or away
    # from the value's column, the twin heads nothing.
    for head in (("Rel", 0.89), ("Rét", 0.89)):
        changed = [(head[0], 62.0, 129.6, 72.0, 136.0, head[1]), *read[1:]]
        if head[0] == "Rét":
            changed[4] = ("Fournitures", 61.0, 140.9, 114.0, 148.0, 0.9)
        assert "invoice_number" not in found_in(boxed(*changed))
    moved = [*read[:4], ("F-2025-6710", 90.0, 140.9, 143.0, 148.0, 0.9), *read[5:]]
    assert "invoice_number" not in found_in(boxed(*moved))


def test_an_engagement_number_alone_in_its_cell_names_itself_below_09():
    # seed 9073 #29: "EJ :" in light grey read "H}::" at 0.32, its value beside.
    read = [
        ("Code", 300.0, 76.1, 319.9, 83.0, 0.96),
        ("client", 323.3, 76.1, 344.6, 83.0, 0.93),
        (":", 349.0, 78.5, 349.9, 83.0, 0.92),
        ("C19756", 421.7, 76.1, 453.4, 83.3, 0.90),
        ("H}::", 300.5, 89.8, 313.9, 96.5, 0.32),
        ("EJ22353822", 421.4, 89.5, 472.8, 97.0, 0.91),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "EJ22353822"
    assert out.confidence(FieldName.ENGAGEMENT_NUMBER) < 0.9
    # Inside a sentence it is someone else's ("annule … EJ22353822"), and other
    # references do not name themselves.
    read[5] = ("annule EJ22353822", 421.4, 89.5, 472.8, 97.0, 0.91)
    assert "engagement_number" not in found_in(boxed(*read))
    read[5] = ("BC22353822", 421.4, 89.5, 472.8, 97.0, 0.91)
    assert "engagement_number" not in found_in(boxed(*read))


def test_a_credit_notes_number_under_an_invoices_label_is_its_own():
    # seed 9074 #3: "FACTURE D'AVOIR" / "Numéro de facture AV004630": the label
    # names an invoice, the number a credit note; an item's "R8269" under a
    # "Réf." head had been taken instead.
    read = [
        ("FACTURE", 64.3, 103.4, 140.9, 115.0, 0.92),
        ("D'AVOIR", 145.7, 103.4, 214.3, 115.0, 0.91),
        ("Numéro", 68.2, 132.7, 95.8, 139.0, 0.91),
        ("de", 97.7, 133.0, 105.6, 139.0, 0.96),
        ("facture", 107.8, 133.0, 132.2, 139.0, 0.96),
        ("AV004630", 152.4, 133.0, 187.7, 138.7, 0.91),
        ("Réf.", 68.2, 300.0, 84.0, 306.0, 0.93),
        ("R8269", 68.2, 311.0, 89.0, 317.0, 0.91),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) == "AV004630"
    # A number of an invoice's form there is the invoice credited.
    read[5] = ("FA004630", 152.4, 133.0, 187.7, 138.7, 0.91)
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) != "FA004630"


def test_a_label_ocr_cut_at_a_word_space_is_one_label():
    # seed 9096 #50: "Avoir sur facture n°" in light Courier, its first word
    # cut off by a word space wider than the cell gap; "Avoir" alone was taken
    # for the credit note's own label and its value, the invoice credited, for
    # the credit note's number.
    read = [
        ("AVOIR", 491.5, 28.8, 550.3, 40.8, 0.91),
        ("FACTURE", 51.6, 139.9, 83.5, 145.2, 0.96),
        ("N°", 89.5, 140.2, 97.7, 145.2, 0.95),
        ("F-2026-9928", 51.1, 149.5, 113.3, 156.0, 0.89),
        ("Avoir", 51.1, 301.0, 72.0, 305.8, 0.92),
        ("sur", 80.2, 302.2, 92.9, 305.8, 0.96),
        ("facture", 99.6, 300.7, 131.5, 305.8, 0.96),
        ("n°", 137.5, 300.7, 145.7, 305.8, 0.93),
        ("F2610-3316", 51.4, 310.1, 107.0, 317.0, 0.91),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) == "F-2026-9928"
    # A label alone in its cell, far from the next, is a label still.
    read[5:8] = [("sur facture n°", 300.0, 300.7, 366.0, 305.8, 0.95)]
    numbers = {
        c.value
        for c in extract_all(boxed(*read))
        if c.field is FieldName.INVOICE_NUMBER
    }
    assert "F2610-3316" in numbers


def test_an_ocr_frame_read_aj_or_its_label_wrapped_is_still_read():
    def frame(*lines: tuple[float, float, str]) -> object:
        out = resolve(extract_all(doc_of(*lines, method=Method.OCR)))
        got = out.fields.get(FieldName.BILLING_FRAME)
        return None if got is None else got.value

    assert frame((33, 220, "Cadre de facturation : AJ - Facture fournisseur")) == "A1"
    # "AT" is an A1 only with its name after it.
    assert frame((39, 164, "Cadre de facturation : AT - Facture fournisseur")) == "A1"
    assert frame((39, 164, "Cadre de facturation : AT")) is None
    # seed 9044 #46: a code past repair ("AQ" for A9) is the frame its name says.
    assert (
        frame((14, 141, "Cadre de facturation: AQ - Facture de sous-traitant")) == "A9"
    )
    assert frame((14, 141, "Cadre de facturation: AQ")) is None
    wrapped = (
        (
            58,
            180,
            "A payer au plus tard le : 16 octobre 2026 - Code client : C49682 - Cadre de",
        ),
        (58, 191, "facturation : Al - Facture fournisseur"),
        (
            58,
            210,
            "Nos honoraires pour les diligences accomplies s'établissent comme suit :",
        ),
    )
    assert frame(*wrapped) == "A1"


def test_a_reference_column_of_an_item_table_gives_no_invoice_number():
    # A credit note numbered under "N° de facture": the only other candidate is the
    # first item code under the table's "Ref." head, which is no invoice number.
    columns = (68, 140, 380, 420, 500)
    for heads in (("Ref.", "Description", "Qty", "Unit price", "Amount"),
                  ("RÉF.", "LIBELLÉ", "QTÉ", "P.U. HT", "MONTANT HT"),
                  # seed 9037 #28
                  ("Ref.", "Article", "Quantité U.", "Px unitaire", "Total ligne")):  # fmt: skip
        item = ("R0830", "Audit énergétique", "1", "-6376,35", "-6376,35")
        got = found(
            (400, 50, "Facture d'avoir"),
            (310, 98, "N° de facture"),
            (420, 98, "AV25-6819"),
            *((x, 396, head) for x, head in zip(columns, heads, strict=True)),
            *((x, 410, cell) for x, cell in zip(columns, item, strict=True)),
        )
        assert got["document_type"] == "avoir"
        assert got["invoice_number"] == "AV25-6819", heads


def test_a_poor_second_reading_over_a_value_is_left_out():
    # Tesseract read the ink of the number twice where a mark crosses it: once well,
    # once as "Tr?" at 0.25, boxed inside the first.
    words = (
        Word("FACTURE", 62, 130, 95, 135, 0.96),
        Word("N°", 98, 130, 109, 135, 0.95),
        Word("F2507-5592", 153.6, 130, 200.6, 135, 0.92),
        Word("Tr?", 163.7, 130, 196.1, 135.4, 0.25),
    )
    doc = Doc.from_pages([Page(1, 595.0, 842.0, words, Method.OCR)])
    out = resolve(extract_all(doc))
    assert out.value(FieldName.INVOICE_NUMBER) == "F2507-5592"


def test_a_monthly_works_situation_or_n_de_la_facture_names_an_invoice():
    for placed in (
        ((210, 124, "Situation mensuelle de travaux"), (63, 300, "Lot 1 - Gros œuvre")),
        ((63, 171, "Maître d'ouvrage"), (313, 171, "N° DE LA FACTURE 2025-09194")),
    ):
        for method in (Method.TEXT, Method.OCR):
            assert found(*placed, method=method).get("document_type") == "facture"


def test_a_label_in_the_cell_under_a_label_is_no_value_of_it():
    # A grid of labels, each with its value far to the right: the cell under
    # "CODE DU SERVICE:" is the next label, not the code.
    for method in (Method.TEXT, Method.OCR):
        got = found(
            (14, 94, "DATE: 01/12/26"),
            (14, 102, "CODE DU SERVICE:"),
            (261, 102, "ST-BAT"),
            (14, 110, "BON DE COMMANDE:"),
            (251, 110, "EJ15809370"),
            method=method,
        )
        assert got["buyer_service_code"] == "ST-BAT", method
        assert got["engagement_number"] == "EJ15809370", method


def test_a_date_with_a_space_before_the_months_dot_and_its_establishment_label():
    got = found((58, 129, "DATE D'ÉTABLISSEMENT : 29 janv . 2026"), method=Method.OCR)
    assert got["invoice_date"] == date(2026, 1, 29)


def test_a_n_degree_read_as_a_tilde_leads_to_the_number_under_the_label():
    got = found(
        (82, 178, "Facture ~ —"),
        (278, 178, "Date"),
        (90, 196, "FAC-006648"),
        (245, 196, "28 décembre 2025"),
        method=Method.OCR,
    )
    assert got["invoice_number"] == "FAC-006648"


def test_a_reference_ocr_split_beside_a_separator_or_after_its_s_is_one_repaired():
    for cell, want in (
        ("MAR- 25-832", "MAR-25-832"),
        ("2026 /10 /149", "2026/10/149"),
        ("26S 1928", "26S1928"),
        ("FAC-00 6471", "FAC-006471"),
        ("2025/05/1 28", "2025/05/128"),  # seed 69
    ):
        doc = doc_of((83, 219, "N° de marché"), (300, 219, cell), method=Method.OCR)
        contract = resolve(extract_all(doc)).fields[FieldName.CONTRACT_NUMBER]
        assert contract.value == want
        assert contract.confidence < 0.9  # unproven
    # Spaces on both sides of a dash part two things.
    doc = doc_of((83, 219, "N° de marché : MAR-25-832 - lot 2"), method=Method.OCR)
    contract = resolve(extract_all(doc)).fields[FieldName.CONTRACT_NUMBER]
    assert contract.value == "MAR-25-832"
    # Printed so in a text layer, the space is the document's own.
    got = found((83, 219, "N° de marché"), (300, 219, "MAR- 25-832"))
    assert got.get("contract_number") != "MAR-25-832"


def test_a_stamps_bare_le_low_on_the_page_yields_to_the_date_column():
    got = found(
        (41, 180, "Numéro"),
        (216, 180, "Date"),
        (392, 180, "Echéance le"),
        (40, 192, "2025/03/746"),
        (216, 192, "21 mars 2025"),
        (391, 192, "5 avr. 2025"),
        (444, 738, "PAYÉ"),  # a stamp's two lines
        (444, 751, "le 21/08/2025"),
        method=Method.OCR,
    )
    assert got["invoice_date"] == date(2025, 3, 21)


def test_an_iso_date_that_lost_its_second_hyphen_is_read():
    got = found((71, 204, "Date 2026-02 02"), (242, 216, "Échéance 2026-03-04"))
    assert got["invoice_date"] == date(2026, 2, 2)


def test_a_letter_prefixed_number_ocr_cut_after_its_year_is_one_repaired():
    doc = doc_of(
        (71, 132, "Numéro de facture"), (160, 132, "FA2025 100079"), method=Method.OCR
    )
    number = resolve(extract_all(doc)).fields[FieldName.INVOICE_NUMBER]
    assert number.value == "FA2025100079"
    assert number.confidence < 0.9
    # seed 9035 #6: cut before its last three digits.
    doc = doc_of((55, 186, "N° FA2026081 166"), method=Method.OCR)
    number = resolve(extract_all(doc)).fields[FieldName.INVOICE_NUMBER]
    assert number.value == "FA2026081166"
    assert number.confidence < 0.9
    # seed 9069 #23: cut before the digit before its hyphen, in a title.
    doc = doc_of((68, 54, "FACTURE N° F251 1-2307"), method=Method.OCR)
    number = resolve(extract_all(doc)).fields[FieldName.INVOICE_NUMBER]
    assert number.value == "F2511-2307"
    assert number.confidence < 0.9
    # seed 9044 #30: cut after its first digit.
    doc = doc_of((64, 222, "ENGAGEMENT JURIDIQUE : EJ2 9633509"), method=Method.OCR)
    number = resolve(extract_all(doc)).fields[FieldName.ENGAGEMENT_NUMBER]
    assert number.value == "EJ29633509"
    assert number.confidence < 0.9
    # A whole reference and another cell's number OCR ran into it stay apart.
    doc = doc_of((52, 210, "N° EJ"), (52, 224, "EJ82066241 2066"), method=Method.OCR)
    assert (
        resolve(extract_all(doc)).value(FieldName.ENGAGEMENT_NUMBER) != "EJ820662412066"
    )


def test_a_label_whose_colon_ocr_read_as_a_hyphen_still_leads_to_its_value():
    got = found((14, 118, "EJ- EJ89158482"), method=Method.OCR)
    assert got["engagement_number"] == "EJ89158482"
    # A hyphen that goes on with a word makes no label of it: "EJ-2026" is a value.
    got = found((14, 118, "Réf. EJ-2026-0042"))
    assert got.get("engagement_number") != "2026-0042"


def test_a_value_a_scan_ran_the_next_item_into_is_still_its_cells_value():
    # seed 9086 #16: items set apart by spaced dashes, "Marché" | "2026-M-0099 -
    # BL n°" | "BL48325 - Date commande"; the frame's "Al2" under "Marché".
    read = [
        ("Date", 65.3, 245.3, 84.5, 250.3, 0.96), ("de", 90.2, 244.8, 99.8, 250.6, 0.95),
        ("règlement", 105.8, 244.6, 150.5, 251.8, 0.96),
        ("06/12/2026", 167.5, 244.8, 216.7, 250.8, 0.91), ("-", 223.7, 247.7, 227.0, 248.4, 0.90),
        ("Marché", 233.3, 244.6, 263.0, 250.6, 0.95),
        ("2026-M-0099", 279.8, 244.8, 334.3, 250.6, 0.91), ("-", 341.0, 247.7, 344.4, 248.4, 0.92),
        ("BL", 350.6, 245.3, 360.2, 250.3, 0.96), ("n°", 366.0, 244.8, 374.9, 250.3, 0.96),
        ("BL48325", 391.4, 244.8, 426.0, 250.3, 0.90),
        ("13/10/2026", 65.8, 255.8, 115.0, 261.8, 0.91), ("-", 121.9, 258.7, 125.0, 259.4, 0.91),
        ("Cadre", 131.3, 255.8, 156.0, 261.6, 0.96), ("de", 161.8, 255.8, 171.4, 261.6, 0.95),
        ("facturation", 177.6, 255.8, 232.8, 261.6, 0.95),
        ("Al2", 248.4, 256.1, 262.8, 261.4, 0.87),
        ("-", 269.8, 258.7, 272.9, 259.4, 0.92), ("Facture", 279.6, 256.3, 314.2, 261.6, 0.96),
    ]  # fmt: skip
    assert found_in(boxed(*read))["contract_number"] == "2026-M-0099"
    # A dash with no space after it is the value's own: no value cut there.
    read[6] = ("2026-M-0099 -BL", 279.8, 244.8, 334.3, 250.6, 0.91)
    assert found_in(boxed(*read)).get("contract_number") != "2026-M-0099"


def test_a_labels_two_capitals_read_unsurely_still_name_what_it_is_of():
    # seed 9087 #9: a grid's "N° BL" read at 0.23, its delivery note "BL30691"
    # in the next cell taken for the invoice's number over "2025/03/851".
    placed = (
        (54, 180, "Facture n°"), (105, 180, "2025/03/851"),
        (312, 194, "N° BL"), (410, 194, "BL30691"),
    )  # fmt: skip
    doc = read_as(doc_of(*placed, method=Method.OCR), {"N°": 0.23, "BL": 0.23})
    assert found_in(doc)["invoice_number"] == "2025/03/851"
    assert "BL30691" not in [
        c.value for c in extract_all(doc) if c.field is FieldName.INVOICE_NUMBER
    ]


def test_a_prefix_ocr_split_from_its_number_is_read_with_it_under_its_label():
    # seed 9081 #43: "BC-2025-8384" under "N° BON DE COMMANDE" read "BC- 2025-8384":
    # "BC-" may be a label whose colon OCR read as a hyphen, or the number's own.
    doc = doc_of(
        (49, 226, "N° BON DE COMMANDE"), (49, 234, "BC- 2025-8384"), method=Method.OCR
    )
    number = resolve(extract_all(doc)).fields[FieldName.ENGAGEMENT_NUMBER]
    assert number.value == "BC-2025-8384"
    assert number.confidence < 0.9
    # Alone, the number after "BC-" is still read, unsurely.
    number = resolve(extract_all(doc_of((49, 234, "BC- 2025-8384"), method=Method.OCR)))
    assert number.value(FieldName.ENGAGEMENT_NUMBER) == "2025-8384"
    assert number.fields[FieldName.ENGAGEMENT_NUMBER].confidence < 0.6


def test_an_italic_one_read_as_a_slash_opening_a_scanned_number_is_mended():
    # seed 9081 #22: "Bon de commande: 1300186542" read "… /300186542".
    doc = doc_of((29, 136, "Bon de commande: /300186542"), method=Method.OCR)
    number = resolve(extract_all(doc)).fields[FieldName.ENGAGEMENT_NUMBER]
    assert number.value == "1300186542"
    assert number.confidence < 0.9  # nothing proves it
    # In a text layer, or inside a reference, a slash is a slash.
    assert (
        found((29, 136, "Bon de commande: /300186542")).get("engagement_number")
        != "1300186542"
    )
    got = found((29, 136, "Bon de commande: BC/300186542"), method=Method.OCR)
    assert got["engagement_number"] == "BC/300186542"


def test_a_label_ending_a_paragraphs_line_finds_its_value_where_the_line_goes_on():
    got = found(
        (
            40,
            212,
            "PAYABLE AVANT LE : 02-12-2025 - DATE DE COMMANDE : 03-10-2025 - N° BON DE COMMANDE :",
        ),
        (41, 222, "1300748796 - MARCHÉ : 2025-M-0035 - CODE TIERS : C46962"),
        method=Method.OCR,
    )
    assert got["engagement_number"] == "1300748796"
    assert got["contract_number"] == "2025-M-0035"
    # A label ending a row of column heads has its value under it, not at the
    # next row's start.
    got = found(
        (41, 180, "Numéro"),
        (216, 180, "Date"),
        (392, 180, "N° de commande"),
        (40, 192, "2025/03/746"),
        (216, 192, "21 mars 2025"),
        (391, 192, "BC-2025-0042"),
        method=Method.OCR,
    )
    assert got["engagement_number"] == "BC-2025-0042"


def test_a_number_sign_whose_degree_ocr_read_as_a_letter_o_still_labels():
    # seed 9021: "Facture n° F-2026-9955" read "Facture n o F-2026-9955".
    got = found((312, 78, "Facture n o F-2026-9955"), method=Method.OCR)
    assert got["invoice_number"] == "F-2026-9955"
    got = found((312, 78, "Facture n obligatoire"), method=Method.OCR)
    assert "invoice_number" not in got


def test_a_label_ocr_garbled_at_its_end_still_leads_to_the_value_under_it():
    # seed 9021: "Engagement juridique" read "Engagement jurt dique", its value
    # on the next line.
    # (A number that does not name itself: "EJ50082176" would, label or not.)
    placed = [(62, 199, "Engagement jurt dique"), (62, 205, "2025082176")]
    assert found(*placed, method=Method.OCR)["engagement_number"] == "2025082176"
    # Words that read as no label are running text: nothing is taken from it.
    placed[0] = (62, 199, "Engagement pour tous")
    assert "engagement_number" not in found(*placed, method=Method.OCR)


def test_a_label_ocr_garbled_before_its_colon_leads_to_the_value_after_it():
    # seed 9099 #16: "Engagement juridique : BC-2026-3951" read "Engagement
    # jricique : BC-2026-3951", label and value in one cell.
    placed = [(59, 241, "Engagement jricique : BC-2026-3951")]
    assert found(*placed, method=Method.OCR)["engagement_number"] == "BC-2026-3951"
    # Before a colon, words that read as no label are no part of it.
    placed = [(59, 241, "Engagement pour tous : BC-2026-3951")]
    assert "engagement_number" not in found(*placed, method=Method.OCR)


def test_a_number_letter_spaced_like_its_title_is_read_whole():
    # seed 9017: "F A C T U R E  N°  2 0 2 5 / 0 8 / 9 1 9" read
    # "FACTU RE N° 2025/08/91 9": the title and its number both in pieces, the
    # last digit alone.
    words = [
        Word("FACTU", 298.8, 46.3, 373.4, 63.8, 0.9),
        Word("RE", 376.8, 46.6, 406.1, 63.6, 0.95),
        Word("N°", 415.0, 46.8, 438.0, 63.6, 0.96),
        Word("2025/08/91", 446.2, 46.3, 556.8, 64.1, 0.96),
        Word("9", 561.4, 47.0, 572.9, 64.1, 0.7),
    ]
    doc = Doc.from_pages([Page(1, 595.0, 842.0, tuple(words), Method.OCR)])
    out = resolve(extract_all(doc))
    assert out.value(FieldName.INVOICE_NUMBER) == "2025/08/919"
    assert out.confidence(FieldName.INVOICE_NUMBER) < 0.9  # unproven
    # A digit a space away is another value.
    words[4] = replace(words[4], x0=568.0, x1=579.5)
    doc = Doc.from_pages([Page(1, 595.0, 842.0, tuple(words), Method.OCR)])
    assert resolve(extract_all(doc)).value(FieldName.INVOICE_NUMBER) == "2025/08/91"


def test_a_service_codes_capital_ocr_read_small_is_read_as_a_capital():
    # seed 9012: "SF001" read "sF001", the s of the same shape as the S.
    doc = read_as(
        doc_of((70, 186, "Code service"), (71, 197, "sF001"), method=Method.OCR),
        {"sF001": 0.54},
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_SERVICE_CODE) == "SF001"
    assert out.confidence(FieldName.BUYER_SERVICE_CODE) < 0.9  # unproven
    # A word in small letters is no code.
    got = found((70, 186, "Code service"), (71, 197, "sous réserve"), method=Method.OCR)
    assert "buyer_service_code" not in got


def test_a_label_that_opens_another_labels_value_is_part_of_it():
    # seed 9022: "Engagement juridique: BC-2025-0560", OCR setting a space after
    # the hyphen: "BC-" is the value's prefix, not the label of "2025-0560".
    for placed in (
        [(19, 145, "Engagement juridique: BC- 2025-0560")],
        [(19, 145, "Engagement juridique:"), (235, 145, "BC- 2025-0560")],
    ):
        got = found(*placed, method=Method.OCR)
        assert got["engagement_number"] == "BC-2025-0560", placed
    # Alone in its cell, "BC" still labels its number.
    assert found((19, 145, "BC- 2025-0560"), method=Method.OCR)[
        "engagement_number"
    ] == ("2025-0560")


def test_a_cell_holding_only_a_label_ocr_misread_is_that_label():
    # seed 9022: "N° FACTURE" read "N° FACTURI", its value under it.
    placed = [(76, 136, "N° FACTURI"), (75, 143, "F2510-5274")]
    assert found(*placed, method=Method.OCR)["invoice_number"] == "F2510-5274"
    # Words that read as no label lead nowhere.
    placed[0] = (76, 136, "N° FOURNI")
    assert "invoice_number" not in found(*placed, method=Method.OCR)


def test_an_s_ocr_read_as_a_dollar_sign_in_a_reference_is_an_s():
    # seed 9022: "Réf. marché : 25S8327" read "25$8327".
    got = found((49, 80, "Réf. marché : 25$8327"), method=Method.OCR)
    assert got["contract_number"] == "25S8327"


def test_of_dates_run_together_under_a_grid_of_labels_each_takes_its_own():
    # seed 9022: OCR ran two cells together, "29 novembre 2026 28 janvier 2027",
    # under "Date" and "Date limite de paiement" (Tesseract's boxes).
    heads = [
        ("Date", 166.3, 181.4), ("Date", 259.9, 274.8), ("limite", 277.4, 294.2),
        ("de", 296.9, 304.6), ("paiement", 307.7, 337.7),
    ]  # fmt: skip
    values = [
        ("29", 166.1, 175.7), ("novembre", 178.8, 221.3), ("2026", 224.2, 243.8),
        ("28", 259.7, 269.0), ("janvier", 271.9, 300.7), ("2027", 303.6, 323.3),
    ]  # fmt: skip
    words = [Word(t, x0, 162.0, x1, 167.5, 0.96) for t, x0, x1 in heads] + [
        Word(t, x0, 172.6, x1, 179.4, 0.96) for t, x0, x1 in values
    ]
    # The invoice number, on the same row, boxed taller: the row's gaps are
    # measured against it, and the two dates fall in one cell.
    words.append(Word("80273", 71.8, 171.4, 97.0, 181.9, 0.96))
    doc = Doc.from_pages([Page(1, 595.0, 842.0, tuple(words), Method.OCR)])
    assert any(s.text == "29 novembre 2026 28 janvier 2027" for s in doc.segments)
    out = resolve(extract_all(doc))
    assert out.value(FieldName.DUE_DATE) == date(2027, 1, 28)


def test_a_service_codes_ones_and_zeros_ocr_misread_are_read_back():
    # seed 9023: "SF001" read "SFOO!".
    got = found((75, 279, "Service exécutant : SFOO!"), method=Method.OCR)
    assert got["buyer_service_code"] == "SF001"


def test_a_label_word_under_a_service_label_is_no_code():
    # seed 9023: "CODE DU SERVICE" | "DSI01", and under the label another one,
    # "VOTRE REFERENCE CLIENT" | "C26986".
    got = found(
        (317, 105, "CODE DU SERVICE"),
        (425, 105, "DSI01"),
        (317, 119, "VOTRE REFERENCE CLIENT"),
        (440, 119, "C26986"),
        method=Method.OCR,
    )
    assert got["buyer_service_code"] == "DSI01"


def test_a_garbled_word_under_a_label_does_not_outweigh_its_value_beside_it():
    # seed 9023: "Code service" | "SERV-FIN", and under it "777177" (0.30 sure),
    # the label "Engagement" garbled.
    doc = read_as(
        doc_of(
            (82, 192, "Code service"),
            (176, 192, "SERV-FIN"),
            (82, 205, "777177 juridique EJ99977214"),
            method=Method.OCR,
        ),
        {"777177": 0.30},
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_SERVICE_CODE) == "SERV-FIN"


def test_a_number_ocr_cut_just_after_its_first_digits_is_one_repaired():
    # seed 9025: "FACTURE N°" | "20 25/01/868", "N° BON DE COMMANDE" | "2 025007868".
    placed = [
        (312, 149, "FACTURE N°"),
        (478, 149, "20 25/01/868"),
        (312, 185, "N° BON DE COMMANDE"),
        (478, 185, "2 025007868"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.INVOICE_NUMBER) == "2025/01/868"
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "2025007868"
    assert out.confidence(FieldName.ENGAGEMENT_NUMBER) < 0.9
    # A short number and a date are two things, not one cut.
    got = found((312, 149, "FACTURE N°"), (478, 149, "12 01/2025"), method=Method.OCR)
    assert got.get("invoice_number") != "1201/2025"


def test_a_service_code_in_the_cell_of_its_bare_label_that_heads_a_column():
    # seed 9025 (native and scanned): "Service DAF" one cell, the gap between
    # the two just short of a cell's; "DAF" starts where "EJ78162457" under it does.
    rows = [(44, 191, "Numéro"), (90, 191, "83857"), (314, 191, "Service DAF")]
    for method in (Method.TEXT, Method.OCR):
        # "DAF" starts at 354, the 8th character's place.
        column = [(314, 207, "EJ"), (354, 207, "EJ78162457")]
        out = resolve(extract_all(doc_of(*rows, *column, method=method)))
        assert out.value(FieldName.BUYER_SERVICE_CODE) == "DAF"
        assert out.confidence(FieldName.BUYER_SERVICE_CODE) < 0.9
        # No column starts there: "Service DAF" may name a service (an address line).
        column = [(314, 207, "EJ"), (380, 207, "EJ78162457")]
        out = resolve(extract_all(doc_of(*rows, *column, method=method)))
        assert FieldName.BUYER_SERVICE_CODE not in out.fields


def test_an_apostrophe_in_a_title_ocr_read_as_a_mark_still_names_the_document():
    # seed 9025: "NOTE D'HONORAIRES" read "NOTE D : HONORAIRES".
    got = found(
        (67, 194, "NOTE D : HONORAIRES"), (67, 300, "Désignation"), method=Method.OCR
    )
    assert got["document_type"] == "facture"


def test_a_table_head_beside_a_service_label_is_no_code():
    # seed 9027: "CODE SERVICE EXÉCUTANT" beside the item table's heads
    # ("DESCRIPTION" | "QUANTITÉ PX UNITAIRE"), the code under the label read
    # less surely than the head: "DESCRIPTION" was taken, at 0.84.
    placed = [
        (62, 198, "CODE SERVICE EXÉCUTANT"),
        (226, 200, "DESCRIPTION"),
        (355, 198, "QUANTITÉ PX UNITAIRE"),
        (62, 211, "SF001"),
    ]
    doc = read_as(doc_of(*placed, method=Method.OCR), {"SF001": 0.65})
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_SERVICE_CODE) == "SF001"


def test_a_service_codes_final_one_read_as_a_letter_after_two_zeros():
    # seed 9027: "SF001" read "SFOOL"; a code that merely ends in L is left.
    got = found((75, 279, "Service exécutant : SFOOL"), method=Method.OCR)
    assert got["buyer_service_code"] == "SF001"
    got = found((75, 279, "Service exécutant : SCOL"), method=Method.OCR)
    assert got["buyer_service_code"] == "SCOL"


def test_a_labelled_date_whose_separators_ocr_lost_is_read_less_surely():
    # seed 9034 #46: "Fait le" | "03.08.2026" read "03 08 2026", its dots too faint;
    # seed 9032 #58: "2025-03-15" read "2025-0315".
    for placed, expected in (
        ([(326, 162, "Fait le"), (509, 162, "03 08 2026")], date(2026, 8, 3)),
        ([(40, 60, "Date de facture : 2025-0315")], date(2025, 3, 15)),
    ):
        out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
        got = out.fields[FieldName.INVOICE_DATE]
        assert got.value == expected
        assert got.confidence < 0.9  # nothing proves where the separators were
    # With its dots, the same date is sure.
    out = resolve(
        extract_all(doc_of((326, 162, "Fait le 03.08.2026"), method=Method.OCR))
    )
    assert out.fields[FieldName.INVOICE_DATE].confidence >= 0.9
    # Without a label, numbers in pairs are no date (a phone number, a reference).
    got = found((40, 60, "Tél. 03 08 2026 14"), (40, 80, "Réf. 2025-0315"))
    assert "invoice_date" not in got


def test_a_leader_line_ocr_read_as_ellipses_and_quotes_still_leads_to_the_value():
    # seed 9015 #40: "Engagement juridique ........ EJ96189562", the dots read
    # "…”…".
    for leader in ("…”…", "·····", "« »", "........"):
        got = found(
            (64, 195, f"Engagement juridique {leader} EJ96189562"), method=Method.OCR
        )
        assert got["engagement_number"] == "EJ96189562", leader
    # Words between the label and the number still lead nowhere.
    got = found((64, 195, "Engagement juridique à venir 96189562"), method=Method.OCR)
    assert "engagement_number" not in got


def test_a_date_in_the_next_cell_that_its_own_words_name_is_not_the_labels():
    # seed 9035 #15: "Date de la facture" over "11 févr. 2026", and in the same
    # row to its right a stamp's "PAYÉ le 10/08/2026", taken at 0.83.
    placed = [
        (52, 149, "Date de la facture"),
        (230, 147, "le 10/08/2026"),
        (52, 159, "11 févr. 2026"),
    ]
    assert found(*placed, method=Method.OCR)["invoice_date"] == date(2026, 2, 11)
    # A cell holding the date alone, or after a colon, is the label's.
    placed[1] = (230, 147, ": 10/08/2026")
    assert found(*placed, method=Method.OCR)["invoice_date"] == date(2026, 8, 10)


def test_a_bare_le_under_a_stamps_word_dates_the_stamp_not_the_invoice():
    # seed 9036 #9: a "PAYÉ" stamp read as two lines, "PAYÉ" over
    # "le 03/07/2026", above the letter's own "Le 10/10/25".
    placed = [
        (504, 30, "PAYÉ"),
        (55, 44, "Atelier Chevalier"),
        (466, 43, "le 03/07/2026"),
        (511, 219, "Le 10/10/25"),
    ]
    assert found(*placed, method=Method.OCR)["invoice_date"] == date(2025, 10, 10)
    # Over another column, or under any other word, "le" dates the invoice.
    placed[0] = (200, 30, "PAYÉ")
    assert found(*placed, method=Method.OCR)["invoice_date"] == date(2026, 7, 3)
    placed[0] = (504, 30, "Paris")
    assert found(*placed, method=Method.OCR)["invoice_date"] == date(2026, 7, 3)


def test_a_bare_le_under_a_stamps_word_a_row_apart_dates_the_stamp():
    # seed 9049 #58: the letterhead's row falls between the stamp's "PAYÉ" and
    # its "le 11/04/2025"; the letter's "Avignon, le 2026-05-07" dates it.
    placed = [
        (514, 38, "PAYÉ", 14),
        (184, 47, "BERNARD EXPERTISE COMPTABLE", 10),
        (476, 55, "le 11/04/2025", 11),
        (61, 117, "Avignon, le 2026-05-07", 8),
    ]
    assert found(*placed, method=Method.OCR)["invoice_date"] == date(2026, 5, 7)
    # A cell of the row between, over the same columns, is what stands above it.
    placed[1] = (440, 47, "BERNARD EXPERTISE COMPTABLE", 10)
    assert found(*placed, method=Method.OCR)["invoice_date"] == date(2025, 4, 11)


def test_a_stamps_date_beside_a_date_label_is_not_the_labels():
    # seed 9097 #58: a "REÇU LE" / "7 AVRIL 2026" stamp over the sidebar's
    # "Date", its date read in the label's row: the label's is the one under it.
    read = [
        ("N°", 48.2, 123.8, 52.1, 128.6, 0.95),
        ("de", 57.4, 123.8, 63.4, 128.6, 0.96),
        ("facture", 66.2, 123.8, 85.0, 128.6, 0.96),
        ("F-2025-7896", 48.0, 131.5, 92.6, 137.8, 0.87),
        ("Date", 48.2, 148.1, 60.7, 152.6, 0.96),
        ("26/11/2025", 48.0, 156.0, 86.2, 162.0, 0.95),
        ("|", 114.0, 117.6, 118.6, 138.7, 0.94),
        ("REÇU", 163.2, 124.3, 199.7, 136.6, 0.90),
        ("LE", 206.6, 125.3, 221.3, 134.6, 0.96),
        ("7", 113.3, 137.3, 151.4, 155.5, 0.55),
        ("AVRIL", 158.4, 137.8, 199.2, 147.6, 0.94),
        ("2026", 205.0, 138.0, 239.0, 148.1, 0.96),
        ("|", 265.4, 132.5, 270.0, 157.9, 0.89),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_DATE) == date(2025, 11, 26)
    # Under any other word, the date beside the label is the label's.
    read[7:9] = [("BUREAU", 163.2, 124.3, 199.7, 136.6, 0.90)]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_DATE) == date(2026, 4, 7)


def test_a_lone_number_under_a_big_title_is_the_invoice_number_its_label_lost():
    # seed 9037 #10: "FACTURE" boxed over "N°  FA2026051144", the "N°" never read.
    header = (
        (71, 59, "Chevalier Plomberie", 9.6),
        (357, 61, "FACTURE", 11.3),
        (71, 75, "48 rue Émile Zola", 7.1),
        (71, 90, "29200 Brest", 7.1),
        (433, 88, "FA2026051144", 8.9),
        (485, 107, "Exemplaire client", 5.9),
        (71, 128, "SIRET 35910987301271", 7.3),
        (71, 165, "Fait le : 5 mai 2026", 6.6),
    )
    out = resolve(extract_all(doc_of(*header, method=Method.OCR)))
    number = out.fields[FieldName.INVOICE_NUMBER]
    assert number.value == "FA2026051144" and number.confidence < 0.6
    # A label read beside it wins; so does one anywhere else.
    labelled = doc_of(
        *header, (300, 200, "Facture n° FA2026051145", 7.0), method=Method.OCR
    )
    assert found_in(labelled)["invoice_number"] == "FA2026051145"
    # A title of the body's size is a column's head, and what is under it a list.
    small = [
        (x, top, text, 7.0 if text == "FACTURE" else size)
        for x, top, text, size in header
    ]
    assert "invoice_number" not in found_in(doc_of(*small, method=Method.OCR))
    # Two cells under the title: the label was read apart, or it is another row.
    two = doc_of(*header, (360, 88, "Client", 8.9), method=Method.OCR)
    assert "invoice_number" not in found_in(two)


def test_an_italic_one_read_as_a_slash_in_a_service_code_is_repaired_less_surely():
    # seed 9051 #6, "0012" in italics read "00/2": the "00" before it is no code.
    doc = boxed(
        ("Code", 54.0, 217.4, 72.5, 223.9, 0.96),
        ("service", 75.1, 217.7, 100.1, 223.7, 0.93),
        ("exécutant:", 102.7, 217.7, 141.1, 223.7, 0.89),
        ("00/2", 150.0, 216.5, 168.5, 223.2, 0.95),
        ("SIRET", 319.4, 214.6, 345.1, 221.3, 0.93),
        ("11986598800073", 347.5, 214.3, 413.0, 221.0, 0.92),
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_SERVICE_CODE) == "0012"
    assert out.confidence(FieldName.BUYER_SERVICE_CODE) < 0.8
    # Printed, a slash ends no code: "00" is not taken from "00/2".
    assert "buyer_service_code" not in found((54, 217, "Code service exécutant : 00/2"))


def test_a_mark_read_unsurely_between_a_label_and_its_value_is_passed_over():
    # seed 9051 #52: the ° of "n°" read "a" at 0.22, in the label's cell.
    doc = boxed(
        ("Accord-cadre", 292.8, 51.1, 348.0, 68.4, 0.91),
        ("n", 350.9, 55.4, 356.4, 67.4, 0.92),
        ("a", 360.2, 55.7, 368.4, 67.4, 0.22),
        ("MAR-25-969", 422.2, 50.9, 475.7, 63.8, 0.92),
    )
    assert found_in(doc)["contract_number"] == "MAR-25-969"
    # Read surely, a word there is the cell's own: no value after the label.
    sure = boxed(
        ("Accord-cadre", 292.8, 51.1, 348.0, 68.4, 0.91),
        ("n", 350.9, 55.4, 356.4, 67.4, 0.92),
        ("a", 360.2, 55.7, 368.4, 67.4, 0.9),
        ("MAR-25-969", 422.2, 50.9, 475.7, 63.8, 0.92),
    )
    assert "contract_number" not in found_in(sure)


def test_a_colon_read_as_a_plus_between_a_label_and_its_value_is_passed_over():
    # seed 9152 #39 (150 dpi): "Engagement juridique n° : 1300570621" read with
    # a "+" at 0.84 for its colon.
    got = found(
        (
            71,
            206,
            "Date d'échéance : 05.10.2026 - Engagement juridique n° + 1300570621",
        ),
        method=Method.OCR,
    )
    assert got["engagement_number"] == "1300570621"
    assert got["due_date"] == date(2026, 10, 5)


def test_a_mark_read_unsurely_ending_the_labels_cell_is_passed_over():
    # seed 9102 #35: "N° EJ :" read "N | BJ Zz", the colon and a speck read "Zz"
    # at 0.50, its value "BC-2025-3974" in the next cell.
    read = [
        ("N", 301.0, 79.9, 306.0, 86.3, 0.9), ("|", 310.0, 79.9, 311.0, 86.3, 0.89),
        ("BJ", 314.0, 79.9, 324.0, 86.3, 0.49), ("Zz", 327.0, 79.9, 349.0, 86.3, 0.5),
        ("BC-2025-3974", 430.0, 79.4, 490.0, 86.3, 0.92),
    ]  # fmt: skip
    assert found_in(boxed(*read))["engagement_number"] == "BC-2025-3974"
    # Inside the cell, a word read so is still its own ("BJ Zz 2025" names no
    # value after it); and at its end, read surely, it is what is printed.
    inside = [*read[:4], ("2025", 352.0, 79.9, 370.0, 86.3, 0.9), read[4]]
    assert found_in(boxed(*inside)).get("engagement_number") != "BC-2025-3974"
    sure = [*read[:3], ("Zz", 327.0, 79.9, 349.0, 86.3, 0.6), read[4]]
    assert "engagement_number" not in found_in(boxed(*sure))


def test_the_due_dates_value_is_not_the_unlabelled_invoice_date():
    # seed 9051 #56: the invoice date's cell read at 0.07; the first date on the
    # page, "15-02-2026", is the one "Date limite de paiement" names.
    doc = boxed(
        ("|", 63.6, 205.9, 64.1, 218.9, 0.50),
        ("|", 118.6, 205.9, 119.0, 218.9, 0.91),
        ("|", 179.3, 205.9, 179.8, 218.9, 0.96),
        ("|", 317.3, 205.9, 317.8, 218.9, 0.89),
        ("|", 433.4, 205.9, 433.9, 218.9, 0.78),
        ("|", 492.0, 205.9, 492.5, 210.5, 0.95),
        ("N°", 68.4, 208.3, 78.0, 215.5, 0.50),
        ("facture", 81.1, 208.3, 112.6, 215.5, 0.96),
        ("2026-01674", 123.1, 208.6, 173.0, 215.5, 0.91),
        ("Date", 322.1, 208.6, 341.8, 215.8, 0.96),
        ("limite", 345.1, 208.6, 369.1, 215.8, 0.96),
        ("de", 372.5, 208.6, 383.0, 215.8, 0.96),
        ("paiement", 386.4, 208.6, 427.4, 217.4, 0.95),
        ("15-02-2026", 438.5, 208.8, 486.0, 215.8, 0.96),
        ("!", 492.0, 215.5, 492.5, 218.9, 0.53),
        ("|", 63.6, 220.8, 64.1, 233.3, 0.90),
        ("|", 118.3, 220.8, 119.0, 233.3, 0.07),
        ("|", 179.3, 220.8, 179.8, 233.8, 0.95),
        ("|", 317.3, 220.8, 317.8, 233.3, 0.94),
        ("|C60662", 433.4, 220.8, 470.4, 233.8, 0.77),
        ("|", 492.0, 220.8, 492.5, 233.8, 0.92),
        ("Date", 69.8, 223.2, 88.1, 230.4, 0.90),
        ("01-01-2026", 123.1, 223.4, 171.1, 230.4, 0.07),
        ("Code", 321.8, 223.2, 344.9, 230.6, 0.87),
        ("client", 348.0, 223.4, 372.5, 230.4, 0.96),
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.DUE_DATE) == date(2026, 2, 15)
    assert out.value(FieldName.INVOICE_DATE) == date(2026, 1, 1)


def test_a_scanned_year_a_digit_off_every_other_date_is_mended_less_surely():
    # seed 9049 #46: "2025-08-05" read "2085-08-05"; the order date is 2025.
    words = [
        ("Date", 98.4, 153.6, 115.7, 160.1, 0.80),
        ("de", 117.8, 153.6, 127.2, 160.1, 0.91),
        ("facture", 129.4, 153.6, 156.0, 161.3, 0.69),
        ("2085-08-05", 191.3, 152.9, 233.3, 167.3, 0.59),
        ("Commande", 98.2, 179.0, 141.8, 185.5, 0.95),
        ("du", 144.0, 179.3, 153.8, 185.5, 0.95),
        ("2025-06-16", 191.3, 178.1, 233.3, 188.2, 0.96),
    ]
    out = resolve(extract_all(boxed(*words)))
    assert out.value(FieldName.INVOICE_DATE) == date(2025, 8, 5)
    assert out.confidence(FieldName.INVOICE_DATE) < 0.5
    # Two digits off, or no other date to go by: the date is left as read.
    far = [w if w[0] != "2025-06-16" else ("2021-06-16", *w[1:]) for w in words]
    assert found_in(boxed(*far))["invoice_date"] == date(2085, 8, 5)
    assert found_in(boxed(*words[:4]))["invoice_date"] == date(2085, 8, 5)
    # A year that may be is left as read, however far the others: seed 9052 #18's
    # due date "2025-06-30" beside its invoice date misread "2925-05-31".
    doc = boxed(
        ("Etablie", 68.9, 158.4, 88.8, 164.9, 0.93),
        ("le", 91.9, 160.1, 96.2, 164.9, 0.96),
        ("2925-05-31", 68.6, 168.5, 108.7, 175.0, 0.71),
        ("Echéance", 68.9, 185.3, 92.4, 190.3, 0.92),
        ("le", 99.4, 185.5, 103.9, 190.3, 0.96),
        ("2025-06-30", 68.6, 193.9, 109.9, 200.2, 0.96),
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.DUE_DATE) == date(2025, 6, 30)
    assert out.value(FieldName.INVOICE_DATE) == date(2025, 5, 31)


def test_a_scanned_day_that_cannot_be_with_a_seven_for_its_one_is_mended():
    # seed 9050 #48: "11-09-2025" read "71-09-2025".
    doc = boxed(
        ("Date:", 43.0, 127.0, 62.9, 133.2, 0.96),
        ("71-09-2025", 72.7, 126.0, 115.9, 132.7, 0.22),
        ("Échéance", 43.0, 141.8, 77.5, 149.5, 0.91),
        ("le:", 80.4, 143.5, 90.0, 149.5, 0.96),
        ("11-10-2025", 99.8, 142.1, 143.0, 148.8, 0.74),
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.INVOICE_DATE) == date(2025, 9, 11)
    assert out.value(FieldName.DUE_DATE) == date(2025, 10, 11)
    # Printed, an impossible date is no date.
    assert "invoice_date" not in found((43, 127, "Date: 71-09-2025"))


def test_a_label_cut_inside_the_word_naming_its_date_names_no_invoice_date():
    # seed 9044 #5: "Date de règlement" read "Date de règleme" (its end faint); its
    # date, the due date, was taken for the invoice date over the date above it.
    words = [
        ("Facture", 46.8, 110.6, 65.0, 115.0, 0.93),
        ("n", 67.7, 112.1, 70.1, 114.7, 0.93),
        ("F-2025-5342", 46.8, 117.8, 88.3, 123.6, 0.92),
        ("06-02-2025", 46.3, 132.5, 83.0, 149.0, 0.90),
        ("Date", 46.9, 156.2, 58.0, 160.6, 0.95),
        ("de", 59.9, 156.2, 65.6, 160.6, 0.93),
        ("règleme", 68.0, 156.2, 88.3, 161.7, 0.89),
        ("07-04-2025", 46.4, 163.5, 83.1, 169.2, 0.96),
    ]
    assert found_in(boxed(*words))["invoice_date"] == date(2025, 2, 6)
    # Four letters could start other words: the label is a date's.
    short = [w if w[0] != "règleme" else ("règl", *w[1:]) for w in words]
    assert found_in(boxed(*short))["invoice_date"] == date(2025, 4, 7)


def test_a_label_ending_in_its_n_under_a_label_is_no_value_of_it():
    # seed 9055 #48: "ACCORD-CADRE N°" under "SERVICE EXECUTANT N°", each with its
    # value far right: the contract's label was taken for the service code.
    doc = boxed(
        ("N°", 61.9, 193.0, 71.3, 199.7, 0.96),
        ("SIRET", 74.4, 192.7, 100.6, 199.9, 0.96),
        ("19670819214403", 229.9, 191.8, 299.3, 202.8, 0.92),
        ("SERVICE", 319.7, 192.5, 357.8, 199.9, 0.91),
        ("EXECUTANT", 361.4, 192.7, 415.7, 199.9, 0.90),
        ("N°", 418.6, 193.0, 428.2, 199.7, 0.96),
        ("DAF", 539.3, 192.7, 556.6, 199.7, 0.92),
        ("Titulaire", 60.7, 204.7, 93.4, 215.5, 0.96),
        ("Bernard", 230.4, 205.7, 261.8, 212.6, 0.95),
        ("Services", 265.0, 205.4, 299.0, 212.9, 0.96),
        ("ACCORD-CADRE", 319.7, 205.4, 391.9, 212.6, 0.90),
        ("N°", 395.5, 205.7, 405.1, 212.4, 0.96),
        ("AO-2025-058", 503.0, 205.4, 556.8, 212.6, 0.88),
    )
    got = found_in(doc)
    assert got["buyer_service_code"] == "DAF"
    assert got["contract_number"] == "AO-2025-058"


def test_a_no_sign_before_another_references_label_is_that_labels():
    # holdout 31337 #93: "N° EJ 1342033142 du 2024-03-05" under a grid whose
    # "Numéro" heads the invoice number: "EJ 1342033142" was taken for it.
    got = found(
        (40, 100, "N° client"), (120, 100, "Numéro"), (200, 100, "Date"),
        (40, 112, "C49785"), (120, 112, "24694505"), (200, 112, "2024-04-09"),
        (40, 200, "N° EJ 1342033142 du 2024-03-05 – Accord-cadre n° AO-2021-40-LOT8"),
    )  # fmt: skip
    assert got["invoice_number"] == "24694505"
    assert got["engagement_number"] == "1342033142"
    # A "N°" before a number is still the invoice's.
    got = found((40, 200, "N° FA-2024-0042 du 2024-03-05"))
    assert got["invoice_number"] == "FA-2024-0042"


def test_a_title_number_ocr_cut_into_several_spaced_digits_is_read_whole():
    # seed 9056 #1: "FACTURE N° 12233" letter-spaced, read "122" | "3" | "3".
    read = [
        ("FACTURE", 324.0, 44.4, 421.2, 60.5, 0.93),
        ("N°", 436.1, 44.4, 461.8, 59.5, 0.95),
        ("122", 480.0, 44.4, 518.9, 59.0, 0.95),
        ("3", 522.7, 44.4, 533.0, 59.5, 0.96),
        ("3", 536.9, 44.4, 547.2, 59.5, 0.96),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) == "12233"
    assert out.confidence(FieldName.INVOICE_NUMBER) < 0.9
    # Digits a space away are something else: the number stands as read.
    apart = [*read[:3], ("3", 527.0, 44.4, 537.3, 59.5, 0.96), read[4]]
    assert found_in(boxed(*apart))["invoice_number"] == "122"


def test_a_letter_spaced_label_ocr_cut_in_two_cells_labels_one_value():
    # seed 9057 #5: "REF. COMMANDE CLIENT" set apart as "REF." | "COMMANDE CLIENT",
    # the order's number under it: "REF." is no label of an invoice number.
    words = [
        ("N°", 60.7, 144.7, 64.6, 149.3, 0.96),
        ("DE", 70.3, 144.7, 76.3, 149.3, 0.96),
        ("LA", 80.9, 144.7, 88.8, 149.3, 0.96),
        ("FACTURE", 92.6, 144.7, 123.6, 149.3, 0.96),
        ("64234", 60.2, 152.6, 81.4, 158.9, 0.96),
        ("DATE", 60.7, 169.0, 78.5, 173.8, 0.95),
        ("06-05-2025", 60.2, 176.6, 99.6, 182.9, 0.92),
        ("REF.", 60.7, 193.0, 70.8, 197.5, 0.96),
        ("COMMANDE", 79.0, 193.0, 115.2, 197.5, 0.96),
        ("CLIENT", 119.3, 193.0, 143.3, 197.5, 0.94),
        ("2025003622", 60.5, 200.9, 102.5, 207.1, 0.96),
    ]
    out = resolve(extract_all(boxed(*words)))
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "2025003622"
    assert out.value(FieldName.INVOICE_NUMBER) == "64234"
    candidates = extract_all(boxed(*words))
    numbers = {c.value for c in candidates if c.field == FieldName.INVOICE_NUMBER}
    assert numbers == {"64234"}
    # A cell far to the right is another column's: "REF." labels the number.
    far = [
        w if w[0] not in ("COMMANDE", "CLIENT") else (w[0], w[1] + 200, *w[2:])
        for w in words
    ]
    candidates = extract_all(boxed(*far))
    numbers = {c.value for c in candidates if c.field == FieldName.INVOICE_NUMBER}
    assert numbers == {"64234", "2025003622"}
    # A whole label beside the next one in a grid of labels is a label still.
    got = found(
        (198, 173, "Bon de commande"),
        (285, 173, "Service exécutant"),
        (198, 183, "1300851057"),
        (285, 183, "SF001"),
    )
    assert got["engagement_number"] == "1300851057"


def test_a_blurred_colon_read_as_a_chevron_stands_between_label_and_value():
    # seed 9057 #18: "Code service exécutant : SERV-FIN", the colon read ">" (0.63).
    doc = boxed(
        ("EJ", 44.6, 210.2, 53.3, 215.3, 0.91),
        (":", 58.3, 205.4, 62.9, 218.2, 0.93),
        ("1300350029", 68.9, 209.8, 115.7, 215.3, 0.96),
        ("Code", 138.5, 209.8, 157.0, 215.3, 0.96),
        ("service", 162.5, 209.8, 195.4, 215.3, 0.93),
        ("exécutant", 200.9, 209.5, 243.1, 215.3, 0.91),
        (">", 250.3, 210.7, 251.5, 214.3, 0.63),
        ("SERV-FIN", 258.5, 210.2, 296.6, 215.3, 0.90),
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_SERVICE_CODE) == "SERV-FIN"
    assert out.value(FieldName.ENGAGEMENT_NUMBER) == "1300350029"


def test_a_light_ej_label_read_es_labels_the_number_beside_it():
    # seed 9057 #41: "EJ :" in light grey read "Es:" (0.71), its number in the next cell.
    words = [
        ("Atelier", 36.5, 42.5, 71.3, 51.1, 0.96),
        ("Girard", 75.4, 42.5, 109.0, 51.1, 0.95),
        ("Es:", 295.0, 44.2, 309.4, 51.1, 0.71),
        ("1300535110", 423.6, 43.9, 475.7, 51.1, 0.96),
    ]
    engagement = resolve(extract_all(boxed(*words))).fields[FieldName.ENGAGEMENT_NUMBER]
    assert engagement.value == "1300535110"
    assert engagement.confidence < 0.9  # a misread label
    # Without its colon, or in the text layer, "es" is a word, not a label.
    words[2] = ("Es", 295.0, 44.2, 309.4, 51.1, 0.71)
    assert (
        resolve(extract_all(boxed(*words))).value(FieldName.ENGAGEMENT_NUMBER) is None
    )
    assert "engagement_number" not in found((295, 44, "Es : 1300535110"))


def test_a_light_ej_label_read_eg_labels_the_number_after_it():
    # seed 9064 #14: "EJ : 2025002788" in light grey, "EJ :" read "Eg:" (0.13).
    words = [
        ("Eg:", 61.7, 161.3, 77.3, 165.6, 0.13),
        ("2025002788", 87.6, 158.4, 137.8, 165.4, 0.96),
    ]
    engagement = resolve(extract_all(boxed(*words))).fields[FieldName.ENGAGEMENT_NUMBER]
    assert engagement.value == "2025002788"
    assert engagement.confidence < 0.9
    # Without its colon it is no label.
    words[0] = ("Eg", 61.7, 161.3, 77.3, 165.6, 0.13)
    assert (
        resolve(extract_all(boxed(*words))).value(FieldName.ENGAGEMENT_NUMBER) is None
    )


def test_a_label_inside_an_item_tables_column_heading_labels_no_value():
    # seed 9058 #14: "Qté marché" heads a column of quantities, "29" under it.
    placed = [
        (40, 60, "Référence du marché : 26S0677"),
        (40, 300, "N° prix"),
        (90, 300, "Désignation des prestations"),
        (260, 300, "U"),
        (290, 300, "Qté marché"),
        (360, 300, "P.U."),
        (400, 300, "Montant marché HT"),
        (40, 314, "2.03"),
        (90, 314, "Reprise de maçonnerie"),
        (260, 314, "m2"),
        (290, 314, "29"),
        (360, 314, "174,57"),
        (400, 314, "5 062,53"),
    ]
    doc = doc_of(*placed, method=Method.OCR)
    contracts = {
        c.value for c in extract_all(doc) if c.field == FieldName.CONTRACT_NUMBER
    }
    assert contracts == {"26S0677"}
    # Alone in its cell over a value, "Marché" labels it, in a grid of labels too.
    got = found((290, 300, "Marché"), (290, 314, "26S0677"), method=Method.OCR)
    assert got["contract_number"] == "26S0677"


def test_the_start_of_a_letter_spaced_number_ocr_read_in_pieces_is_no_number():
    # seed 9060 #11: the title "Facture n° FA2026068682" letter-spaced, read "FA2
    # O0 2 6 @) 6 8 6 8 2"; the number is whole in the grid under it.
    title = [
        ("Facture", 232.1, 36.7, 329.0, 50.4, 0.95),
        ("n°", 344.6, 35.5, 370.1, 50.2, 0.94),
        ("FA2", 387.4, 35.5, 427.0, 50.2, 0.91),
        ("O0", 430.1, 34.8, 440.9, 51.6, 0.62),
        ("2", 445.0, 35.8, 455.3, 50.2, 0.96),
        ("6", 459.1, 35.8, 469.2, 50.6, 0.96),
        ("@)", 473.3, 34.8, 483.6, 51.6, 0.52),
        ("6", 487.2, 35.8, 497.5, 50.6, 0.95),
        ("8", 501.4, 35.5, 511.7, 50.6, 0.95),
        ("6", 515.5, 36.0, 525.6, 50.6, 0.95),
        ("8", 529.4, 35.8, 539.8, 50.6, 0.95),
        ("2", 543.6, 35.8, 553.9, 50.4, 0.96),
    ]
    grid = [
        ("FACTURE", 44.9, 115.0, 77.3, 119.5, 0.93),
        ("N°", 83.0, 114.5, 91.4, 119.5, 0.91),
        ("Emise", 217.0, 113.5, 239.3, 119.8, 0.90),
        ("le", 246.0, 114.7, 253.9, 119.8, 0.96),
        ("FA2026068682", 44.4, 125.8, 112.1, 132.0, 0.90),
        ("10/06/26", 216.7, 126.0, 261.1, 132.5, 0.95),
    ]
    out = resolve(extract_all(boxed(*title, *grid)))
    assert out.value(FieldName.INVOICE_NUMBER) == "FA2026068682"
    # Read whole in its title, the number is taken there.
    whole = [*title[:2], ("FA2026068682", 387.4, 35.5, 553.9, 50.4, 0.91)]
    out = resolve(extract_all(boxed(*whole)))
    assert out.value(FieldName.INVOICE_NUMBER) == "FA2026068682"
    # Pieces set a space apart are other things: the value stands.
    apart = [
        (t, x0 + 8 * i, top, x1 + 8 * i, bottom, c)
        for i, (t, x0, top, x1, bottom, c) in enumerate(title)
    ]
    out = resolve(extract_all(boxed(*apart)))
    assert out.value(FieldName.INVOICE_NUMBER) == "FA2"


def test_a_references_last_one_ocr_read_as_a_bang_is_a_one():
    # seed 9061 #13: "NUMERO: 2026/08/591" on a blurred till receipt, read
    # "2026/08/59!" (0.19).
    doc = read_as(
        doc_of((13, 105, "NUMERO:"), (60, 105, "2026/08/59!"), method=Method.OCR),
        {"2026/08/59!": 0.19},
    )
    number = resolve(extract_all(doc)).fields[FieldName.INVOICE_NUMBER]
    assert number.value == "2026/08/591"
    assert number.confidence < 0.9  # unproven
    # In a text layer the mark was printed: no number.
    assert "invoice_number" not in found((13, 105, "NUMERO:"), (60, 105, "2026/08/59!"))


def test_a_label_ending_in_n_under_a_bare_service_label_is_no_code():
    # seed 9077 #11: a grid of label/value pairs, "PROPOSITION N°" under
    # "SERVICE", each with its value far right; the label was taken for the code.
    read = [
        ("06000", 265.9, 216.0, 287.5, 222.0, 0.96),
        ("Nice", 289.9, 216.0, 305.3, 222.2, 0.96),
        ("SERVICE", 325.7, 216.0, 361.0, 222.2, 0.96),
        ("ST-BAT", 533.5, 216.0, 563.5, 222.2, 0.89),
        ("Fils", 293.0, 227.8, 305.5, 234.0, 0.95),
        ("PROPOSITION", 325.9, 227.8, 380.4, 234.2, 0.95),
        ("N°", 383.0, 227.8, 392.4, 234.0, 0.96),
        ("D2026-648", 524.6, 227.8, 563.0, 234.2, 0.91),
    ]
    assert found_in(boxed(*read))["buyer_service_code"] == "ST-BAT"


def test_a_colon_ocr_read_as_a_semicolon_still_leads_to_the_value():
    # seed 9077 #24: "Code service : ST-BAT" read "Code service; ST-BAT".
    got = found((40, 136, "Code service; ST-BAT"), method=Method.OCR)
    assert got["buyer_service_code"] == "ST-BAT"


def test_a_digit_ocr_boxed_apart_over_a_references_end_is_its_last():
    # seed 9077 #8: "MAR-26-811" read "MAR-26-81" and a "1" whose box starts
    # three quarters inside the word's.
    read = [
        ("Réf.", 68.4, 270.7, 85.0, 278.2, 0.96),
        ("marché", 88.6, 270.5, 121.9, 277.9, 0.95),
        ("MAR-26-81", 175.4, 270.7, 226.8, 277.9, 0.91),
        ("1", 223.2, 269.5, 228.0, 280.6, 0.94),
    ]
    assert found_in(boxed(*read))["contract_number"] == "MAR-26-811"
    # A digit set apart after the word is another word: no value of both; nor
    # is junk read over its end (holdout 9161 #23: "SIRET 81084537000016" and a
    # "22" at 0.09 overlapping it, joined into sixteen digits, no SIRET).
    read[3] = ("1", 229.2, 269.5, 234.0, 280.6, 0.94)
    assert "contract_number" not in found_in(boxed(*read))
    read[3] = ("1", 223.2, 269.5, 228.0, 280.6, 0.09)
    assert found_in(boxed(*read)).get("contract_number") != "MAR-26-811"
    siret = [
        ("SIRET", 222.0, 823.0, 238.0, 828.0, 0.93),
        ("81084537000016", 241.0, 823.0, 295.0, 828.0, 0.91),
        ("22", 293.0, 822.0, 300.0, 829.0, 0.09),
    ]
    assert found_in(boxed(*siret))["supplier_siret"] == "81084537000016"


def test_a_credit_notes_own_number_garbled_in_its_title_is_the_one_under_its_grid():
    # seed 9077 #57: "AVOIR N° FA2025066186" read "FA202 76186" (0.51), its grid's
    # "NUMERO DE FACTURE" over "FA2025066186" read well; the invoice it cancels
    # is further down, "Annule la facture n° : FA2025051260".
    read = [
        ("AVOIR", 84.0, 141.4, 128.4, 155.0, 0.96),
        ("N°", 132.5, 145.4, 146.4, 154.8, 0.87),
        ("FA202", 151.0, 141.4, 191.5, 154.8, 0.87),
        ("76186", 193.9, 141.4, 235.9, 155.0, 0.51),
        ("NUMERO", 150.5, 176.6, 184.3, 182.2, 0.96),
        ("DE", 186.5, 176.6, 196.3, 182.2, 0.96),
        ("FACTURE", 198.7, 176.6, 234.7, 182.2, 0.96),
        ("DATE", 416.2, 176.6, 436.6, 182.2, 0.96),
        ("FA2025066186", 166.6, 193.4, 219.1, 199.4, 0.92),
        ("13-06-2025", 407.8, 193.2, 445.4, 199.4, 0.95),
        ("Annule", 213.8, 209.8, 238.1, 215.8, 0.91),
        ("la", 241.0, 209.8, 246.2, 215.8, 0.96),
        ("facture", 249.4, 209.8, 271.9, 215.8, 0.96),
        ("n°", 275.0, 209.8, 281.8, 215.8, 0.91),
        (":", 284.9, 211.7, 285.8, 215.8, 0.90),
        ("FA2025051260", 289.2, 209.8, 342.2, 215.8, 0.90),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.DOCUMENT_TYPE) == "avoir"
    assert out.value(FieldName.INVOICE_NUMBER) == "FA2025066186"
    assert out.confidence(FieldName.INVOICE_NUMBER) < 0.9
    # Under the invoice's label, a number more than a few edits from the
    # credit note's own is the invoice credited: the title's number stands.
    read[8] = ("FA2025051260", 166.6, 193.4, 219.1, 199.4, 0.92)
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.INVOICE_NUMBER) != "FA2025051260"


def test_a_grids_due_date_head_ocr_garbled_still_labels_its_date():
    # seed 9104 #30: a grid's heads "DATE" | "ÉCHÉANCE LE" read "DATE" |
    # "BCHEANCE LE" at 0.65 over "31-05-2026" | "15-06-2026".
    read = [
        ("DATE", 52.0, 170.2, 67.0, 174.5, 0.95),
        ("BCHEANCE", 177.0, 169.7, 209.0, 174.5, 0.65),
        ("LE", 213.0, 169.7, 219.0, 174.5, 0.67),
        ("31-05-2026", 52.0, 179.0, 90.0, 185.5, 0.95),
        ("15-06-2026", 178.0, 179.0, 214.0, 185.3, 0.94),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.DUE_DATE) == date(2026, 6, 15)
    assert out.value(FieldName.INVOICE_DATE) == date(2026, 5, 31)
    # A word further from the label is no misreading of it.
    read[1] = ("BRICOLAGE", 177.0, 169.7, 209.0, 174.5, 0.65)
    assert FieldName.DUE_DATE not in resolve(extract_all(boxed(*read))).fields


def test_a_label_with_a_speck_read_between_its_words_is_its_label():
    # seed 9103 #40: "Marché public n° : 25S1396" read "Marché > publicn°:", the
    # ">" a speck at 0.46, the "n°" glued on.
    placed = [(40, 226, "Marché > publicn°: 25S1396")]
    assert found(*placed, method=Method.OCR)["contract_number"] == "25S1396"
    # seed 9114 #25: "SERVICE EXECUTANT : 0012" read "SERVICE ! EXECUTANT : : 0012".
    placed = [(37, 183, "SERVICE ! EXECUTANT : : 0012")]
    assert found(*placed, method=Method.OCR)["buyer_service_code"] == "0012"


def test_the_year_of_a_date_with_an_accented_month_is_no_reference():
    # seed 9110 #2: a credit note's title "NOTE DE CRÉDIT" over the date of the
    # row below, "31 décembre 2025": its year, under the title, was taken for
    # the credit note's number over "AV000153", read less surely. Dates are
    # known folded; "décembre" was not.
    read = [
        ("NETTOYAGE", 56.2, 45.4, 123.4, 53.8, 0.95), ("DU", 127.4, 45.4, 142.1, 53.8, 0.93),
        ("RHÔNE", 146.6, 43.0, 185.3, 53.8, 0.95), ("NOTE", 463.0, 45.4, 492.0, 53.5, 0.96),
        ("DE", 496.1, 45.4, 510.2, 53.5, 0.96), ("CRÉDIT", 514.3, 43.0, 554.9, 53.8, 0.96),
        ("facturation", 54.7, 73.7, 90.0, 82.8, 0.92),
        ("@rousseau.fr", 93.4, 73.7, 135.8, 82.8, 0.91),
        ("NUMERO", 59.3, 91.4, 93.6, 97.7, 0.95), ("DE", 96.7, 91.4, 107.0, 97.4, 0.95),
        ("FACTURE", 110.2, 91.4, 147.8, 97.7, 0.89),
        ("AV000153", 158.6, 91.7, 195.6, 97.7, 0.75), ("DATE", 308.9, 91.4, 329.8, 97.4, 0.96),
        ("31", 408.5, 91.7, 415.4, 97.7, 0.95), ("décembre", 419.3, 91.4, 454.3, 97.4, 0.96),
        ("2025", 457.0, 91.7, 474.7, 97.7, 0.96),
    ]  # fmt: skip
    numbers = {
        c.value
        for c in extract_all(boxed(*read))
        if c.field is FieldName.INVOICE_NUMBER
    }
    assert numbers == {"AV000153"}
    assert not references._plausible("2025", "31 décembre 2025", 12, code=False)
    assert not references._plausible("2026", "3 févr. 2026", 9, code=False)


def test_a_references_e_read_as_a_pound_sign_is_an_e():
    # seed 9112 #41: "N° d'engagement: EJ29049021" read "£J29049021".
    placed = [(57, 210, "N° d'engagement: £J29049021")]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    engagement = out.fields[FieldName.ENGAGEMENT_NUMBER]
    assert engagement.value == "EJ29049021"
    assert engagement.confidence < 0.9  # unproven
    # Printed, a pound sign opens no reference.
    assert "engagement_number" not in found(*placed)
