from dataclasses import replace

from ingest.contract import FieldName, Method
from ingest.extractors import extract_all
from ingest.extractors.base import Doc
from ingest.resolve import resolve
from ingest.text import Page, Word
from tests.ingest.extractors.pages import boxed, doc_of

SUPPLIER = "73282932000074"  # SIREN 732829320, VAT FR44732829320
BUYER = "21690266800013"


def values(*placed, method=Method.TEXT):
    out = resolve(extract_all(doc_of(*placed, method=method)))
    return {name.value: f.value for name, f in out.fields.items()}, out


def test_supplier_and_buyer_sirets_are_told_apart_by_their_surroundings():
    found, _ = values(
        (40, 40, "Dupont Bâtiment SARL"),
        (40, 55, "SIRET : 732 829 320 00074"),
        (330, 120, "Client :"),
        (330, 134, "Mairie de Villeurbanne"),
        (330, 148, f"SIRET : {BUYER}"),
        (
            40,
            800,
            "SARL au capital de 10 000 € – RCS Lyon B 732 829 320 – TVA FR44 732829320",
        ),
    )
    assert found["supplier_siret"] == SUPPLIER
    assert found["supplier_siren"] == SUPPLIER[:9]
    assert found["buyer_siret"] == BUYER
    assert found["supplier_vat"] == "FR44732829320"


def test_an_invalid_siret_is_not_read():
    found, _ = values((40, 55, "SIRET : 732 829 320 00075"))
    assert "supplier_siret" not in found


def test_vat_number_of_another_company_is_kept_low_and_warned():
    found, out = values(
        (40, 55, f"SIRET {SUPPLIER}"),
        (40, 70, "TVA intracom. FR40303265045"),  # SIREN 303265045, not the SIRET's
    )
    assert found["supplier_vat"] == "FR40303265045"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    assert "vat_siren_mismatch" in [w.code for w in out.warnings]


def test_a_wrapped_footer_still_gives_the_siret():
    found, _ = values(
        (
            60,
            790,
            "Dupont SAS au capital de 37 000 € – RCS Lyon B 732 829 320 – SIRET 732 829 320",
        ),
        (60, 802, "00074 – TVA intracom. FR44 732829320"),
    )
    assert found["supplier_siret"] == SUPPLIER


def test_iban_and_bic_are_read_and_validated():
    found, out = values(
        (40, 700, "IBAN : FR76 3000 6000 0112 3456 7890 189   BIC : AGRIFRPP"),
    )
    assert found["supplier_iban"] == "FR7630006000011234567890189"
    assert found["supplier_bic"] == "AGRIFRPP"
    assert out.fields[FieldName.SUPPLIER_IBAN].confidence >= 0.9


def test_a_colon_set_apart_from_its_label_does_not_hide_the_value():
    # OCR often reads the colon of "BIC :" as a cell of its own.
    found, _ = values((40, 700, "BIC"), (70, 700, ":"), (90, 700, "PSSTFRPPLIL"))
    assert found["supplier_bic"] == "PSSTFRPPLIL"


def test_a_word_in_small_letters_after_a_bic_label_is_no_bic():
    # seed 9041 #3: "BIC" over a code OCR lost, then the items' "Ouvrages pour…"
    # ("OUVRAGES" has a BIC's shape: bank OUVR, country AG, place ES).
    found, _ = values(
        (73, 323, "Compte IBAN"),
        (73, 333, "FR7610907028036773373645557"),
        (73, 345, "BIC"),
        (228, 345, "Ouvrages pour la 22 u 44,60 20% 981,20"),
        method=Method.OCR,
    )
    assert found["supplier_iban"] == "FR7610907028036773373645557"
    assert "supplier_bic" not in found
    # A letter or two read small is still the code: "CCBPFRPPbDX".
    found, _ = values((73, 345, "BIC CCBPFRPPbDX"), method=Method.OCR)
    assert found["supplier_bic"] == "CCBPFRPPBDX"


def test_a_mark_ocr_read_under_a_siret_leaves_it_whole():
    # seed 9043 #48: the footer's "N° SIRET 596068494 08665" with a "." read at
    # 0.14 under the 5th digit, a flat box: taken with the digits before it, it
    # made their word end there, and the last five digits a cell apart.
    doc = boxed(
        ("RCS", 226.0, 795.1, 238.1, 799.7, 0.9),
        ("Bobigny", 241.0, 795.1, 264.1, 800.6, 0.93),
        ("|", 311.0, 795.1, 311.5, 799.7, 0.96),
        ("N°", 314.0, 795.1, 318.5, 799.5, 0.96),
        ("SIRET", 323.0, 795.1, 341.3, 799.7, 0.91),
        ("596068494", 343.9, 795.1, 375.6, 799.7, 0.91),
        (".", 359.5, 799.7, 363.8, 799.9, 0.14),
        ("08665", 378.1, 795.1, 396.0, 799.7, 0.96),
        ("|", 398.0, 795.1, 398.6, 798.0, 0.95),
    )
    out = resolve(extract_all(doc))
    assert out.value(FieldName.SUPPLIER_SIRET) == "59606849408665"


def test_a_zero_ocr_read_as_a_bracket_in_a_siret_is_proven_by_its_key():
    # seed 9043 #40: "SIRET: 229 293 279 04649" read "… 279 (4649".
    placed = [(315, 140, "Facturer à :"), (315, 153, "SIRET: 229 293 279 (4649")]
    found, _ = values(*placed, method=Method.OCR)
    assert found["buyer_siret"] == "22929327904649"
    # A bracket that no key proves a 0 is left as it is.
    found, _ = values(
        (315, 140, "Facturer à :"),
        (315, 153, "SIRET: 229 293 279 (4648"),
        method=Method.OCR,
    )
    assert "buyer_siret" not in found


def test_a_digit_ocr_read_as_a_degree_sign_is_given_by_the_vat_numbers_siren():
    # seed 9049 #31: "N° SIRET 927 083 816 01969" read "92° 083 816 01969".
    placed = [
        (98, 789, "Ets Guérin et Fils - EURL au capital de 150 000 € | RCS Toulouse"),
        (
            98,
            800,
            "N° SIRET 92° 083 816 01969 | TVA intracommunautaire : FR45 927083816",
        ),
    ]
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_siret"] == "92708381601969"
    assert out.fields[FieldName.SUPPLIER_SIRET].confidence < 0.9
    # Without a VAT number to say which digit it was, no SIRET.
    placed[1] = (98, 800, "N° SIRET 92° 083 816 01969")
    found, _ = values(*placed, method=Method.OCR)
    assert "supplier_siret" not in found


def test_a_siren_whose_label_ocr_lost_joins_the_nic_after_it():
    # seed 9045 #22: "N° SIREN : 685 362 188 NIC 01514" read "N : 685 362 188",
    # "NIC", "01514 - N° TVA …" in three cells.
    placed = [
        (57, 785, "Toitures Saint-Denis SA au capital de 420000 €"),
        (57, 800, "N : 685 362 188"),
        (150, 800, "NIC"),
        (180, 800, "01514 - N° TVA FR80 685362188"),
    ]
    found, _ = values(*placed, method=Method.OCR)
    assert found["supplier_siret"] == "68536218801514"
    # A NIC whose key fails with the SIREN before it gives nothing.
    placed[3] = (180, 800, "01515 - N° TVA FR80 685362188")
    found, _ = values(*placed, method=Method.OCR)
    assert "supplier_siret" not in found


