"""The supplier's deposit page in Chromium: uploads with progress, the live list, the
billing frame chosen at deposit, and a failed deposit told in words that stays."""

from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import Sample, Tab, invoice, sign_in
from tests.web.server import Served, wait_until

READ_TIMEOUT_MS = 120_000


def test_a_supplier_deposits_several_pdfs_and_sees_them_read(
    tab: Tab, service: Served, samples: list[Sample]
) -> None:
    page = tab.page
    sign_in(page, service, "supplier_a")
    assert page.url.endswith("/depots")
    files = [samples[0].path, samples[1].path]
    page.select_option("#frame", "A9")
    page.set_input_files("#files", files)

    for path in files:
        item = page.locator("#uploads li", has_text=path.name)
        expect(item.locator("progress")).to_have_js_property("value", 100)
        expect(item.locator(".state")).to_contain_text("Envoyé")
    for path in files:
        row = page.locator("#deposits tbody tr", has_text=path.name)
        expect(row.locator("td").nth(2)).to_have_text("Lu", timeout=READ_TIMEOUT_MS)
        expect(row.locator(".invoice-status")).to_have_text("Brouillon")
        expect(row.get_by_role("link", name="Vérifier et compléter")).to_be_visible()

    with service.api("supplier_a") as api:
        listed = {d["filename"]: d for d in api.get("/api/documents").json()}
    for path in files:
        invoice_id = listed[path.name]["invoice"]["id"]

        def frame_applied(invoice_id: int = invoice_id) -> bool:
            draft = invoice(service, "supplier_a", invoice_id)
            return draft["fields"]["billing_frame"] == "A9"

        wait_until(frame_applied, timeout=30)
        trail = invoice(service, "supplier_a", invoice_id)["corrections"]
        assert [(c["field"], c["new_value"], c["actor"]) for c in trail] == [
            ("billing_frame", "A9", "supplier_a")
        ]
    assert tab.dialogs == [] and tab.errors == []


def test_the_recipient_is_searched_in_the_directory(tab: Tab, service: Served) -> None:
    page = tab.page
    sign_in(page, service, "supplier_a")
    page.fill("#recipient", "Lycée Jean Moulin")
    options = page.locator("#recipients option")
    expect(options.first).to_have_attribute("value", "19917277600817")
    assert "Lycée Jean Moulin" in (options.first.text_content() or "")


def test_a_file_that_is_no_pdf_fails_in_words_and_stays_listed(
    tab: Tab, service: Served, tmp_path: Path
) -> None:
    page = tab.page
    sign_in(page, service, "supplier_a")
    # Dropped on the zone, as a person drags a file from their desktop.
    dropped = page.evaluate_handle(
        """() => {
            const data = new DataTransfer();
            data.items.add(new File(["Ceci n'est pas une facture."], "notes.pdf",
                                    {type: "application/pdf"}));
            return data;
        }"""
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})

    item = page.locator("#uploads li", has_text="notes.pdf")
    expect(item).to_have_class("failed")
    expect(item.locator(".state")).to_contain_text("n'est ni un PDF ni une facture XML")
    expect(item.locator(".state")).to_contain_text("Que faire : Déposez le PDF")
    row = page.locator("#deposits tbody tr", has_text="notes.pdf")
    expect(row.locator("td").nth(2)).to_contain_text("Échec")
    expect(row).to_contain_text("Que faire : Déposez le PDF de la facture")

    page.reload()
    row = page.locator("#deposits tbody tr", has_text="notes.pdf")
    expect(row.locator("td").nth(2)).to_contain_text("n'est ni un PDF")
    with service.api("supplier_a") as api:
        kept = [
            d for d in api.get("/api/documents").json() if d["filename"] == "notes.pdf"
        ]
    assert [(d["status"], d["error"]["code"]) for d in kept] == [
        ("failed", "not_a_pdf")
    ]
