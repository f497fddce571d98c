"""Directory import and matching speed, on SQLite and on a throw-away PostgreSQL.

    .venv/bin/python benchmarks/directory_speed.py [--structures 100000] [--services 300000]

Writes a synthetic directory (samples/directory.py), imports it (then again: the
weekly re-import is an update), and times `match` per invoice against it, through the
database `Directory`. Goal: 100 000 structures in under a minute; match median < 5 ms,
p99 < 20 ms. Prints a table.
"""

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from ingest.matching import InvoiceFacts, match
from models.db import make_engine, session, upgrade
from models.directory import DatabaseDirectory, import_files
from samples.directory import DirectoryFiles, write_synthetic


def invoices(files: DirectoryFiles, count: int, seed: int) -> list[InvoiceFacts]:
    """Invoices addressed to random structures: by SIRET mostly, some by name only."""
    rng = random.Random(seed)
    with files.structures.open(encoding="utf-8") as f:
        structures = list(csv.DictReader(f, delimiter=";"))
    with files.services.open(encoding="utf-8") as f:
        services = [
            (r["Identifiant"], r["Code"]) for r in csv.DictReader(f, delimiter=";")
        ]
    with files.engagements.open(encoding="utf-8") as f:
        engagements = list(csv.DictReader(f, delimiter=";"))
    out = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.2:
            e = rng.choice(engagements)
            siret, supplier, number = (
                e["IdentifiantStructure"], e["IdentifiantFournisseur"], e["NumeroEngagement"]
            )  # fmt: skip
            facts = InvoiceFacts(
                buyer_siret=siret,
                engagement_number=number,
                supplier_siret=supplier,
                total_ttc=Decimal("120.00"),
            )
            out.append(facts)
            continue
        s = rng.choice(structures)
        siret, name = s["Identifiant"], s["RaisonSociale"]
        code = rng.choice(services)[1] if rng.random() < 0.5 else None
        if roll < 0.85:
            facts = InvoiceFacts(buyer_siret=siret, buyer_name=name, service_code=code)
        elif roll < 0.95:  # an establishment missing from the directory: SIREN + name
            facts = InvoiceFacts(buyer_siret=siret[:9] + "99999", buyer_name=name)
        else:
            facts = InvoiceFacts(buyer_name=name)
        out.append(facts)
    return out


def time_matches(engine: Engine, facts: list[InvoiceFacts]) -> list[float]:
    timings = []
    with session(engine) as s:
        directory = DatabaseDirectory(s)
        for invoice in facts[:50]:
            match(invoice, directory)  # warm the caches
        for invoice in facts:
            start = time.perf_counter()
            match(invoice, directory)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def measure(
    name: str, engine: Engine, files: DirectoryFiles, facts: list[InvoiceFacts]
) -> list[str]:
    upgrade(engine)
    with session(engine) as s:
        start = time.perf_counter()
        reports = import_files(s, list(files.paths))
        first = time.perf_counter() - start
        start = time.perf_counter()
        import_files(s, list(files.paths))
        again = time.perf_counter() - start
    per_kind = ", ".join(f"{r.kind} {r.imported}" for r in reports)  # type: ignore[union-attr]
    timings = sorted(time_matches(engine, facts))
    p99 = timings[int(len(timings) * 0.99) - 1]
    return [name, f"{first:.1f} s", f"{again:.1f} s", per_kind,
            f"{statistics.median(timings):.2f} ms", f"{p99:.2f} ms"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--structures", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=300_000)
    parser.add_argument("--invoices", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    out = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        files = write_synthetic(
            folder / "csv", args.structures, args.services, args.seed
        )
        out.print(f"wrote the directory in {time.perf_counter() - start:.1f} s")
        facts = invoices(files, args.invoices, args.seed)
        table = Table(title=f"{args.structures} structures, {args.services} services, "
                      f"{args.invoices} invoices matched")  # fmt: skip
        for column in (
            "engine",
            "import",
            "re-import",
            "rows",
            "match median",
            "match p99",
        ):
            table.add_column(column)
        engines = args.engines.split(",")
        if "sqlite" in engines:
            engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
            table.add_row(*measure("SQLite", engine, files, facts))
            engine.dispose()
        if "postgresql" in engines:
            # The tests' throw-away cluster (initdb/pg_ctl in a temp folder, loopback).
            sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
            from tests.databases import postgres_cluster

            with postgres_cluster() as cluster:
                engine = make_engine(cluster.url(cluster.create_database()))
                table.add_row(*measure("PostgreSQL", engine, files, facts))
                engine.dispose()
        Console().print(table)


if __name__ == "__main__":
    main()