def test_la_poste_siret_uses_its_own_rule():
    found, _ = values((40, 55, "La Poste SA – SIRET 356 000 000 00048"))
    assert found["supplier_siret"] == "35600000000048"


def test_a_letter_that_upper_cases_to_two_keeps_the_siret_box_in_place():
    found, out = values((40, 55, f"Straße 1 – SIRET {SUPPLIER}"))
    assert found["supplier_siret"] == SUPPLIER
    assert out.fields[FieldName.SUPPLIER_SIRET].raw == SUPPLIER


def test_an_ocr_vat_key_read_as_letters_is_repaired_by_its_checksum():
    found, _ = values(
        (40, 794, "TVA intracommunautaire : FROS 790201412"), method=Method.OCR
    )
    assert found["supplier_vat"] == "FR05790201412"
    found, _ = values((40, 794, "N° TVA FR&80 593068240"), method=Method.OCR)
    assert found["supplier_vat"] == "FR80593068240"  # a stray mark OCR set in
    found, _ = values((112, 802, "TVA intracom. F R39 356000000"), method=Method.OCR)
    assert found["supplier_vat"] == "FR39356000000"  # a space inside "FR"
    found, _ = values((234, 773, 'intra. F "R64 806667408'), method=Method.OCR)
    assert found["supplier_vat"] == "FR64806667408"  # a mark too (seed 9069 #40)
    # Lookalikes are read only where the checksum proves them: "A" is none.
    found, _ = values(
        (40, 794, "TVA intracommunautaire : FRAS 790201412"), method=Method.OCR
    )
    assert "supplier_vat" not in found


def test_an_ocr_vat_number_glued_to_its_label_is_read():
    # seed 9081 #4: the footer's "N° TVA FR26 965 917 016" read "N° TVAFR 26 …".
    footer = "RCS La Rochelle B 965 917 016 SIRET : 965 917 016 28235 N° TVA{} 26 965 917 016"
    found, _ = values((116, 794, footer.format("FR")), method=Method.OCR)
    assert found["supplier_vat"] == "FR26965917016"
    # Glued to any other word, "FR" is no VAT number's start.
    found, _ = values((116, 794, footer.format(" DEFR")), method=Method.OCR)
    assert "supplier_vat" not in found


def test_an_ocr_vat_number_with_a_speck_read_as_a_colon_in_it_is_read():
    # seed 9082 #30: a speck before the key read as a colon: "FR : 20 740 308 788".
    footer = "TVA intracommunautaire : FR : {} 740 308 788"
    found, _ = values((116, 794, footer.format("20")), method=Method.OCR)
    assert found["supplier_vat"] == "FR20740308788"
    found, _ = values((116, 794, footer.format("21")), method=Method.OCR)
    assert "supplier_vat" not in found  # the key proves it


def test_a_siren_and_nic_printed_apart_are_the_suppliers_even_under_a_client_line():
    found, _ = values(
        (40, 100, "Client n° C92921"),
        (40, 130, "SIREN : 732 829 320 - NIC : 00074"),
    )
    assert found["supplier_siret"] == SUPPLIER
    assert "buyer_siret" not in found


def test_a_footer_identifier_wrapped_onto_the_centred_next_line_is_read_whole():
    # The second line of a centred footer starts under the middle of the first,
    # not under its last cell.
    for method in (Method.TEXT, Method.OCR):
        found, _ = values(
            (40, 785, "Dupont Bâtiment SARL | RCS Lyon B 732 829 320 |"),
            (330, 785, "TVA intracommunautaire : FR 44 732"),
            (240, 796, "829 320 | APE 4120B"),
            method=method,
        )
        assert found["supplier_vat"] == "FR44732829320", method


def test_a_siren_and_its_nic_in_the_next_cells_make_the_siret():
    found, _ = values(
        (40, 785, "Dupont Bâtiment SARL | RCS Lyon B | SIREN : 732 829 320"),
        (330, 785, "NIC : 00074"),
        method=Method.OCR,
    )
    assert found["supplier_siret"] == SUPPLIER
    # A scan's row in small cells, the buyer's SIRET further right.
    found, _ = values(
        (39, 133, "SIREN"),
        (80, 133, "732 829 320 - NIC"),
        (190, 133, "00074"),
        (330, 133, f"SIRET DESTINATAIRE {BUYER}"),
        method=Method.OCR,
    )
    assert found["supplier_siret"] == SUPPLIER
    assert found["buyer_siret"] == BUYER
    # The five digits must follow the NIC label: none of the buyer's SIRET's.
    found, _ = values(
        (39, 133, "SIREN 732 829 320 - NIC"),
        (330, 133, f"SIRET DESTINATAIRE {BUYER}"),
        method=Method.OCR,
    )
    assert found.get("supplier_siret") != SUPPLIER[:9] + BUYER[:5]


def test_a_vat_number_with_a_misread_digit_is_repaired_from_the_sirets_siren():
    # "969" read "960": the checksum fails, but the key printed (44) is the one of
    # the SIREN the SIRET's Luhn digit proves.
    placed = [
        (40, 55, "SIRET : 732 829 320 00074"),
        (40, 69, "N° TVA FR 44 732 828 320"),
    ]
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_vat"] == "FR44732829320"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # Another key is another company's number, or a worse misreading: nothing.
    placed[1] = (40, 69, "N° TVA FR 45 732 828 320")
    found, _ = values(*placed, method=Method.OCR)
    assert "supplier_vat" not in found
    # Printed so, in a text layer, it is what was typed: not repaired.
    found, _ = values(
        (40, 55, "SIRET : 732 829 320 00074"), (40, 69, "N° TVA FR 44 732 828 320")
    )
    assert "supplier_vat" not in found


def test_an_ocr_vat_number_split_into_two_cells_is_read_whole():
    # A wide gap after the key split the footer's row into two cells.
    found, _ = values(
        (196, 801, "TVA intracom. FR 01"),
        (315, 801, "326 151 115"),
        (400, 801, "APE 8121Z"),
        method=Method.OCR,
    )
    assert found["supplier_vat"] == "FR01326151115"
    # Two cells that do not make a valid number together make none.
    found, _ = values(
        (196, 801, "TVA intracom. FR 02"), (315, 801, "326 151 115"), method=Method.OCR
    )
    assert "supplier_vat" not in found


def test_a_bic_whose_label_ocr_garbled_is_read_beside_its_iban_weaker():
    bank = (40, 350, "IBAN : FR76 3000 6000 0112 3456 7890 189")
    found, out = values(bank, (302, 363, "Code B : AGRIFRPP882"), method=Method.OCR)
    assert found["supplier_bic"] == "AGRIFRPP882"
    assert out.fields[FieldName.SUPPLIER_BIC].confidence < 0.9
    # Far from the bank details, or of another country than the IBAN's: no BIC.
    found, _ = values(bank, (302, 600, "Code B : AGRIFRPP882"), method=Method.OCR)
    assert "supplier_bic" not in found
    found, _ = values(bank, (302, 363, "Code B : DEUTDEFF"), method=Method.OCR)
    assert "supplier_bic" not in found


