from dataclasses import replace

from ingest.contract import FieldName, Method
from ingest.extractors import extract_all
from ingest.extractors.base import Doc
from ingest.resolve import _spaced_as, resolve
from ingest.text import Page, Word
from tests.ingest.extractors.pages import boxed, doc_of, read_as, words_at


def names(*placed, method=Method.TEXT):
    out = resolve(extract_all(doc_of(*placed, method=method)))
    return {
        name.value: f.value
        for name, f in out.fields.items()
        if name.value in ("supplier_name", "buyer_name")
    }


def supplier_of(placed, method=Method.OCR):
    """The supplier's name read from ``(x, top, text, size)`` lines on one page."""
    words = [w for x, top, text, size in placed for w in words_at(x, top, text, size)]
    doc = Doc.from_pages([Page(1, 595.0, 842.0, tuple(words), method)])
    return resolve(extract_all(doc)).value(FieldName.SUPPLIER_NAME)


def test_the_public_body_under_a_client_label_beats_the_department_to_attend_to():
    got = names(
        (40, 40, "La Poste"),
        (40, 120, "À l'attention de : Direction du patrimoine"),
        (40, 134, "Client : Conseil départemental de l'Isère"),
    )
    assert got["buyer_name"] == "Conseil départemental de l'Isère"


def test_a_buyer_label_whose_a_ocr_read_as_a_4_still_labels_the_name():
    # seed 9031 #58: "Facturer à : Département de la Gironde" read "Facturer 4:".
    placed = [
        (20, 135, "Service exécutant: SERV-FIN"),
        (20, 151, "Facturer 4: Département de la Gironde"),
        (20, 160, "Service restauration"),
        (20, 168, "59 rue des Artisans"),
    ]
    got = names(*placed, method=Method.OCR)
    assert got["buyer_name"] == "Département de la Gironde"


