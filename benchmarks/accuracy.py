"""Accuracy per field and calibration on generated invoices of a seed no test uses.

Run by hand: ``.venv/bin/python benchmarks/accuracy.py [--count 300] [--seed 9001] [--nlp]
[--jobs 2] [--scanned [--dpi 150]] [--holdout]`` (``--holdout --scanned``: the
independent generator's invoices, scanned).
Compares values the way ``shared/tools/score.py`` does: an invented value is wrong,
the VAT lines count as one value, and every value given 0.9 or more that is wrong is
listed.
"""

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingest import pipeline
from ingest.limits import Limits
from ingest.ocr import CleanUp
from samples.generator import generate
from samples.scan import generate_scans, scan_folder

FIELDS = [
    "document_type", "invoice_number", "invoice_date", "due_date", "currency",
    "supplier_name", "supplier_siret", "supplier_vat", "supplier_iban", "supplier_bic",
    "buyer_name", "buyer_siret", "buyer_service_code", "engagement_number",
    "contract_number", "billing_frame", "total_ht", "total_vat", "total_ttc", "amount_due",
]  # fmt: skip
MONEY = {"total_ht", "total_vat", "total_ttc", "amount_due"}
# As in shared/tools/score.py: a value where the truth has none counts as wrong only
# for these; for the others it is listed as an extra, not scored.
OPTIONAL = {
    "engagement_number",
    "contract_number",
    "buyer_service_code",
    "supplier_vat",
}
NAMES = {"supplier_name", "buyer_name"}
BUCKETS = ((0.9, ">=0.9"), (0.5, "0.5-0.9"), (0.0, "<0.5"))
TIMEOUT_S = 900.0


def norm(field: str, value: object) -> str:
    if value is None:
        return ""
    s = str(value)
    if field in MONEY:
        return str(Decimal(s).quantize(Decimal("0.01")) + 0)
    if field in NAMES:
        s = (
            unicodedata.normalize("NFKD", s)
            .encode("ascii", "ignore")
            .decode()
            .casefold()
        )
        return " ".join("".join(c if c.isalnum() else " " for c in s).split())
    return s.replace(" ", "").upper()


def vat_set(lines: list[dict[str, str]]) -> frozenset[tuple[str, ...]]:
    return frozenset(
        tuple(norm("total_ht", line[k]) for k in ("rate", "base", "amount"))
        for line in lines
    )


def _extract(pdf: Path, options: pipeline.Options) -> dict[str, object]:
    return json.loads(pipeline.run(pdf.read_bytes(), options=options).model_dump_json())