def test_an_iban_with_a_word_ocr_set_inside_its_groups_is_read_below_09():
    # The "IBAN" of the label, a line above, read into the number's row: in part,
    # or whole (seed 9015, read again surer on the second look's sheet).
    for label in ("BAN", "IBAN"):
        found, out = values(
            (68, 301, f"FR76 {label} 1751 5947 0906 4717 3309 903"), method=Method.OCR
        )
        assert found["supplier_iban"] == "FR7617515947090647173309903"
        assert out.fields[FieldName.SUPPLIER_IBAN].confidence < 0.9
    # Not without the groups of four that show where the IBAN runs.
    found, _ = values((68, 301, "FR76 BAN 17515947090647173309903"), method=Method.OCR)
    assert "supplier_iban" not in found


def test_an_ocr_vat_number_wrapped_onto_the_next_lines_cells_is_read_whole():
    # "N° TVA intra. FR" ends the footer's line; "09 376" | "759 833" the next.
    found, _ = values(
        (76, 763, "RCS Bobigny B 376 759 833 + N° TVA intra. FR"),
        (281, 771, "09 376"),
        (340, 771, "759 833"),
        method=Method.OCR,
    )
    assert found["supplier_vat"] == "FR09376759833"
    # An S read as a "$" on the next line: "FR 30" / "875 487 $71".
    found, _ = values(
        (73, 782, "Siret 875 487 571 00361 N° TVA intra. FR 30"),
        (293, 791, "875 487 $71"),
        method=Method.OCR,
    )
    assert found["supplier_vat"] == "FR30875487571"
    # Its key read as letters, proven by the checksum: "FROO" / "382246247".
    found, _ = values(
        (86, 763, "RCS Avignon B 382 246 247 + N° TVA intra. FROO"),
        (285, 774, "382246247"),
        method=Method.OCR,
    )
    assert found["supplier_vat"] == "FR00382246247"


def test_a_vat_key_misread_by_one_digit_is_the_sirens_own_below_09():
    found, out = values(
        (40, 700, "SIRET 99057962502003"),
        (232, 782, "TVA intracom. FR16 990579625"),
        method=Method.OCR,
    )
    assert found["supplier_vat"] == "FR36990579625"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9


def test_a_vat_numbers_digits_and_the_next_cells_postcode_are_no_siret():
    # "FR44 732829320" | "31004 Toulouse": the nine digits and the buyer's postcode
    # pass Luhn together (one time in ten), joined across the gap between cells.
    placed = [
        (21, 100, "SIRET : 732 829 320 00074"),
        (21, 111, "N° TVA FR44 732829320"),
        (311, 111, "31004 Toulouse"),
    ]
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_siret"] == SUPPLIER
    assert not any(w.code == "many_sirets" for w in out.warnings)
    # The same digits after a SIRET's label are one.
    found, _ = values(
        (21, 111, "SIRET 732829320"), (311, 111, "00074"), method=Method.OCR
    )
    assert found["supplier_siret"] == SUPPLIER


def test_a_siret_joined_across_the_line_end_yields_to_one_read_whole():
    # "RCS … 732 829 320 |" ends the footer's line; the next opens "4011Z"
    # (an APE code, its Z read as a 2): together they pass Luhn, one time in ten.
    found, out = values(
        (40, 101, "N° SIRET 732829320 00074"),
        (48, 780, "Dupont SARL | RCS Lyon B 732 829 320"),
        (48, 790, "4011Z - Conseil"),
        method=Method.OCR,
    )
    assert found["supplier_siret"] == SUPPLIER
    assert not any(w.code == "many_sirets" for w in out.warnings)


def test_a_siret_misread_in_its_siren_is_repaired_from_the_vat_number_below_09():
    # "69017605201708" read "68017605201708": Luhn fails; the VAT number's key
    # proves the SIREN 690176052, one digit off.
    placed = [
        (312, 152, "SIRET 240470153 16097"),
        (
            75,
            798,
            "Lemaitre Conseil - RCS Bordeaux B 690 176 052 - SIRET 68017605201708",
        ),
        (75, 808, "N° TVA FR 21 690 176 052 - APE 6202A"),
    ]
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_siret"] == "69017605201708"
    assert out.fields[FieldName.SUPPLIER_SIRET].confidence < 0.9
    assert found["buyer_siret"] == "24047015316097"
    # seed 9109 #38: two digits off ("Siret 10542675 001680" beside "TVA intra.
    # PR49 705426757") is repaired the same; three off is another number.
    placed[1] = (75, 798, "Lemaitre Conseil - SIRET 68017605301708")
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_siret"] == "69017605201708"
    assert out.fields[FieldName.SUPPLIER_SIRET].confidence < 0.9
    placed[1] = (75, 798, "Lemaitre Conseil - SIRET 68017606301708")
    found, _ = values(*placed, method=Method.OCR)
    assert found.get("supplier_siret") != "69017605201708"


def test_a_sirets_5_read_as_a_section_sign_passes_luhn_read_as_a_5():
    # seed 9152 #7 (150 dpi): a footer's "SIRET 59983721801097" read
    # "SIRET §9983721801097" at 0.32.
    footer = (
        "Barbier Plomberie - EURL - RCS Nanterre - SIRET §9983721801097 - APE 8130Z"
    )
    found, _ = values((105, 781, footer), method=Method.OCR)
    assert found["supplier_siret"] == "59983721801097"
    # Printed, a section sign is no digit.
    found, _ = values((105, 781, footer))
    assert "supplier_siret" not in found


def test_a_siret_whose_nic_ocr_read_a_digit_too_long_is_repaired_below_09():
    # seed 9103 #50: "SIRET : 418 009 049 102701" for 418 009 049 02701, beside
    # "N° TVA FR04418009049" and the buyer's "N° SIRET: 11670297801976". Of the
    # NIC's six digits, dropping the 1 alone passes Luhn.
    placed = [
        (323, 140, "SIRET : 418 009 049 102701"),
        (63, 145, "N° SIRET: 11670297801976"),
        (323, 151, "N° TVA FR04418009049"),
    ]
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_siret"] == "41800904902701"
    assert out.fields[FieldName.SUPPLIER_SIRET].confidence < 0.9
    assert found["buyer_siret"] == "11670297801976"
    # Two digits whose dropping passes ("902701": 02701 and 90201) prove neither;
    # another SIREN than the VAT number's proves nothing; printed, it is no misreading.
    for wrong in ("418 009 049 902701", "418 009 048 102701"):
        found, _ = values(
            (323, 140, f"SIRET : {wrong}"), *placed[1:], method=Method.OCR
        )
        assert "supplier_siret" not in found
    found, _ = values(*placed)
    assert "supplier_siret" not in found


