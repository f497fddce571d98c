"""Self-check: every truth value is visible in `pdftotext -layout`; totals are consistent.

Usage: python -m holdout.check [--count 30] [--seed 7]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from stdnum import iban
from stdnum.fr import siret, tva

from . import generate

WS = re.compile(r"[\s\u202f\u00a0]+")


def norm(s: str) -> str:
    return WS.sub(" ", s).strip().casefold()


def check_one(seed: int, i: int, tmp: Path) -> list[str]:
    pdf, truth, shown = generate(seed, i)
    p = tmp / f"{i}.pdf"
    p.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(p), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.count("\f")
    nt = norm(text)
    errs = []
    if not 1 <= pages <= 2:
        errs.append(f"{pages} pages")
    for key, strings in shown.items():
        for s in strings:
            if norm(s) not in nt:
                errs.append(f"{key}: {s!r} not visible")
    if "€" not in text and "EUR" not in text:
        errs.append("currency not visible")
    t = truth
    if t.get("supplier_siret") and not siret.is_valid(t["supplier_siret"]):
        errs.append("bad supplier siret")
    if t.get("buyer_siret") and not siret.is_valid(t["buyer_siret"]):
        errs.append("bad buyer siret")
    vat = t.get("supplier_vat")
    if vat and (not tva.is_valid(vat) or vat[4:] != t["supplier_siret"][:9]):
        errs.append("bad supplier vat")
    if t.get("supplier_iban") and not iban.is_valid(t["supplier_iban"]):
        errs.append("bad iban")
    both = "total_vat" in t and "total_ttc" in t
    if both and Decimal(t["total_ht"]) + Decimal(t["total_vat"]) != Decimal(
        t["total_ttc"]
    ):
        errs.append("HT + TVA != TTC")
    if t.get("vat_breakdown"):
        rows = t["vat_breakdown"]
        if sum(Decimal(r["base"]) for r in rows) != Decimal(t["total_ht"]):
            errs.append("bases != HT")
        if sum(Decimal(r["amount"]) for r in rows) != Decimal(t["total_vat"]):
            errs.append("VAT lines != TVA")
    if "_lang" in t:
        errs.append("_lang key")
    return errs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        for i in range(a.count):
            errs = check_one(a.seed, i, Path(d))
            if errs:
                bad += 1
                sys.stdout.write(f"#{i}: {'; '.join(errs)}\n")
    sys.stdout.write(f"{a.count - bad}/{a.count} invoices clean\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
