"""Time per scanned page: ``read_scanned_page`` against the bare ``tesseract`` command.

Run by hand: ``.venv/bin/python benchmarks/ocr_speed.py [--pages 6] [--seed 9003]
[--repeat 3]``. Both read the same page rendered at 300 dpi, with
``OMP_THREAD_LIMIT=1``, turn about, and each keeps its best time of ``--repeat``
runs: on a busy machine the best time is the one least disturbed by the others.
A page scanned sideways or upside down costs us a second reading (the bare command
reads it as it lies, wrongly), so the table says how each page lies.
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import cv2
from rich.console import Console
from rich.table import Table

from ingest import ocr
from ingest.limits import Limits
from samples.scan import scanned_invoice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--seed", type=int, default=9003)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    table = Table(title="one page at 300 dpi, seconds")
    for column in ("page", "turned", "tesseract", "read_scanned_page", "ratio"):
        table.add_column(column, justify="right")
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.pages):
            data, truth = scanned_invoice(args.seed, i)
            image, _ = ocr.rasterise(data, 1, 300, Limits())
            png = Path(tmp) / f"page{i}.png"
            cv2.imwrite(str(png), image)
            bare, ours = float("inf"), float("inf")
            for _ in range(args.repeat):
                started = time.perf_counter()
                subprocess.run(
                    ["tesseract", str(png), "-", "-l", "fra+eng"],
                    env=env, capture_output=True, check=True,
                )  # fmt: skip
                bare = min(bare, time.perf_counter() - started)
                started = time.perf_counter()
                ocr.read_scanned_page(data, 1, (595.0, 842.0), Limits())
                ours = min(ours, time.perf_counter() - started)
            ratios.append(ours / bare)
            turned = truth["_scan"]["pages"][0]["rotation"]
            table.add_row(
                str(i),
                f"{turned}°",
                f"{bare:.2f}",
                f"{ours:.2f}",
                f"{ours / bare:.2f}×",
            )
    Console().print(table)
    Console().print(f"median ratio: {statistics.median(ratios):.2f}×")


if __name__ == "__main__":
    main()
