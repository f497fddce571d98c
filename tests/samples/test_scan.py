"""The scan simulator: image-only pages, deterministic, and the same invoice."""

import io
import json
import math
import random

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest

from samples.generator import invoice_for, render, truth
from samples.scan import (
    Scan,
    generate_scans,
    plan_document,
    plan_page,
    scan,
    scan_document,
    scan_folder,
    scanned_invoice,
)

CLEAN = {
    "dpi": 200,
    "skew": 0.0,
    "noise": False,
    "blur": False,
    "crop": False,
    "holes": False,
    "border": False,
}
"""Pins everything that moves or smears the page, so pixels line up with the native."""


def grey_pages(pdf: bytes, dpi: int = 72) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [
            np.array(page.render(scale=dpi / 72, grayscale=True).to_numpy()).squeeze()
            for page in doc
        ]
    finally:
        doc.close()


def same_shape(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    return a[:h, :w].astype(np.float64), b[:h, :w].astype(np.float64)


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    x, y = same_shape(a, b)
    return float(np.corrcoef(x.ravel(), y.ravel())[0, 1])


def test_same_seed_gives_the_same_bytes() -> None:
    first, first_truth = scanned_invoice(5, 1, dpi=200)
    again, again_truth = scanned_invoice(5, 1, dpi=200)
    other, _ = scanned_invoice(5, 2, dpi=200)
    assert first == again
    assert first_truth == again_truth
    assert first != other


@pytest.mark.parametrize("rotation", [0, 90])
def test_scan_keeps_page_count_and_size_and_has_no_text(rotation: int) -> None:
    native = render(invoice_for(3, 0, pages=2))
    scanned = scan(native, random.Random(1), dpi=200, rotation=rotation)
    with (
        pdfplumber.open(io.BytesIO(native)) as before,
        pdfplumber.open(io.BytesIO(scanned)) as after,
    ):
        assert len(after.pages) == len(before.pages) == 2
        for old, new in zip(before.pages, after.pages, strict=True):
            width, height = (
                (old.height, old.width) if rotation else (old.width, old.height)
            )
            assert new.width == pytest.approx(width, rel=0.01)
            assert new.height == pytest.approx(height, rel=0.01)
            assert new.extract_words() == []
            assert new.chars == []
            assert len(new.images) == 1


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_forced_rotation_turns_the_page_clockwise(rotation: int) -> None:
    native = render(invoice_for(6, 0))
    scanned = scan(native, random.Random(2), rotation=rotation, stamp=False, **CLEAN)
    [page] = grey_pages(native, 36)
    [image] = grey_pages(scanned, 36)
    turned = np.rot90(page, k=-rotation // 90)
    assert image.shape[:2] == pytest.approx(turned.shape[:2], abs=1)
    wrong = np.rot90(turned, k=2)
    assert correlation(image, turned) > 0.8
    assert correlation(image, turned) > correlation(image, wrong) + 0.3


def test_truth_is_carried_over_with_the_scan_record(tmp_path) -> None:
    pdf, facts = scanned_invoice(4, 2, dpi=200)
    scan_record = facts.pop("_scan")
    assert facts == truth(invoice_for(4, 2))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(scan_record["pages"]) == len(doc.pages)
    assert scan_record["dpi"] == 200
    assert json.loads(json.dumps(scan_record)) == scan_record


def test_generate_scans_writes_pdfs_and_truth(tmp_path) -> None:
    [path] = generate_scans(tmp_path, 1, 9)
    assert path.name == "scan-9-0000.pdf"
    facts = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    assert facts["_scan"]["pages"]
    assert facts["invoice_number"] == truth(invoice_for(9, 0))["invoice_number"]
    pages = len(facts["_scan"]["pages"])
    assert path.stat().st_size < pages * 1_500_000


def test_scan_folder_scans_another_generators_invoices_with_their_truth(
    tmp_path,
) -> None:
    printed = tmp_path / "printed"
    printed.mkdir()
    for i in range(2):
        (printed / f"ho-{i}.pdf").write_bytes(render(invoice_for(11, i)))
        text = json.dumps(truth(invoice_for(11, i)), ensure_ascii=False)
        (printed / f"ho-{i}.truth.json").write_text(text, encoding="utf-8")
    (printed / "no-truth.pdf").write_bytes(render(invoice_for(11, 2)))
    scans = scan_folder(printed, tmp_path / "scans", dpi=150)
    assert [p.name for p in scans] == ["ho-0.pdf", "ho-1.pdf"]
    for i, path in enumerate(scans):
        facts = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        assert facts.pop("_scan")["dpi"] == 150
        assert facts == truth(invoice_for(11, i))
        with pdfplumber.open(path) as doc:
            assert not doc.pages[0].extract_words()  # an image, no text layer
    # Drawn from the file's name: the same folder scans the same way.
    again = scan_folder(printed, tmp_path / "again", dpi=150)
    assert again[0].read_bytes() == scans[0].read_bytes()


def marked_and_plain(index: int) -> tuple[bytes, Scan, Scan]:
    native = render(invoice_for(8, index))
    marked = scan_document(
        native, random.Random(index), rotation=0, stamp=True, signature=True, **CLEAN
    )
    plain = scan_document(
        native, random.Random(index), rotation=0, stamp=False, signature=False, **CLEAN
    )
    return native, marked, plain


@pytest.mark.parametrize("index", range(4))
def test_stamps_and_signatures_keep_off_the_print(index: int) -> None:
    native, marked, plain = marked_and_plain(index)
    assert marked.pages[0].marks, "a forced stamp finds a blank corner"
    for page, before, with_marks, without in zip(
        marked.pages,
        grey_pages(native),
        grey_pages(marked.pdf),
        grey_pages(plain.pdf),
        strict=True,
    ):
        ink = before < 200
        ink[1:] |= ink[:-1].copy()
        ink[:, 1:] |= ink[:, :-1].copy()
        a, b = same_shape(with_marks, without)
        diff = np.abs(a - b)
        mask = ink[: diff.shape[0], : diff.shape[1]]
        assert np.percentile(diff[mask], 99.9) < 25
        if page.marks:
            assert (diff > 60).sum() > 100, "the marks are visible"


@pytest.mark.parametrize("index", range(4))
def test_recorded_marks_cover_no_word(index: int) -> None:
    native, marked, _ = marked_and_plain(index)
    with pdfplumber.open(io.BytesIO(native)) as doc:
        for page, scanned in zip(doc.pages, marked.pages, strict=True):
            words = page.extract_words()
            for mark in scanned.marks:
                x0, top, x1, bottom = mark.box
                for word in words:
                    apart = (
                        word["x1"] <= x0
                        or word["x0"] >= x1
                        or word["bottom"] <= top
                        or word["top"] >= bottom
                    )
                    assert apart, (mark, word["text"])


@pytest.mark.parametrize("index", range(4))
def test_a_cut_margin_never_cuts_a_word(index: int) -> None:
    native = render(invoice_for(12, index))
    force = {**CLEAN, "crop": True}
    result = scan_document(
        native, random.Random(index), rotation=0, stamp=False, **force
    )
    page = result.pages[0]
    assert page.crop_side is not None, "a forced cut fits in the blank margin"
    scale = 2  # render at 144 dpi: 2 pixels per point
    moved = page.crop_mm * 72 / 25.4 * scale
    dx = {"left": -moved, "right": moved}.get(page.crop_side, 0.0)
    dy = {"top": -moved, "bottom": moved}.get(page.crop_side, 0.0)
    before = grey_pages(native, 144)[0].astype(int)
    after = grey_pages(result.pdf, 144)[0].astype(int)
    with pdfplumber.open(io.BytesIO(native)) as doc:
        words = doc.pages[0].extract_words()
    h, w = after.shape[:2]
    paper = np.median(after)
    for word in words:
        x0, x1 = math.floor(word["x0"] * scale), math.ceil(word["x1"] * scale)
        top, bottom = math.floor(word["top"] * scale), math.ceil(word["bottom"] * scale)
        printed = before[top:bottom, x0:x1].min()
        # One pixel of slack each way: the sheet moves by whole scan pixels.
        x0, x1 = math.floor(x0 + dx) - 1, math.ceil(x1 + dx) + 1
        top, bottom = math.floor(top + dy) - 1, math.ceil(bottom + dy) + 1
        assert x0 >= 0 and x1 <= w and top >= 0 and bottom <= h, word["text"]
        if printed < 100:  # a cut word would show only paper or lid there
            assert after[top:bottom, x0:x1].min() < paper - 40, word["text"]


def test_defaults_are_mostly_mild() -> None:
    pages = []
    docs = []
    for k in range(2000):
        rng = random.Random(k)
        doc = plan_document(rng, {})
        docs.append(doc)
        pages.append(plan_page(rng, doc, {}))
    assert all(200 <= d.dpi <= 300 and 40 <= d.jpeg_quality <= 85 for d in docs)
    assert all(abs(p.skew) <= 3 for p in pages)
    turned = sum(p.rotation != 0 for p in pages) / len(pages)
    assert 0.06 < turned < 0.14
    hard = sum(d.hard for d in docs) / len(docs)
    assert 0.1 < hard < 0.2


def test_unknown_degradation_is_refused() -> None:
    with pytest.raises(TypeError, match="coffee"):
        scan(render(invoice_for(1, 0)), random.Random(0), coffee=True)
