"""Each signed case, verified: its status, its reason code, and the facts behind them."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from ingest.signature.report import (
    Coverage,
    DepositFormat,
    Modification,
    PadesLevel,
    Problem,
    SignatureStatus,
)
from ingest.signature.trust import TrustSettings
from ingest.signature.validate import verify
from tests.ingest.signature.pki import NOW, Pki, make_crl
from tests.ingest.signature.signing import (
    add_comment,
    add_document_timestamp,
    add_dss,
    add_empty_signature_field,
    add_page_content,
    add_text_field,
    fill_text_field,
    garble_contents,
    sign,
    tamper,
)


def test_unsigned_document_has_no_signature(unsigned: bytes, trust: TrustSettings):
    report = verify(unsigned, trust=trust)
    assert report.status == SignatureStatus.NONE
    assert report.signatures == ()
    assert report.deposit_format == DepositFormat.PDF_NON_SIGNE


def test_valid_signature_names_the_signer_and_covers_the_file(
    signed: bytes, pki: Pki, trust: TrustSettings
):
    report = verify(signed, trust=trust)
    assert report.status == SignatureStatus.VALID
    assert report.deposit_format == DepositFormat.PDF_SIGNE
    (sig,) = report.signatures
    assert sig.status == SignatureStatus.VALID
    assert sig.problem is None and sig.reason is None
    assert sig.field_name == "Signature1"
    assert sig.signer is not None
    assert sig.signer.common_name == "Marie Dupont"
    assert sig.signer.organisation == "Fournisseur Test SAS"
    assert sig.signer.siren == pki.siren
    assert sig.issuer == "Ingest Test Signing CA"
    assert sig.digest_algorithm == "sha256"
    assert sig.intact and sig.trusted
    assert sig.coverage == Coverage.ENTIRE_FILE
    assert sig.modifications == Modification.NONE
    assert sig.pades_level == PadesLevel.B_B
    assert sig.timestamp is None
    assert sig.signing_time is not None
    assert abs(datetime.now(UTC) - sig.signing_time) < timedelta(hours=1)


def test_verification_leaves_the_bytes_alone(signed: bytes, trust: TrustSettings):
    before = hashlib.sha256(signed).hexdigest()
    verify(signed, trust=trust)
    assert hashlib.sha256(signed).hexdigest() == before


def test_without_trust_roots_an_intact_signature_is_untrusted(signed: bytes):
    report = verify(signed, trust=TrustSettings())
    (sig,) = report.signatures
    assert report.status == SignatureStatus.UNTRUSTED
    assert sig.problem == Problem.NO_TRUST_ROOTS
    assert sig.intact and not sig.trusted
    assert "INGEST_TRUST_ROOTS" in (sig.reason or "")
    assert report.deposit_format == DepositFormat.PDF_NON_SIGNE


def test_a_root_that_did_not_issue_the_chain_is_untrusted(signed: bytes, pki: Pki):
    other = TrustSettings(roots=(pki.self_signed.der,))
    (sig,) = verify(signed, trust=other).signatures
    assert sig.status == SignatureStatus.UNTRUSTED
    assert sig.problem == Problem.UNTRUSTED_CHAIN
    assert "Ingest Test Signing CA" in (sig.reason or "")


def test_tampered_bytes_are_invalid(signed: bytes, trust: TrustSettings):
    (sig,) = verify(tamper(signed), trust=trust).signatures
    assert sig.status == SignatureStatus.INVALID
    assert sig.problem == Problem.DIGEST_MISMATCH
    assert not sig.intact
    assert sig.reason == "The signed bytes were changed after signing."


def test_page_content_added_after_signing_is_invalid(
    signed: bytes, trust: TrustSettings
):
    report = verify(add_page_content(signed), trust=trust)
    (sig,) = report.signatures
    assert report.status == SignatureStatus.INVALID
    assert sig.problem == Problem.MODIFIED_AFTER_SIGNING
    assert sig.intact  # the signed revision itself is untouched
    assert sig.coverage == Coverage.ENTIRE_REVISION
    assert sig.modifications == Modification.OTHER
    assert "modified after signing" in (sig.reason or "")


def test_self_signed_certificate_is_untrusted(
    unsigned: bytes, pki: Pki, trust: TrustSettings
):
    (sig,) = verify(sign(unsigned, pki, pki.self_signed), trust=trust).signatures
    assert sig.status == SignatureStatus.UNTRUSTED
    assert sig.problem == Problem.SELF_SIGNED
    assert sig.intact and not sig.trusted
    assert "Jeanne Autosignée" in (sig.reason or "")


@pytest.mark.parametrize("with_roots", [True, False], ids=["roots", "no-roots"])
def test_expired_certificate_is_invalid(
    unsigned: bytes, pki: Pki, trust: TrustSettings, with_roots: bool
):
    settings = trust if with_roots else TrustSettings()
    (sig,) = verify(sign(unsigned, pki, pki.expired), trust=settings).signatures
    assert sig.status == SignatureStatus.INVALID
    assert sig.problem == Problem.CERTIFICATE_EXPIRED
    expiry = pki.expired.cert.not_valid_after_utc
    assert f"valid until {expiry:%Y-%m-%d}" in (sig.reason or "")


def test_certificate_without_a_signing_key_usage_is_invalid(
    unsigned: bytes, pki: Pki, trust: TrustSettings
):
    (sig,) = verify(sign(unsigned, pki, pki.encipherer), trust=trust).signatures
    assert sig.status == SignatureStatus.INVALID
    assert sig.problem == Problem.KEY_USAGE
    assert "key_agreement" in (sig.reason or "")


def test_two_signatures_are_both_reported_in_signing_order(
    signed: bytes, pki: Pki, trust: TrustSettings
):
    both = sign(signed, pki, pki.second, field_name="Visa acheteur")
    report = verify(both, trust=trust)
    assert report.status == SignatureStatus.VALID
    first, second = report.signatures
    assert first.field_name == "Signature1"
    assert first.signer is not None and first.signer.siren == pki.siren
    assert first.coverage == Coverage.ENTIRE_REVISION
    assert first.modifications in (Modification.NONE, Modification.FORM_FILLING)
    assert second.field_name == "Visa acheteur"
    assert second.signer is not None and second.signer.common_name == "Luc Martin"
    assert second.signer.siren is None
    assert second.coverage == Coverage.ENTIRE_FILE
    assert all(s.problem is None for s in report.signatures)


def test_second_signature_by_untrusted_signer_makes_the_document_untrusted(
    signed: bytes, pki: Pki, trust: TrustSettings
):
    both = sign(signed, pki, pki.self_signed, field_name="Signature2")
    report = verify(both, trust=trust)
    assert [s.status for s in report.signatures] == [
        SignatureStatus.VALID,
        SignatureStatus.UNTRUSTED,
    ]
    assert report.status == SignatureStatus.UNTRUSTED


def test_form_filled_after_signing_stays_valid_with_form_filling(
    unsigned: bytes, pki: Pki, trust: TrustSettings
):
    signed_form = sign(add_text_field(unsigned), pki, pki.signer)
    (sig,) = verify(
        fill_text_field(signed_form, "Bon pour accord"), trust=trust
    ).signatures
    assert sig.status == SignatureStatus.VALID
    assert sig.problem is None
    assert sig.coverage == Coverage.ENTIRE_REVISION
    assert sig.modifications == Modification.FORM_FILLING


def test_annotation_added_after_signing_stays_valid_with_annotations(
    signed: bytes, trust: TrustSettings
):
    (sig,) = verify(add_comment(signed), trust=trust).signatures
    assert sig.status == SignatureStatus.VALID
    assert sig.problem is None
    assert sig.modifications == Modification.ANNOTATIONS


def test_annotation_and_new_content_together_are_invalid(
    signed: bytes, trust: TrustSettings
):
    (sig,) = verify(add_page_content(add_comment(signed)), trust=trust).signatures
    assert sig.status == SignatureStatus.INVALID
    assert sig.problem == Problem.MODIFIED_AFTER_SIGNING


def test_garbage_contents_are_an_invalid_verdict_not_a_crash(
    signed: bytes, trust: TrustSettings
):
    report = verify(garble_contents(signed), trust=trust)
    (sig,) = report.signatures
    assert report.status == SignatureStatus.INVALID
    assert sig.problem == Problem.MALFORMED
    assert sig.field_name == "Signature1"
    assert sig.signer is None and not sig.intact
    assert (sig.reason or "").startswith("The signature data cannot be read")


def test_signature_timestamp_gives_b_t_and_its_time(
    unsigned: bytes, pki: Pki, trust: TrustSettings
):
    (sig,) = verify(
        sign(unsigned, pki, pki.signer, timestamp=True), trust=trust
    ).signatures
    assert sig.status == SignatureStatus.VALID
    assert sig.pades_level == PadesLevel.B_T
    assert sig.timestamp is not None
    assert abs(datetime.now(UTC) - sig.timestamp) < timedelta(hours=1)


def test_pkcs7_signature_has_no_pades_level(
    unsigned: bytes, pki: Pki, trust: TrustSettings
):
    (sig,) = verify(
        sign(unsigned, pki, pki.signer, pades=False), trust=trust
    ).signatures
    assert sig.status == SignatureStatus.VALID
    assert sig.pades_level is None


def test_a_file_pyhanko_cannot_read_is_invalid_not_a_crash(trust: TrustSettings):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog /AcroForm << /Fields [2 0 R] >> >>"
    report = verify(broken, trust=trust)
    assert report.status == SignatureStatus.INVALID
    (sig,) = report.signatures
    assert sig.problem == Problem.MALFORMED
    assert (
        sig.reason
        == "The signature data cannot be read: Could not read malformed PDF file"
    )


def test_an_empty_signature_field_is_no_signature(
    unsigned: bytes, trust: TrustSettings
):
    report = verify(add_empty_signature_field(unsigned), trust=trust)
    assert report.status == SignatureStatus.NONE
    assert report.signatures == ()


def test_document_timestamp_after_signing_gives_b_t(
    signed: bytes, pki: Pki, trust: TrustSettings
):
    report = verify(add_document_timestamp(signed, pki), trust=trust)
    (sig,) = report.signatures  # the document timestamp is no signer
    assert sig.status == SignatureStatus.VALID
    assert sig.pades_level == PadesLevel.B_T
    assert sig.modifications == Modification.NONE


def test_dss_after_a_timestamped_signature_gives_b_lt_then_b_lta(
    unsigned: bytes, pki: Pki, trust: TrustSettings
):
    crls = (make_crl(pki.intermediate), make_crl(pki.root))
    long_term = add_dss(sign(unsigned, pki, pki.signer, timestamp=True), pki, crls)
    (sig,) = verify(long_term, trust=trust).signatures
    assert (sig.status, sig.pades_level) == (SignatureStatus.VALID, PadesLevel.B_LT)
    assert sig.modifications == Modification.NONE  # DSS updates are maintenance
    archived = add_document_timestamp(long_term, pki)
    (sig,) = verify(archived, trust=trust).signatures
    assert (sig.status, sig.pades_level) == (SignatureStatus.VALID, PadesLevel.B_LTA)


@pytest.mark.parametrize("timestamp", [False, True], ids=["B-B", "B-T"])
def test_embedded_crl_revoking_the_signer_is_invalid(
    unsigned: bytes, pki: Pki, trust: TrustSettings, timestamp: bool
):
    crls = (make_crl(pki.intermediate, revoked=(pki.signer,)), make_crl(pki.root))
    data = add_dss(sign(unsigned, pki, pki.signer, timestamp=timestamp), pki, crls)
    (sig,) = verify(data, trust=trust).signatures
    assert sig.status == SignatureStatus.INVALID
    assert sig.problem == Problem.CERTIFICATE_REVOKED
    revoked_on = (NOW - timedelta(days=1)).strftime("%Y-%m-%d")
    assert (
        sig.reason
        == f"The signer's certificate is revoked: the signer, on {revoked_on}"
    )
