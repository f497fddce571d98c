"""Batches: resuming, claims against other runs, re-runs and corrections, the diff."""

import os
import socket
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from ingest.contract import Extraction, FieldValue, Method, Notice, VatLine
from models.batch_report import Change, build_report, diff_fields
from models.batches import (
    Batch,
    BatchItem,
    BatchRunning,
    BatchStatus,
    ItemStatus,
    PlannedItem,
    batch_key,
    claim,
    close_batch,
    open_batch,
    preview,
    record,
    run_owner,
    sync_items,
)
from models.documents import Document, ExtractionRecord, blob_store, deposit
from models.invoices import Invoice, correct
from models.types import utcnow
from models.workflow import DocumentStatus, InvoiceStatus, transition

SOURCES = ["/archive/2025", "/archive/2026.zip"]


def extraction(sha256: str, **values: object) -> Extraction:
    fields = {
        name: FieldValue(value=value, confidence=0.93, method=Method.TEXT)
        for name, value in values.items()
    }
    return Extraction(sha256=sha256, pages=1, fields=fields)


def planned(*names: str, fingerprint: str = "1:1") -> list[PlannedItem]:
    return [PlannedItem(source=name, fingerprint=fingerprint) for name in names]


def stored(db: Session, tmp_path: Path, content: bytes) -> Document:
    document, _ = deposit(
        db, blob_store(tmp_path), content, filename="f.pdf", deposited_by="batch"
    )
    return document


def processed(
    db: Session, batch: Batch, item: BatchItem, document: Document, result: Extraction
) -> ExtractionRecord:
    owner = run_owner(batch)
    assert claim(db, item, document, owner, lease_s=60)
    saved = record(db, item.id, owner, result)
    assert saved is not None
    return saved


def test_the_same_sources_in_any_order_resume_the_same_batch(db: Session):
    first, is_new = open_batch(db, SOURCES)
    assert is_new
    close_batch(db, first, BatchStatus.INTERRUPTED)
    again, is_new = open_batch(db, list(reversed(SOURCES)))
    assert (again.id, is_new) == (first.id, False)
    assert again.status == BatchStatus.RUNNING
    close_batch(db, again, BatchStatus.DONE)
    forced, is_new = open_batch(db, SOURCES, force=True)
    assert is_new and forced.id != first.id
    assert batch_key(SOURCES, "1.0") != batch_key(SOURCES, "1.1")


def test_a_batch_run_by_a_live_process_is_refused_and_a_dead_ones_is_taken_over(
    db: Session,
):
    batch, _ = open_batch(db, SOURCES)
    host = socket.gethostname()[:64]
    batch.runner = f"{host}:{os.getppid()}"  # alive: the process that started pytest
    db.add(batch)
    db.commit()
    with pytest.raises(BatchRunning) as refused:
        open_batch(db, SOURCES)
    assert refused.value.code == "batch_running"
    dead = max(os.getpid(), os.getppid()) + 4_000_000  # above any Linux pid
    batch.runner = f"{host}:{dead}"
    db.add(batch)
    db.commit()
    resumed, is_new = open_batch(db, SOURCES)
    assert (resumed.id, is_new) == (batch.id, False)
    assert resumed.runner == f"{host}:{os.getpid()}"


def test_sync_skips_what_is_done_and_redoes_what_changed(db: Session, tmp_path: Path):
    batch, _ = open_batch(db, SOURCES)
    todo = sync_items(db, batch, planned("a.pdf", "b.pdf", "c.pdf"))
    assert [i.source for i in todo] == ["a.pdf", "b.pdf", "c.pdf"]
    document = stored(db, tmp_path, b"%PDF-a")
    processed(db, batch, todo[0], document, extraction(document.sha256))

    again = sync_items(db, batch, planned("a.pdf", "b.pdf", "c.pdf"))
    assert [i.source for i in again] == ["b.pdf", "c.pdf"]
    assert preview(db, SOURCES, planned("a.pdf", "b.pdf")) == planned("b.pdf")
    assert len(preview(db, SOURCES, planned("a.pdf", "b.pdf"), force=True)) == 2

    changed = [PlannedItem("a.pdf", "2:2"), *planned("b.pdf", "c.pdf")]
    redo = sync_items(db, batch, changed)
    assert [i.source for i in redo] == ["a.pdf", "b.pdf", "c.pdf"]
    assert redo[0].status == ItemStatus.PENDING and redo[0].extraction_id is None

    hostile = PlannedItem("x.zip!../evil.pdf", "3:3", refused_code="zip_slip")
    assert sync_items(db, batch, [hostile]) == []
    row = db.exec(select(BatchItem).where(BatchItem.source == hostile.source)).one()
    assert (row.status, row.error_code) == (ItemStatus.REFUSED, "zip_slip")


def test_a_document_another_worker_holds_is_left_and_a_dead_run_of_the_batch_is_not(
    db: Session, tmp_path: Path
):
    batch, _ = open_batch(db, SOURCES)
    (item,) = sync_items(db, batch, planned("a.pdf"))
    document = stored(db, tmp_path, b"%PDF-held")
    db.execute(
        update(Document)
        .where(Document.id == document.id)
        .values(
            status=DocumentStatus.PROCESSING,
            lease_owner="service:1:abc",
            leased_until=utcnow() + timedelta(minutes=5),
        )
    )
    db.commit()
    assert not claim(db, item, document, run_owner(batch), lease_s=60)

    db.execute(
        update(Document)
        .where(Document.id == document.id)
        .values(lease_owner=run_owner(batch))  # a killed run of this same batch
    )
    db.commit()
    owner = run_owner(batch)
    assert claim(db, item, document, owner, lease_s=60)
    assert record(db, item.id, "someone-else", extraction(document.sha256)) is None
    assert record(db, item.id, owner, extraction(document.sha256)) is not None
    db.refresh(document)
    assert document.status == DocumentStatus.DONE and document.lease_owner is None


