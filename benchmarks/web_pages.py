"""Time to first paint of the correction screen for a 3-page invoice, and what it
downloads, in Debian's chromium against `ingest serve` on loopback.

Run by hand: ``.venv/bin/python benchmarks/web_pages.py [--runs 10]
[--screenshot docs/correction-screen.png]``. Each run opens the screen in a fresh
browser context (cold cache) and reads the browser's own timings: first contentful
paint, the page images loaded, the value boxes drawn (a ``boxes-drawn`` mark), and the
bytes transferred, by kind, on opening and after scrolling through all three pages.
"""

import argparse
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.users import Role
from samples.generator import invoice_for, render
from tests.web.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Served,
    serve,
    wait_until,
)

USERS = {"supplier": (Role.SUPPLIER, "65083303102923")}
TIMINGS = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const boxes = performance.getEntriesByName("boxes-drawn")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  const images = [...document.images].filter((i) => i.complete && i.naturalWidth);
  return {
    fcp: paint ? paint.startTime : null,
    boxes: boxes ? boxes.startTime : null,
    html: nav.responseEnd,
    images: images.length,
  };
}"""
BYTES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const rows = [{name: nav.name, type: "navigation", size: nav.transferSize}];
  for (const r of performance.getEntriesByType("resource")) {
    rows.push({name: r.name, type: r.initiatorType, size: r.transferSize});
  }
  return rows;
}"""


def three_page_invoice(folder: Path) -> Path:
    path = folder / "trois-pages.pdf"
    path.write_bytes(render(invoice_for(1, 2, pages=3)))
    return path


def deposit(service: Served, path: Path) -> int:
    with service.api("supplier") as api:
        answer = api.post(
            "/api/documents", files={"file": (path.name, path.read_bytes())}
        )
        document_id = int(answer.json()["id"])

        def done() -> bool:
            body = api.get(f"/api/documents/{document_id}").json()
            return body["status"] == "done" and body["invoice"] is not None

        wait_until(done, timeout=180)
    return document_id


def session_cookies(browser: Browser, service: Served) -> list[Any]:
    context = browser.new_context(base_url=service.url)
    page = context.new_page()
    page.goto("/connexion")
    page.fill("#token", service.tokens["supplier"])
    page.click("button[type=submit]")
    page.wait_for_url("**/depots")
    cookies = context.cookies()
    context.close()
    return cookies


def kind(row: dict[str, Any]) -> str:
    name = str(row["name"]).split("?")[0]
    if row["type"] == "navigation":
        return "html"
    for suffix, label in ((".png", "png"), (".js", "js"), (".css", "css")):
        if name.endswith(suffix):
            return label
    return "json" if "/words" in name or "/ui/" in name else "other"


def by_kind(rows: list[dict[str, Any]]) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    for row in rows:
        sizes[kind(row)] += int(row["size"])
    return dict(sizes)


def one_run(
    browser: Browser, service: Served, cookies: list[Any], document_id: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, int], Page]:
    context = browser.new_context(
        base_url=service.url, viewport={"width": 1400, "height": 900}
    )
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(f"/documents/{document_id}")
    page.wait_for_selector("#screen[data-boxes=ready]")
    page.wait_for_function("document.images[0].complete")
    timings = page.evaluate(TIMINGS)
    opened = by_kind(page.evaluate(BYTES))
    for image in page.locator(".page img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function("[...document.images].every((i) => i.complete)")
    scrolled = by_kind(page.evaluate(BYTES))
    return timings, opened, scrolled, page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        with serve(folder / "var", USERS) as service:
            document_id = deposit(service, three_page_invoice(folder))
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            cookies = session_cookies(browser, service)
            one_run(browser, service, cookies, document_id)[3].context.close()  # warm
            results = []
            for _ in range(args.runs):
                timings, opened, scrolled, page = one_run(
                    browser, service, cookies, document_id
                )
                results.append((timings, opened, scrolled))
                if args.screenshot and len(results) == args.runs:
                    page.locator("#f-total_ttc").focus()
                    page.wait_for_timeout(300)
                    args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(args.screenshot))
                page.context.close()
            browser.close()
    report(console, results, args.runs)


def report(console: Console, results: list[Any], runs: int) -> None:
    def med(values: list[float]) -> str:
        return f"{statistics.median(values):.0f}"

    timings = Table(title=f"Correction screen, 3-page invoice, {runs} cold runs (ms)")
    for column in ("HTML received", "first contentful paint", "boxes drawn"):
        timings.add_column(column, justify="right")
    timings.add_row(
        med([t["html"] for t, _, _ in results]),
        med([t["fcp"] for t, _, _ in results]),
        med([t["boxes"] for t, _, _ in results]),
    )
    console.print(timings)
    sizes = Table(title="Bytes transferred (median)")
    sizes.add_column("kind")
    sizes.add_column("on opening", justify="right")
    sizes.add_column("all 3 pages seen", justify="right")
    kinds = sorted({k for _, o, s in results for k in (*o, *s)})
    for k in (*kinds, "total"):
        if k == "total":
            opened = [sum(o.values()) for _, o, _ in results]
            scrolled = [sum(s.values()) for _, _, s in results]
        else:
            opened = [o.get(k, 0) for _, o, _ in results]
            scrolled = [s.get(k, 0) for _, _, s in results]
        sizes.add_row(k, med(opened), med(scrolled))
    console.print(sizes)


if __name__ == "__main__":
    main()
