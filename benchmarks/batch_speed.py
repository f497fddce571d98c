"""Speed of `ingest batch`: 1 and 2 workers, its overhead, and a re-run with nothing to do.

Run by hand: ``.venv/bin/python benchmarks/batch_speed.py [--count 500] [--seed 9010]``.
Each measure is a whole command, as an operator runs it (start-up included), on the
same generated native invoices, each batch in a fresh data folder:

- ``ingest extract FILES… --json`` (one process, models loaded once): the baseline;
- ``ingest batch FOLDER --workers 1`` and ``--workers 2`` (goal: 2 workers ≥ 1.7×);
- overhead: batch with 1 worker against the baseline (goal ≤ 1.1×);
- the same batch command again at once: nothing to do.

The in-run rate (``run.seconds`` of the JSON report: without start-up) is shown too.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from samples.generator import generate

INGEST = str(Path(sys.executable).with_name("ingest"))


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=False, capture_output=True, timeout=7200)
    return time.perf_counter() - started


def environment(data_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("INGEST_DATABASE_URL", "INGEST_BROKER_URL")
    }
    env["INGEST_DATA_DIR"] = str(data_dir)
    return env


def run_batch(folder: Path, data_dir: Path, workers: int) -> tuple[float, dict]:
    report = data_dir.parent / f"{data_dir.name}.json"
    seconds = timed(
        [INGEST, "batch", str(folder), "--workers", str(workers),
         "--report", str(report)],
        environment(data_dir),
    )  # fmt: skip
    return seconds, json.loads(report.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=9010)
    args = parser.parse_args()
    console = Console()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "invoices"
        generate(folder, args.count, args.seed)
        pdfs = sorted(str(p) for p in folder.glob("*.pdf"))
        extract_s = timed(
            [INGEST, "extract", *pdfs, "--json"], environment(root / "var-extract")
        )
        one_s, one = run_batch(folder, root / "var-1", 1)
        two_s, two = run_batch(folder, root / "var-2", 2)
        again_s, again = run_batch(folder, root / "var-2", 2)
    for name, report in (("1 worker", one), ("2 workers", two)):
        if report["run"]["processed"] != args.count:
            console.print(f"[red]{name}: {report['run']}[/]")
    if again["run"]["processed"] != 0:
        console.print(f"[red]re-run processed {again['run']['processed']}[/]")
    n = args.count
    table = Table(
        title=f"ingest batch, {n} native invoices (seed {args.seed}), "
        f"{os.cpu_count()} cores, load {load:.1f} at start"
    )
    for column in ("command", "wall s", "doc/s", "in-run doc/s", "vs baseline"):
        table.add_column(column, justify="left" if column == "command" else "right")
    table.add_row("ingest extract FILES --json", f"{extract_s:.1f}",
                  f"{n / extract_s:.2f}", "", "1.00×")  # fmt: skip
    for label, seconds, report in (("batch --workers 1", one_s, one),
                                   ("batch --workers 2", two_s, two)):  # fmt: skip
        table.add_row(
            label, f"{seconds:.1f}", f"{n / seconds:.2f}",
            f"{n / report['run']['seconds']:.2f}", f"{seconds / extract_s:.2f}×",
        )  # fmt: skip
    table.add_row("batch again, nothing to do", f"{again_s:.2f}", "", "", "")
    console.print(table)
    console.print(
        f"2 workers / 1 worker: {one_s / two_s:.2f}× (goal ≥ 1.7×); "
        f"batch (1 worker) / extract: {one_s / extract_s:.2f}× (goal ≤ 1.1×); "
        f"re-run with nothing to do: {again_s:.2f} s"
    )


if __name__ == "__main__":
    main()
