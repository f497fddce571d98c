"""VAT summary lines: a rate, a base and an amount whose arithmetic holds on one row.

A row qualifies when it holds a rate and two amounts with base × rate = amount to the
cent; that check is strict enough that invoice lines rarely pass it by chance, and
resolve then keeps only the lines that add up to the totals.
"""

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from ingest.contract import CENT, Method
from ingest.extractors.base import Aux, Candidate, Doc, Segment, label_pattern
from ingest.values import AMOUNT_RE, RATE_RE, AmountFormatError, parse_amount

KNOWN_RATES = frozenset(
    Decimal(r)
    for r in ("20", "10", "5.5", "2.1", "8.5", "1.05", "0", "7", "19.6", "13")
)
MAX_RATE = Decimal("30")
"""No VAT rate is higher; a larger percentage is a progress or discount column."""
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
    yield from _column_lines(doc)
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


Found = tuple[Decimal, Segment, int, int]
"""A value read in a segment, with its span."""


def _rates(seg: Segment) -> list[Found]:
    return [
        (Decimal(m.group("num").replace(",", ".")), seg, *m.span())
        for m in RATE_RE.finditer(seg.text)
    ]


def _amounts(seg: Segment) -> list[Found]:
    found = []
    for m in AMOUNT_RE.finditer(seg.text):
        try:
            found.append((parse_amount(m.group(0)), seg, *m.span()))
        except AmountFormatError:
            continue
    return found


# A scan's amount whose decimal comma OCR lost ("1 537,11" read "153711"), a
# credit note's with its minus ("-6204886€", seed 9068 #26): taken as cents only
# where a rate and a base prove it to the cent.
_LOST_COMMA = re.compile(r"(?<![\d.,%/-])-?\d{3,7}(?![\d.,%/])")


def _cents(seg: Segment) -> list[Found]:
    return [
        (Decimal(m.group(0)) / 100, seg, *m.span())
        for m in _LOST_COMMA.finditer(seg.text)
    ]


def _place(found: Found) -> tuple[float, int]:
    """Where a value lies along its row: its cell's left edge, then its offset."""
    return (found[1].x0, found[2])


def _row_lines(segs: list[Segment], *, bare_rates: bool) -> Iterator[Candidate]:
    rates = [r for seg in segs for r in _rates(seg)]
    amounts = [a for seg in segs for a in _amounts(seg)]
    if bare_rates and not rates:
        rates = [a for a in amounts if a[0] in KNOWN_RATES]
    if any(rate > MAX_RATE for rate, *_ in rates):
        # A works statement's row: "605,44 | 0 % | 80 % | 484,35 | 0,00 | 484,35"
        # (% before, % to date) made a 0 % line of 484,35 (seed 9046 #30).
        return
    scanned = segs and all(s.method is Method.OCR for s in segs)
    cents = [c for seg in segs for c in _cents(seg)] if scanned else []
    for rate, rseg, rstart, _ in rates:
        others = [a for a in amounts if (a[1], a[2]) != (rseg, rstart)]
        read = rate
        if scanned and rate not in KNOWN_RATES:
            near = _known_near(rate)
            rate = rate if near is None else near
        line = _pair(rate, others) or _pair(rate, sorted(others + cents, key=_place))
        if line is not None:
            candidate = _line(rate, rseg, rstart, *line)
            # Unproven: the misread rate's arithmetic may hold too.
            yield candidate if rate == read else replace(candidate, confidence=0.6)
    if not rates and scanned and (bare_rates or any("tva" in s.folded for s in segs)):
        yield from _rate_lost(amounts)


RATE_MISREAD = Decimal("0.05")
"""Farthest a scanned rate lies from the known rate OCR misread it for: a digit
read after its zero ("10.03%" for 10.0 %, seed 9052 #26)."""


def _known_near(rate: Decimal) -> Decimal | None:
    """The one known rate within `RATE_MISREAD` of ``rate``."""
    near = [k for k in KNOWN_RATES if abs(k - rate) <= RATE_MISREAD]
    return near[0] if len(near) == 1 else None


def _rate_lost(amounts: list[Found]) -> Iterator[Candidate]:
    """A VAT row whose rate OCR garbled ("Base HT 65 971,91 - TVA 7 10 = 1 385,41"):
    the one known rate that makes a pair of its amounts a base and its VAT to the
    cent, the nearest pair first; none when two rates or no rate fit."""
    for base, amount in _pairs(amounts):
        rate = _one_rate_fitting(base, amount)
        if rate is not None:
            yield _line(rate, base[1], base[2], base, amount)
            return


def _one_rate_fitting(base: Found, amount: Found) -> Decimal | None:
    """The one known rate (not 0) that makes ``amount`` the VAT on ``base`` to the
    cent; None when two rates or none fit."""
    fits = [r for r in KNOWN_RATES if r and _holds(r, base[0], amount[0])]
    return fits[0] if len(fits) == 1 else None