def test_a_siret_with_a_stray_digit_read_inside_its_siren_is_repaired_below_09():
    # seed 9106 #25: a footer's "N° SIRET 546 706 649 02199" read "546 3 706 649
    # 02199", beside "RCS Paris B 546 706 649" and "TVA intracommunautaire : FR18
    # 546706649"; the buyer's SIRET in the header.
    footer = (
        "Mercer & Associés - SNC | RCS Paris B 546 706 649 | N° SIRET 546 3 706 649"
        " 02199 | TVA intracommunautaire : FR18 546706649 | APE 4321A"
    )
    placed = [(74, 133, "N° SIRET 21235234801402"), (86, 806, footer)]
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_siret"] == "54670664902199"
    assert out.fields[FieldName.SUPPLIER_SIRET].confidence < 0.9
    # A stray digit whose dropping leaves another SIREN proves nothing.
    other = footer.replace("546 3 706 649 02199", "546 3 706 648 02199")
    found, _ = values(placed[0], (86, 806, other), method=Method.OCR)
    assert "supplier_siret" not in found


def test_a_vat_number_ocr_read_short_is_the_sirens_own_below_09():
    # The footer's line ran off the page ("FR 44 732"), over two cells; or OCR
    # dropped a digit ("FR4473282932"): the key is the SIREN's own, the digits
    # its first ones.
    for tail in (("FR", "44 732"), ("FR4473282932 -", "APE 4120B")):
        found, out = values(
            (40, 101, "SIRET 732 829 320 00074"),
            (347, 766, "Siret 73282932000074 + N° TVA intra."),
            (502, 767, tail[0]),
            (540, 767, tail[1]),
            method=Method.OCR,
        )
        assert found["supplier_vat"] == "FR44732829320"
        assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # Another key is another number: nothing.
    found, _ = values(
        (40, 101, "SIRET 732 829 320 00074"),
        (347, 766, "N° TVA intra. FR 45 732"),
        method=Method.OCR,
    )
    assert "supplier_vat" not in found
    # holdout seed 9164 #18: "FR05 493 874 754" read "FROS 874 754", its first
    # group lost: the SIREN's last two groups, its own key. One group is too few.
    footer = "SIRET 493874754 00010 - N° TVA intracommunautaire : FROS {}"
    found, out = values((180, 822, footer.format("874 754")), method=Method.OCR)
    assert found["supplier_vat"] == "FR05493874754"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    found, _ = values((180, 822, footer.format("754")), method=Method.OCR)
    assert "supplier_vat" not in found


def test_an_iban_whose_1_ocr_read_as_a_table_rule_is_read_below_09():
    # "…575929 |": the bar taken for a rule, the IBAN falls one character short.
    found, out = values(
        (43, 428, "IBAN : FR762004157749586894575929 |"), method=Method.OCR
    )
    assert found["supplier_iban"] == "FR7620041577495868945759291"
    assert out.fields[FieldName.SUPPLIER_IBAN].confidence < 0.9
    # Between two cells: "…644648 |" | "25691064 - BIC".
    found, _ = values(
        (42, 656, "RIB - IBAN FR7610278238644648 |"),
        (215, 656, "25691064 - BIC CMCIFR2A"),
        method=Method.OCR,
    )
    assert found["supplier_iban"] == "FR7610278238644648125691064"
    # Two characters short is no bar's doing: nothing.
    found, _ = values(
        (43, 428, "IBAN : FR76200415774958689457592 |"), method=Method.OCR
    )
    assert "supplier_iban" not in found


def test_a_siren_whose_nic_opens_the_next_line_under_it_makes_the_siret():
    # seed 9022: a footer's "… SIREN : 817 835 176 -" ends its line; "NIC :" and
    # "02879 + N° TVA …" open the next, in two cells under it (Tesseract's boxes).
    first = [
        ("Société", 57.1, 89.5), ("Nouvelle", 95.5, 132.7), ("Mercier", 138.7, 169.4),
        ("SA", 187.0, 195.6), ("au", 201.4, 209.5), ("capital", 216.0, 247.0),
        ("de", 254.4, 262.6), ("1,000", 269.0, 291.1), ("€", 297.1, 301.4),
        ("«", 307.9, 309.6), ("RCS", 316.8, 329.8), ("Annecy", 335.5, 363.4), ("B", 369.4, 373.2),
        ("817", 379.2, 391.9), ("835", 398.4, 411.1), ("176", 418.1, 430.3),
        ("«", 437.5, 439.4), ("SIREN", 446.4, 469.2), (":", 476.6, 477.4), ("817", 485.0, 497.3),
        ("835", 504.0, 516.7), ("176", 523.4, 535.9), ("-", 542.9, 544.6),
    ]  # fmt: skip
    second = [
        ("NIC", 172.6, 186.0), (":", 193.2, 193.9), ("02879", 201.8, 223.7),
        ("+", 230.9, 232.8), ("N°", 239.5, 247.7), ("TVA", 254.2, 267.8),
        ("intra.", 274.1, 299.5), ("FR53", 307.2, 324.5), ("817835176", 331.2, 372.5),
        ("+", 379.7, 381.6), ("APE", 388.3, 401.8), ("6202A", 408.0, 430.8),
    ]  # fmt: skip
    words = [Word(t, x0, 768.0, x1, 773.0, 0.95) for t, x0, x1 in first] + [
        Word(t, x0, 778.6, x1, 783.4, 0.95) for t, x0, x1 in second
    ]
    doc = Doc.from_pages([Page(1, 595.0, 842.0, tuple(words), Method.OCR)])
    out = resolve(extract_all(doc))
    assert out.value(FieldName.SUPPLIER_SIRET) == "81783517602879"


