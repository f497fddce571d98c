"""Works pieces on placed-text pages: frame from the title, situation number, the
cumulative / previous / period amounts and the retenue de garantie, with their checks."""

import json
from decimal import Decimal

import pytest

from ingest.contract import Extraction, FieldName, WorksField
from ingest.extractors import extract_all
from ingest.resolve import Resolution, resolve
from tests.ingest.extractors.pages import doc_of

W = WorksField


def resolved(*placed) -> Resolution:
    return resolve(extract_all(doc_of(*placed)))


def works(out: Resolution) -> dict[str, object]:
    return {name.value: f.value for name, f in out.works.items()}


HEAD = (
    (40, 40, "ENTREPRISE DUPONT BTP"),
    (40, 54, "12 rue des Lilas 44000 Nantes"),
)


def statement(
    cumulative="12 500,00",
    previous="-10 000,00",
    ht="2 500,00",
    vat="500,00",
    ttc="3 000,00",
    retention="-150,00",
    *,
    previous_label="À déduire : situations précédentes HT",
    retention_label="Retenue de garantie 5 %",
    due=True,
):
    """A recap and a totals block, label on the left and amount on the right."""
    rows = [
        ("Montant cumulé des travaux HT", cumulative),
        (previous_label, previous),
        ("Total HT", ht),
        ("TVA 20 %", vat),
        ("Total TTC", ttc),
    ]
    if retention:
        rows.append((retention_label, retention))
    if due:
        rows.append(("Net à payer", "2 850,00"))
    placed = []
    for k, (name, value) in enumerate(rows):
        placed += [(280, 400 + 14 * k, name), (500, 400 + 14 * k, f"{value} €")]
    return placed


@pytest.mark.parametrize(
    ("title", "frame"),
    [
        ("PROJET DE DÉCOMPTE MENSUEL N° 4", "A4"),
        ("Décompte mensuel n°7", "A4"),
        ("Situation de travaux n° 2", "A4"),
        ("Facture de situation", "A4"),
        ("État d'acompte n° 3", "A5"),
        ("ETAT D'ACOMPTE VALIDE", "A19"),
        ("Projet de décompte final", "A7"),
        ("DÉCOMPTE FINAL", "A7"),
        ("Décompte général et définitif", "A8"),
        ("Décompte général et définitif tacite", "A23"),
        ("Projet de décompte général - procédure tacite", "A22"),
        ("Projet de décompte mensuel - cotraitant", "A13"),
        ("Demande de paiement du sous-traitant", "A10"),
    ],
)
def test_the_title_suggests_a_frame_below_certainty(title, frame):
    out = resolved(*HEAD, (40, 120, title))
    got = out.fields[FieldName.BILLING_FRAME]
    assert got.value == frame
    assert 0.5 <= got.confidence < 0.9  # the depositor's role decides in the end
    assert got.raw and got.raw.casefold() in title.casefold()


def test_a_printed_frame_outranks_the_title_without_a_conflict():
    out = resolved(
        *HEAD,
        (40, 120, "PROJET DE DÉCOMPTE MENSUEL N° 4"),
        (40, 160, "Cadre de facturation : A13 - Projet de décompte mensuel"),
    )
    got = out.fields[FieldName.BILLING_FRAME]
    assert (got.value, got.confidence) == ("A13", 0.95)
    assert not [w for w in out.warnings if w.code == "field_conflict"]


def test_a_title_further_down_or_inside_a_sentence_is_no_title():
    out = resolved(
        *HEAD,
        (40, 120, "FACTURE N° F-2026-0042"),
        (40, 150, "Objet : travaux selon le projet de décompte mensuel joint"),
        (40, 700, "Projet de décompte final"),
    )
    assert FieldName.BILLING_FRAME not in out.fields
    assert out.works == {}


def test_an_ordinary_invoice_has_no_works_figures_even_with_a_retention():
    out = resolved(
        *HEAD,
        (40, 120, "FACTURE N° F-2026-0042"),
        (280, 400, "Total HT"),
        (500, 400, "1 000,00 €"),
        (280, 414, "Retenue de garantie 5 %"),
        (500, 414, "-50,00 €"),
    )
    assert out.works == {}


