"""CLI: python -m holdout OUT --count N --seed S"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import write


def main() -> int:
    ap = argparse.ArgumentParser(prog="holdout", description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    paths = write(a.out, a.seed, a.count)
    sys.stdout.write(f"{len(paths)} invoices written to {a.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
