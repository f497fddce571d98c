"""Documents, drafts pre-filled from an extraction, corrections, statuses, submission."""

import random
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from ingest import pipeline
from ingest.contract import Extraction, FieldName, FieldValue, Method, Notice, VatLine
from models.directory import DatabaseDirectory, import_files
from models.documents import (
    Document,
    ExtractionRecord,
    blob_store,
    deposit,
    latest_extraction,
    pipeline_version,
    record_extraction,
    start_processing,
)
from models.errors import HasBlockers, IllegalTransition, NotADraft, ReasonRequired
from models.invoices import (
    DepositFormat,
    Invoice,
    change_status,
    correct,
    corrections,
    create_draft,
    history,
    submit,
)
from models.outbox import INVOICE_DEPOSITED, OutboxEvent
from models.workflow import DocumentStatus, InvoiceStatus
from samples import identifiers
from samples.directory import write_matching
from samples.generator import generate, invoice_for, truth

S = InvoiceStatus
RNG = random.Random(5)


def count(db: Session, model: type) -> int:
    return db.execute(select(func.count()).select_from(model)).scalar_one()


def _field(value: object) -> FieldValue:
    return FieldValue(value=value, confidence=0.95, method=Method.TEXT)


def extraction_of(spec_truth: dict[str, object], sha256: str) -> Extraction:
    """The Extraction the pipeline gives when it reads every printed field right."""
    fields = {
        name: _field(
            Decimal(v)
            if name in ("total_ht", "total_vat", "total_ttc", "amount_due")
            else v
        )
        for name, v in spec_truth.items()
        if name in FieldName.__members__.values()
        and name not in ("invoice_date", "due_date")
    }
    from datetime import date

    for name in ("invoice_date", "due_date"):
        if name in spec_truth:
            fields[name] = _field(date.fromisoformat(str(spec_truth[name])))
    lines = [VatLine(**line) for line in spec_truth["vat_breakdown"]]  # type: ignore[union-attr, arg-type]
    return Extraction(
        sha256=sha256, pages=1, fields={FieldName(k): v for k, v in fields.items()},
        vat_breakdown=lines,
    )  # fmt: skip


def draft(db: Session, tmp_path: Path, seed: int = 11, index: int = 0) -> Invoice:
    """A draft made from generated invoice ``index`` of ``seed`` (read as printed)."""
    spec = invoice_for(seed, index)
    data = f"{seed}-{index}".encode()
    document, _ = deposit(
        db, blob_store(tmp_path), data, filename="f.pdf", deposited_by="t"
    )
    start_processing(db, document)
    record = record_extraction(
        db, document, extraction_of(truth(spec), document.sha256)
    )
    return create_draft(db, record, actor="clerk")


def test_the_same_bytes_are_one_document_and_one_blob(db: Session, tmp_path: Path):
    blobs = blob_store(tmp_path)
    first, created = deposit(
        db, blobs, b"%PDF-1.7 x", filename="/x/a.pdf", deposited_by="u"
    )
    again, created_again = deposit(
        db, blobs, b"%PDF-1.7 x", filename="b.pdf", deposited_by="v"
    )
    assert (created, created_again) == (True, False)
    assert again.id == first.id and first.filename == "a.pdf"
    assert first.status == DocumentStatus.QUEUED and first.size == 10
    assert blobs.get(first.sha256) == b"%PDF-1.7 x"
    assert len([p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]) == 1


def test_a_processed_document_keeps_its_extraction_and_status(
    db: Session, tmp_path: Path
):
    path = generate(tmp_path / "pdf", 1, 11)[0]
    data = path.read_bytes()
    document, _ = deposit(
        db, blob_store(tmp_path), data, filename=path.name, deposited_by="u"
    )
    start_processing(db, document)
    record = record_extraction(db, document, pipeline.run(data))
    db.expire_all()
    stored = db.get(Document, document.id)
    assert stored is not None and stored.status == DocumentStatus.DONE
    assert stored.attempts == 1 and stored.error_code is None
    latest = latest_extraction(db, stored)
    assert latest is not None and latest.id == record.id
    assert latest.pipeline_version == pipeline_version()
    expected = truth(invoice_for(11, 0))
    assert (
        latest.extraction().fields[FieldName.INVOICE_NUMBER].value
        == expected["invoice_number"]
    )


def test_a_failed_document_keeps_its_error_code(db: Session, tmp_path: Path):
    document, _ = deposit(
        db, blob_store(tmp_path), b"nope", filename="x", deposited_by="u"
    )
    start_processing(db, document)
    record_extraction(db, document, pipeline.run(b"nope"))
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == "not_a_pdf"
    with pytest.raises(IllegalTransition):
        record_extraction(db, document, pipeline.run(b"nope"))  # failed → failed


