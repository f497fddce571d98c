"""Works pieces in samples/: the four kinds, their truth consistent and on the page."""

import io
import random
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pdfplumber

from samples.generator import (
    WORKS_FRAMES,
    WORKS_TITLES,
    invoice_for,
    make_invoice,
    render,
    truth,
)

CENT = Decimal("0.01")


def page_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def squash(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", "", text)


def works_specs(count: int, seed: int = 11):
    return [
        invoice_for(seed, i, layout=layout)
        for layout in ("works", "decompte")
        for i in range(count)
    ]


def test_works_truth_adds_up_and_names_the_frame():
    kinds = Counter()
    for spec in works_specs(40):
        t = truth(spec)
        w = t["works"]
        kinds[spec.works.kind] += 1
        cumulative, previous = (
            Decimal(w["cumulative_ht"]),
            Decimal(w["previous_payments"]),
        )
        assert (
            cumulative - previous == Decimal(w["period_ht"]) == Decimal(t["total_ht"])
        )
        assert ("situation_number" in w) == (spec.works.kind in ("mensuel", "acompte"))
        assert t["billing_frame"] == WORKS_FRAMES[spec.works.kind]
        assert spec.title in WORKS_TITLES[spec.works.kind]
        if spec.retention:
            ttc = Decimal(t["total_ttc"] if "total_ttc" in t else t["total_ht"])
            expected = (ttc * 5 / 100).quantize(CENT, ROUND_HALF_UP)
            assert Decimal(w["retention"]) == expected
            assert w["retention_rate"] == "5.00"
        else:
            assert "retention" not in w
    assert set(kinds) == set(WORKS_FRAMES)
    assert min(kinds.values()) >= 8


def test_works_figures_are_printed_with_their_labels():
    for spec in works_specs(8, seed=21):
        w = truth(spec)["works"]
        text = page_text(render(spec))
        flat = squash(text)
        money = spec.style.money
        assert spec.title in text
        assert spec.works.cumulative_label in text
        assert spec.works.previous_label in text
        for key in ("cumulative_ht", "previous_payments", "period_ht", "retention"):
            if key in w:
                assert squash(money.number(Decimal(w[key]))) in flat, key
        if "situation_number" not in w:
            continue
        number = re.escape(w["situation_number"])
        if spec.works.number_style == 3:  # among the references, maybe as a grid
            assert re.search(r"N° (de situation|d'acompte)", text)
            assert re.search(rf"(?<![\d,.]){number}(?![\d,.])", text)
        else:
            assert re.search(rf"n° ?{number}\b", text, re.I)


def test_an_advance_on_a_works_piece_is_not_named_an_acompte():
    for k in range(12):
        spec = make_invoice(random.Random(k), layout="works", advance=True)
        text = page_text(render(spec))
        assert not re.search(r"acompte (déjà )?versé|acomptes? reçu", text, re.I)


def test_a_works_credit_note_has_no_works_truth_nor_implied_frame():
    spec = make_invoice(random.Random(3), layout="decompte", document_type="avoir")
    t = truth(spec)
    assert "works" not in t
    assert t.get("billing_frame") == spec.billing_frame


def test_ordinary_invoices_have_no_works_truth():
    for i in range(60):
        spec = invoice_for(11, i)
        assert ("works" in truth(spec)) == (spec.works is not None)
        assert spec.works is None or spec.layout in ("works", "decompte")


def test_a_works_piece_renders_the_same_bytes_twice():
    for layout in ("works", "decompte"):
        assert render(invoice_for(5, 3, layout=layout)) == render(
            invoice_for(5, 3, layout=layout)
        )
