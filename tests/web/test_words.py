"""A page's words with their boxes, over the API: from the text layer, or from OCR for a
scanned page, in the same frame as the Extraction's boxes."""

import json
from pathlib import Path
from typing import Any

from samples.scan import generate_scans
from tests.web.conftest import Sample, deposit_by_api, processed
from tests.web.server import Served


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _words_under(service: Served, document_id: int, field: dict[str, Any]) -> set[str]:
    with service.api("supplier_a") as api:
        answer = api.get(f"/api/documents/{document_id}/pages/{field['page']}/words")
    assert answer.status_code == 200, answer.text
    return {
        w["text"] for w in answer.json()["words"] if _overlap(w["bbox"], field["bbox"])
    }


def test_text_layer_words_lie_under_the_values_read(
    service: Served, samples: list[Sample]
) -> None:
    document_id = deposit_by_api(service, "supplier_a", samples[11].path)
    extraction = processed(service, "supplier_a", document_id)
    with service.api("supplier_a") as api:
        fields = api.get(f"/api/documents/{document_id}").json()["extraction"]["fields"]
        page = api.get(f"/api/documents/{document_id}/pages/1/words").json()
        missing = api.get(f"/api/documents/{document_id}/pages/99/words")
    assert extraction["status"] == "done"
    assert page["method"] == "text"
    assert (round(page["width"]), round(page["height"])) == (595, 842)  # A4
    number = fields["invoice_number"]
    assert number["value"] in _words_under(service, document_id, number)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "page_not_found"


def test_a_scanned_page_gives_its_ocr_words_in_the_page_frame(
    service: Served, tmp_path: Path
) -> None:
    [scan] = generate_scans(tmp_path / "scans", 1, 5)
    document_id = deposit_by_api(service, "supplier_a", scan)
    body = processed(service, "supplier_a", document_id)
    assert body["status"] == "done"
    with service.api("supplier_a") as api:
        extraction = api.get(f"/api/documents/{document_id}").json()["extraction"]
        page = api.get(f"/api/documents/{document_id}/pages/1/words").json()
    assert extraction["source"] in ("ocr", "mixed")
    assert page["method"] == "ocr"
    assert len(page["words"]) > 20
    placed = [
        f for f in extraction["fields"].values()
        if f.get("page") == 1 and f.get("bbox") and f["method"] == "ocr"
    ]  # fmt: skip
    assert placed, "the scan had values read by OCR on page 1"
    for field in placed:
        assert _words_under(service, document_id, field), field


def test_a_factur_x_pdf_read_from_its_xml_still_gives_its_page_words(
    service: Served, tmp_path: Path
) -> None:
    from samples.facturx import generate as generate_facturx

    [invoice] = generate_facturx(tmp_path / "fx", 1, 7)
    truth = json.loads(invoice.with_suffix(".truth.json").read_text(encoding="utf-8"))
    document_id = deposit_by_api(service, "supplier_a", invoice)
    assert processed(service, "supplier_a", document_id)["status"] == "done"
    with service.api("supplier_a") as api:
        extraction = api.get(f"/api/documents/{document_id}").json()["extraction"]
        page = api.get(f"/api/documents/{document_id}/pages/1/words").json()
    assert extraction["source"] == "xml" and extraction["pages"] >= 1
    assert page["method"] == "text"
    assert truth["invoice_number"] in {w["text"] for w in page["words"]}
