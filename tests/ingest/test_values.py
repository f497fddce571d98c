from datetime import date
from decimal import Decimal

import pytest

from ingest.values import (
    AMOUNT_RE,
    AmountFormatError,
    DateFormatError,
    fold,
    is_amount,
    parse_amount,
    parse_date,
    parse_rate,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,56 €", "1234.56"),
        ("1\u00a0234,56 EUR", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("EUR 12 000,00", "12000.00"),
        ("-1 234,56", "-1234.56"),
        ("- 1 234,56 €", "-1234.56"),
        ("0,55", "0.55"),
        ("12 €", "12"),
    ],
)
def test_amounts_in_french_and_english_notation_parse_exactly(text, value):
    assert parse_amount(text) == Decimal(value)
    assert AMOUNT_RE.search(text).group(0).strip() == text.strip()


@pytest.mark.parametrize("text", ["", "abc", "12/11/2026", "1,2,3,4"])
def test_not_amounts_raise(text):
    with pytest.raises(AmountFormatError):
        parse_amount(text)
    assert not is_amount(text)


def test_amount_pattern_skips_phone_numbers_identifiers_and_rates():
    text = "Tél. 04 72 12 34 56 SIRET 732 829 320 00074 TVA 20,00 % total 1 234,56"
    assert [m.group(0) for m in AMOUNT_RE.finditer(text)] == ["1 234,56"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("24/11/2026", date(2026, 11, 24)),
        ("24.11.2026", date(2026, 11, 24)),
        ("24-11-2026", date(2026, 11, 24)),
        ("2026-11-24", date(2026, 11, 24)),
        ("24 novembre 2026", date(2026, 11, 24)),
        ("24 nov. 2026", date(2026, 11, 24)),
        ("1er décembre 2026", date(2026, 12, 1)),
        ("3 février 2027", date(2027, 2, 3)),
        ("24/11/26", date(2026, 11, 24)),
        ("ler novembre 2025", date(2025, 11, 1)),  # "1er" as OCR reads it
        ("Ier mai 2026", date(2026, 5, 1)),
        ("ter août 2025", date(2025, 8, 1)),  # the 1 read as a t
        ("er déc. 2026", date(2026, 12, 1)),  # the 1 lost
        ("1ef mars 2026", date(2026, 3, 1)),  # its r read as an f (seed 9066 #56)
        ("9nov. 2026", date(2026, 11, 9)),  # OCR dropped the spaces
        ("9 nov.2026", date(2026, 11, 9)),
    ],
)
def test_dates_in_every_printed_form(text, value):
    assert parse_date(text) == value


def test_a_word_ending_in_ier_is_not_the_first_of_the_month():
    with pytest.raises(DateFormatError):
        parse_date("Atelier mai 2026")


def test_impossible_date_raises():
    with pytest.raises(DateFormatError):
        parse_date("31/02/2026")


@pytest.mark.parametrize(
    ("text", "rate"), [("20 %", "20"), ("5,5 %", "5.5"), ("2,10%", "2.10")]
)
def test_rates_are_decimal_percents(text, rate):
    assert parse_rate(text) == Decimal(rate)


def test_fold_keeps_offsets():
    text = "Échéance À RÉGLER"
    assert fold(text) == "echeance a regler"
    assert len(fold(text)) == len(text)


def test_an_ocr_misread_decimal_separator_is_read_and_flagged():
    from ingest.values import is_misread_amount

    match = AMOUNT_RE.search("MONTANT HT: 3.000.80 €")
    assert parse_amount(match.group(0)) == Decimal("3000.80")
    assert is_misread_amount(match.group(0))
    assert not is_misread_amount("3.000,80")