@pytest.mark.parametrize(
    ("placed", "number"),
    [
        (((40, 120, "PROJET DE DÉCOMPTE MENSUEL N° 4"),), "4"),
        (((40, 120, "Décompte mensuel n° 04"),), "4"),
        (((40, 120, "Etat d'acompte n°12"),), "12"),
        (((40, 120, "Situation de travaux"), (40, 140, "Situation n° 9")), "9"),
        (
            ((40, 120, "Situation de travaux"), (40, 160, "N° de situation"),
             (200, 160, "3")),
            "3",
        ),
    ],
)  # fmt: skip
def test_situation_number_in_each_wording(placed, number):
    got = resolved(*HEAD, *placed).works[W.SITUATION_NUMBER]
    assert got.value == number
    assert got.confidence >= 0.85


def test_a_reference_after_a_decompte_label_is_no_situation_number():
    out = resolved(
        *HEAD,
        (40, 120, "Projet de décompte mensuel"),
        (40, 160, "Décompte n° 2025-014"),
        (40, 174, "Situation n° 4/2025"),
    )
    assert W.SITUATION_NUMBER not in out.works
    assert out.fields[FieldName.BILLING_FRAME].value == "A4"


def test_cumulative_less_previous_is_the_total_ht_so_all_three_are_sure():
    out = resolved(*HEAD, (40, 120, "SITUATION DE TRAVAUX N° 4"), *statement())
    assert works(out) == {
        "situation_number": "4",
        "cumulative_ht": Decimal("12500.00"),
        "previous_payments": Decimal("10000.00"),
        "period_ht": Decimal("2500.00"),
        "retention": Decimal("150.00"),
        "retention_rate": Decimal("5"),
    }
    for name in (W.CUMULATIVE_HT, W.PREVIOUS_PAYMENTS, W.PERIOD_HT, W.RETENTION):
        assert out.works[name].confidence >= 0.95, name
    # This period's HT is the total HT, read where the total is printed.
    assert out.works[W.PERIOD_HT].bbox == out.fields[FieldName.TOTAL_HT].bbox


def test_amounts_that_do_not_close_are_kept_but_not_trusted():
    out = resolved(
        *HEAD,
        (40, 120, "SITUATION DE TRAVAUX N° 4"),
        *statement(cumulative="12 600,00"),
    )
    assert out.works[W.CUMULATIVE_HT].value == Decimal("12600.00")
    assert out.works[W.CUMULATIVE_HT].confidence <= 0.75
    assert out.works[W.PREVIOUS_PAYMENTS].confidence <= 0.75
    assert W.PERIOD_HT not in out.works  # not derived from figures that disagree


def test_a_printed_period_amount_is_checked_against_the_total():
    placed = [*statement(), (280, 500, "Travaux du mois HT"), (500, 500, "2 500,00 €")]
    out = resolved(*HEAD, (40, 120, "Décompte mensuel n° 4"), *placed)
    period = out.works[W.PERIOD_HT]
    assert (period.value, period.confidence) == (Decimal("2500.00"), 0.97)
    assert period.bbox is not None and period.bbox[1] == 500


def test_a_lettered_statement_with_its_formula():
    out = resolved(
        *HEAD,
        (40, 120, "Projet de décompte final"),
        (260, 400, "A"),
        (280, 400, "Montant total du marché réalisé HT"),
        (500, 400, "25 384,38 €"),
        (260, 414, "B"),
        (280, 414, "Total des acomptes précédents HT"),
        (500, 414, "-8 321,86 €"),
        (260, 428, "C"),
        (280, 428, "TOTAL HT du présent décompte (A - B)"),
        (500, 428, "17 062,52 €"),
        (280, 442, "TVA 20 %"),
        (500, 442, "3 412,50 €"),
        (280, 456, "Total TTC"),
        (500, 456, "20 475,02 €"),
    )
    assert works(out) == {
        "cumulative_ht": Decimal("25384.38"),
        "previous_payments": Decimal("8321.86"),
        "period_ht": Decimal("17062.52"),
    }
    assert out.fields[FieldName.BILLING_FRAME].value == "A7"
    # "Montant total … réalisé" is no total of this piece, nor "total du marché" a due.
    assert out.fields[FieldName.TOTAL_HT].value == Decimal("17062.52")
    assert out.fields[FieldName.AMOUNT_DUE].value == Decimal("20475.02")


def test_previous_acomptes_are_not_deducted_from_the_amount_due():
    out = resolved(
        *HEAD,
        (40, 120, "ÉTAT D'ACOMPTE N° 4"),
        *statement(previous_label="Acomptes précédents HT", due=False),
    )
    assert out.works[W.PREVIOUS_PAYMENTS].value == Decimal("10000.00")
    due = out.fields[FieldName.AMOUNT_DUE]
    assert due.value == Decimal("2850.00")  # TTC less the retention only
    assert due.method == "derived"