def test_a_nic_label_ending_its_line_has_its_digits_at_the_next_lines_start():
    # seed 9067 #15: "SIREN : 986 974 343 - NIC" / ": 02937" wraps back to the
    # left, under the letterhead's SIREN and in the centred footer (":" lost).
    header = boxed(
        ("SIREN", 44.4, 114.2, 72.2, 120.0, 0.95), ("986", 90.5, 113.8, 105.8, 120.0, 0.95),
        ("974", 113.3, 113.8, 128.4, 120.0, 0.95), ("343", 136.1, 114.0, 151.4, 120.0, 0.92),
        ("NIC", 169.2, 114.2, 186.0, 120.2, 0.91), ("Services", 355.4, 114.7, 402.0, 121.7, 0.96),
        ("techniques", 409.4, 114.7, 468.0, 123.1, 0.96), ("-", 159.1, 117.1, 162.7, 117.8, 0.92),
        ("02937", 56.4, 126.2, 82.8, 132.5, 0.96), ("39", 355.9, 128.4, 365.8, 134.9, 0.96),
        ("avenue", 373.2, 130.1, 407.8, 134.9, 0.95), ("de", 414.7, 128.2, 426.0, 134.9, 0.93),
        ("l'Europe", 433.7, 128.4, 480.0, 136.3, 0.90),
    )  # fmt: skip
    footer = boxed(
        ("RCS", 299.3, 776.4, 312.7, 781.0, 0.95), ("Nanterre", 318.7, 776.4, 355.9, 781.0, 0.93),
        ("B", 362.2, 776.4, 365.8, 780.7, 0.93), ("986", 372.0, 775.9, 384.5, 781.0, 0.96),
        ("974", 391.2, 775.9, 403.4, 781.0, 0.96), ("343", 410.6, 775.9, 422.9, 781.0, 0.96),
        ("|", 430.8, 775.4, 431.3, 782.6, 0.94), ("SIREN", 438.7, 776.4, 461.8, 781.0, 0.93),
        (":", 469.0, 776.9, 469.9, 780.0, 0.91), ("986", 477.6, 776.2, 490.1, 781.0, 0.95),
        ("974", 496.8, 776.2, 509.0, 781.0, 0.96), ("343", 516.5, 775.9, 528.5, 781.0, 0.92),
        ("-", 535.4, 778.8, 537.8, 779.0, 0.90), ("NIC", 544.3, 776.4, 557.8, 781.0, 0.92),
        (":", 149.5, 787.2, 150.2, 790.3, 0.87), ("02937", 157.9, 786.2, 180.2, 791.3, 0.95),
        ("|", 188.2, 785.8, 188.4, 787.9, 0.96), ("TVA", 195.8, 786.7, 209.5, 791.3, 0.93),
        ("intracommunautaire", 216.0, 786.2, 300.5, 791.3, 0.91),
    )  # fmt: skip
    for doc in (header, footer):
        out = resolve(extract_all(doc))
        assert out.value(FieldName.SUPPLIER_SIRET) == "98697434302937"
        # The checksum proves the digits the NIC's: "02938" gives nothing.
        page = doc.pages[0]
        words = [
            w if w.text != "02937" else replace(w, text="02938") for w in page.words
        ]
        other = Doc.from_pages([replace(page, words=tuple(words))])
        assert resolve(extract_all(other)).value(FieldName.SUPPLIER_SIRET) is None


def test_a_wrapped_nics_colon_ocr_read_as_a_mark_still_leads_to_its_digits():
    # seed 9073 #44: "SIREN : 830 718 821 - NIC" / ": 02081 - TVA …", the colon
    # read ">".
    read = [
        ("RCS", 250.0, 793.4, 262.0, 798.5, 0.95),
        ("830", 375.8, 793.4, 388.6, 798.5, 0.96),
        ("718", 395.0, 793.4, 407.5, 798.5, 0.95),
        ("821", 414.2, 793.4, 426.0, 798.5, 0.91),
        ("-", 434.9, 796.1, 436.1, 796.6, 0.90),
        ("SIREN", 442.6, 793.7, 465.8, 798.5, 0.90),
        (":", 472.8, 794.4, 473.8, 797.3, 0.88),
        ("830", 481.4, 793.4, 494.2, 798.5, 0.96),
        ("718", 500.6, 793.4, 513.1, 798.5, 0.95),
        ("821", 519.8, 793.4, 531.8, 798.5, 0.93),
        ("-", 539.8, 796.1, 541.2, 796.8, 0.92),
        ("NIC", 548.2, 793.7, 562.1, 798.5, 0.96),
        (">", 177.8, 805.0, 178.8, 807.8, 0.84),
        ("02081", 186.2, 803.8, 207.8, 809.0, 0.91),
        ("-", 215.5, 806.4, 217.7, 807.1, 0.92),
        ("TVA", 224.2, 804.2, 237.8, 809.0, 0.93),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.SUPPLIER_SIRET) == "83071882102081"
    # Digits the checksum refuses are no NIC of it.
    read[13] = ("02082", 186.2, 803.8, 207.8, 809.0, 0.91)
    assert resolve(extract_all(boxed(*read))).value(FieldName.SUPPLIER_SIRET) is None


def test_a_nic_ocr_read_with_a_space_among_its_digits_still_makes_the_siret():
    # seed 9117 #52: "SIREN : 787 108 521 - NIC : 02376" read "NIC : 0237 6",
    # the SIRET printed nowhere else.
    read = [
        ("SIREN", 320.0, 768.7, 337.4, 773.0, 0.91), (":", 338.4, 768.7, 341.0, 773.0, 0.91),
        ("787", 344.2, 768.7, 353.0, 773.0, 0.95), ("108", 356.2, 768.7, 364.3, 773.0, 0.95),
        ("521", 366.7, 768.7, 374.4, 773.0, 0.93), ("-", 377.0, 770.6, 377.8, 771.0, 0.91),
        ("NIC", 382.1, 768.7, 392.2, 773.0, 0.91), (":", 393.1, 768.7, 396.0, 773.0, 0.92),
        ("0237", 398.4, 768.7, 410.2, 773.0, 0.96), ("6", 411.4, 768.7, 414.2, 773.0, 0.96),
        ("TVA", 422.4, 768.7, 433.0, 773.0, 0.70),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.SUPPLIER_SIRET) == "78710852102376"
    # The checksum still proves it: a digit off is no NIC of the SIREN.
    read[9] = ("7", 411.4, 768.7, 414.2, 773.0, 0.96)
    assert resolve(extract_all(boxed(*read))).value(FieldName.SUPPLIER_SIRET) is None


def test_a_speck_read_as_an_apostrophe_between_a_sirets_groups_is_no_digit():
    # seed 9119 #41: "SIRET : 799 907 910 00480" read "7999079 10 ' 00480", the
    # speck at 0.00; its SIREN's VAT number "FR 02 799 907 910" read below.
    read = [
        ("SIRET", 33.0, 109.0, 56.0, 115.0, 0.93), (":", 59.0, 110.0, 60.0, 115.0, 0.91),
        ("7999079", 63.0, 109.0, 94.0, 115.0, 0.77), ("10", 94.0, 109.0, 100.0, 115.0, 0.77),
        ("'", 100.0, 109.0, 101.0, 111.0, 0.0), ("00480", 103.0, 109.0, 125.0, 115.0, 0.95),
        ("N°", 33.0, 120.5, 42.0, 126.0, 0.96), ("TVA", 44.0, 120.5, 61.0, 126.0, 0.95),
        ("FR", 64.0, 120.5, 74.0, 126.0, 0.94), ("02", 77.0, 120.5, 85.0, 126.0, 0.96),
        ("799", 87.0, 120.5, 100.0, 126.0, 0.96), ("907", 102.0, 120.5, 114.0, 126.0, 0.96),
        ("910", 117.0, 120.5, 130.0, 126.0, 0.96),
    ]  # fmt: skip
    siret = resolve(extract_all(boxed(*read))).fields[FieldName.SUPPLIER_SIRET]
    assert siret.value == "79990791000480"
    assert 0.5 < siret.confidence < 0.9
    # Digits the checksum refuses are no SIRET, mark or not.
    read[5] = ("00481", 103.0, 109.0, 125.0, 115.0, 0.95)
    assert resolve(extract_all(boxed(*read))).value(FieldName.SUPPLIER_SIRET) is None


