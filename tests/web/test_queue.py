"""The clerk's queue in Chromium: blocked drafts first, each row saying why; filters;
a clerk's correction is kept with its trail, and a clerk cannot send."""

from playwright.sync_api import expect

from tests.web.conftest import (
    Sample,
    Tab,
    correct_by_api,
    deposit_by_api,
    invoice,
    processed,
    sign_in,
)
from tests.web.server import Served

OCCITANIE = "23243124700872"


def test_blocked_drafts_come_first_and_say_why(
    tab: Tab, service: Served, samples: list[Sample]
) -> None:
    clean_doc = deposit_by_api(service, "supplier_a", samples[2].path)
    blocked_doc = deposit_by_api(service, "supplier_a", samples[8].path)
    clean = processed(service, "supplier_a", clean_doc)["invoice"]
    blocked = processed(service, "supplier_a", blocked_doc)["invoice"]
    assert clean["buyer_siret"] == OCCITANIE and clean["blockers"] == 0
    readdressed = correct_by_api(
        service, "supplier_a", blocked["id"],
        {"fields": {"buyer_siret": OCCITANIE, "buyer_service_code": "NOPE",
                    "engagement_number": None}},
    )  # fmt: skip
    assert [b["code"] for b in readdressed["blockers"]] == ["service_unknown"]

    page = tab.page
    sign_in(page, service, "clerk_occitanie")
    assert page.url.endswith("/a-traiter")
    rows = page.locator("#queue tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-document", str(blocked_doc))
    expect(rows.nth(0).locator(".why")).to_contain_text("1 blocage")
    expect(rows.nth(0).locator(".why")).to_contain_text(
        "n'a pas de service avec ce code"
    )
    expect(rows.nth(1)).to_have_attribute("data-document", str(clean_doc))

    page.select_option("#blocage", "non")
    page.click(".filters button[type=submit]")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_have_attribute("data-document", str(clean_doc))

    rows.nth(0).get_by_role("link", name="Corriger").click()
    expect(page.locator("#screen")).to_have_attribute("data-boxes", "ready")
    assert page.locator("#submit").count() == 0  # a clerk corrects; the supplier sends
    page.fill("#f-contract_number", "MARCHE-2026-01")
    page.press("#f-contract_number", "Enter")
    expect(page.locator("#corrections")).to_contain_text("MARCHE-2026-01")
    last = invoice(service, "clerk_occitanie", clean["id"])["corrections"][-1]
    assert (last["field"], last["new_value"], last["actor"]) == (
        "contract_number",
        "MARCHE-2026-01",
        "clerk_occitanie",
    )


def test_a_supplier_has_no_queue(tab: Tab, service: Served) -> None:
    sign_in(tab.page, service, "supplier_a")
    answer = tab.page.goto("/a-traiter")
    assert answer is not None and answer.status == 403
    expect(tab.page.locator(".problem")).to_contain_text("Votre rôle ne permet pas")
