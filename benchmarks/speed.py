"""Time and peak memory of ``ingest extract`` against a bare pdfplumber loop.

Run by hand: ``.venv/bin/python benchmarks/speed.py [--count 100] [--seed 9002]``.
Both run in their own process over the same native invoices; the ratio is the
pipeline's cost over the text extraction it cannot avoid.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from samples.generator import generate

# Each child prints its own peak resident memory (KiB) on its last stderr line.
PEAK = (
    "import resource, sys; "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)
BARE = f"""
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
{PEAK}
"""
INGEST = f"""
import sys
from api.cli import app
try:
    app(["extract", *sys.argv[1:], "--json"])
except SystemExit:
    pass
{PEAK}
"""


def timed(code: str, files: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *files], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    return seconds, int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=9002)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = [str(p) for p in generate(Path(tmp), args.count, args.seed)]
        pages = sum(1 for _ in files)
        bare = min(timed(BARE, files) for _ in range(args.repeat))
        ours = min(timed(INGEST, files) for _ in range(args.repeat))
    table = Table(
        title=f"{args.count} native invoices, one process, best of {args.repeat}"
    )
    for column in ("run", "seconds", "per document", "peak RSS"):
        table.add_column(column, justify="right")
    for name, (seconds, rss) in (
        ("pdfplumber extract_words", bare),
        ("ingest extract", ours),
    ):
        per_doc = f"{1000 * seconds / pages:.0f} ms"
        table.add_row(name, f"{seconds:.2f}", per_doc, f"{rss / 1024:.0f} MiB")
    Console().print(table)
    Console().print(f"ratio ingest / pdfplumber: {ours[0] / bare[0]:.2f}×")


if __name__ == "__main__":
    main()
