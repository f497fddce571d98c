"""Structured invoices: field accuracy against the XML, and the page check's alarms.

Run by hand: ``.venv/bin/python benchmarks/structured_accuracy.py [--count 100]
[--seed 9006]``. Each generated invoice becomes a Factur-X PDF of one profile in turn
(MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED), a bare CII and a bare UBL deposit.
Measures, against what the XML carries (``samples.facturx.carried``):
- field accuracy of ``pipeline.run`` on each (goal 100 %);
- on the Factur-X PDFs, whose page and XML agree, how many ``xml_page_mismatch``
  warnings are raised (goal 0), by the page reading's confidence;
- on a copy whose XML is altered in one field, how often the page check names it;
- time per document, against the same PDF without its XML.
"""

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from rich.console import Console
from rich.table import Table

from ingest import pipeline
from ingest.contract import Extraction
from ingest.structured import Profile
from samples import facturx
from samples.generator import invoice_for, render, truth
from samples.identifiers import make_siren, make_siret

PROFILES = (
    Profile.MINIMUM,
    Profile.BASIC_WL,
    Profile.BASIC,
    Profile.EN16931,
    Profile.EXTENDED,
)
ALTERED = (
    "invoice_number",
    "invoice_date",
    "total_ttc",
    "supplier_siret",
    "buyer_name",
)


@dataclass
class Tally:
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.total[name] += 1
        self.right[name] += ok
        if not ok:
            self.wrong.append(detail)

    def rate(self) -> str:
        total = sum(self.total.values())
        return f"{100 * sum(self.right.values()) / total:.2f} % ({total} values)"


def score(
    result: Extraction, expected: dict[str, object], tally: Tally, tag: str
) -> None:
    """Compare every value the XML carries; the VAT lines count as one value."""
    got = json.loads(result.model_dump_json())
    for name, value in expected.items():
        if name == "vat_breakdown":
            if value:
                ok = got["vat_breakdown"] == value
                tally.add(name, ok, f"{tag} {name}: {got['vat_breakdown']} != {value}")
            continue
        found = got["fields"].get(name)
        ok = (
            found is not None
            and found["value"] == value
            and found["method"]
            in (
                "xml",
                "derived",
            )
        )
        tally.add(name, ok, f"{tag} {name}: {found and found['value']!r} != {value!r}")


def alter(data: dict[str, object], name: str, rng: random.Random) -> dict[str, object]:
    """``data`` with one field changed the way a careless export would change it."""
    out = dict(data)
    if name == "invoice_number":
        out[name] = f"{data[name]}-B"
    elif name == "invoice_date":
        out[name] = (
            date.fromisoformat(str(data[name])) + timedelta(days=3)
        ).isoformat()
    elif name == "total_ttc":
        bump = Decimal("10.00")
        for money in ("total_ht", "total_ttc", "amount_due"):
            out[money] = f"{Decimal(str(data[money])) + bump:.2f}"
        lines = list(out.get("vat_breakdown") or [])  # type: ignore[call-overload]
        if lines:
            first = dict(lines[0])
            first["base"] = f"{Decimal(first['base']) + bump:.2f}"
            out["vat_breakdown"] = [first, *lines[1:]]
    elif name == "supplier_siret":
        siret = make_siret(rng, make_siren(rng))
        out[name], out["supplier_siren"] = siret, siret[:9]
        out.pop("supplier_vat", None)
    elif name == "buyer_name":
        out[name] = "Centre hospitalier de Nulle-Part"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=9006)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tallies = {kind: Tally() for kind in ("Factur-X PDF", "CII deposit", "UBL deposit")}
    alarms: list[tuple[str, str, float]] = []
    compared = 0
    detected: Counter[str] = Counter()
    misses: list[str] = []
    tried: Counter[str] = Counter()
    times: dict[str, list[float]] = defaultdict(list)
    pipeline.run(render(invoice_for(args.seed, 0)))  # warm up (imports, fonts)
    for i in range(args.count):
        spec = invoice_for(args.seed, i)
        page_truth = truth(spec)
        profile = PROFILES[i % len(PROFILES)]
        data = facturx.carried(page_truth, profile)
        plain = render(spec)
        pdf = facturx.embed(plain, facturx.cii(data, profile))
        tag = f"{spec.seed} {profile}"

        started = time.perf_counter()
        result = pipeline.run(pdf)
        times["Factur-X PDF"].append(time.perf_counter() - started)
        started = time.perf_counter()
        pipeline.run(plain)
        times["same PDF, no XML"].append(time.perf_counter() - started)
        score(result, data, tallies["Factur-X PDF"], tag)
        compared += 1
        for w in result.warnings:
            if w.code == "xml_page_mismatch":
                alarms.append((tag, w.message, 0.0))

        full = facturx.carried(page_truth, Profile.EN16931)
        started = time.perf_counter()
        cii_result = pipeline.run(facturx.cii(full, Profile.EN16931))
        times["CII deposit"].append(time.perf_counter() - started)
        score(cii_result, full, tallies["CII deposit"], tag)
        started = time.perf_counter()
        ubl_result = pipeline.run(facturx.ubl(full))
        times["UBL deposit"].append(time.perf_counter() - started)
        score(ubl_result, full, tallies["UBL deposit"], tag)

        name = ALTERED[(i // len(PROFILES)) % len(ALTERED)]
        if name in data and profile is not Profile.MINIMUM:
            changed = alter(data, name, rng)
            tried[name] += 1
            warned = pipeline.run(facturx.embed(plain, facturx.cii(changed, profile)))
            hit = any(
                w.code == "xml_page_mismatch" and f" {name} " in w.message
                for w in warned.warnings
            )
            detected[name] += hit
            if not hit:
                misses.append(
                    f"{tag} {name}: page read {_reading(pipeline.run(plain), name)}"
                )

    out = Console()
    table = Table(title=f"structured invoices, {args.count} invoices, seed {args.seed}")
    for column in ("measure", "result", "goal"):
        table.add_column(column)
    for kind, tally in tallies.items():
        table.add_row(f"field accuracy, {kind}", tally.rate(), "100 %")
    table.add_row(
        "xml_page_mismatch on PDFs whose page and XML agree",
        f"{len(alarms)} warnings on {compared} PDFs",
        "0",
    )
    for name in ALTERED:
        if tried[name]:
            table.add_row(
                f"altered {name} named by xml_page_mismatch",
                f"{detected[name]} of {tried[name]}",
                "all",
            )
    for kind, values in times.items():
        values.sort()
        table.add_row(
            f"time per document, {kind}",
            f"median {1000 * values[len(values) // 2]:.0f} ms, "
            f"max {1000 * values[-1]:.0f} ms",
            "",
        )
    out.print(table)
    for kind, tally in tallies.items():
        for line in tally.wrong[:20]:
            out.print(f"[red]wrong[/] {kind}: {line}")
    for tag, message, _ in alarms:
        out.print(f"[yellow]alarm[/] {tag}: {message}")
    for line in misses:
        out.print(f"[yellow]not named[/] {line}")


def _reading(result: Extraction, name: str) -> str:
    """How the page alone read a field: value, confidence, method."""
    found = result.fields.get(name)  # type: ignore[call-overload]
    if found is None:
        return "nothing"
    return f"{found.value} at {found.confidence} ({found.method})"


if __name__ == "__main__":
    main()