def test_a_name_ocr_ran_into_the_next_cells_label_stops_before_it():
    got = names(
        (40, 120, "Client"),
        (100, 120, "Syndicat intercommunal des eaux de Paris Client SIRET"),
        (400, 120, "25570362102090"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Syndicat intercommunal des eaux de Paris"


def test_a_name_wrapped_before_a_word_in_lower_case_goes_on_the_next_line():
    for method in (Method.TEXT, Method.OCR):
        got = names(
            (40, 40, "Morel Fournitures"),
            (40, 120, "Destinataire de la facture : Centre hospitalier"),
            (187, 134, "universitaire de Dijon"),
            (40, 148, "Adresse : 34 avenue de l'Europe"),
            method=method,
        )
        assert got["buyer_name"] == "Centre hospitalier universitaire de Dijon"
    # OCR's specks under a name are no words of it.
    got = names(
        (40, 40, "Morel Fournitures"),
        (40, 120, "Client : Commune de Reims"),
        (120, 134, "pA"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Commune de Reims"


def test_an_l_apostrophe_read_as_a_capital_i_is_an_l_again():
    got = names(
        (40, 40, "Morel Fournitures"),
        (40, 120, "Client : Office public de I'habitat de La Rochelle"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Office public de l'habitat de La Rochelle"


def test_a_label_word_or_a_stray_mark_is_no_letterhead():
    # A table cell's label in a swollen box ("Numéro") and a mark OCR read as
    # "ut" stand taller than the name; neither is one.
    placed = [
        (40, 30, "FRANÇOIS FONTAINE", 9.6),
        (40, 60, "136 place de la Mairie - 14000 Caen", 6.2),
        (40, 100, "Numéro", 10.1),
        (200, 100, "60367", 6.2),
        (40, 140, "ut", 8.9),
        (40, 300, "Maintenance annuelle des ascenseurs du bâtiment", 6.2),
        (40, 314, "Déplacement du technicien", 6.2),
        (40, 328, "Pièces détachées diverses", 6.2),
    ]
    assert supplier_of(placed) == "FRANÇOIS FONTAINE"


def test_an_ocr_letterhead_is_the_first_big_line_not_the_tallest_box():
    # OCR boxes grow with accents, descenders and specks: the buyer's line
    # "Centre hospitalier universitaire" and an item's "façade" came out taller
    # than the supplier's name, which still stands first and above the body.
    placed = [
        (40, 30, "FACTURE", 11.0),
        (330, 74, "Hélène Faure - Sécurité", 7.4),
        (330, 89, "56 rue de l'Industrie", 6.2),
        (52, 93, "Centre hospitalier", 8.2),
        (330, 102, "84000 Avignon", 6.2),
        (52, 107, "universitaire de Lille", 7.9),
        (40, 300, "Reprise de maçonnerie façade", 8.0),
        (40, 314, "Déplacement du technicien", 6.2),
        (40, 328, "Pièces détachées diverses", 6.2),
        (40, 342, "Carrelage grès cérame", 6.2),
        (40, 356, "Isolation thermique des combles", 6.2),
        (40, 370, "Remplacement des menuiseries", 6.2),
    ]
    assert supplier_of(placed) == "Hélène Faure - Sécurité"
    # A text layer's heights are the fonts' own: there the biggest line is taken.
    assert supplier_of(placed, Method.TEXT) != "Hélène Faure - Sécurité"


def test_a_split_title_or_a_received_stamp_is_no_letterhead():
    # OCR split the title "FACTURE" in two, and read a "REÇU LE 6 JUIN 2025"
    # stamp at the top: both stand taller than the name.
    for mark in ("F ACTURE", "6 REÇU JUIN 2025"):
        placed = [
            (40, 48, "Thomas Fontaine", 7.0),
            (400, 50, mark, 12.0),
            (40, 62, "61 allée des Tilleuls", 5.0),
            (40, 72, "64000 Pau", 5.0),
            (40, 300, "Maintenance annuelle des ascenseurs du bâtiment", 5.0),
            (40, 314, "Déplacement du technicien", 5.0),
            (40, 328, "Pièces détachées diverses", 5.0),
        ]
        assert supplier_of(placed) == "Thomas Fontaine", mark


def test_the_legal_form_that_ends_the_clause_before_the_capital_is_not_the_name():
    got = names(
        (112, 806, "Ets Faure et Fils SARL au capital de 420000 € + RCS La Rochelle B"),
        method=Method.OCR,
    )
    assert got["supplier_name"] == "Ets Faure et Fils"


def test_the_name_in_the_cell_before_a_legal_form_and_its_capital():
    # A scan's footer falls into cells: "Informatique du Rhône" | "SA au capital…".
    got = names(
        (73, 530, "Informatique du Rhône"),
        (200, 530, "SA au capital de 10,000 € + RCS Marseille B 621 822 188"),
        method=Method.OCR,
    )
    assert got["supplier_name"] == "Informatique du Rhône"


def test_a_sole_traders_name_comes_before_the_entrepreneur_individuel_mention():
    # A sole trader has no capital; the law has the mention follow the name, and
    # a trade name keeps its dash.
    for method in (Method.TEXT, Method.OCR):
        got = names(
            (40, 300, "Cocktail de fin d'année forfait 1 1 962,31"),
            (
                340,
                800,
                "Karim Barbier - Sécurité - Entrepreneur individuel - APE 8130Z",
            ),
            method=method,
        )
        assert got["supplier_name"] == "Karim Barbier - Sécurité", method


def test_a_sole_traders_name_in_the_cell_before_the_mention_when_it_is_alone():
    # A scan's footer falls into cells: the name is the cell before the mention.
    got = names(
        (109, 794, "Karim Morel - Chauffage"),
        (240, 794, "Entrepreneur individuel"),
        (380, 794, "N° SIRET 647 372 150 01074"),
        method=Method.OCR,
    )
    assert got["supplier_name"] == "Karim Morel - Chauffage"
    # OCR lost the separators: the name's start is unknown, and nothing is said.
    got = names(
        (114, 798, "Karim Morel"),
        (190, 798, "Chauffage"),
        (255, 798, "Entrepreneur individuel"),
        method=Method.OCR,
    )
    assert "supplier_name" not in got


def test_an_item_under_the_table_header_is_no_letterhead():
    # The supplier's block stands on the last page: on page one, an item's tall
    # OCR box ("forfait") is no letterhead.
    placed = [
        (44, 41, "FACTURE D'AVOIR", 12.0),
        (44, 67, "Date commande : 21 septembre 2025", 6.4),
        (48, 85, "Article Prestation U. Quantité facturée Prix HT TVA", 6.7),
        (48, 100, "Boissons non alcoolisées lot 2 -133,90", 6.7),
        (48, 128, "forfait", 8.5),
        (48, 142, "Service en salle h 1 -35,66", 6.7),
        (48, 156, "Repas servis au restaurant scolaire", 6.7),
    ]
    assert supplier_of(placed) is None


def test_a_footers_name_that_ocr_starts_in_lower_case_yields_to_the_letterhead():
    placed = [
        (40, 40, "Restauration du Lac", 8.0),
        (40, 60, "12 rue des Lilas", 6.0),
        (40, 72, "69001 Lyon", 6.0),
        (40, 300, "Repas servis au restaurant scolaire", 6.0),
        (40, 314, "Boissons non alcoolisées", 6.0),
        (40, 328, "Service en salle", 6.0),
        (60, 800, "testauration du Lac - SARL au capital de 8 000 €", 5.0),
    ]
    assert supplier_of(placed) == "Restauration du Lac"


def test_a_name_ocr_ran_into_the_next_label_adresse_stops_before_it():
    got = names(
        (44, 109, "Client"),
        (147, 109, "Centre hospitalier de Strasbourg Adresse"),
        (405, 109, "38 rue de l'Industrie, 67000 Strasbourg"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Centre hospitalier de Strasbourg"


def test_a_scans_letterhead_in_the_bodys_size_is_the_name_over_the_first_address():
    placed = [
        (38, 30, "Ets Brunet et Fils", 6.0),
        (354, 27, "FACTURE N° 2025/10/011", 10.3),
        (38, 44, "127 boulevard Victor Hugo", 5.4),
        (38, 55, "67000 Strasbourg", 5.6),
        (38, 66, "Tél. 03 99 99 31 76", 5.3),
        (83, 125, "Numéro : 2025/10/011", 5.3),
        (312, 125, "Destinataire", 5.3),
        (312, 136, "Département du Rhône", 5.5),
        (40, 300, "Maintenance annuelle des ascenseurs", 5.5),
        (40, 314, "Déplacement du technicien", 5.5),
    ]
    assert supplier_of(placed) == "Ets Brunet et Fils"
    # Over no address, a line in the body's size is no letterhead.
    tagline = (38, 44, "Spécialiste du bâtiment", 5.4)
    assert supplier_of([tagline if "boulevard" in p[2] else p for p in placed]) is None


def test_the_name_right_of_destinataire_de_la_facture_not_the_next_label_under_it():
    for method in (Method.TEXT, Method.OCR):
        got = names(
            (40, 40, "Groupe Brunet"),
            (300, 131, "DESTINATAIRE DE LA FACTURE"),
            (450, 131, "Ville de Nice"),
            (300, 142, "À l'attention de : Direction des systèmes d'information"),
            method=method,
        )
        assert got["buyer_name"] == "Ville de Nice", method


def test_a_mark_ocr_read_off_the_labels_accent_is_no_part_of_the_name():
    # seed 9099 #53: "ADRESSE À" read "ADRESSE A>", its ">" read into the name,
    # which then was no public body's and lost to "À l'attention de : …".
    read = [
        ("ADRESSE", 326.2, 132.7, 367.0, 139.0, 0.96), ("A>", 370.0, 132.7, 381.0, 139.0, 0.60),
        ("Université", 388.1, 132.2, 429.0, 139.4, 0.96), ("de", 432.0, 132.7, 441.0, 139.0, 0.96),
        ("Bordeaux", 444.0, 132.7, 483.4, 139.4, 0.96),
        ("À", 319.0, 146.2, 325.0, 154.8, 0.96), ("l'attention", 329.0, 146.2, 365.0, 154.8, 0.93),
        ("de", 368.0, 146.2, 376.0, 154.8, 0.93), (":", 380.0, 146.2, 381.0, 154.8, 0.93),
        ("Direction", 388.3, 145.7, 423.0, 154.8, 0.96), ("des", 426.0, 145.7, 438.0, 154.8, 0.96),
        ("systèmes", 441.0, 145.7, 475.0, 154.8, 0.95),
        ("d'information", 478.0, 145.7, 529.0, 154.8, 0.96),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.BUYER_NAME) == "Université de Bordeaux"


def test_a_labelled_ocr_name_in_lower_case_yields_to_the_public_body():
    # "Client" read twice: "Client lient", and the buyer's name on a line below.
    got = names(
        (547, 82, "Client lient"),
        (300, 93, "Commune de Strasbourg"),
        (300, 106, "Service restauration"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Commune de Strasbourg"


def test_a_wrapped_name_goes_on_past_a_speck_on_the_line_between():
    got = names(
        (73, 109, "Client"),
        (73, 116, "Communauté de communes du"),
        (81, 124, "P"),
        (73, 132, "Littoral"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Communauté de communes du Littoral"


def test_the_name_two_cells_before_the_capital_when_the_form_has_its_own_cell():
    # "Conseil du Littoral" | "SASU au" | "capital de 420 000 €": the "au" of
    # "au capital" stayed with the legal form.
    got = names(
        (139, 560, "Conseil du Littoral"),
        (250, 560, "SASU au"),
        (300, 560, "capital de 420 000 € RCS Poitiers B 569 763 816"),
        method=Method.OCR,
    )
    assert got["supplier_name"] == "Conseil du Littoral"


def test_a_sender_block_under_the_items_is_named_by_the_footer_that_repeats_it():
    # The items open the page; the sender's block comes after them, where no
    # letterhead is looked for, and the footer (no capital, no legal form) opens
    # with the same name.
    block = [
        (78, 56, "AVOIR N° FAC-006918 Date d'établissement : 4 mai 2026"),
        (78, 97, "Réf. Description Un. Quantité PU HT Total HT"),
        (78, 111, "C7747 Ouvrages pour la médiathèque u 1 - 43,08 € - 43,08 €"),
        (74, 214, "Martin Services"),
        (75, 228, "96 rue du Général de Gaulle"),
        (75, 238, "25000 Besançon"),
        (300, 214, "Destinataire de la facture"),
        (300, 228, "Département de la Gironde"),
    ]
    footer = (100, 760, "Martin Services RCS Besançon B 958 303 299 APE 8130Z")
    assert (
        names(*block, footer, method=Method.OCR)["supplier_name"] == "Martin Services"
    )
    # Without the footer's word for it, a block past the letterhead's place is
    # anybody's.
    assert "supplier_name" not in names(*block, method=Method.OCR)
    # seed 9069 #22: the scanned footer's small print lost a letter of the name
    # ("Martin Service SARL …"), which then came out as the supplier's.
    lost = (100, 760, "Martin Service SARL au capital de 10 000 € RCS Besançon")
    got = names(*block, lost, method=Method.OCR)
    assert got["supplier_name"] == "Martin Services"
    # In a text layer, what is printed is no misreading: the footer names
    # another company than the block.
    assert names(*block, lost).get("supplier_name") != "Martin Services"


def test_an_address_line_ocr_cut_to_its_zone_is_no_part_of_the_name():
    # "27 parc d'activités du Moulin": OCR set the number and "parc" apart, and
    # what is left starts in lower case, as a name's wrapped line does.
    got = names(
        (346, 52, "Adresse de facturation"),
        (346, 64, "Centre hospitalier universitaire de Paris"),
        (360, 76, "d'activités du Moulin"),
        (346, 87, "75011 Paris"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Centre hospitalier universitaire de Paris"


def test_a_client_label_read_poorly_beats_the_department_to_attend_to():
    # OCR read "Ministère" 0.65 sure; "Service achats" under "À l'attention de"
    # read well is a department, not the buyer.
    doc = read_as(
        doc_of(
            (81, 146, "Destinataire : Ministère de l'Intérieur"),
            (70, 157, "À l'attention de : Service achats"),
            (93, 168, "Adresse : 43 allée des Tilleuls"),
            method=Method.OCR,
        ),
        {"Ministère": 0.65},
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_NAME) == "Ministère de l'Intérieur"
    # Alone, "À l'attention de" is the buyer's label.
    got = names(
        (40, 40, "Institut Fournier Formation"),
        (40, 120, "À l'attention de :"),
        (40, 134, "Cabinet Mercier & Associés"),
        (40, 148, "156 rue Pasteur"),
    )
    assert got["buyer_name"] == "Cabinet Mercier & Associés"


# A letterhead in 16 pt and a footer in 7 pt that OCR read a letter apart.
BERNARD = [
    (40, 30, "Groupe Bernard", 16),
    (40, 52, "12 rue des Lilas 69003 Lyon", 9),
    (40, 780, "Groupe Bemard - SARL au capital de 10 000 € - RCS Lyon", 7),
]


def test_a_name_read_a_letter_apart_in_two_places_takes_the_surer_spelling():
    # The footer's small print read "Groupe Bemard", less surely than the
    # letterhead read "Groupe Bernard": the footer's name, the letterhead's spelling.
    words = [w for x, top, text, size in BERNARD for w in words_at(x, top, text, size)]
    words = [replace(w, confidence=0.9 if w.text == "Bemard" else 0.96) for w in words]
    doc = Doc.from_pages([Page(1, 595.0, 842.0, tuple(words), Method.OCR)])
    assert resolve(extract_all(doc)).value(FieldName.SUPPLIER_NAME) == "Groupe Bernard"
    # Two names, not two spellings: the choice stands.
    words = [replace(w, text="Dubois") if w.text == "Bemard" else w for w in words]
    doc = Doc.from_pages([Page(1, 595.0, 842.0, tuple(words), Method.OCR)])
    assert resolve(extract_all(doc)).value(FieldName.SUPPLIER_NAME) == "Groupe Dubois"


def test_a_name_read_a_letter_apart_takes_the_larger_prints_spelling():
    # seed 9106 #20: the footer's 5 pt print read "Garniet & Associés" at 0.91,
    # the letterhead's 13 pt "Garnier & Associés" at 0.89: small print is
    # misread surely, so the larger print's spelling wins when nearly as sure.
    words = [w for x, top, text, size in BERNARD for w in words_at(x, top, text, size)]

    def read(bernard: float) -> str:
        sure = {"Bemard": 0.91, "Bernard": bernard}
        doc = Doc.from_pages(
            [
                Page(
                    1, 595.0, 842.0,
                    tuple(replace(w, confidence=sure.get(w.text, 0.96)) for w in words),
                    Method.OCR,
                )
            ]
        )  # fmt: skip
        return resolve(extract_all(doc)).value(FieldName.SUPPLIER_NAME)

    assert read(0.89) == "Groupe Bernard"
    assert read(0.80) == "Groupe Bemard"  # much less sure: the surer spelling


def test_a_spelling_two_places_agree_on_is_not_moved_by_a_surer_third():
    # seed 9092 #54: two pages' footers, one read "Gamier Informatique" at 0.86,
    # the other "Garnier Informatique" at 0.85, and the letterhead "GARNIER
    # INFORMATIQUE": two places agree, the one a letter apart is a misreading.
    placed = [
        (68, 58, "GARNIER INFORMATIQUE", 12),
        (68, 80, "12 rue des Lilas 69003 Lyon", 9),
        (115, 773, "Garnier Informatique - SAS au capital de 10 000 €", 6),
    ]
    first = [w for x, top, text, size in placed for w in words_at(x, top, text, size)]
    second = [
        replace(w, text="Gamier", confidence=0.86) if w.text == "Garnier" else w
        for w in words_at(120, 776, placed[2][2], 6)
    ]
    first = [replace(w, confidence=0.85 if w.text == "Garnier" else 0.9) for w in first]
    doc = Doc.from_pages(
        [
            Page(1, 595.0, 842.0, tuple(first), Method.OCR),
            Page(2, 595.0, 842.0, tuple(second), Method.OCR),
        ]
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.SUPPLIER_NAME) == "Garnier Informatique"


def test_a_footers_first_cell_cut_off_the_capitals_name_is_its_first_words():
    # seed 9093 #39: a light monospace footer, "Mercier" boxed short of its last
    # r, 9 pt from "Électricité SNC au capital …": two cells, and the name
    # before the capital came out "Électricité".
    letterhead = [
        ("Mercier", 49.4, 42.0, 93.4, 49.4, 0.95),
        ("Électricité", 100.1, 40.8, 169.0, 49.4, 0.95),
        ("80", 50.4, 56.9, 58.8, 62.4, 0.95), ("allée", 64.8, 56.6, 89.3, 62.4, 0.95),
        ("des", 95.3, 56.9, 109.7, 62.4, 0.96), ("Tilleuls", 115.9, 56.6, 156.0, 62.4, 0.96),
    ]  # fmt: skip
    footer = [
        ("Mercier", 55.9, 771.6, 78.2, 775.2, 0.96),
        ("Électricité", 87.4, 771.6, 127.4, 775.2, 0.96),
        ("SNC", 141.8, 771.6, 152.4, 775.2, 0.96), ("au", 157.4, 772.6, 164.2, 775.2, 0.95),
        ("capital", 169.2, 771.1, 194.9, 776.2, 0.96), ("de", 200.2, 771.4, 207.1, 775.2, 0.95),
        ("1", 212.6, 771.1, 213.8, 775.2, 0.95), ("000", 220.3, 771.4, 230.2, 775.2, 0.94),
        ("€", 235.2, 771.6, 238.8, 775.0, 0.94), ("RCS", 251.0, 771.4, 261.6, 775.2, 0.95),
    ]  # fmt: skip
    cands = [
        c
        for c in extract_all(boxed(*letterhead, *footer))
        if c.field is FieldName.SUPPLIER_NAME and "capital" in c.evidence
    ]
    assert [c.value for c in cands] == ["Mercier Électricité"]
    out = resolve(extract_all(boxed(*letterhead, *footer)))
    assert out.value(FieldName.SUPPLIER_NAME) == "Mercier Électricité"
    # Read at 0, the joined name is worth nothing (and no division by its reading).
    unread = [footer[0], ("Électricité", 87.4, 771.6, 127.4, 775.2, 0.0), *footer[2:]]
    cands = [
        c
        for c in extract_all(boxed(*letterhead, *unread))
        if c.field is FieldName.SUPPLIER_NAME and "capital" in c.evidence
    ]
    assert [(c.value, c.confidence) for c in cands] == [("Mercier Électricité", 0.0)]
    # A cell of figures, a legal form, or one that does not open its line, is no
    # part of the name.
    for before in (
        [
            ("RCS", 55.9, 771.6, 66.0, 775.2, 0.96),
            ("Lyon", 70.0, 771.6, 78.2, 775.2, 0.96),
        ],
        [("SARL", 55.9, 771.6, 78.2, 775.2, 0.96)],
        [("12345", 55.9, 771.6, 78.2, 775.2, 0.96)],
        [("Page", 20.0, 771.6, 35.0, 775.2, 0.96), footer[0]],
    ):
        read = [*letterhead, *before, *footer[1:]]
        cands = [
            c
            for c in extract_all(boxed(*read))
            if c.field is FieldName.SUPPLIER_NAME and "capital" in c.evidence
        ]
        assert [c.value for c in cands] == ["Électricité"], before


def test_a_name_whose_word_ocr_cut_in_two_takes_the_whole_spelling():
    # seed 9040 #58: the footer's small print read "Chauf fage du Val de Loire".
    placed = [
        (42, 36, "Chauffage du Val de Loire", 13),
        (42, 60, "4 rue de la Gare 44000 Nantes", 8),
        (42, 789, "Chauf fage du Val de Loire EURL au capital de 150.000 €", 4),
    ]
    doc = read_as(doc_of(*placed, method=Method.OCR), {"Chauf": 0.9, "fage": 0.9})
    assert resolve(extract_all(doc)).value(FieldName.SUPPLIER_NAME) == (
        "Chauffage du Val de Loire"
    )


def test_a_grid_labels_name_is_in_its_row_not_under_the_next_label():
    # seed 9049 #57: "Maître d'ouvrage" | "CCAS de Brest" over "Service" |
    # "Direction du patrimoine", the values right-aligned: the service's value
    # reaches under the label, and is not the buyer's name.
    placed = [
        (67, 174, "Maître d'ouvrage"),
        (211, 174, "CCAS de Brest"),
        (67, 188, "Service"),
        (140, 188, "Direction du patrimoine"),
    ]
    for method in (Method.TEXT, Method.OCR):
        assert names(*placed, method=method)["buyer_name"] == "CCAS de Brest"
    # A heading with its name under it, nothing beside, keeps the name below.
    got = names((67, 174, "Maître d'ouvrage"), (67, 188, "Ville de Brest"))
    assert got["buyer_name"] == "Ville de Brest"


def test_a_mail_whose_at_sign_ocr_misread_is_no_name():
    # seed 9021: "facturation@bernard.fr" read "facturation 2 bernard.fr": the
    # "facturation" of a mail is no buyer's label, its domain no name.
    got = names(
        (33, 38, "Signalétique Toulouse"),
        (33, 97, "facturation 2 bernard.fr"),
        (301, 149, "Communauté de communes du Val de"),
        (301, 164, "Loire"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Communauté de communes du Val de Loire"


def test_another_references_label_under_the_buyers_label_is_no_name():
    # seed 70: under "Adresse de facturation" OCR lost the name's line but for
    # garbage; the next text down its column is a label.
    got = names(
        (540, 70, "Adresse de facturation"),
        (540, 90, "Engagement juridique"),
        (660, 90, ": BC-2025-8169"),
        (321, 81, "Université de Nice"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Université de Nice"


def test_the_end_of_a_wrapped_buyers_name_is_no_letterhead():
    # seed 9017: "Centre hospitalier universitaire de" / "Paris" beside the sender's
    # block, "Paris" boxed taller than the body by OCR.
    doc = doc_of(
        (39, 64, "Ets Faure et Fils"),
        (300, 64, "Centre hospitalier universitaire de"),
        (39, 78, "20 rue de l'Industrie"),
        (39, 90, "69100 Villeurbanne"),
        (300, 90, "Direction des systèmes d'information"),
        (39, 102, "Tél. 04 97 80 44 88"),
        (39, 127, "compta@faure.fr"),
        method=Method.OCR,
    )
    page = doc.pages[0]
    tall = Word("Paris", 300, 75.0, 325, 85.0, 0.95)  # 10 pt where the body is 7
    doc = Doc.from_pages([replace(page, words=(*page.words, tall))])
    out = resolve(extract_all(doc))
    assert out.value(FieldName.SUPPLIER_NAME) == "Ets Faure et Fils"
    assert (
        out.value(FieldName.BUYER_NAME) == "Centre hospitalier universitaire de Paris"
    )


def test_a_point_of_the_compass_alone_on_the_next_line_ends_the_name():
    # seeds 61, 9015, 9023: "Communauté de communes du Grand" / "Est".
    for method in (Method.TEXT, Method.OCR):
        got = names(
            (331, 68, "Communauté de communes du Grand"),
            (331, 80, "Est"),
            (331, 92, "Direction des systèmes d'information"),
            method=method,
        )
        assert got["buyer_name"] == "Communauté de communes du Grand Est", method
    # A service on the next line is not the name's.
    got = names(
        (331, 68, "Communauté de communes du Grand Est"),
        (331, 80, "Finances"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Communauté de communes du Grand Est"


def test_a_footer_name_ocr_cut_inside_a_word_gives_way_to_the_whole_one():
    # seed 9026: the footer's "Blanchard & Associés" read "Bla" before "SASU au
    # capital", the letterhead whole; in another, "Ro eau & À" | "ciés" | "EURL
    # au capital", beside "Rousseau & Associés" over the address.
    letterhead = [
        (52, 42, "BLANCHARD & ASSOCIÉS", 14),
        (52, 64, "23 route de Paris", 9),
    ]
    for footer in ("Bla SASU au capital de 7,500 €", "ciés SASU au capital de 7,500 €"):
        placed = [*letterhead, (62, 784, footer, 6)]
        assert supplier_of(placed) == "BLANCHARD & ASSOCIÉS", footer
    # Cut between words, the shorter name is another reading, not a piece.
    placed = [*letterhead, (62, 784, "Blanchard SASU au capital de 7,500 €", 6)]
    assert supplier_of(placed) == "Blanchard"


def test_a_footer_name_ocr_kept_the_last_words_of_after_a_mark_gives_way():
    # seed 9047 #31: the footer's "Signalétique du Rhône" read "1 Rhône", the 1 a
    # speck, before "SAS au capital".
    letterhead = [
        (39, 30, "Signalétique du Rhône", 9),
        (39, 45, "61 route de Paris", 6),
    ]
    placed = [*letterhead, (122, 787, "1 Rhône SAS au capital de 420,000 €", 4)]
    assert supplier_of(placed) == "Signalétique du Rhône"
    # Without the mark, the shorter name is another reading, not a piece.
    placed = [*letterhead, (122, 787, "Rhône SAS au capital de 420,000 €", 4)]
    assert supplier_of(placed) == "Rhône"


def test_a_buyers_name_wrapped_over_three_lines_is_read_whole():
    # seed 9026: "DESTINATAIRE DE LA FACTURE : Communauté de" / "communes du
    # Grand" / "Est"; the name ends with the point of the compass, and the word
    # a speck under it read as ("acti", seed 9025) is no part of it.
    placed = [
        (67, 147, "DESTINATAIRE DE LA FACTURE : Communauté de"),
        (178, 160, "communes du Grand"),
        (178, 172, "Est"),
        (178, 185, "acti"),
    ]
    for method in (Method.TEXT, Method.OCR):
        got = names(*placed, method=method)
        assert got["buyer_name"] == "Communauté de communes du Grand Est"


def test_the_au_of_au_capital_ocr_read_a_is_no_part_of_the_name():
    # seed 9027: "Ets Chevalier et Fils - SASU au capital de …" read "SASU a".
    got = names(
        (99, 781, "Ets Chevalier et Fils - SASU a capital de 150.000 € « RCS Angers"),
        method=Method.OCR,
    )
    assert got["supplier_name"] == "Ets Chevalier et Fils"


def test_the_label_of_the_clients_number_is_no_label_of_its_name():
    # seed 9029: "CLIENT N°:" | "C86692", and under it "VOTRE COMMANDE:" | "BC-…",
    # taken for the buyer's name; the name is beside "Client :" further down.
    placed = [
        (23, 127, "CLIENT N°:"),
        (270, 127, "C86692"),
        (23, 135, "VOTRE COMMANDE:"),
        (250, 135, "BC-2025-0504"),
        (23, 151, "Client: Ministère de la Culture"),
    ]
    sureness = dict.fromkeys(["Ministère", "de", "la", "Culture"], 0.75)
    doc = read_as(doc_of(*placed, method=Method.OCR), sureness)
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_NAME) == "Ministère de la Culture"


def test_an_item_tables_heads_under_a_client_label_are_no_name():
    # seed 9029: "Client" | "ccas de Paris" (read at 0.71) in a grid, and two
    # rows under the label the item table's heads, where "Un." (unité) lies
    # under it: taken for the name at 0.63.
    placed = [
        (310, 114, "Client"),
        (409, 115, "ccas de Paris"),
        (67, 129, "Adresse"),
        (165, 129, "7 place de la Mairie, 75015 Paris"),
        (69, 155, "Article"),
        (112, 155, "Description"),
        (315, 155, "Un."),
        (352, 155, "Qté"),
        (380, 155, "Prix unitaire HT"),
    ]
    sureness = dict.fromkeys(["ccas", "de", "Paris"], 0.71)
    doc = read_as(doc_of(*placed, method=Method.OCR), sureness)
    out = resolve(extract_all(doc))
    assert out.value(FieldName.BUYER_NAME) == "ccas de Paris"
    # seed 9067 #12: "Client" | "Département du Rhône" over the heads "Réf.
    # Prestation Qté …"; the first item under them, "A4390 Cartouche toner
    # noir", the second row under the label, was taken for the name.
    placed = [
        (88, 144, "Client"),
        (182, 145, "Département du Rhône"),
        (321, 144, "Adresse"),
        (416, 144, "48 rue de la République, 13008 Marseille"),
        (89, 170, "Réf."),
        (123, 170, "Prestation"),
        (422, 170, "Qté"),
        (462, 170, "PU HT Total ligne"),
        (90, 182, "A4390 Cartouche toner noir"),
        (429, 182, "10"),
        (463, 182, "79,92"),
    ]
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.value(FieldName.BUYER_NAME) == "Département du Rhône"


def test_a_public_bodys_kind_in_small_letters_goes_on_a_wrapped_line():
    # seed 9036 #39: the buyer's block had no label read; a section's subtotal
    # "Sous-total HT Hôtel de" / "ville" wrapped, and "ville" was taken for the
    # buyer over "CCAS de Montpellier".
    placed = (
        (51, 39, "ZGT Électricité"),
        (323, 42, "FACTURE N° F2607-8411"),
        (347, 86, "CCAS de Montpellier"),
        (347, 102, "Direction des finances"),
        (348, 116, "11 impasse des Forges"),
        (347, 129, "34000 Montpellier"),
        (215, 311, "Sous-total HT Hôtel de"),
        (499, 311, "31 797,85 €"),
        (215, 324, "ville"),
    )
    doc = read_as(doc_of(*placed, method=Method.OCR), {"CCAS": 0.9})
    out = resolve(extract_all(doc))
    assert out.fields[FieldName.BUYER_NAME].value == "CCAS de Montpellier"


def test_a_name_runs_on_into_the_next_cells_label_in_brackets():
    # seed 9039 #22: "Office public de l'habitat de Saint-Denis (SIRET" in one
    # cell, the SIRET's digits in the next.
    got = names(
        (37, 29, "ETS FAURE ET FILS"),
        (39, 115, "Client"),
        (145, 116, "Office public de l'habitat de Saint-Denis (SIRET"),
        (409, 116, "27566567702468)"),
        (38, 129, "Adresse"),
        (145, 131, "55 rue de l'Industrie, 97400 Saint-Denis"),
        method=Method.OCR,
    )
    assert got["buyer_name"] == "Office public de l'habitat de Saint-Denis"


def test_a_legal_form_with_ocrs_leftovers_is_no_name_before_the_capital():
    # seed 9042 #8: the footer "Chevalier Plomberie - SCOP au capital de 7500 €"
    # read "Chevalier Piomberie - SCOP 1 au capital…": the name is the clause
    # before the form, spelt as the letterhead spells it.
    placed = [
        (84, 70, "Chevalier Plomberie", 11),
        (84, 84, "24 place de la Mairie", 8),
        (191, 784, "Chevalier Piomberie - SCOP 1 au capital de 7500 € | RCS", 6),
    ]
    doc = read_as(doc_of(*placed, method=Method.OCR), {"Piomberie": 0.89}, 0.94)
    assert resolve(extract_all(doc)).value(FieldName.SUPPLIER_NAME) == (
        "Chevalier Plomberie"
    )


def test_two_letters_left_of_a_footers_name_are_no_name():
    # seed 9042 #20: "Bâtiment du Littoral - EURL au capital de 37 000 €" read
    # "Bâtiment : | RL au capital…": the letterhead names the supplier.
    placed = [
        (89, 8, "Bâtiment du Littoral", 9),
        (88, 22, "106 parc d'activités du Moulin", 6),
        (20, 813, "Bâtiment :", 6),
        (105, 813, "RL au capital de 37 000 € - RCS Rennes B 741 217", 6),
    ]
    assert supplier_of(placed) == "Bâtiment du Littoral"


def test_a_word_ocr_read_unsurely_in_small_letters_does_not_carry_the_name_on():
    # seed 9052 #12: "Services techniques" under "Lycée Jean Moulin", its S read
    # small at 0.00 ("scrvices"), was taken for the name's next line.
    read = [
        ("Client", 41.5, 70.8, 57.8, 75.4, 0.96),
        ("Lycée", 41.8, 79.0, 65.8, 88.1, 0.96),
        ("Jean", 68.6, 79.2, 88.3, 86.4, 0.96),
        ("Moulin", 91.4, 79.2, 122.2, 86.2, 0.96),
        ("scrvices", 41.5, 93.1, 57.4, 98.9, 0.00),
        ("techniques", 70.8, 93.1, 104.4, 100.6, 0.96),
        ("36", 41.8, 103.9, 49.0, 109.7, 0.96),
        ("avenue", 51.4, 105.6, 73.4, 109.4, 0.96),
        ("de", 75.8, 103.9, 82.8, 109.4, 0.96),
        ("l'Europe", 85.9, 103.9, 111.8, 111.1, 0.96),
        ("38000", 41.8, 114.7, 61.2, 120.2, 0.96),
        ("Grenoble", 63.6, 114.7, 92.9, 120.2, 0.96),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.BUYER_NAME) == "Lycée Jean Moulin"
    # Read surely, a word in small letters goes on the name's phrase.
    sure = [(*w[:5], 0.9) if w[0] == "scrvices" else w for w in read]
    out = resolve(extract_all(boxed(*sure)))
    assert out.value(FieldName.BUYER_NAME) == "Lycée Jean Moulin scrvices"


def test_a_joining_word_ocr_read_unsurely_does_not_carry_the_name_on():
    # seed 9100 #24: "Direction des systèmes d'information" under "Région
    # Occitanie" read "et" (0.35) "systèmes" ";d'inf": "et" opens no name's
    # next line when read so unsurely.
    read = [
        ("ADRESSE", 334.0, 44.4, 364.0, 49.0, 0.95), ("À", 367.0, 44.4, 371.0, 49.0, 0.96),
        ("Région", 334.0, 52.6, 363.0, 60.0, 0.93), ("Occitanie", 366.0, 52.6, 407.0, 60.0, 0.90),
        ("et", 334.0, 66.7, 376.0, 72.0, 0.35), ("systèmes", 379.0, 66.7, 407.0, 72.0, 0.96),
        (";d'inf", 406.0, 66.7, 424.0, 72.0, 0.46),
        ("20", 334.0, 77.6, 342.0, 83.0, 0.94), ("ZA", 343.0, 77.6, 354.0, 83.0, 0.94),
        ("des", 356.0, 77.6, 367.0, 83.0, 0.93), ("Écorces", 369.0, 77.6, 394.0, 83.0, 0.93),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.BUYER_NAME) == "Région Occitanie"
    # Read surely, "et …" goes on the name ("Région Occitanie" / "et Pyrénées").
    sure = [(*w[:5], 0.9) if w[0] == "et" else w for w in read]
    out = resolve(extract_all(boxed(*sure)))
    assert out.value(FieldName.BUYER_NAME) != "Région Occitanie"


def test_a_label_read_on_a_doubtful_word_names_the_buyer_less_surely():
    # seed 9066 #5: the title "FACTURE / INVOICE" read "FACTURE À IN VOICE",
    # its "/" an "À" at 0.35: "IN VOICE" after a "Facture à" label outdid the
    # name under "Client / Customer".
    read = [
        ("FACTURE", 379.7, 37.4, 461.0, 49.7, 0.95), ("À", 465.8, 37.4, 470.6, 49.7, 0.35),
        ("IN", 475.2, 37.7, 493.2, 49.4, 0.95), ("VOICE", 493.9, 37.4, 548.9, 49.7, 0.96),
        ("Plomberie", 50.2, 41.8, 93.4, 49.2, 0.96),
        ("Fort-de-France", 96.5, 42.0, 161.8, 49.2, 0.96),
        ("Client", 50.2, 180.2, 69.1, 185.5, 0.92), ("/", 71.3, 180.2, 73.2, 185.3, 0.92),
        ("Customer", 75.4, 180.2, 106.8, 185.5, 0.95),
        ("Centre", 50.2, 189.1, 79.0, 196.3, 0.96),
        ("hospitalier", 81.8, 189.1, 127.0, 198.2, 0.95),
        ("de", 129.6, 189.1, 139.4, 196.3, 0.96), ("Bordeaux", 142.3, 189.1, 183.8, 196.3, 0.96),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.BUYER_NAME) == "Centre hospitalier de Bordeaux"


def test_a_scanned_departements_name_ocr_misread_is_mended_from_the_list():
    # seed 9076 #57: "Département du Rhône" under "Client" read "Rhéne" at 0.88.
    placed = ((40, 40, "La Poste"), (340, 100, "Client :"))
    out = resolve(
        extract_all(
            doc_of(*placed, (340, 114, "Département du Rhéne"), method=Method.OCR)
        )
    )
    buyer = out.fields[FieldName.BUYER_NAME]
    assert buyer.value == "Département du Rhône"
    assert buyer.confidence < 0.9
    # Printed, the name is what the invoice says; so is a département read whole.
    got = names(*placed, (340, 114, "Département du Rhéne"))
    assert got["buyer_name"] == "Département du Rhéne"
    got = names(*placed, (340, 114, "Département de la Gironde"), method=Method.OCR)
    assert got["buyer_name"] == "Département de la Gironde"
    # seed 9120 #25: its article "l'" read "1'" as well.
    isere = (312, 104, "Conseil départemental de 1'Isére")
    got = names(*placed[:1], isere, method=Method.OCR)
    assert got["buyer_name"] == "Conseil départemental de l'Isère"


def test_a_scanned_public_bodys_town_ocr_misread_is_mended_from_its_address():
    # seed 9081 #40: "… des eaux de" / "Metz" read "Motz" at 0.64, its address
    # "57000 Metz" read surely below; the supplier's "64000 Pau" beside.
    placed = (
        (75, 81, "Syndicat intercommunal des eaux de"),
        (75, 94, "Motz"),
        (344, 102, "64000 Pau"),
        (75, 122, "17 impasse des Forges"),
        (75, 134, "57000 Metz"),
    )
    doc = read_as(doc_of(*placed, method=Method.OCR), {"Motz": 0.64})
    buyer = resolve(extract_all(doc)).fields[FieldName.BUYER_NAME]
    assert buyer.value == "Syndicat intercommunal des eaux de Metz"
    assert buyer.confidence < 0.9
    # Read surely, the town is the name's own (Motz is a commune of Savoie);
    # with no town a letter away in the document, nothing is mended.
    sure = read_as(doc_of(*placed, method=Method.OCR), {})
    assert resolve(extract_all(sure)).value(FieldName.BUYER_NAME).endswith("de Motz")
    elsewhere = read_as(doc_of(*placed[:4], method=Method.OCR), {"Motz": 0.64})
    buyer = resolve(extract_all(elsewhere)).value(FieldName.BUYER_NAME)
    assert buyer.endswith("de Motz")


def test_a_scanned_public_bodys_town_misread_by_two_letters_and_a_colon_is_mended():
    # seed 9104 #14: "Client Syndicat intercommunal des eaux de Saint-Denis
    # Adresse 15 impasse des Forges, 93200 Saint-Denis" on one row, the first
    # "Saint-Denis" read "Saint-beni:" at 0.89 (its D a b, its s a colon).
    line = (
        "Client Syndicat intercommunal des eaux de Saint-beni: Adresse"
        " 15 impasse des Forges, 93200 Saint-Denis"
    )
    doc = read_as(doc_of((73, 161, line), method=Method.OCR), {"Saint-beni:": 0.89})
    buyer = resolve(extract_all(doc)).fields[FieldName.BUYER_NAME]
    assert buyer.value == "Syndicat intercommunal des eaux de Saint-Denis"
    assert buyer.confidence < 0.9


def test_a_scanned_public_bodys_kind_ocr_misread_is_mended():
    # seed 9081 #38: "Ministère de l'Intérieur" read "Ministers" at 0.27, in a
    # column far from its label.
    placed = ((40, 40, "Faure Sécurité"), (546, 99, "Ministers de l'Intérieur"))
    doc = read_as(doc_of(*placed, method=Method.OCR), {"Ministers": 0.27})
    buyer = resolve(extract_all(doc)).fields[FieldName.BUYER_NAME]
    assert buyer.value == "Ministère de l'Intérieur"
    assert buyer.confidence < 0.5
    # Read surely, or in a text layer, the word is as printed: no public body.
    sure = read_as(doc_of(*placed, method=Method.OCR), {})
    assert resolve(extract_all(sure)).value(FieldName.BUYER_NAME) is None
    assert names(*placed).get("buyer_name") is None
    # A word further from every kind is none of them.
    doc = doc_of((546, 99, "Minestrone de Paris"), method=Method.OCR)
    doc = read_as(doc, {"Minestrone": 0.2})
    assert resolve(extract_all(doc)).value(FieldName.BUYER_NAME) is None


def test_a_scanned_public_bodys_kind_cut_in_two_touching_words_is_one():
    # seed 9089 #25: "Département du Rhône" read "Départ" | "ement du Rhône", the
    # two pieces half a point apart.
    read = [
        ("La", 74.9, 93.0, 86.0, 100.0, 0.96), ("Poste", 89.0, 93.0, 116.0, 100.0, 0.96),
        ("Départ", 74.9, 111.8, 108.7, 122.4, 0.91), ("ement", 109.2, 112.8, 138.7, 120.2, 0.92),
        ("du", 142.1, 112.1, 153.8, 120.2, 0.96), ("Rhône", 157.7, 111.8, 189.4, 120.2, 0.96),
    ]  # fmt: skip
    buyer = resolve(extract_all(boxed(*read))).fields[FieldName.BUYER_NAME]
    assert buyer.value == "Département du Rhône"
    assert buyer.confidence < 0.9
    # A space's width apart, the two words are two.
    read[3] = ("ement", 112.2, 112.8, 141.7, 120.2, 0.92)
    assert resolve(extract_all(boxed(*read))).value(FieldName.BUYER_NAME) is None


def test_a_public_bodys_kind_alone_is_a_part_of_its_name_given_unsurely():
    # seed 9083 #42: "Syndicat intercommunal des eaux de Toulouse", its second
    # word lost to a scan's streak, a speck read as a colon after the first.
    placed = ((40, 192, "Maître d'ouvrage"), (172, 192, "Syndicat :"))
    out = resolve(extract_all(doc_of(*placed, method=Method.OCR)))
    assert out.fields[FieldName.BUYER_NAME].confidence < 0.5
    whole = ((40, 192, "Maître d'ouvrage"), (172, 192, "Syndicat des eaux de Toulouse"))
    out = resolve(extract_all(doc_of(*whole, method=Method.OCR)))
    assert out.fields[FieldName.BUYER_NAME].confidence > 0.5


def test_a_scanned_public_bodys_name_ends_with_no_period():
    # seed 9080 #54: a leader line's dot under "Université d'Amiens" read as a
    # period ending it.
    placed = ((40, 40, "La Poste"), (340, 100, "Client :"))
    got = names(*placed, (340, 114, "Université d'Amiens."), method=Method.OCR)
    assert got["buyer_name"] == "Université d'Amiens"
    # An abbreviation keeps its period; so does a printed name.
    got = names(*placed, (340, 114, "Université d'Amiens S.A."), method=Method.OCR)
    assert got["buyer_name"] == "Université d'Amiens S.A."
    got = names(*placed, (340, 114, "Université d'Amiens."))
    assert got["buyer_name"] == "Université d'Amiens."


def test_an_addressees_block_no_label_names_is_the_buyers_below_09():
    # Holdout 9160 #31: the sender's letterhead, tagline and address; at the
    # right, beside the invoice's references, "SCI Les Tilleuls" over its
    # address, no "Client" over it.
    placed = [
        (232, 41, "Azur Nettoyage", 17.0),
        (208, 62, "Nettoyage industriel et tertiaire - Multiservices"),
        (138, 76, "146 rue de la République, 26000 Valence - Tél. 03 92 97 03 83"),
        (52, 116, "Facture N° FAC26806"),
        (332, 119, "SCI Les Tilleuls"),
        (52, 131, "Date de facture 12 octobre 2026"),
        (332, 131, "142 rue de la République"),
        (332, 144, "Zone artisanale"),
        (332, 157, "35000 Rennes"),
        (326, 191, "N° SIRET : 991186339 00016"),
        (193, 805, "Azur Nettoyage - SARL au capital de 10 000 € - RCS Valence"),
    ]
    out = resolve(extract_all(doc_of(*placed)))
    assert out.value(FieldName.BUYER_NAME) == "SCI Les Tilleuls"
    assert out.confidence(FieldName.BUYER_NAME) < 0.9
    assert out.value(FieldName.SUPPLIER_NAME) == "Azur Nettoyage"
    # A label's buyer wins alone; two blocks left, or no supplier's name known
    # (the sender's block is one too), say nothing.
    labelled = [*placed, (332, 105, "Client :")]
    assert "buyer_name" not in {
        c.field.value
        for c in extract_all(doc_of(*labelled))
        if "address_block" in c.evidence
    }
    two = [*placed, (52, 240, "Atelier Martin"), (52, 253, "12 rue du Port")]
    assert FieldName.BUYER_NAME not in resolve(extract_all(doc_of(*two))).fields
    unknown = [p for p in placed if "Azur" not in p[2]]
    assert FieldName.BUYER_NAME not in resolve(extract_all(doc_of(*unknown))).fields
    # The items' table on page two, its head high on that page, bounds nothing
    # on page one.
    one = doc_of(*placed).pages[0]
    head = words_at(52, 60, "Désignation Quantité Prix unitaire HT Montant HT")
    two = Page(2, 595.0, 842.0, tuple(head), Method.TEXT)
    out = resolve(extract_all(Doc.from_pages([one, two])))
    assert out.value(FieldName.BUYER_NAME) == "SCI Les Tilleuls"
    # A buyer's label far to its right, set a little higher ("SIRET client : …",
    # holdout 9163 #34), is not over it.
    beside = [*placed, (440, 110, "SIRET client : 310677380 00043")]
    out = resolve(extract_all(doc_of(*beside, method=Method.OCR)))
    assert out.value(FieldName.BUYER_NAME) == "SCI Les Tilleuls"
    # Nor is a label OCR garbled over it a line of its block ("Client :" read
    # "Gient :", holdout 9163 #4).
    garbled = [*placed, (332, 107, "Gient :")]
    out = resolve(extract_all(doc_of(*garbled, method=Method.OCR)))
    assert out.value(FieldName.BUYER_NAME) == "SCI Les Tilleuls"


def test_a_letterheads_name_cut_by_its_letter_spacing_keeps_its_letters_whole():
    # holdout seed 9164 #39: the letterhead's letter-spaced "DATALIS" read
    # "DATALI S" at 0.87, the footer's "Datalis SA au capital …" at 0.92: the
    # larger print's spelling, its letters not cut.
    read = [
        ("DATALI", 49.0, 26.6, 120.0, 42.2, 0.89), ("S", 122.0, 26.6, 133.0, 42.2, 0.87),
        ("Datalis", 194.0, 803.0, 217.0, 808.1, 0.92), ("-", 220.0, 805.0, 222.0, 806.0, 0.92),
        ("SA", 226.0, 803.0, 234.0, 808.1, 0.96), ("au", 237.0, 803.0, 244.0, 808.1, 0.96),
        ("capital", 247.0, 803.0, 269.0, 808.1, 0.96), ("de", 272.0, 803.0, 280.0, 808.1, 0.95),
        ("50", 283.0, 803.0, 291.0, 808.1, 0.96), ("000", 294.0, 803.0, 306.0, 808.1, 0.96),
        ("€", 309.0, 803.0, 312.0, 808.1, 0.92),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.SUPPLIER_NAME) == "DATALIS"
    assert _spaced_as("DATALI S", "Datalis") == "DATALIS"
    assert _spaced_as("Chauffage", "Chauf fage") == "Chauf fage"
    assert _spaced_as("Garnier & Co", "Garnier&Co.") == "Garnier & Co"


def test_a_label_whose_last_word_ocr_boxed_on_its_colon_alone_still_heads_its_cell():
    # seed 9116 #3: "Facturé à : Commune de Lille", Tesseract's "à :" read "a:"
    # and boxed on the colon, a point wide, 12 pt after "Facturé": the label
    # was cut in two cells and the buyer lost.
    read = [
        ("Facturé", 329.3, 159.4, 358.1, 166.3, 0.92), ("a:", 370.1, 162.2, 371.0, 166.3, 0.91),
        ("Commune", 377.8, 159.4, 421.0, 166.3, 0.96), ("de", 424.3, 159.4, 434.4, 166.3, 0.96),
        ("Lille", 437.8, 159.4, 454.8, 166.3, 0.96),
    ]  # fmt: skip
    buyer = resolve(extract_all(boxed(*read))).fields[FieldName.BUYER_NAME]
    assert buyer.value == "Commune de Lille"
    # A word boxed as wide as its letters is where its box says: far apart, it
    # heads a cell of its own.
    read[1] = ("a:", 370.1, 162.2, 376.5, 166.3, 0.91)
    assert [s.text for s in boxed(*read).segments] == ["Facturé", "a: Commune de Lille"]