def test_a_rerun_keeps_corrections_and_the_report_lists_the_disagreement(
    db: Session, tmp_path: Path
):
    document = stored(db, tmp_path, b"%PDF-corrected")
    first, _ = open_batch(db, SOURCES)
    (item,) = sync_items(db, first, planned("a.pdf"))
    old = extraction(
        document.sha256,
        invoice_number="F-1",
        total_ttc=Decimal("120.00"),
        contract_number="M-9",
    )
    processed(db, first, item, document, old)
    close_batch(db, first, BatchStatus.DONE)
    draft = db.exec(select(Invoice).where(Invoice.document_id == document.id)).one()
    assert draft.total_ttc == Decimal("120.00")
    correct(db, draft, "total_ttc", "150.00", actor="clerk")

    second, is_new = open_batch(db, SOURCES, force=True)
    assert is_new
    (item,) = sync_items(db, second, planned("a.pdf"))
    new = extraction(
        document.sha256,
        invoice_number="F-1-bis",
        total_ttc=Decimal("121.00"),
        due_date="2026-12-31",
    )
    saved = processed(db, second, item, document, new)

    db.refresh(draft)
    assert draft.total_ttc == Decimal("150.00")  # the correction stands
    assert draft.invoice_number == "F-1-bis"  # uncorrected fields take the new value
    assert draft.contract_number is None
    assert draft.extraction_id == saved.id
    assert len(db.exec(select(Invoice)).all()) == 1
    records = db.exec(
        select(ExtractionRecord).where(ExtractionRecord.document_id == document.id)
    ).all()
    assert len(records) == 2

    report = build_report(db, second)
    (row,) = report.items
    fields = {diff.field: diff for diff in row.fields}
    assert fields["invoice_number"].change == Change.CHANGED
    assert (fields["invoice_number"].old_value, fields["invoice_number"].new_value) == (
        "F-1",
        "F-1-bis",
    )
    assert fields["due_date"].change == Change.NEW
    assert fields["contract_number"].change == Change.LOST
    assert fields["contract_number"].old_confidence == 0.93
    ttc = fields["total_ttc"]
    assert (ttc.new_value, ttc.correction, ttc.disagrees) == ("121.00", "150.00", True)
    assert [(i.source, d.field) for i, d in report.disagreements] == [
        ("a.pdf", "total_ttc")
    ]


def test_a_submitted_invoice_is_not_touched_by_a_rerun(db: Session, tmp_path: Path):
    document = stored(db, tmp_path, b"%PDF-submitted")
    first, _ = open_batch(db, SOURCES)
    (item,) = sync_items(db, first, planned("a.pdf"))
    processed(
        db, first, item, document, extraction(document.sha256, invoice_number="A")
    )
    invoice = db.exec(select(Invoice)).one()
    db.add(transition(invoice, InvoiceStatus.DEPOSEE, actor="clerk"))
    db.add(invoice)
    db.commit()
    second, _ = open_batch(db, SOURCES, force=True)
    (item,) = sync_items(db, second, planned("a.pdf"))
    processed(
        db, second, item, document, extraction(document.sha256, invoice_number="B")
    )
    db.refresh(invoice)
    assert invoice.invoice_number == "A"


def test_a_failed_reading_is_recorded_with_its_code_and_no_draft(
    db: Session, tmp_path: Path
):
    document = stored(db, tmp_path, b"not a pdf")
    batch, _ = open_batch(db, SOURCES)
    (item,) = sync_items(db, batch, planned("a.pdf"))
    failed = Extraction(
        sha256=document.sha256,
        error=Notice(code="not_a_pdf", message="The file is not a PDF."),
    )
    processed(db, batch, item, document, failed)
    db.refresh(item)
    assert (item.status, item.error_code) == (ItemStatus.FAILED, "not_a_pdf")
    assert db.exec(select(Invoice)).all() == []
    (row,) = build_report(db, batch).items
    assert (row.status, row.error_code, row.fields) == (
        ItemStatus.FAILED,
        "not_a_pdf",
        (),
    )


def test_the_diff_scores_against_the_truth_as_the_benchmark_does():
    new = extraction(
        "x",
        supplier_name="Électricité  de l'Ouest",
        total_ht=Decimal("100.00"),
        engagement_number="BC-1",
        buyer_name="Ville de Metz",
    ).model_dump(mode="json")
    new["vat_breakdown"] = [
        VatLine(
            rate=Decimal("20"), base=Decimal("100"), amount=Decimal("20")
        ).model_dump(mode="json")
    ]
    truth = {
        "supplier_name": "ELECTRICITE DE L'OUEST",
        "total_ht": "100.0",
        "invoice_number": "F-7",
        "vat_breakdown": [{"rate": "20.00", "base": "100.00", "amount": "20.00"}],
        "_seed": "1-2",
    }
    diffs = {d.field: d for d in diff_fields(None, new, {}, truth)}
    assert diffs["supplier_name"].right is True
    assert diffs["total_ht"].right is True
    assert diffs["invoice_number"].right is False  # in the truth, not read
    assert diffs["invoice_number"].change == Change.UNCHANGED  # absent before and now
    assert diffs["engagement_number"].right is False  # invented: an optional field
    assert diffs["buyer_name"].right is None  # not in the truth: an extra, unscored
    assert diffs["vat_breakdown"].right is True
    assert "_seed" not in diffs