def _column_lines(doc: Doc) -> Iterator[Candidate]:
    """A rate over its base and its amount: "Base HT 20 % : 1 000,00" / "TVA 20 % : 200,00",
    or a VAT table turned on its side, one column per rate."""
    for seg in doc.segments:
        rates = _rates(seg)
        own = _cell_amounts(doc, seg)
        if len(rates) != 1 or len(own) > 1:
            continue
        rate, _, rstart, rend = rates[0]
        stack = own + [
            a
            for below in doc.below(seg, rows=2)
            if all(r[0] == rate for r in _rates(below))
            for a in _under(seg.bbox(rstart, rend), _cell_amounts(doc, below))
        ]
        if len(stack) >= 2 and _holds(rate, stack[0][0], stack[1][0]):
            yield _line(rate, seg, rstart, stack[0], stack[1])
    yield from _column_rates_lost(doc)


# A scanned rate OCR garbled past reading: "550%" for 5,50 %, "2,10" its % lost.
_GARBLED_RATE = re.compile(r"\d{1,4}(?:[.,]\d{1,3})? ?%?")


def _column_rates_lost(doc: Doc) -> Iterator[Candidate]:
    """A scanned VAT table turned on its side, whose row of rates, headed "Taux",
    OCR garbled ("Taux de TVA | 20,00% | 550% | 2,10", seed 9110 #43): a cell of
    one number, no known rate, over its base and its amount is the one known
    rate that makes them a base and its VAT to the cent; none when two rates or
    no rate fit (as `_rate_lost` for a row)."""
    for segs in doc.rows.values():
        if not any(_RATE_HEADER.search(s.folded) for s in segs):
            continue
        for seg in segs:
            rates = _rates(seg)
            if (
                seg.method is not Method.OCR
                or not _GARBLED_RATE.fullmatch(seg.text)
                or (rates and rates[0][0] in KNOWN_RATES)
            ):
                continue
            box = seg.bbox(0, len(seg.text))
            stack = [
                a
                for below in doc.below(seg, rows=2)
                for a in _under(box, _cell_amounts(doc, below))
            ]
            if len(stack) < 2:
                continue
            rate = _one_rate_fitting(stack[0], stack[1])
            if rate is not None:
                yield _line(rate, seg, 0, stack[0], stack[1])


def _under(box: tuple[float, float, float, float], amounts: list[Found]) -> list[Found]:
    """Of a cell's amounts under a rate, the one most under it: a scan runs a row
    of a turned VAT table into one cell ("943,00 € 4183,96€ 2364,12€" under "20%",
    "10%", "5,5%", seed 9151 #34). The first when none lies under it."""
    if len(amounts) < 2:
        return amounts

    def shared(found: Found) -> float:
        x0, _, x1, _ = found[1].bbox(found[2], found[3])
        return min(box[2], x1) - max(box[0], x0)

    best = max(amounts, key=shared)
    return [best if shared(best) > 0 else amounts[0]]


def _cell_amounts(doc: Doc, seg: Segment) -> list[Found]:
    """The amounts in a cell; when it has none, the first in the next cell: a
    scan's "Base HT 20,00 % : 1 000,00" falls into two cells where OCR loses the
    colon."""
    return _amounts(seg) or [
        a for right in doc.right_of(seg)[:1] for a in _amounts(right)[:1]
    ]


def _holds(rate: Decimal, base: Decimal, amount: Decimal) -> bool:
    """base × rate = amount to the cent (a 0 % line needs a zero amount)."""
    if base == 0 or (rate == 0 and amount != 0):
        return False
    return abs(vat_of(base, rate) - amount) <= CENT


def _line(
    rate: Decimal, rseg: Segment, rstart: int, base: Found, amount: Found
) -> Candidate:
    aseg, aend = amount[1], amount[3]
    same = base[1] is aseg is rseg
    return Candidate(
        Aux.VAT_LINE,
        (rate, base[0], amount[0]),
        0.9 if rate in KNOWN_RATES else 0.6,
        rseg.page,
        _union(rseg.bbox(rstart, aend if same else len(rseg.text)), aseg.bbox(0, aend)),
        rseg.method,
        rseg.text if same else f"{rseg.text} / {aseg.text}",
    )


def _pair(rate: Decimal, amounts: list[Found]) -> tuple[Found, Found] | None:
    """The (base, amount) pair of the row whose arithmetic holds, nearest pair first."""
    return next(((b, a) for b, a in _pairs(amounts) if _holds(rate, b[0], a[0])), None)


def _pairs(amounts: list[Found]) -> list[tuple[Found, Found]]:
    """Each amount with one after it in the row, the nearest pairs first."""
    n = len(amounts)
    return [
        (amounts[i], amounts[i + gap]) for gap in range(1, n) for i in range(n - gap)
    ]


def _union(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
