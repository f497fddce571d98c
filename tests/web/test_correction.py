"""The correction screen in Chromium: click a word to fill a field, fix a VAT line with
the checks live, submit refused with blockers then accepted; keyboard only too."""

from decimal import Decimal
from typing import Any

from playwright.sync_api import Page, expect

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


def _open(page: Page, document_id: int) -> None:
    page.goto(f"/documents/{document_id}")
    expect(page.locator("#screen")).to_have_attribute("data-boxes", "ready")


def _broken_vat(lines: list[dict[str, str]]) -> list[dict[str, str]]:
    """The same VAT lines, the first one's amount a euro off."""
    first = {**lines[0], "amount": str(Decimal(lines[0]["amount"]) + 1)}
    return [first, *lines[1:]]


def _draft(service: Served, user: str, sample: Sample) -> tuple[int, dict[str, Any]]:
    document_id = deposit_by_api(service, user, sample.path)
    body = processed(service, user, document_id)
    assert body["status"] == "done", body["error"]
    return document_id, invoice(service, user, body["invoice"]["id"])


def test_a_word_clicked_fills_the_field_then_a_vat_line_is_fixed_and_sent(
    tab: Tab, service: Served, samples: list[Sample]
) -> None:
    sample = samples[5]  # addressed to a ministry that requires an engagement number
    engagement = sample.truth["engagement_number"]
    document_id, draft = _draft(service, "supplier_a", sample)
    good_vat = draft["vat_breakdown"]
    assert good_vat, "the sample has VAT lines"
    # As if the reading had missed the engagement and misread a VAT amount.
    draft = correct_by_api(
        service, "supplier_a", draft["id"],
        {"fields": {"engagement_number": None}, "vat_breakdown": _broken_vat(good_vat)},
    )  # fmt: skip
    assert [b["code"] for b in draft["blockers"]] == ["engagement_required"]

    page = tab.page
    sign_in(page, service, "supplier_a")
    _open(page, document_id)
    blockers = page.locator("#blockers")
    expect(blockers).to_contain_text("exige un numéro d'engagement")
    expect(page.locator("#vat tbody tr.bad")).to_have_count(1)
    expect(page.locator("#vat-live")).to_contain_text("base × taux ne donne pas")

    # Submitting now is refused, with the blocker in words.
    page.click("#submit")
    expect(blockers.locator("li.refused")).to_contain_text("Envoi refusé")
    expect(blockers.locator("li[data-code=engagement_required]")).to_contain_text(
        "Que faire : Saisissez le numéro d'engagement"
    )
    assert invoice(service, "supplier_a", draft["id"])["status"] == "brouillon"

    # Focus the field, click the number on the page, save with Enter.
    field = page.locator("#f-engagement_number")
    field.click()
    page.locator(f".overlay .word[title='{engagement}']").first.click()
    expect(field).to_have_value(engagement)
    field.press("Enter")
    expect(page.locator("#save-state")).to_contain_text("Enregistré")
    expect(blockers).to_contain_text("Aucun blocage")
    saved = invoice(service, "supplier_a", draft["id"])
    assert saved["fields"]["engagement_number"] == engagement
    assert saved["blockers"] == []
    last = saved["corrections"][-1]
    assert (last["field"], last["new_value"], last["actor"]) == (
        "engagement_number",
        engagement,
        "supplier_a",
    )

    # Fix the VAT line in the table: the check clears as it is typed.
    first = page.locator("#vat tbody tr").first
    expect(first).to_have_class("bad")
    amount = first.locator("input[data-vat=amount]")
    amount.fill(good_vat[0]["amount"].replace(".", ","))
    expect(page.locator("#vat tbody tr.bad")).to_have_count(0)
    expect(page.locator("#vat-live")).to_contain_text("concordent")
    amount.press("Enter")
    expect(page.locator("#checks")).to_contain_text("Les montants sont cohérents")
    saved = invoice(service, "supplier_a", draft["id"])
    assert saved["vat_breakdown"] == good_vat
    assert saved["checks"] == []
    assert saved["corrections"][-1]["field"] == "vat_breakdown"

    page.click("#submit")
    expect(page.locator("#invoice-status")).to_have_text("Déposée")
    expect(page.locator("#history")).to_contain_text("Brouillon → Déposée")
    assert invoice(service, "supplier_a", draft["id"])["status"] == "deposee"
    assert tab.dialogs == [] and tab.errors == []


def test_dragging_a_box_over_words_fills_the_field_with_them(
    tab: Tab, service: Served, samples: list[Sample]
) -> None:
    sample = samples[10]
    document_id, draft = _draft(service, "supplier_a", sample)
    page = tab.page
    sign_in(page, service, "supplier_a")
    _open(page, document_id)
    page.locator("#f-contract_number").click()
    box = page.locator(".box[data-field=supplier_name]")
    assert box.count() == 1, "the supplier's name was read with its place"
    box.scroll_into_view_if_needed()
    area = box.bounding_box()
    assert area is not None
    page.mouse.move(area["x"] - 2, area["y"] - 2)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    page.mouse.move(area["x"] + area["width"] + 2, area["y"] + area["height"] + 2)
    page.mouse.up()
    expect(page.locator("#f-contract_number")).to_have_value(
        draft["fields"]["supplier_name"]
    )


def test_a_correction_can_be_made_and_sent_with_the_keyboard_only(
    tab: Tab, service: Served, samples: list[Sample]
) -> None:
    sample = samples[3]  # addressed to a town that requires a service code
    code = sample.truth["buyer_service_code"]
    document_id, draft = _draft(service, "supplier_a", sample)
    draft = correct_by_api(
        service, "supplier_a", draft["id"], {"fields": {"buyer_service_code": None}}
    )
    assert [b["code"] for b in draft["blockers"]] == ["service_required"]

    page = tab.page
    page.goto("/connexion")
    page.wait_for_function("document.activeElement.id === 'token'")  # autofocus
    page.keyboard.type(service.tokens["supplier_a"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/depots")
    _open(page, document_id)
    expect(page.locator(".shortcuts")).to_contain_text("Alt")

    def focused() -> str:
        return str(page.evaluate("document.activeElement.id"))

    for _ in range(30):  # Alt+N walks the fields that need a look
        page.keyboard.press("Alt+n")
        if focused() == "f-buyer_service_code":
            break
    assert focused() == "f-buyer_service_code"
    page.keyboard.type("faux")
    page.keyboard.press("Escape")  # undoes the typing
    expect(page.locator("#f-buyer_service_code")).to_have_value("")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.locator("#save-state")).to_contain_text("Enregistré")
    expect(page.locator("#blockers")).to_contain_text("Aucun blocage")
    page.keyboard.press("Alt+v")
    expect(page.locator("#invoice-status")).to_have_text("Déposée")

    saved = invoice(service, "supplier_a", draft["id"])
    assert saved["status"] == "deposee"
    assert saved["fields"]["buyer_service_code"] == code
    last = saved["corrections"][-1]
    assert (last["field"], last["new_value"], last["actor"]) == (
        "buyer_service_code",
        code,
        "supplier_a",
    )