def measure(
    folder: Path, *, nlp: bool, cleanup: CleanUp | None = None, jobs: int = 1
) -> dict[str, object]:
    # Accuracy, not speed: a loaded machine must not turn slow scans into timeouts.
    limits = Limits(timeout_s=TIMEOUT_S)
    options = pipeline.Options(nlp=nlp, cleanup=cleanup or CleanUp(), limits=limits)
    right: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    buckets: dict[str, list[int]] = {label: [0, 0] for _, label in BUCKETS}
    confident_wrong: list[str] = []
    extras: list[str] = []
    errors: list[str] = []
    started = time.perf_counter()
    pdfs = sorted(folder.glob("*.pdf"))
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(partial(_extract, options=options), pdfs))
    for pdf, result in zip(pdfs, results, strict=True):
        truth = json.loads(pdf.with_suffix(".truth.json").read_text())
        if result["error"]:
            errors.append(f"{pdf.name}: {result['error']['code']}")
        for field in FIELDS:
            got = result["fields"].get(field) or {}
            value = got.get("value")
            if field not in truth and value is None:
                continue
            if field not in truth and field not in OPTIONAL:
                extras.append(f"{pdf.name} {field}: {value!r} ({got['confidence']})")
                continue
            seen[field] += 1
            ok = norm(field, value) == norm(field, truth.get(field))
            right[field] += ok
            if value is None:
                continue
            conf = got["confidence"]
            label = next(lab for floor, lab in BUCKETS if conf >= floor)
            buckets[label][0] += ok
            buckets[label][1] += 1
            if not ok and conf >= 0.9:
                confident_wrong.append(
                    f"{pdf.name} {field}: {value!r} ({conf}) want {truth.get(field)!r}"
                )
        if truth.get("vat_breakdown"):
            seen["vat_breakdown"] += 1
            right["vat_breakdown"] += vat_set(result["vat_breakdown"]) == vat_set(
                truth["vat_breakdown"]
            )
    return {
        "right": right,
        "seen": seen,
        "buckets": buckets,
        "confident_wrong": confident_wrong,
        "extras": extras,
        "errors": errors,
        "seconds": time.perf_counter() - started,
        "docs": len(pdfs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument(
        "--dir", type=Path, help="score these PDFs instead of generating"
    )
    parser.add_argument(
        "--compare-nlp", action="store_true", help="also run with spaCy"
    )
    parser.add_argument(
        "--scanned", action="store_true", help="simulated scans of samples/ (OCR)"
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=[f.name for f in dataclasses.fields(CleanUp)],
        help="turn an OCR clean-up step off (repeatable), to measure what it buys",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="documents read side by side (each in its own process)",
    )
    parser.add_argument(
        "--holdout",
        action="store_true",
        help="invoices from the independent holdout generator (fpdf2), not samples/;"
        " with --scanned, those invoices scanned",
    )
    parser.add_argument(
        "--dpi", type=int, help="with --scanned, scan at this resolution (e.g. 150)"
    )
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        force = {"dpi": args.dpi} if args.dpi else {}
        if args.holdout:
            printed = Path(tmp) / "printed" if args.scanned else folder
            subprocess.run(
                [sys.executable, "-m", "holdout", str(printed), "--count", str(args.count),
                 "--seed", str(args.seed)],
                check=True, capture_output=True,
            )  # fmt: skip
            if args.scanned:
                scan_folder(printed, folder, **force)
        elif args.scanned:
            generate_scans(folder, args.count, args.seed, **force)
        elif not args.dir:
            generate(folder, args.count, args.seed)
        cleanup = CleanUp(**dict.fromkeys(args.without, False))
        runs = {"rules": measure(folder, nlp=False, cleanup=cleanup, jobs=args.jobs)}
        if args.compare_nlp:
            runs["rules+spaCy"] = measure(folder, nlp=True, jobs=args.jobs)
    docs = runs["rules"]["docs"]
    where = f"{args.dir}" if args.dir and not args.scanned else f"seed {args.seed}"
    table = Table(title=f"accuracy per field, {docs} invoices, {where}")
    table.add_column("field")
    for name in runs:
        table.add_column(name, justify="right")
    first = next(iter(runs.values()))
    for field in [*FIELDS, "vat_breakdown"]:
        if not first["seen"].get(field):  # type: ignore[attr-defined]
            continue
        row = [field]
        for run in runs.values():
            r, s = run["right"][field], run["seen"][field]  # type: ignore[index]
            row.append(f"{r}/{s} {r / s:.3f}")
        table.add_row(*row)
    for name, run in runs.items():
        total_r = sum(run["right"].values())  # type: ignore[attr-defined]
        total_s = sum(run["seen"].values())  # type: ignore[attr-defined]
        console.print(
            f"{name}: overall {total_r}/{total_s} = {total_r / total_s:.4f}, "
            f"{run['seconds']:.1f} s for {run['docs']} documents"
        )
    console.print(table)
    for name, run in runs.items():
        cal = Table(title=f"calibration ({name})")
        for column in ("confidence", "right", "share"):
            cal.add_column(column, justify="right")
        for label, (r, t) in run["buckets"].items():  # type: ignore[attr-defined]
            if t:
                cal.add_row(label, f"{r}/{t}", f"{r / t:.4f}")
        console.print(cal)
        wrong = run["confident_wrong"]
        console.print(f"confidently wrong ({name}): {len(wrong)}")  # type: ignore[arg-type]
        for line in wrong[:40]:  # type: ignore[index]
            console.print("  " + line)
        extras = run["extras"]
        console.print(
            f"given where the truth has none, not scored ({name}): {len(extras)}"
        )  # type: ignore[arg-type]
        for line in extras[:10]:  # type: ignore[index]
            console.print("  " + line)
        failed = run["errors"]
        console.print(f"documents that failed ({name}): {len(failed)}")  # type: ignore[arg-type]
        for line in failed:  # type: ignore[attr-defined]
            console.print("  " + line)


if __name__ == "__main__":
    main()
