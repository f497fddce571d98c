"""Accuracy of the works figures and of the billing frame on generated works pieces.

Run by hand: ``.venv/bin/python benchmarks/works_accuracy.py [--count 100] [--seed 9001]``.
Draws ``count`` pieces of each works layout (``works``, ``decompte``) from a seed no
test uses, runs the pipeline, and compares ``works`` and ``billing_frame`` to the
truth: a value where the truth has none is wrong, and every value given 0.9 or more
that is wrong is listed.
"""

import argparse
import json
import time
from collections import Counter

from rich.console import Console
from rich.table import Table

from ingest import pipeline
from samples.generator import invoice_for, render, truth

KEYS = (
    "situation_number", "cumulative_ht", "previous_payments", "period_ht",
    "retention", "retention_rate", "billing_frame",
)  # fmt: skip


def measure(count: int, seed: int) -> tuple[Counter[str], Counter[str], list[str]]:
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    confident_wrong: list[str] = []
    for layout in ("works", "decompte"):
        for i in range(count):
            spec = invoice_for(seed, i, layout=layout)
            want = truth(spec)
            result = json.loads(pipeline.run(render(spec)).model_dump_json())
            expected = {**want.get("works", {}), "billing_frame": want["billing_frame"]}
            got = dict(result["works"])
            if "billing_frame" in result["fields"]:
                got["billing_frame"] = result["fields"]["billing_frame"]
            for key in KEYS:
                if key not in expected and key not in got:
                    continue
                value = got.get(key, {}).get("value")
                ok = value == expected.get(key)
                seen[key] += 1
                right[key] += ok
                if not ok and got.get(key, {}).get("confidence", 0) >= 0.9:
                    confident_wrong.append(
                        f"{spec.seed} {layout} {key}: {value!r} want {expected.get(key)!r}"
                    )
    return right, seen, confident_wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100, help="pieces per layout")
    parser.add_argument("--seed", type=int, default=9001)
    args = parser.parse_args()
    started = time.perf_counter()
    right, seen, wrong = measure(args.count, args.seed)
    seconds = time.perf_counter() - started
    console = Console()
    table = Table(title=f"works pieces, {2 * args.count} documents, seed {args.seed}")
    table.add_column("key")
    table.add_column("right", justify="right")
    for key in KEYS:
        if seen[key]:
            table.add_row(key, f"{right[key]}/{seen[key]} {right[key] / seen[key]:.3f}")
    console.print(table)
    total_r, total_s = sum(right.values()), sum(seen.values())
    console.print(
        f"overall {total_r}/{total_s} = {total_r / total_s:.4f}, {seconds:.1f} s"
    )
    console.print(f"confidently wrong: {len(wrong)}")
    for line in wrong[:40]:
        console.print("  " + line)


if __name__ == "__main__":
    main()
