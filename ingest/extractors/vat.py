"""VAT summary lines: a rate, a base and an amount whose arithmetic holds on one row.

A row qualifies when it holds a rate and two amounts with base × rate = amount to the
cent; that check is strict enough that invoice lines rarely pass it by chance, and
resolve then keeps only the lines that add up to the totals.
"""

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from ingest.contract import CENT
from ingest.extractors.base import Aux, Candidate, Doc, Segment, label_pattern
from ingest.values import AMOUNT_RE, RATE_RE, AmountFormatError, parse_amount

KNOWN_RATES = frozenset(
    Decimal(r)
    for r in ("20", "10", "5.5", "2.1", "8.5", "1.05", "0", "7", "19.6", "13")
)
EXEMPT = label_pattern(
    "autoliquidation", "auto-liquidation", "tva non applicable", "293 b", "293b",
    "exoneration de tva", "exonere de tva", "exoneree de tva", "283-2", "283 2",
    "tva due par le preneur", "franchise en base", "exoneration", "art 262",
    "article 262", "art 261", "article 261",
)  # fmt: skip
_RATE_HEADER = re.compile(r"\btaux\b")


def vat_of(base: Decimal, rate: Decimal) -> Decimal:
    """The VAT on a base at a rate in percent, rounded half-up to the cent."""
    return (base * rate / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


def extract(doc: Doc) -> Iterator[Candidate]:
    rate_columns = _rows_under_rate_header(doc)
    for key, segs in doc.rows.items():
        yield from _row_lines(segs, bare_rates=key in rate_columns)
    for hit in doc.find(EXEMPT):
        seg = hit.segment
        yield Candidate(
            Aux.VAT_EXEMPT, hit.text, 0.9, seg.page, seg.bbox(hit.start, hit.end),
            seg.method, hit.text,
        )  # fmt: skip


def _rows_under_rate_header(doc: Doc) -> set[tuple[int, int]]:
    """Rows just below a table header with a "Taux" column, where rates lack their %."""
    rows = set()
    for (page, row), segs in doc.rows.items():
        if any(_RATE_HEADER.search(s.folded) for s in segs):
            rows.update((page, r) for r in range(row + 1, row + 8))
    return rows


def _row_lines(segs: list[Segment], *, bare_rates: bool) -> Iterator[Candidate]:
    rates: list[tuple[Decimal, Segment, int, int]] = []
    amounts: list[tuple[Decimal, Segment, int, int]] = []
    for seg in segs:
        for m in RATE_RE.finditer(seg.text):
            rates.append((Decimal(m.group("num").replace(",", ".")), seg, *m.span()))
        for m in AMOUNT_RE.finditer(seg.text):
            try:
                value = parse_amount(m.group(0))
            except AmountFormatError:
                continue
            amounts.append((value, seg, *m.span()))
    if bare_rates and not rates:
        rates = [a for a in amounts if a[0] in KNOWN_RATES]
    for rate, rseg, rstart, _ in rates:
        line = _pair(rate, [a for a in amounts if (a[1], a[2]) != (rseg, rstart)])
        if line is None:
            continue
        (base, bseg, _, _), (amount, aseg, _, aend) = line
        same = bseg is aseg
        yield Candidate(
            Aux.VAT_LINE,
            (rate, base, amount),
            0.9 if rate in KNOWN_RATES else 0.6,
            rseg.page,
            _union(
                rseg.bbox(rstart, aend if same else len(rseg.text)), aseg.bbox(0, aend)
            ),
            rseg.method,
            " ".join(s.text for s in segs),
        )


def _pair(
    rate: Decimal, amounts: list[tuple[Decimal, Segment, int, int]]
) -> tuple[tuple[Decimal, Segment, int, int], tuple[Decimal, Segment, int, int]] | None:
    """The (base, amount) pair of the row whose arithmetic holds, nearest pair first."""
    pairs = [
        (j - i, amounts[i], amounts[j])
        for i in range(len(amounts))
        for j in range(i + 1, len(amounts))
    ]
    for _, base, amount in sorted(pairs, key=lambda p: p[0]):
        if base[0] == 0:
            continue
        if rate == 0 and amount[0] != 0:
            continue
        if abs(vat_of(base[0], rate) - amount[0]) <= CENT:
            return base, amount
    return None


def _union(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
