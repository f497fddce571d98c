"""What a batch changed, field by field, and how right it is when the truth is known.

Each file's new extraction is set against the document's previous one: a field is
unchanged, changed (old → new), new (found now, absent before) or lost (found before,
absent now), with both confidences. A field a person corrected keeps the correction;
when the new reading disagrees with it, the row says so. With a ``NAME.truth.json``
beside the file, each value is scored as ``benchmarks/accuracy.py`` scores it.
"""

import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select

from ingest.contract import MONEY_FIELDS, FieldName
from models.batches import VAT_BREAKDOWN, Batch, BatchItem, ItemStatus, items_of
from models.documents import Document, ExtractionRecord
from models.invoices import Correction, Invoice

REPORTED = (*(name.value for name in FieldName), VAT_BREAKDOWN)
"""Every field of the contract, then the VAT summary as one value."""
OPTIONAL = frozenset(
    {"engagement_number", "contract_number", "buyer_service_code", "supplier_vat"}
)
"""Fields whose value is scored wrong when the truth has none (as in the benchmark);
for the others, a value the truth lacks is not scored."""
NAMES = frozenset({"supplier_name", "buyer_name"})
CHUNK = 500
"""Rows fetched per query (SQLite bounds the number of parameters)."""


class Change(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    NEW = "new"
    """Found by this run, absent from the previous extraction (or there was none)."""
    LOST = "lost"
    """Found before, absent now."""


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One field of one document: before, after, the correction, the truth."""

    field: str
    change: Change
    old_value: str | None
    old_confidence: float | None
    new_value: str | None
    new_confidence: float | None
    correction: str | None = None
    """The value a person gave; the draft keeps it whatever the re-run read."""
    disagrees: bool = False
    """The re-run read something other than the correction."""
    truth: str | None = None
    right: bool | None = None
    """Whether the new value is the truth's; None when not scored."""


@dataclass(frozen=True, slots=True)
class ItemReport:
    source: str
    status: ItemStatus
    document_id: int | None
    sha256: str | None
    error_code: str | None
    error_message: str | None
    fields: tuple[FieldDiff, ...] = ()


@dataclass(frozen=True, slots=True)
class Accuracy:
    right: int
    seen: int

    @property
    def share(self) -> float:
        return self.right / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class BatchReport:
    batch_id: int
    sources: tuple[str, ...]
    pipeline_version: str
    items: tuple[ItemReport, ...]
    changes: dict[str, Counter[Change]] = field(default_factory=dict)
    """Per field, how many documents it is unchanged, changed, new or lost in."""
    accuracy: dict[str, Accuracy] = field(default_factory=dict)
    """Per field, values right against the truth files (empty without truth)."""

    @property
    def disagreements(self) -> list[tuple[ItemReport, FieldDiff]]:
        return [(i, f) for i in self.items for f in i.fields if f.disagrees]

    @property
    def statuses(self) -> Counter[ItemStatus]:
        return Counter(item.status for item in self.items)

    @property
    def overall_accuracy(self) -> Accuracy | None:
        if not self.accuracy:
            return None
        return Accuracy(
            sum(a.right for a in self.accuracy.values()),
            sum(a.seen for a in self.accuracy.values()),
        )


def norm(name: str, value: object) -> str:
    """A value in the form comparisons use: money as a decimal, names folded."""
    if value is None:
        return ""
    text = str(value)
    if name in MONEY_FIELDS:
        try:
            return str(Decimal(text.replace(",", ".")).quantize(Decimal("0.01")) + 0)
        except InvalidOperation:
            return text
    if name in NAMES:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return " ".join(
            "".join(c if c.isalnum() else " " for c in folded.casefold()).split()
        )
    if name == VAT_BREAKDOWN:
        return text
    return text.replace(" ", "").upper()


def vat_text(lines: Sequence[dict[str, Any]] | None) -> str | None:
    """The VAT summary as one comparable value: ``rate:base:amount`` lines, sorted."""
    if not lines:
        return None
    parts = sorted(
        ":".join(norm("total_ht", line.get(k)) for k in ("rate", "base", "amount"))
        for line in lines
    )
    return "; ".join(parts)


def _correction_text(name: str, value: str | None) -> str | None:
    """A correction's value; the VAT summary's is a JSON list of lines."""
    if name != VAT_BREAKDOWN or value is None:
        return value
    try:
        return vat_text(json.loads(value))
    except (ValueError, TypeError, AttributeError):
        return value


def _value(data: dict[str, Any] | None, name: str) -> tuple[str | None, float | None]:
    if data is None:
        return None, None
    if name == VAT_BREAKDOWN:
        return vat_text(data.get("vat_breakdown")), None
    found = (data.get("fields") or {}).get(name)
    if not found:
        return None, None
    return str(found["value"]), float(found["confidence"])


def _truth(truth: dict[str, Any], name: str) -> str | None:
    if name == VAT_BREAKDOWN:
        return vat_text(truth.get("vat_breakdown"))
    value = truth.get(name)
    return None if value is None else str(value)


def _scored(name: str, value: str | None, truth: dict[str, Any]) -> bool:
    if name in truth and not name.startswith("_"):
        return True
    return value is not None and name in OPTIONAL


def diff_fields(
    old: dict[str, Any] | None,
    new: dict[str, Any],
    corrected: dict[str, str | None],
    truth: dict[str, Any] | None,
) -> tuple[FieldDiff, ...]:
    """Every field either extraction has (or the truth or a correction names)."""
    diffs = []
    for name in REPORTED:
        old_value, old_conf = _value(old, name)
        new_value, new_conf = _value(new, name)
        correction = (
            _correction_text(name, corrected[name]) if name in corrected else None
        )
        truth_value = _truth(truth, name) if truth is not None else None
        absent = old_value is None and new_value is None and truth_value is None
        if absent and name not in corrected:
            continue
        change = _change(name, old_value, new_value)
        right = None
        if truth is not None and _scored(name, new_value, truth):
            right = norm(name, new_value) == norm(name, truth_value)
        diffs.append(
            FieldDiff(
                field=name,
                change=change,
                old_value=old_value,
                old_confidence=old_conf,
                new_value=new_value,
                new_confidence=new_conf,
                correction=correction,
                disagrees=name in corrected
                and norm(name, new_value) != norm(name, correction),
                truth=truth_value,
                right=right,
            )
        )
    return tuple(diffs)


def _change(name: str, old: str | None, new: str | None) -> Change:
    if old is None:
        return Change.NEW if new is not None else Change.UNCHANGED
    if new is None:
        return Change.LOST
    return Change.UNCHANGED if norm(name, old) == norm(name, new) else Change.CHANGED


def build_report(session: Session, batch: Batch) -> BatchReport:
    """The report of every row of the batch, those done by earlier runs included."""
    if batch.id is None:
        raise ValueError("the batch has not been saved")
    items = items_of(session, batch.id)
    extractions = _by_id(session, ExtractionRecord, _extraction_ids(items))
    document_ids = {i.document_id for i in items if i.document_id}
    documents = _by_id(session, Document, document_ids)
    corrected = _corrections_by_document(session, document_ids)
    reports = []
    for item in items:
        document = documents.get(item.document_id) if item.document_id else None
        new = extractions.get(item.extraction_id) if item.extraction_id else None
        old = (
            extractions.get(item.previous_extraction_id)
            if item.previous_extraction_id
            else None
        )
        fields: tuple[FieldDiff, ...] = ()
        if new is not None and new.error_code is None and item.document_id:
            fields = diff_fields(
                old.data if old is not None and old.error_code is None else None,
                new.data,
                corrected.get(item.document_id, {}),
                item.truth,
            )
        reports.append(
            ItemReport(
                source=item.source,
                status=ItemStatus(item.status),
                document_id=item.document_id,
                sha256=document.sha256 if document else None,
                error_code=item.error_code,
                error_message=item.error_message,
                fields=fields,
            )
        )
    return BatchReport(
        batch_id=batch.id,
        sources=tuple(batch.sources),
        pipeline_version=batch.pipeline_version,
        items=tuple(reports),
        changes=_count_changes(reports),
        accuracy=_accuracy(reports),
    )


def _corrections_by_document(
    session: Session, document_ids: set[int]
) -> dict[int, dict[str, str | None]]:
    """For each document, the corrections of its newest invoice (field → last value)."""
    newest: dict[int, int] = {}
    for chunk in _chunks(sorted(document_ids)):
        query = (
            select(Invoice.document_id, func.max(Invoice.id))
            .where(
                Invoice.document_id.in_(chunk)  # type: ignore[union-attr]
            )
            .group_by(Invoice.document_id)
        )
        for document_id, invoice_id in session.exec(query):
            if document_id is not None and invoice_id is not None:
                newest[invoice_id] = document_id
    found: dict[int, dict[str, str | None]] = defaultdict(dict)
    for chunk in _chunks(sorted(newest)):
        query = (
            select(Correction)
            .where(Correction.invoice_id.in_(chunk))  # type: ignore[attr-defined]
            .order_by(Correction.id)  # type: ignore[arg-type]
        )
        for correction in session.exec(query):
            found[newest[correction.invoice_id]][correction.field] = (
                correction.new_value
            )
    return found


def _extraction_ids(items: Sequence[BatchItem]) -> set[int]:
    ids = {i.extraction_id for i in items} | {i.previous_extraction_id for i in items}
    return {i for i in ids if i is not None}


Row = TypeVar("Row", ExtractionRecord, Document, Invoice)


def _by_id(session: Session, table: type[Row], ids: set[int]) -> dict[int, Row]:
    found: dict[int, Row] = {}
    for chunk in _chunks(sorted(ids)):
        for row in session.exec(select(table).where(table.id.in_(chunk))):  # type: ignore[union-attr]
            if row.id is not None:
                found[row.id] = row
    return found


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _count_changes(reports: Sequence[ItemReport]) -> dict[str, Counter[Change]]:
    counts: dict[str, Counter[Change]] = defaultdict(Counter)
    for item in reports:
        for diff in item.fields:
            counts[diff.field][diff.change] += 1
    return {name: counts[name] for name in REPORTED if name in counts}


def _accuracy(reports: Sequence[ItemReport]) -> dict[str, Accuracy]:
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for item in reports:
        for diff in item.fields:
            if diff.right is not None:
                seen[diff.field] += 1
                right[diff.field] += diff.right
    return {name: Accuracy(right[name], seen[name]) for name in REPORTED if seen[name]}