def test_a_draft_is_prefilled_with_every_field_and_vat_line(
    db: Session, tmp_path: Path
):
    invoice = draft(db, tmp_path)
    expected = truth(invoice_for(11, 0))
    db.expire_all()
    stored = db.get(Invoice, invoice.id)
    assert stored is not None
    assert stored.status == S.BROUILLON
    assert stored.invoice_number == expected["invoice_number"]
    assert stored.supplier_siret == expected["supplier_siret"]
    assert stored.total_ht == Decimal(str(expected["total_ht"]))
    assert stored.amount_due == Decimal(str(expected["amount_due"]))
    assert stored.invoice_date.isoformat() == expected["invoice_date"]  # type: ignore[union-attr]
    assert [
        {"rate": f"{v.rate:.2f}", "base": f"{v.base:.2f}", "amount": f"{v.amount:.2f}"}
        for v in stored.vat_lines
    ] == expected["vat_breakdown"]
    assert stored.deposit_format == DepositFormat.PDF_UNSIGNED
    assert [(c.from_status, c.to_status, c.actor) for c in history(db, stored)] == [
        (None, S.BROUILLON, "clerk")
    ]


def test_money_is_exact_on_both_engines(db: Session, tmp_path: Path):
    invoice = draft(db, tmp_path)
    correct(db, invoice, "total_ttc", "12345678901.23", actor="clerk")
    correct(db, invoice, "total_vat", "0.1", actor="clerk")
    db.expire_all()
    stored = db.get(Invoice, invoice.id)
    assert stored is not None
    assert stored.total_ttc == Decimal("12345678901.23")
    assert stored.total_vat + Decimal("0.20") == Decimal("0.30")  # type: ignore[operator]


def test_corrections_are_kept_and_only_drafts_change(db: Session, tmp_path: Path):
    invoice = draft(db, tmp_path)
    old = invoice.buyer_service_code
    change = correct(db, invoice, "buyer_service_code", "ST-BAT", actor="alice")
    assert change is not None
    assert correct(db, invoice, "buyer_service_code", "ST-BAT", actor="alice") is None
    assert [
        (c.field, c.old_value, c.new_value, c.actor) for c in corrections(db, invoice)
    ] == [("buyer_service_code", old, "ST-BAT", "alice")]
    change_status(db, invoice, S.SUPPRIMEE, actor="alice")
    with pytest.raises(NotADraft):
        correct(db, invoice, "invoice_number", "X", actor="alice")


def test_the_whole_life_of_an_invoice_is_kept(db: Session, tmp_path: Path):
    write_matching(tmp_path / "dir", 1, 11)
    import_files(db, sorted((tmp_path / "dir").glob("*.csv")))
    invoice = draft(db, tmp_path)
    submit(db, invoice, actor="supplier")
    path = [
        S.MISE_A_DISPOSITION, S.SUSPENDUE, S.COMPLETEE, S.SERVICE_FAIT, S.MANDATEE,
        S.MISE_A_DISPOSITION_COMPTABLE, S.MISE_EN_PAIEMENT,
    ]  # fmt: skip
    for status in path:
        change_status(db, invoice, status, actor="portal", reason="pièce manquante")
    steps = [(c.from_status, c.to_status) for c in history(db, invoice)]
    assert steps[0] == (None, S.BROUILLON)
    assert steps[1] == (S.BROUILLON, S.DEPOSEE)
    assert [to for _, to in steps[2:]] == path
    with pytest.raises(IllegalTransition):
        change_status(db, invoice, S.REJETEE, actor="portal", reason="trop tard")


def test_illegal_changes_and_missing_reasons_are_typed_errors(
    db: Session, tmp_path: Path
):
    invoice = draft(db, tmp_path)
    with pytest.raises(IllegalTransition) as caught:
        change_status(db, invoice, S.MISE_EN_PAIEMENT, actor="x")
    assert caught.value.code == "illegal_transition"
    with pytest.raises(IllegalTransition):
        change_status(
            db, invoice, S.REJETEE, actor="x", reason="no"
        )  # a draft is not sent
    assert invoice.status == S.BROUILLON
    write_matching(tmp_path / "dir", 1, 11)
    import_files(db, sorted((tmp_path / "dir").glob("*.csv")))
    submit(db, invoice, actor="supplier")
    with pytest.raises(ReasonRequired):
        change_status(db, invoice, S.REJETEE, actor="portal", reason="  ")
    with pytest.raises(IllegalTransition):
        change_status(db, invoice, S.SUPPRIMEE, actor="supplier")  # drafts only
    change_status(
        db, invoice, S.REJETEE, actor="portal", reason="erreur d'acheminement"
    )
    assert len(history(db, invoice)) == 3


