"""The invoice generator: deterministic, consistent, and true to its pages."""

import io
import json
import random
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pdfplumber
import pytest
from stdnum import bic, iban
from stdnum.fr import siren, siret, tva

from samples.formats import date_text
from samples.generator import (
    BASE_LAYOUTS,
    LABEL_VARIANTS,
    LAYOUTS,
    MORE_LAYOUTS,
    NEW_LABEL_VARIANTS,
    InvoiceSpec,
    _choice,
    _pick_layout,
    _unaccent_upper,
    generate,
    invoice_for,
    make_invoice,
    render,
    truth,
)
from samples.identifiers import vat_number

CENT = Decimal("0.01")
MONEY_KEYS = ("total_ht", "total_vat", "total_ttc", "amount_due")


def specs(count: int, seed: int = 11) -> list[InvoiceSpec]:
    return [invoice_for(seed, i) for i in range(count)]


def page_text(pdf: bytes) -> tuple[str, int]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages), len(
            doc.pages
        )


def squash(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", "", text)


def check_consistent(t: dict) -> None:
    """Every arithmetic and identifier rule the truth must obey."""
    assert t["document_type"] in ("facture", "avoir")
    assert "_lang" not in t
    assert t["currency"] == "EUR"
    for key in MONEY_KEYS:
        if key in t:
            assert re.fullmatch(r"-?\d+\.\d\d", t[key]), (key, t[key])
    ht = Decimal(t["total_ht"])
    vat = Decimal(t.get("total_vat", "0"))
    lines = t["vat_breakdown"]
    for line in lines:
        rate, base, amount = (Decimal(line[k]) for k in ("rate", "base", "amount"))
        assert (base * rate / 100).quantize(CENT, ROUND_HALF_UP) == amount
    if lines:
        assert sum(Decimal(x["base"]) for x in lines) == ht
        assert sum(Decimal(x["amount"]) for x in lines) == vat
        assert len({x["rate"] for x in lines}) == len(lines)
    if "total_ttc" in t:
        assert ht + vat == Decimal(t["total_ttc"])
    assert Decimal(t["amount_due"]) <= max(ht + vat, Decimal(0)) or ht < 0
    assert siret.is_valid(t["supplier_siret"])
    assert t["supplier_siret"][:9] == t["supplier_siren"]
    assert siren.is_valid(t["supplier_siren"])
    if "supplier_vat" in t:
        assert tva.is_valid(t["supplier_vat"])
        assert t["supplier_vat"][4:] == t["supplier_siren"]
    if "buyer_siret" in t:
        assert siret.is_valid(t["buyer_siret"])
    if "supplier_iban" in t:
        assert iban.is_valid(t["supplier_iban"])
        assert t["supplier_iban"].startswith("FR76")
        assert " " not in t["supplier_iban"]
    if "supplier_bic" in t:
        assert bic.is_valid(t["supplier_bic"])
        assert len(t["supplier_bic"]) in (8, 11)


def test_same_seed_writes_the_same_bytes(tmp_path):
    first = generate(tmp_path / "a", 3, 7)
    again = generate(tmp_path / "b", 2, 7)
    assert [p.name for p in first] == [
        "inv-7-0000.pdf",
        "inv-7-0001.pdf",
        "inv-7-0002.pdf",
    ]
    for a, b in zip(first, again, strict=False):
        assert a.read_bytes() == b.read_bytes()
        assert (
            a.with_suffix(".truth.json").read_text()
            == b.with_suffix(".truth.json").read_text()
        )
    assert first[0].read_bytes() != first[1].read_bytes()


def test_truth_file_matches_truth_and_names_its_seed(tmp_path):
    (pdf,) = generate(tmp_path, 1, 3)
    written = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    assert written == truth(invoice_for(3, 0))
    assert written["_seed"] == "3-0"
    assert written["_layout"] in LAYOUTS


def test_every_truth_is_internally_consistent():
    for spec in specs(300):
        check_consistent(truth(spec))


def test_lines_add_up_to_the_totals():
    for spec in specs(200, seed=5):
        t = spec.totals
        sign = -1 if spec.negative else 1
        assert sign * sum(line.amount for line in spec.lines) == t.ht
        assert t.ttc == t.ht + t.vat
        assert t.due == t.ttc - sign * (t.retention + spec.advance)
        for line in spec.lines:
            if line.progress is None:
                expected = (line.quantity * line.unit_price).quantize(
                    CENT, ROUND_HALF_UP
                )
                assert line.amount == expected


def test_each_layout_appears_in_120_invoices():
    layouts = Counter(spec.layout for spec in specs(120))
    assert set(layouts) == set(LAYOUTS)
    assert len(LAYOUTS) >= 17
    assert len(set(LAYOUTS)) == len(LAYOUTS)


def test_layouts_are_drawn_with_similar_frequency():
    layouts = Counter(spec.layout for spec in specs(1700, seed=4))
    assert min(layouts.values()) > 60  # 100 each on average


def test_picking_a_layout_draws_like_a_choice_among_the_base_ones():
    """So every invoice of a base layout keeps the bytes it had before the others."""
    for k in range(200):
        rng, base_rng = random.Random(k), random.Random(k)
        picked = _pick_layout(rng)
        base = _choice(base_rng, BASE_LAYOUTS)
        assert rng.getstate() == base_rng.getstate()
        assert picked == base or picked in MORE_LAYOUTS


def test_invoices_are_varied():
    many = specs(200)
    assert len({s.style.money for s in many}) >= 8
    assert len({s.style.date_style for s in many}) >= 6
    assert len({s.style.font for s in many}) == 3
    assert len({s.style.labels["ht"] for s in many}) >= 6
    assert len({re.sub(r"\d", "9", s.number) for s in many}) >= 8
    assert {s.document_type for s in many} == {"facture", "avoir"}
    assert any(len(s.totals.vat_lines) > 1 for s in many)
    assert any(s.supplier.siren == "356000000" for s in specs(400))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_forced_avoir_is_a_credit_note(layout):
    spec = make_invoice(
        random.Random(layout), layout=layout, document_type="avoir", negative=True
    )
    t = truth(spec)
    assert t["document_type"] == "avoir"
    assert Decimal(t["total_ht"]) < 0
    assert Decimal(t["amount_due"]) < 0
    assert spec.cancelled_invoice and spec.cancelled_invoice != spec.number
    text, _ = page_text(render(spec))
    assert spec.cancelled_invoice in text
    assert re.search(r"avoir|note de crédit", text, re.IGNORECASE)


def test_avoir_with_positive_amounts_keeps_positive_truth():
    spec = make_invoice(random.Random(1), document_type="avoir", negative=False)
    assert Decimal(truth(spec)["total_ht"]) > 0


def test_franchise_prints_no_vat():
    for k in range(10):
        spec = make_invoice(random.Random(k), franchise=True)
        t = truth(spec)
        assert "supplier_vat" not in t
        assert "total_vat" not in t
        assert t["vat_breakdown"] == []
        text, _ = page_text(render(spec))
        assert "293 B" in text
        assert vat_number(spec.supplier.siren) not in squash(text)


def test_autoliquidation_has_zero_vat():
    for k in range(10):
        spec = make_invoice(random.Random(k), autoliquidation=True)
        t = truth(spec)
        assert t.get("total_vat", "0.00") == "0.00"
        assert t["vat_breakdown"] in (
            [],
            [{"rate": "0.00", "base": t["total_ht"], "amount": "0.00"}],
        )
        assert t["total_ttc"] == t["total_ht"]
        text, _ = page_text(render(spec))
        assert "283-2 nonies" in text


def test_retention_and_advance_lower_the_amount_due():
    spec = make_invoice(random.Random(2), retention=True, advance=True, layout="works")
    t = truth(spec)
    ttc = Decimal(t["total_ttc"])
    retention = (ttc * 5 / 100).quantize(CENT, ROUND_HALF_UP)
    assert Decimal(t["amount_due"]) == ttc - retention - spec.advance
    assert spec.advance > 0
    text, _ = page_text(render(spec))
    assert spec.style.money.number(Decimal(t["amount_due"])) in text
    assert re.search(r"Retenue de garantie|RG 5", text, re.IGNORECASE)


def test_la_poste_siret_uses_its_own_rule():
    spec = make_invoice(random.Random(4), la_poste=True)
    t = truth(spec)
    assert t["supplier_siren"] == "356000000"
    assert siret.is_valid(t["supplier_siret"])
    assert sum(map(int, t["supplier_siret"])) % 5 == 0


def test_forced_rates_give_one_vat_line_per_rate():
    spec = make_invoice(
        random.Random(5), rates=["20", "5.5", "10"], line_count=6, layout="band"
    )
    rates = [line["rate"] for line in truth(spec)["vat_breakdown"]]
    assert sorted(rates) == ["10.00", "20.00", "5.50"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_forced_pages_spill_the_lines_table(layout):
    spec = make_invoice(random.Random(layout), layout=layout, pages=3, line_count=20)
    text, pages = page_text(render(spec))
    assert pages == 3
    assert spec.number in text


def test_billing_frame_is_printed_when_in_truth():
    spec = make_invoice(random.Random(6), billing_frame=True, layout="grid")
    t = truth(spec)
    text, _ = page_text(render(spec))
    assert t["billing_frame"] in text
    assert "Cadre de facturation" in text


def test_unknown_feature_is_refused():
    with pytest.raises(TypeError):
        make_invoice(random.Random(0), colour="blue")


def test_truth_values_are_on_the_page():
    for spec in specs(36, seed=21):
        check_on_page(spec)


def check_on_page(spec: InvoiceSpec) -> None:
    """Every truth value is printed, in the invoice's own formats."""
    t = truth(spec)
    text, _ = page_text(render(spec))
    flat = squash(text)
    assert spec.number in text
    assert date_text(spec.invoice_date, spec.style.date_style) in text
    if spec.due_date:
        assert date_text(spec.due_date, spec.style.date_style) in text
    if spec.style.siren_nic:
        assert t["supplier_siren"] in flat and t["supplier_siret"][9:] in flat
    else:
        assert t["supplier_siret"] in flat
    for key in ("supplier_vat", "supplier_iban", "supplier_bic", "buyer_siret"):
        if key in t:
            assert t[key] in flat, key
    for key in ("engagement_number", "contract_number", "buyer_service_code"):
        if key in t:
            assert t[key] in text, key
    money = spec.style.money
    for key in MONEY_KEYS:
        if key in t:
            assert squash(money.number(Decimal(t[key]))) in flat, (key, t[key])
    for line in t["vat_breakdown"]:
        assert squash(money.number(Decimal(line["amount"]))) in flat
    assert "€" in text or "EUR" in text
    assert t["supplier_name"].split()[0] in text
    # Side-by-side blocks interleave in reading order: check word by word.
    assert all(word in text for word in t["buyer_name"].split())


@pytest.mark.parametrize("layout", MORE_LAYOUTS)
def test_newer_layouts_print_their_truth(layout):
    for k in range(6):
        spec = invoice_for(k, 0, layout=layout)
        check_consistent(truth(spec))
        check_on_page(spec)


@pytest.mark.parametrize("layout", MORE_LAYOUTS)
@pytest.mark.parametrize(
    "force",
    [
        {"franchise": True},
        {"autoliquidation": True},
        {"retention": True, "advance": True},
        {"siren_nic": True, "billing_frame": True},
        {"rates": ["20", "10", "5.5"], "line_count": 6},
    ],
    ids=["franchise", "autoliquidation", "deductions", "siren_nic", "rates"],
)
def test_newer_layouts_print_forced_features(layout, force):
    spec = make_invoice(
        random.Random(f"{layout}{sorted(force)}"), layout=layout, **force
    )
    check_on_page(spec)
    text, _ = page_text(render(spec))
    if force.get("franchise"):
        assert "293 B" in text
    if force.get("autoliquidation"):
        assert "283-2 nonies" in text
    if spec.billing_frame:
        assert spec.billing_frame in text


def test_newer_layouts_use_further_label_wordings():
    """The newer layouts draw the added wordings; the base ones keep theirs."""
    used = Counter()
    for i in range(400):
        spec = invoice_for(9, i)
        for key, value in spec.style.labels.items():
            if spec.layout in MORE_LAYOUTS:
                used[key] += value in NEW_LABEL_VARIANTS.get(key, ())
            else:
                base = LABEL_VARIANTS[key]
                forms = {f(v) for v in base for f in (str, str.upper, _unaccent_upper)}
                assert value in forms, (key, value)
    assert all(used[key] for key in ("ht", "due_amount", "engagement", "service"))


def test_each_newer_layout_looks_its_part():
    marks = {
        "bilingual": r"Invoice|INVOICE|Credit note|CREDIT NOTE",
        "fees": r"honoraires",
        "decompte": r"DÉCOMPTE",
        "carbon": r"ORIGINAL|Exemplaire client|Feuillet client",
        "strip": r".",
        "form": r" : ",
        "sidebar": r".",
        "landscape": r".",
    }
    for layout in MORE_LAYOUTS:
        spec = make_invoice(random.Random(layout), layout=layout)
        pdf = render(spec)
        text, _ = page_text(pdf)
        assert re.search(marks[layout], text), layout
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            width, height = doc.pages[0].width, doc.pages[0].height
        if layout == "landscape":
            assert width > height
        else:
            assert width < height


def test_newer_layouts_render_the_same_bytes_twice():
    for layout in MORE_LAYOUTS:
        spec = invoice_for(2, 1, layout=layout)
        assert render(spec) == render(invoice_for(2, 1, layout=layout))