def test_a_vat_numbers_f_ocr_read_as_a_hash_is_read_when_its_key_checks():
    # seed 70: "TVA intracom. FR42 519162440" read "TVA intracom. #R425 19162440".
    found, _ = values(
        (107, 778, "RCS Limoges B 519 162 440 - TVA intracom. #R425 19162440"),
        method=Method.OCR,
    )
    assert found["supplier_vat"] == "FR42519162440"
    # A key that does not check is no VAT number.
    found, _ = values(
        (107, 778, "RCS Limoges B 519 162 440 - TVA intracom. #R435 19162440"),
        method=Method.OCR,
    )
    assert found.get("supplier_vat") != "FR43519162440"


def test_a_vat_numbers_f_ocr_read_as_a_p_is_read_when_its_key_checks():
    # seed 9070 #16: a blurred footer's "N° TVA intra. FR 26 479 006 892" read
    # "PR 26 479 006 #92", its last group lost to the "#": the key is the SIREN's.
    siret = "Siret 479006892 01123 + N° TVA intra. "
    found, out = values((141, 797, siret + "PR 26 479 006 #92"), method=Method.OCR)
    assert found["supplier_vat"] == "FR26479006892"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # Read whole, its key proves it.
    found, _ = values((141, 797, siret + "PR 26 479 006 892"), method=Method.OCR)
    assert found["supplier_vat"] == "FR26479006892"
    # Another key is another number: nothing.
    found, _ = values((141, 797, siret + "PR 27 479 006 #92"), method=Method.OCR)
    assert "supplier_vat" not in found


def test_a_vat_keys_digit_ocr_read_as_a_hash_is_the_sirens_key():
    # seed 9076 #25: a grey footer's "TVA intracom. FR 87 986 212 314" read "TVA
    # imtracom. FR #7 986 212 314", the SIRET read whole before it.
    siret = "SIRET 986212314 01320 - TVA imtracom. "
    found, out = values((141, 797, siret + "FR #7 986 212 314"), method=Method.OCR)
    assert found["supplier_vat"] == "FR87986212314"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # The SIREN's key does not end in the digit read: nothing.
    found, _ = values((141, 797, siret + "FR #6 986 212 314"), method=Method.OCR)
    assert "supplier_vat" not in found
    # A mark before a whole key is a stray: the key read stands.
    found, _ = values((141, 797, siret + "FR #87 986 212 314"), method=Method.OCR)
    assert found["supplier_vat"] == "FR87986212314"


def test_a_vat_keys_one_ocr_read_as_an_exclamation_mark_is_read_when_it_checks():
    # seed 9025: "intracommunautaire : FR01 933547655" read "FRO! 933547655".
    found, _ = values(
        (174, 563, "intracommunautaire : FRO! 933547655"), method=Method.OCR
    )
    assert found["supplier_vat"] == "FR01933547655"
    # A key that does not check is no VAT number.
    found, _ = values(
        (174, 563, "intracommunautaire : FR!0 933547655"), method=Method.OCR
    )
    assert found.get("supplier_vat") != "FR10933547655"


def test_a_vat_number_ocr_read_short_within_two_edits_of_the_siren_below_09():
    # seed 9028: "N° TVA FR03 690044417" read "FRO369004317" (a 4 lost, another
    # read 3) beside the SIRET "690 O44 417 25660": the key is the SIREN's own.
    footer = "SIRET : 690 O44 417 25660 - N° TVA FRO369004317"
    found, out = values((107, 771, footer), method=Method.OCR)
    assert found["supplier_vat"] == "FR03690044417"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # Three edits away, the digits are another number's.
    footer = "SIRET : 690 O44 417 25660 - N° TVA FRO369001317"
    found, _ = values((107, 771, footer), method=Method.OCR)
    assert "supplier_vat" not in found


def test_a_vat_number_ocr_spaced_out_of_its_groups_with_a_digit_misread_below_09():
    # seed 9100 #5: "TVA intracom. FR47 543 907 562" read "FR47 54390756 7)",
    # its groups' spaces lost but one, its last digit read "7)", beside the
    # SIRET "54390756227476": the key is the SIREN's own.
    footer = "RCS Avignon B 543 907 562 — SIRET 54390756227476 — TVA intracom. FR47 54390756 7)"
    found, out = values((85, 802, footer), method=Method.OCR)
    assert found["supplier_vat"] == "FR47543907562"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # With a key that is not the SIREN's, no repair.
    footer = "SIRET 54390756227476 — TVA intracom. FR12 54390756 7)"
    found, _ = values((85, 802, footer), method=Method.OCR)
    assert "supplier_vat" not in found


def test_a_vat_number_whose_fr_and_key_ocr_lost_is_the_sirens_own_below_09():
    # seed 9028: a footer's "TVA intracommunautaire :" ends its line, and of the
    # next line's "FR24 916865926" OCR read the SIREN alone.
    placed = [
        (272, 757, "N° SIRET 91686592602409"),
        (420, 757, "TVA intracommu nautaire"),
        (270, 765, "916865926"),
        (330, 765, "APE 4332A"),
    ]
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_vat"] == "FR24916865926"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # Another company's SIREN there is no VAT number of the supplier's.
    placed[2] = (270, 765, "732829320")
    found, _ = values(*placed, method=Method.OCR)
    assert "supplier_vat" not in found


def test_a_vat_number_whose_fr_and_first_key_digit_ocr_lost_is_read_below_09():
    # seed 9031 #43: a blurred monospace footer's "TVA intracom. FR13 769095217"
    # read "TVA intracom 3 769095217": what is left of the key must end it.
    footer = "SIRET 769095217 00667 TVA intracom 3 769095217 -"
    found, out = values((35, 793, footer), method=Method.OCR)
    assert found["supplier_vat"] == "FR13769095217"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    found, _ = values((35, 793, footer.replace(" 3 ", " 13 ")), method=Method.OCR)
    assert found["supplier_vat"] == "FR13769095217"
    # A digit that is not the end of the SIREN's key is something else.
    found, _ = values((35, 793, footer.replace(" 3 ", " 4 ")), method=Method.OCR)
    assert "supplier_vat" not in found


def test_a_vat_number_whose_key_ocr_garbled_is_the_sirens_own_below_09():
    # seed 9087 #11: "N° TVA FR05 578640047" read "N° TVA FROS5 578640047".
    placed = [
        (61, 127, "SIRET : 578 640 047 01323"),
        (61, 139, "N° TVA FROS5 578640047"),
    ]
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_vat"] == "FR05578640047"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # seed 9109 #56: "TVA intracom. FR 11 521 127 100" read "FR 1} 521 127 100":
    # the key's first digit left.
    placed[1] = (61, 139, "N° TVA FR 0} 578 640 047")
    found, out = values(*placed, method=Method.OCR)
    assert found["supplier_vat"] == "FR05578640047"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    # What is left of the key is not the SIREN's: something else.
    placed[1] = (61, 139, "N° TVA FR 1} 578 640 047")
    found, _ = values(*placed, method=Method.OCR)
    assert "supplier_vat" not in found
    # Nine digits that are not the SIRET's SIREN make no VAT number of it.
    placed[1] = (61, 139, "N° TVA FROS5 732829320")
    found, _ = values(*placed, method=Method.OCR)
    assert "supplier_vat" not in found