def test_submit_refuses_a_draft_with_blockers_and_writes_no_event(
    db: Session, tmp_path: Path
):
    invoice = draft(db, tmp_path)  # the directory is empty: the recipient is unknown
    with pytest.raises(HasBlockers) as caught:
        submit(db, invoice, actor="supplier")
    assert "structure_unknown" in caught.value.describe()
    assert caught.value.data["blockers"][0][0] == "structure_unknown"
    db.expire_all()
    stored = db.get(Invoice, invoice.id)
    assert stored is not None and stored.status == S.BROUILLON
    assert stored.last_match is not None
    assert stored.last_match["blockers"][0]["code"] == "structure_unknown"
    assert count(db, OutboxEvent) == 0
    assert len(history(db, stored)) == 1


def test_submit_writes_deposee_and_its_hand_off_event_together(
    db: Session, tmp_path: Path
):
    spec = invoice_for(11, 0)
    write_matching(tmp_path / "dir", 1, 11)
    import_files(db, sorted((tmp_path / "dir").glob("*.csv")))
    invoice = draft(db, tmp_path)
    event = submit(db, invoice, actor="supplier")
    db.expire_all()
    stored = db.get(Invoice, invoice.id)
    assert stored is not None and stored.status == S.DEPOSEE
    assert stored.submitted_at is not None
    events = db.execute(select(OutboxEvent)).scalars().all()
    assert [(e.event_id, e.kind, e.invoice_id) for e in events] == [
        (event.event_id, INVOICE_DEPOSITED, invoice.id)
    ]
    payload = events[0].payload
    assert payload["modeDepot"] == "DEPOT_PDF_API"
    assert payload["numeroFactureSaisi"] == spec.number
    assert payload["destinataire"]["codeDestinataire"] == spec.buyer.siret
    assert payload["montantTotal"]["montantAPayer"] == truth(spec)["amount_due"]
    assert len(payload["ligneTva"]) == len(truth(spec)["vat_breakdown"])  # type: ignore[arg-type]
    assert DatabaseDirectory(db).supplier(spec.supplier.siret) is not None
    if not spec.buyer_siret_printed:  # found by name: the deposit names its SIRET
        assert [(c.field, c.new_value) for c in corrections(db, stored)] == [
            ("buyer_siret", spec.buyer.siret)
        ]


def test_submitting_against_an_engagement_counts_the_amount(
    db: Session, tmp_path: Path
):
    index = next(i for i in range(40) if invoice_for(11, i).engagement and
                 invoice_for(11, i).document_type == "facture")  # fmt: skip
    spec = invoice_for(11, index)
    write_matching(tmp_path / "dir", index + 1, 11)
    import_files(db, sorted((tmp_path / "dir").glob("*.csv")))
    before = DatabaseDirectory(db).engagements(spec.engagement)[0]  # type: ignore[arg-type]
    invoice = draft(db, tmp_path, index=index)
    submit(db, invoice, actor="supplier")
    after = DatabaseDirectory(db).engagements(spec.engagement)[0]  # type: ignore[arg-type]
    assert after.invoiced - before.invoiced == invoice.total_ttc


def test_a_known_supplier_is_not_overwritten_by_an_invoice(db: Session, tmp_path: Path):
    write_matching(tmp_path / "dir", 1, 11)
    import_files(db, sorted((tmp_path / "dir").glob("*.csv")))
    invoice = draft(db, tmp_path)
    known = DatabaseDirectory(db).supplier(invoice.supplier_siret)  # type: ignore[arg-type]
    new_iban = identifiers.make_iban(RNG, "30003")
    correct(db, invoice, "supplier_iban", new_iban, actor="supplier")
    submit(db, invoice, actor="supplier")
    assert invoice.last_match is not None
    if known is not None and known.iban:
        assert "iban_changed" in [w["code"] for w in invoice.last_match["warnings"]]
    assert DatabaseDirectory(db).supplier(invoice.supplier_siret) == known  # type: ignore[arg-type]


def test_a_failed_extraction_record_keeps_the_code(db: Session, tmp_path: Path):
    document, _ = deposit(
        db, blob_store(tmp_path), b"x", filename="x", deposited_by="u"
    )
    start_processing(db, document)
    failed = Extraction(
        sha256=document.sha256, error=Notice(code="damaged", message="m")
    )
    record = record_extraction(db, document, failed)
    assert db.get(ExtractionRecord, record.id).error_code == "damaged"  # type: ignore[union-attr]
