"""Safe by construction, in Chromium: what a document says stays text, writes need the
CSRF token, and another tenant's document is a 404 page."""

from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import (
    HOSTILE_FILENAME,
    HOSTILE_NAME,
    Sample,
    Tab,
    deposit_by_api,
    invoice,
    processed,
    sign_in,
)
from tests.web.server import Served


def test_a_supplier_named_like_a_script_stays_text(
    tab: Tab, service: Served, hostile_pdf: Path
) -> None:
    page = tab.page
    sign_in(page, service, "supplier_a")
    page.set_input_files("#files", hostile_pdf)
    row = page.locator("#deposits tbody tr", has_text="onerror")
    expect(row.locator("td").nth(2)).to_have_text("Lu", timeout=120_000)
    expect(row.locator("td.file")).to_have_text(HOSTILE_FILENAME)
    assert page.locator("#deposits img").count() == 0

    document_id = int(row.get_attribute("data-document") or 0)
    page.goto(f"/documents/{document_id}")
    expect(page.locator("#screen")).to_have_attribute("data-boxes", "ready")
    expect(page.locator("h1")).to_have_text(HOSTILE_FILENAME)
    expect(page.locator("#f-supplier_name")).to_have_value(HOSTILE_NAME)
    raw = page.locator(".field[data-field=supplier_name] .raw")
    expect(raw).to_have_text(f"lu : « {HOSTILE_NAME} »")
    # The page's words carry it too, as attribute text.
    titles = page.locator(".word").evaluate_all("ws => ws.map(w => w.title)")
    assert {t for t in titles if "<script>" in t} == {
        "<script>alert('ingest')</script>"
    }

    # A value typed in by hand is text in the corrections trail as well.
    page.fill("#f-invoice_number", "<b>gras</b>")
    page.press("#f-invoice_number", "Enter")
    expect(page.locator("#corrections")).to_contain_text("« <b>gras</b> »")
    assert page.locator("#corrections b").count() == 0
    page.reload()
    expect(page.locator("#screen")).to_have_attribute("data-boxes", "ready")

    scripts = page.locator("script:not([src]):not([type='application/json'])")
    assert scripts.count() == 0
    assert page.locator("img[src=x]").count() == 0
    assert tab.dialogs == []
    assert tab.errors == []


def test_writes_without_the_csrf_token_are_refused(
    tab: Tab, service: Served, samples: list[Sample]
) -> None:
    document_id = deposit_by_api(service, "supplier_a", samples[9].path)
    invoice_id = processed(service, "supplier_a", document_id)["invoice"]["id"]
    page = tab.page
    sign_in(page, service, "supplier_a")
    request = page.context.request
    change = {"fields": {"contract_number": "SANS-JETON"}}

    missing = request.patch(f"/ui/invoices/{invoice_id}", data=change)
    wrong = request.patch(
        f"/ui/invoices/{invoice_id}", data=change, headers={"X-CSRF-Token": "0" * 64}
    )
    submit = request.post(f"/ui/invoices/{invoice_id}/submit")
    upload = request.post(
        "/ui/documents",
        multipart={"file": {"name": "a.pdf", "mimeType": "application/pdf",
                            "buffer": samples[9].path.read_bytes()}},
    )  # fmt: skip
    for answer in (missing, wrong, submit, upload):
        assert answer.status == 403
        assert answer.json()["error"]["code"] == "csrf_refused"
    draft = invoice(service, "supplier_a", invoice_id)
    assert draft["status"] == "brouillon"
    assert all(c["new_value"] != "SANS-JETON" for c in draft["corrections"])

    sign_out = request.post("/deconnexion", form={"csrf": "faux"}, max_redirects=0)
    assert sign_out.status == 403
    assert request.get("/depots", max_redirects=0).status == 200  # still signed in

    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    accepted = request.patch(
        f"/ui/invoices/{invoice_id}", data=change, headers={"X-CSRF-Token": token or ""}
    )
    assert accepted.status == 200
    last = invoice(service, "supplier_a", invoice_id)["corrections"][-1]
    assert (last["field"], last["new_value"], last["actor"]) == (
        "contract_number",
        "SANS-JETON",
        "supplier_a",
    )
    # The cookie never authenticates the Bearer API.
    assert request.get("/api/documents").status == 401


def test_signing_in_needs_the_form_s_own_token(tab: Tab, service: Served) -> None:
    request = tab.page.context.request
    forged = request.post(
        "/connexion",
        form={"token": service.tokens["supplier_a"], "csrf": "forged"},
        max_redirects=0,
    )
    assert forged.status == 403
    tab.page.goto("/connexion")
    tab.page.fill("#token", "ing_not-a-token")
    tab.page.click("button[type=submit]")
    expect(tab.page.locator(".problem")).to_contain_text("inconnu ou révoqué")
    assert tab.page.url.endswith("/connexion")


def test_another_suppliers_document_is_a_404_page(
    tab: Tab, service: Served, samples: list[Sample]
) -> None:
    document_id = deposit_by_api(service, "supplier_a", samples[12].path)
    body = processed(service, "supplier_a", document_id)
    page = tab.page
    sign_in(page, service, "supplier_b")
    answer = page.goto(f"/documents/{document_id}")
    assert answer is not None and answer.status == 404
    expect(page.locator("h1")).to_contain_text("Introuvable")
    assert samples[12].path.name not in page.content()
    request = page.context.request
    token = page.locator("meta[name=csrf-token]").get_attribute("content") or ""
    for url in (
        f"/ui/documents/{document_id}",
        f"/ui/documents/{document_id}/pages/1.png",
        f"/ui/documents/{document_id}/pages/1/words",
    ):
        assert request.get(url).status == 404, url
    patched = request.patch(
        f"/ui/invoices/{body['invoice']['id']}",
        data={"fields": {"contract_number": "VOL"}},
        headers={"X-CSRF-Token": token},
    )
    assert patched.status == 404
    page.goto("/depots")
    expect(page.locator("#deposits tbody")).not_to_contain_text(samples[12].path.name)

    with service.api("supplier_b") as api:
        assert api.get(f"/api/documents/{document_id}/pages/1/words").status_code == 404
    with service.api("supplier_a") as api:
        words = api.get(f"/api/documents/{document_id}/pages/1/words").json()
    assert words["page"] == 1 and words["width"] > 0
    assert samples[12].truth["invoice_number"] in {w["text"] for w in words["words"]}


def test_a_clerk_of_another_structure_gets_a_404_page(
    tab: Tab, service: Served, samples: list[Sample]
) -> None:
    document_id = deposit_by_api(service, "supplier_a", samples[12].path)
    processed(service, "supplier_a", document_id)
    sign_in(tab.page, service, "clerk_x")
    answer = tab.page.goto(f"/documents/{document_id}")
    assert answer is not None and answer.status == 404
