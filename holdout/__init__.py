"""Independent holdout generator of French supplier invoices (fpdf2), with truth files.

Usage: python -m holdout OUT --count N --seed S
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from .layouts import LAYOUTS


def generate(seed: int, i: int) -> tuple[bytes, dict, dict[str, list[str]]]:
    """One invoice: (PDF bytes, truth dict, printed strings per truth key)."""
    order = sorted(LAYOUTS)
    random.Random(seed).shuffle(order)
    name = order[i % len(order)]
    rng = random.Random(f"holdout-{seed}-{i}")
    doc, tr = LAYOUTS[name](rng)
    return bytes(doc.output()), tr.d, tr.shown


def write(out: Path, seed: int, count: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        pdf, truth, _ = generate(seed, i)
        p = out / f"ho-{seed}-{i:04d}.pdf"
        p.write_bytes(pdf)
        p.with_suffix(".truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n"
        )
        paths.append(p)
    return paths
