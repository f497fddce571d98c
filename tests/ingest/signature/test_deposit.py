"""Signed invoices through the whole pipeline: the contract's signature object, warnings."""

import json

from ingest import pipeline
from ingest.contract import Extraction, FieldName
from ingest.signature.trust import TrustSettings
from samples.generator import InvoiceSpec
from tests.ingest.signature.pki import Pki, make_pki
from tests.ingest.signature.signing import (
    add_comment,
    add_text_field,
    fill_text_field,
    sign,
)


def run(data: bytes, trust: TrustSettings) -> Extraction:
    return pipeline.run(data, options=pipeline.Options(trust=trust))


def codes(result: Extraction) -> list[str]:
    return [w.code for w in result.warnings]


def test_unsigned_invoice_keeps_the_empty_signature_object(unsigned: bytes):
    result = json.loads(run(unsigned, TrustSettings()).model_dump_json())
    assert result["signature"] == {
        "status": "none",
        "signatures": [],
        "deposit_format": "pdf_non_signe",
    }


def test_signed_invoice_is_a_pdf_signe_with_its_signer(
    signed: bytes, pki: Pki, trust: TrustSettings, invoice: InvoiceSpec
):
    result = run(signed, trust)
    assert result.error is None
    data = json.loads(result.model_dump_json())["signature"]
    assert data["status"] == "valid"
    assert data["deposit_format"] == "pdf_signe"
    (sig,) = data["signatures"]
    assert sig["signer"] == {
        "common_name": "Marie Dupont",
        "organisation": "Fournisseur Test SAS",
        "siren": invoice.supplier.siren,
    }
    assert sig["coverage"] == "entire_file"
    assert sig["modifications"] == "none"
    assert sig["pades_level"] == "B-B"
    assert sig["reason"] is None
    assert sig["intact"] is True and sig["trusted"] is True
    assert result.value(FieldName.SUPPLIER_SIRET) == invoice.supplier.siret
    assert "signer_siren_mismatch" not in codes(result)


def test_signer_of_another_company_is_a_warning(
    unsigned: bytes, trust: TrustSettings, invoice: InvoiceSpec
):
    other_siren = "732829320"
    assert other_siren != invoice.supplier.siren
    stranger = make_pki(other_siren)
    result = run(
        sign(unsigned, stranger, stranger.signer),
        TrustSettings(roots=(stranger.root.der,)),
    )
    assert result.signature.status == "valid"
    (warning,) = [w for w in result.warnings if w.code == "signer_siren_mismatch"]
    assert other_siren in warning.message
    assert invoice.supplier.siren in warning.message


def test_untrusted_signature_is_reported_with_its_reason(signed: bytes):
    result = run(signed, TrustSettings())
    assert result.signature.status == "untrusted"
    assert result.signature.deposit_format == "pdf_non_signe"
    reason = result.signature.signatures[0].reason
    assert reason is not None and reason.code == "no_trust_roots"


def test_annotation_after_signing_is_a_warning(signed: bytes, trust: TrustSettings):
    result = run(add_comment(signed), trust)
    assert result.signature.status == "valid"
    assert "signed_then_annotated" in codes(result)
    assert "signed_then_form_filled" not in codes(result)


def test_form_filling_after_signing_is_a_warning(
    unsigned: bytes, pki: Pki, trust: TrustSettings
):
    signed_form = sign(add_text_field(unsigned), pki, pki.signer)
    result = run(fill_text_field(signed_form, "Reçu le 3 mars"), trust)
    assert result.signature.status == "valid"
    assert "signed_then_form_filled" in codes(result)


def test_the_signature_is_checked_on_the_uploaded_bytes(
    signed: bytes, trust: TrustSettings
):
    """Junk before the header makes qpdf rewrite the file; the signature is still ours."""
    result = run(b"\n" * 3 + signed, trust)
    assert "pdf_repaired" in codes(result)
    # qpdf's rewrite would read fine; pyHanko refuses the uploaded header instead
    assert result.signature.status == "invalid"
    reason = result.signature.signatures[0].reason
    assert reason is not None and reason.code == "malformed"
    assert "Illegal PDF header" in reason.message