def test_a_ttc_cumulative_is_not_taken_for_an_ht_one():
    out = resolved(
        *HEAD,
        (40, 120, "Situation de travaux n° 4"),
        (280, 400, "Montant cumulé TTC"),
        (500, 400, "15 000,00 €"),
    )
    assert W.CUMULATIVE_HT not in out.works


@pytest.mark.parametrize(
    ("label", "amount", "sure"),
    [
        ("Retenue de garantie 5 %", "-150,00", True),  # 5 % of TTC
        ("Retenue de garantie (5 % du montant TTC)", "-150,00", True),
        ("Retenue de garantie 5 % du HT", "-125,00", True),
        ("Retenue de garantie 5 % du HT", "-150,00", False),  # that is of TTC
        ("RG 5 %", "-140,00", False),
    ],
)
def test_retention_is_proven_by_its_rate_and_stated_base(label, amount, sure):
    out = resolved(
        *HEAD,
        (40, 120, "Situation de travaux n° 4"),
        *statement(retention=amount, retention_label=label, due=False),
    )
    retention = out.works[W.RETENTION]
    assert retention.value == abs(Decimal(amount.replace(",", ".")))
    assert (retention.confidence >= 0.95) is sure
    assert retention.confidence >= 0.95 or retention.confidence <= 0.75
    assert out.works[W.RETENTION_RATE].value == Decimal("5")
    # A retention row naming TTC is still no total TTC.
    assert out.fields[FieldName.TOTAL_TTC].value == Decimal("3000.00")


def test_the_contract_carries_works_as_strings_and_is_empty_otherwise():
    out = resolved(*HEAD, (40, 120, "SITUATION DE TRAVAUX N° 4"), *statement())
    extraction = Extraction(sha256="0" * 64, fields=out.fields, works=out.works)
    data = json.loads(extraction.model_dump_json())
    assert data["works"]["cumulative_ht"]["value"] == "12500.00"
    assert data["works"]["retention_rate"]["value"] == "5.00"
    assert data["works"]["situation_number"]["value"] == "4"
    assert data["works"]["previous_payments"]["raw"] == "-10 000,00 €"
    text = extraction.model_dump_json()
    for again in (
        Extraction.model_validate(data),
        Extraction.model_validate_json(text),
    ):
        assert again.model_dump_json() == text  # read back, "4" stays "4"
    assert again.works[W.CUMULATIVE_HT].value == Decimal("12500.00")
    assert json.loads(Extraction(sha256="0" * 64).model_dump_json())["works"] == {}


def test_an_autoliquidated_final_statement_whose_ht_was_lost_takes_its_ttc():
    # Subcontracted works bear no VAT (autoliquidation): the TTC is the HT. The
    # lots' sub-totals are parts, and the earlier situations' HT no advance.
    lots = [
        (40, 300 + 14 * k, f"Sous-total HT Lot {k + 1} - {name}")
        for k, name in enumerate(("Gros œuvre", "Second œuvre", "Électricité"))
    ]
    out = resolved(
        *HEAD,
        (40, 120, "Décompte final"),
        *lots,
        *[
            (450, 300 + 14 * k, amount)
            for k, amount in enumerate(("1 083,43", "582,62", "7,36"))
        ],
        (280, 400, "Montant total du marché réalisé HT"),
        (480, 400, "4 581,89 EUR"),
        (280, 414, "Total des acomptes précédents HT"),
        (480, 414, "-2 908,48 EUR"),
        (280, 428, "MONTANT HT EUR"),
        (280, 442, "TOTAL T.T.C."),
        (480, 442, "1 673,41 EUR"),
        (
            40,
            470,
            "AUTOLIQUIDATION - Art. 283-2 nonies du CGI - TVA due par le preneur",
        ),
    )
    assert out.fields[FieldName.TOTAL_HT].value == Decimal("1673.41")
    assert out.fields[FieldName.TOTAL_VAT].value == Decimal("0")
    assert out.fields[FieldName.AMOUNT_DUE].value == Decimal("1673.41")
    # One sub-total alone is the total it names.
    out = resolved(
        *HEAD,
        (280, 400, "Sous-total HT"),
        (480, 400, "250,00 €"),
        (40, 470, "TVA non applicable, art. 293 B du CGI"),
    )
    assert out.fields[FieldName.TOTAL_HT].value == Decimal("250.00")
