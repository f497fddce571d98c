"""Time to verify a signed two-page invoice: our `verify` against bare pyHanko.

Run by hand: ``.venv/bin/python benchmarks/signature_speed.py [--runs 30] [--seed 9001]``.
Both verify the same bytes with the same trust root; "bare" is one
``validate_pdf_signature`` call with pyHanko's defaults, "ours" is
``ingest.signature.validate.verify`` (field enumeration, DSS read, our diff policy and
key usages, the mapping to a `SignatureReport`). Goal: ratio ≤ 1.2, ours < 150 ms.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from asn1crypto import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from rich.console import Console
from rich.table import Table

from ingest.signature.trust import TrustSettings
from ingest.signature.validate import verify
from samples.generator import invoice_for, render

# The test PKI and signing helpers live with the tests; the repository root is not on
# the path when this file is run as a script.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ingest.signature.pki import make_pki
from tests.ingest.signature.signing import add_comment, sign


def interleaved_ms(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[list[float], list[float]]:
    """Wall times of both actions, alternated run by run so machine load hits both."""
    first(), second()  # warm-up: caches, lazy imports
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for action, out in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            action()
            out.append((time.perf_counter() - started) * 1000)
    return times


def bare(data: bytes, root: bytes) -> object:
    reader = PdfFileReader(BytesIO(data), strict=False)
    context = ValidationContext(trust_roots=[x509.Certificate.load(root)])
    return [validate_pdf_signature(s, context) for s in reader.embedded_signatures]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=9001)
    args = parser.parse_args()
    spec = invoice_for(args.seed, 0, pages=2, layout="band")
    pki = make_pki(spec.supplier.siren)
    unsigned = render(spec)
    signed = sign(unsigned, pki, pki.signer)
    cases = {
        "B-B": signed,
        "B-T": sign(unsigned, pki, pki.signer, timestamp=True),
        "B-B, comment": add_comment(signed),
    }
    trust = TrustSettings(roots=(pki.root.der,))
    table = Table(title=f"verify a signed 2-page invoice, {args.runs} runs, ms")
    for column in ("case", "bytes", "bare median", "ours median", "ratio",
                   "bare min", "ours min", "ratio"):  # fmt: skip
        table.add_column(column, justify="right")
    for name, data in cases.items():
        assert verify(data, trust=trust).status == "valid", name
        reference, ours = interleaved_ms(
            lambda d=data: bare(d, pki.root.der),
            lambda d=data: verify(d, trust=trust),
            args.runs,
        )
        medians = statistics.median(reference), statistics.median(ours)
        minima = min(reference), min(ours)
        table.add_row(
            name, f"{len(data):,}",
            f"{medians[0]:.1f}", f"{medians[1]:.1f}", f"{medians[1] / medians[0]:.2f}×",
            f"{minima[0]:.1f}", f"{minima[1]:.1f}", f"{minima[1] / minima[0]:.2f}×",
        )  # fmt: skip
    Console().print(table)


if __name__ == "__main__":
    main()