def test_a_client_code_over_the_suppliers_siret_does_not_make_it_the_buyers():
    # seed 9053 #48: the supplier's column, "CODE CLIENT" / "C76996" / "SIRET 866
    # 818 750 10427", beside the buyer's box with its own SIRET: the two swapped.
    read = [
        ("Nadia", 41.3, 36.0, 90.0, 49.9, 0.95),
        ("Martin", 97.0, 36.0, 150.2, 49.7, 0.93),
        ("-", 157.0, 43.0, 162.2, 45.6, 0.92),
        ("Espaces", 169.0, 36.0, 242.2, 53.3, 0.96),
        ("Verts", 248.4, 36.0, 293.5, 49.7, 0.96),
        ("Office", 320.2, 112.1, 352.1, 120.7, 0.96),
        ("public", 356.4, 112.1, 389.0, 122.9, 0.96),
        ("de", 392.9, 112.1, 405.6, 120.7, 0.92),
        ("l'habitat", 409.9, 112.1, 452.6, 120.7, 0.96),
        ("de", 456.7, 112.1, 469.4, 120.7, 0.96),
        ("Boulogne-Billancourt", 320.6, 126.2, 436.6, 137.3, 0.91),
        ("41", 320.2, 142.6, 328.8, 149.3, 0.92),
        ("allée", 333.4, 142.1, 352.8, 149.5, 0.96),
        ("des", 356.2, 142.3, 371.0, 149.5, 0.93),
        ("Tilleuls", 373.7, 142.3, 403.0, 149.5, 0.90),
        ("92100", 320.2, 155.0, 346.1, 162.0, 0.93),
        ("Boulogne-Billancourt", 349.4, 155.0, 436.6, 163.9, 0.91),
        ("SIRET", 320.4, 167.8, 347.8, 175.2, 0.92),
        ("27165405502220", 350.9, 168.0, 424.3, 175.2, 0.92),
        ("CODE", 44.6, 191.8, 66.0, 197.8, 0.96),
        ("CLIENT", 69.8, 191.8, 97.7, 197.8, 0.95),
        ("C76996", 44.6, 202.8, 77.3, 210.0, 0.90),
        ("SIRET", 40.8, 221.0, 64.8, 227.3, 0.96),
        ("866", 67.9, 221.3, 81.6, 227.3, 0.95),
        ("818", 84.5, 221.3, 98.2, 227.3, 0.96),
        ("750", 101.3, 221.3, 114.5, 227.3, 0.96),
        ("10427", 118.3, 221.3, 140.4, 227.3, 0.96),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.SUPPLIER_SIRET) == "86681875010427"
    assert out.value(FieldName.BUYER_SIRET) == "27165405502220"
    # A "CLIENT" heading a block over a SIRET still makes it the buyer's.
    heading = [w for w in read if w[0] != "CODE"]
    tags = {
        c.value: c.evidence
        for c in extract_all(boxed(*heading))
        if c.field is FieldName.SUPPLIER_SIRET
    }
    assert "buyer_near" in tags["86681875010427"]
    # seed 9090 #38: the client's number with the supplier written the other way
    # round, "Client n° : C44799", two lines over the supplier's SIRET.
    for label in (("Client", "n°", ":"), ("CLIENT", "CODE")):
        numbered = [w for w in read if w[0] not in ("CODE", "CLIENT")] + [
            (text, 44.6 + 30 * i, 191.8, 70.0 + 30 * i, 197.8, 0.95)
            for i, text in enumerate(label)
        ]
        out = resolve(extract_all(boxed(*numbered)))
        assert out.value(FieldName.SUPPLIER_SIRET) == "86681875010427"


def test_a_mark_ocr_read_between_a_sirens_groups_is_passed_over():
    # seed 9059 #0: "SIREN : 685 421 943 - NIC : 02865" read "685 : 421 943";
    # the SIRET's checksum proves the groups one number.
    line = "RCS Lyon B 685 421 943 - SIREN : 685 : 421 943 - NIC : 02865"
    found, _ = values((40, 797, line), method=Method.OCR)
    assert found["supplier_siret"] == "68542194302865"
    # In a text layer the mark was printed: no SIREN there.
    found, _ = values((40, 797, line))
    assert "supplier_siret" not in found


def test_a_zero_ocr_read_with_a_stroke_beside_it():
    # seed 9062 #19: "Siret client 249 196 577 00723" read "… 577 O! 0723",
    # the first 0 of the NIC an O and a stroke; the checksum proves the repair.
    read = [
        ("Siret", 330.7, 119.0, 346.1, 125.3, 0.95),
        ("client", 349.0, 119.3, 367.2, 125.3, 0.96),
        ("249", 370.1, 119.3, 383.0, 125.3, 0.96),
        ("196", 386.4, 119.3, 398.6, 125.3, 0.96),
        ("577", 401.3, 119.5, 414.2, 125.3, 0.93),
        ("O!", 416.9, 119.3, 421.0, 125.3, 0.57),
        ("0723", 421.2, 119.3, 438.5, 125.3, 0.92),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.BUYER_SIRET) == "24919657700723"
    assert out.confidence(FieldName.BUYER_SIRET) < 0.9
    # A stroke the checksum does not take is a 1, and no SIRET: "… 577 O! 0724".
    wrong = [("0724", *w[1:]) if w[0] == "0723" else w for w in read]
    assert resolve(extract_all(boxed(*wrong))).value(FieldName.BUYER_SIRET) is None


def test_a_mark_ocr_read_between_an_ibans_groups_is_a_space():
    # seed 9063 #43: "FR76 1751 5758 …" read "FR76.1751 5758 …"; the check
    # digits prove the groups one IBAN.
    read = [
        ("Code", 13.9, 154.3, 28.1, 158.9, 0.93),
        ("IBAN", 32.4, 154.8, 46.1, 158.9, 0.92),
        (":", 50.9, 155.3, 52.1, 158.2, 0.92),
        ("FR76.1751", 57.4, 154.6, 88.8, 158.9, 0.82),
        ("5758", 93.4, 154.6, 107.0, 158.9, 0.95),
        ("3317", 111.8, 154.6, 124.8, 158.9, 0.96),
        ("5401", 129.6, 154.6, 142.6, 158.9, 0.96),
        ("6087", 147.4, 154.6, 161.0, 158.9, 0.95),
        ("157", 165.6, 154.6, 175.7, 158.9, 0.95),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.SUPPLIER_IBAN) == "FR7617515758331754016087157"
    # Printed so in a text layer, the mark is no space: no IBAN there.
    found, _ = values((40, 700, "Code IBAN : FR76.1751 5758 3317 5401 6087 157"))
    assert "supplier_iban" not in found


def test_a_colon_ocr_read_between_a_sirets_digits():
    # seed 9065 #13: a footer's "SIRET : 716 205 737 02742" read "716:205 737 02742".
    read = [
        ("RCS", 234.5, 772.1, 243.8, 775.4, 0.89),
        ("Fort-de-France", 248.4, 771.4, 298.3, 775.7, 0.92),
        ("B", 301.9, 771.6, 305.8, 775.7, 0.92),
        ("716", 309.6, 771.4, 319.9, 775.7, 0.96),
        ("205", 324.2, 771.4, 334.1, 775.7, 0.94),
        ("7", 338.2, 771.4, 341.3, 775.4, 0.94),
        ("SIRET", 360.0, 771.6, 377.8, 775.7, 0.92),
        (":", 382.6, 772.1, 383.8, 775.0, 0.92),
        ("716:205", 389.0, 771.1, 413.3, 775.7, 0.87),
        ("737", 417.6, 771.1, 427.9, 775.7, 0.96),
        ("02742", 432.2, 771.1, 449.5, 775.7, 0.92),
    ]
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.SUPPLIER_SIRET) == "71620573702742"
    # The checksum proves it: a digit off, no SIRET.
    read[8] = ("716:206", 389.0, 771.1, 413.3, 775.7, 0.87)
    assert resolve(extract_all(boxed(*read))).value(FieldName.SUPPLIER_SIRET) is None


def test_a_colon_and_a_bar_ocr_glued_to_a_sirets_groups():
    # seed 9068 #57: "N° SIRET 834 981 540 00026 | TVA …" read "540:" and
    # "00026!", the cell's bar glued to the NIC.
    read = [
        ("N°", 298.6, 775.2, 304.1, 780.0, 0.76), ("SIRET", 307.0, 773.5, 324.7, 780.2, 0.95),
        ("834", 326.4, 772.6, 335.5, 783.4, 0.84), ("981", 338.2, 772.6, 347.3, 783.4, 0.95),
        ("540:", 349.9, 772.6, 361.7, 783.4, 0.47), ("00026!", 361.0, 775.0, 383.5, 780.2, 0.85),
        ("TVA", 383.5, 770.9, 392.4, 783.8, 0.93),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.SUPPLIER_SIRET) == "83498154000026"
    read[5] = ("00027!", 361.0, 775.0, 383.5, 780.2, 0.85)  # the checksum fails
    assert resolve(extract_all(boxed(*read))).value(FieldName.SUPPLIER_SIRET) is None


def test_a_comma_ocr_read_between_a_sirets_groups():
    # seed 9107 #18: the buyer's "SIRET : 116 242 470 02060" under
    # "Destinataire", read "= IRET: 116 , 242 470 02060", the comma at 0.00.
    read = [
        ("Destinataire", 355.0, 84.2, 399.0, 90.0, 0.96),
        ("Ministère", 355.0, 97.2, 404.0, 103.0, 0.96), ("de", 408.0, 97.2, 420.0, 103.0, 0.96),
        ("la", 425.0, 97.2, 433.0, 103.0, 0.96), ("Culture", 437.0, 97.2, 477.0, 103.0, 0.95),
        ("=", 354.0, 137.5, 360.0, 144.0, 0.47), ("IRET:", 361.0, 137.5, 384.0, 144.0, 0.87),
        ("116", 388.0, 137.5, 396.0, 144.0, 0.95), (",", 397.0, 140.0, 399.0, 145.0, 0.0),
        ("242", 406.0, 137.5, 421.0, 144.0, 0.95), ("470", 424.0, 137.5, 439.0, 144.0, 0.95),
        ("02060", 443.0, 137.5, 469.0, 144.0, 0.96),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.BUYER_SIRET) == "11624247002060"
    read[-1] = ("02061", 443.0, 137.5, 469.0, 144.0, 0.96)  # the checksum fails
    assert resolve(extract_all(boxed(*read))).value(FieldName.BUYER_SIRET) is None


def test_an_iban_cut_into_two_cells_is_read_across_them():
    # seed 9091 #40: "IBAN : FR76 1090 7872 8246 1590 9207 840" read
    # "FR76109078728246 1" | "5909207840", a bar read after the lone 1; a wide
    # gap cuts a row so too.
    placed = [(40, 324, "IBAN : FR76109078728246 1"), (200, 324, "5909207840")]
    found, _ = values(*placed, method=Method.OCR)
    assert found["supplier_iban"] == "FR7610907872824615909207840"
    # Digits in the next cell that break the check digits are none of it.
    placed[1] = (200, 324, "5909207841")
    found, _ = values(*placed, method=Method.OCR)
    assert "supplier_iban" not in found


def test_a_mark_ocr_read_as_a_word_between_an_ibans_groups_is_a_space():
    # seed 9110 #51: "FR76 1090 7995 9495 …" read "… 7995 ; 9495 …", the ";" a
    # word of its own read at 0.00; the check digits prove the groups one IBAN,
    # and the speck is no character of it: its reading is the digits'.
    read = [
        ("IBAN", 41.5, 591.8, 62.6, 598.6, 0.91), (":", 66.2, 594.0, 67.4, 598.3, 0.90),
        ("FR76", 70.6, 591.6, 90.2, 598.6, 0.90), ("1090", 93.8, 590.6, 109.7, 601.7, 0.95),
        ("7995", 113.0, 590.6, 128.9, 601.7, 0.90), (";", 128.9, 591.8, 130.6, 598.3, 0.00),
        ("9495", 133.4, 590.6, 149.3, 601.7, 0.92), ("1472", 154.3, 590.6, 171.4, 601.2, 0.96),
        ("1196", 175.0, 591.8, 191.5, 598.6, 0.96), ("223", 194.2, 591.6, 206.9, 598.6, 0.96),
    ]  # fmt: skip
    out = resolve(extract_all(boxed(*read)))
    assert out.value(FieldName.SUPPLIER_IBAN) == "FR7610907995949514721196223"
    assert 0.8 < out.fields[FieldName.SUPPLIER_IBAN].confidence < 0.9
    # A digit misread as well: the check digits fail, nothing is made of it.
    wrong = [("9496", *w[1:]) if w[0] == "9495" else w for w in read]
    assert resolve(extract_all(boxed(*wrong))).value(FieldName.SUPPLIER_IBAN) is None


def test_a_vat_number_cut_short_is_repaired_from_a_misread_sirets_siren_below_09():
    # seed 9112 #8: a footer's "N° SIRET 650 953 797 15776" read "650 953 797
    # 187761" (its NIC garbled, no SIRET), and "TVA FR76 650 953 797" read
    # "FR766509": the SIREN passes its own Luhn digit, the key 76 is its own.
    footer = (
        "Sécurité du Rhône - SAS au capital de 10 000 € RCS Amiens B 650 9 |"
        " N° SIRET 650 953 797 187761 TVA FR766509 APE 4321A"
    )
    found, out = values((113, 793, footer), method=Method.OCR)
    assert found["supplier_vat"] == "FR76650953797"
    assert out.fields[FieldName.SUPPLIER_VAT].confidence < 0.9
    assert "supplier_siret" not in found
    # A key that is not the SIREN's, or a SIREN that fails its Luhn digit: nothing.
    for wrong in ("TVA FR756509", "650 953 798 187761"):
        old = "TVA FR766509" if wrong.startswith("TVA") else "650 953 797 187761"
        found, _ = values((113, 793, footer.replace(old, wrong)), method=Method.OCR)
        assert "supplier_vat" not in found
