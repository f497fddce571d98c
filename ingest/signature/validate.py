"""Verify every signature of a PDF with pyHanko; the only module that calls it.

`verify` reads the uploaded bytes as they are (a reader, never a writer), validates each
filled signature field, and maps pyHanko's `PdfSignatureStatus` to our `Signature` in
one function, `_facts`. Unreadable signature data is an `invalid` verdict with a reason.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

from asn1crypto import crl, ocsp, x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESSubIndic
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    KeyUsageConstraints,
    PdfSignatureStatus,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import InvalidCertificateError
from stdnum.fr import siren as stdnum_siren

from ingest.signature.annotations import DIFF_POLICY
from ingest.signature.report import (
    Coverage,
    Modification,
    PadesLevel,
    Problem,
    Signature,
    SignatureReport,
    Signer,
)
from ingest.signature.trust import TrustSettings

log = logging.getLogger(__name__)

KEY_USAGE = KeyUsageConstraints(
    key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
)
"""A signer certificate needs nonRepudiation or digitalSignature (either will do).

pyHanko asks for nonRepudiation alone; company seals and many French RGS signing
certificates carry digitalSignature only, and refusing them would reject genuine
invoices. A certificate for key or data encipherment alone is refused (`key_usage`).
"""

MALFORMED_DATA = (
    PdfError,
    SignatureValidationError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    AssertionError,
)
"""What pyHanko and asn1crypto raise on signature data they cannot parse."""

PADES_SUBFILTER = "/ETSI.CAdES.detached"
SIREN_PREFIX = "NTRFR-"

COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: Coverage.ENTIRE_FILE,
    SignatureCoverageLevel.ENTIRE_REVISION: Coverage.ENTIRE_REVISION,
}
MODIFICATION = {
    ModificationLevel.NONE: Modification.NONE,
    ModificationLevel.LTA_UPDATES: Modification.NONE,  # DSS and document timestamps
    ModificationLevel.FORM_FILLING: Modification.FORM_FILLING,
    ModificationLevel.ANNOTATIONS: Modification.ANNOTATIONS,
}
TRUST_PROBLEMS: dict[AdESSubIndic, Problem] = {
    AdESFailure.REVOKED: Problem.CERTIFICATE_REVOKED,
    AdESIndeterminate.REVOKED_NO_POE: Problem.CERTIFICATE_REVOKED,
    AdESIndeterminate.REVOKED_CA_NO_POE: Problem.CERTIFICATE_REVOKED,
    AdESIndeterminate.EXPIRED: Problem.CERTIFICATE_EXPIRED,
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE: Problem.CERTIFICATE_EXPIRED,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED: Problem.CERTIFICATE_EXPIRED,
    AdESFailure.NOT_YET_VALID: Problem.CERTIFICATE_NOT_YET_VALID,
    AdESIndeterminate.NOT_YET_VALID: Problem.CERTIFICATE_NOT_YET_VALID,
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE: Problem.WEAK_ALGORITHM,
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE: Problem.WEAK_ALGORITHM,
}


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the file itself carries for validation: its DSS and its timestamps."""

    certs: tuple[x509.Certificate, ...] = ()
    crls: tuple[crl.CertificateList, ...] = ()
    ocsps: tuple[ocsp.OCSPResponse, ...] = ()
    dss_revision: int | None = None
    """The revision that last changed the DSS, when it holds validation data."""
    vri_keys: frozenset[str] = frozenset()
    timestamp_revisions: tuple[int, ...] = ()
    """Revisions signed by a document timestamp (/DocTimeStamp)."""


def verify(data: bytes, *, trust: TrustSettings) -> SignatureReport:
    """Every filled signature field of `data`, verified; `data` is only read."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except MALFORMED_DATA as e:
        log.info("signature fields unreadable: %s", e)
        return SignatureReport((_unreadable("", e),))
    embedded, broken = _embedded(reader, fields)
    evidence = _evidence(reader, embedded)
    checked = tuple(
        _check(sig, trust, evidence)
        for sig in embedded
        if sig.sig_object_type == "/Sig"
    )
    return SignatureReport((*checked, *broken))


def _embedded(
    reader: PdfFileReader, fields: list[tuple[str, object, object]]
) -> tuple[list[EmbeddedPdfSignature], list[Signature]]:
    """The signatures pyHanko can parse, in signing order, and those it cannot."""
    parsed, broken = [], []
    for name, _value, field in fields:
        try:
            signature = EmbeddedPdfSignature(reader, field, name)
            subfilter = signature.sig_object.get("/SubFilter")
        except MALFORMED_DATA as e:
            broken.append(_unreadable(name, e))
            continue
        if subfilter not in ("/adbe.pkcs7.detached", PADES_SUBFILTER, "/ETSI.RFC3161"):
            broken.append(
                Signature(name, Problem.UNSUPPORTED, detail=f"SubFilter {subfilter}")
            )
            continue
        parsed.append(signature)
    parsed.sort(key=lambda s: s.signed_revision)
    return parsed, broken


def _unreadable(field_name: str, error: BaseException) -> Signature:
    log.info("signature %r unreadable: %s: %s", field_name, type(error).__name__, error)
    return Signature(field_name, Problem.MALFORMED, detail=_words(error))


def _words(error: BaseException) -> str:
    """The start of an exception's first line, or its type when it has none."""
    text = str(error).strip().splitlines()
    if not text:
        return type(error).__name__
    # Parser messages can run long (a byte count of a hundred digits): keep the type.
    return text[0] if len(text[0]) <= 80 else f"{type(error).__name__} while parsing"


def _check(
    embedded: EmbeddedPdfSignature, trust: TrustSettings, evidence: _Evidence
) -> Signature:
    """Validate one signature; a failure to parse it is a `malformed` verdict."""
    try:
        context = _context(trust, evidence, embedded)
        status = validate_pdf_signature(
            embedded,
            signer_validation_context=context,
            diff_policy=DIFF_POLICY,
            key_usage_settings=KEY_USAGE,
        )
    except MALFORMED_DATA as e:
        return _unreadable(embedded.field_name, e)
    return _facts(embedded, status, trust, evidence)


def _context(
    trust: TrustSettings, evidence: _Evidence, embedded: EmbeddedPdfSignature
) -> ValidationContext:
    """Our roots only (an empty list, never None: no OS store), plus the file's data."""
    crls, ocsps = _archived_revocation(embedded)
    return ValidationContext(
        trust_roots=[x509.Certificate.load(der) for der in trust.roots],
        other_certs=list(evidence.certs),
        crls=[*evidence.crls, *crls],
        ocsps=[*evidence.ocsps, *ocsps],
        allow_fetching=trust.fetch_revocation,
        revocation_mode="soft-fail",
    )


def _archived_revocation(
    embedded: EmbeddedPdfSignature,
) -> tuple[list[crl.CertificateList], list[ocsp.OCSPResponse]]:
    """CRLs and OCSP responses in the signed adbe-revocationInfoArchival attribute."""
    for attribute in embedded.signer_info["signed_attrs"]:
        if attribute["type"].native == "adobe_revocation_info_archival":
            archive = attribute["values"][0]
            return list(archive["crl"] or ()), list(archive["ocsp"] or ())
    return [], []


def _facts(
    embedded: EmbeddedPdfSignature,
    status: PdfSignatureStatus,
    trust: TrustSettings,
    evidence: _Evidence,
) -> Signature:
    """The one mapping from pyHanko's status to our facts about a signature."""
    problem, detail = _problem(status, trust)
    timestamp = status.timestamp_validity
    return Signature(
        field_name=embedded.field_name,
        problem=problem,
        detail=detail,
        signer=_signer(status.signing_cert),
        issuer=_common_name(status.signing_cert.issuer),
        signing_time=status.signer_reported_dt,
        timestamp=timestamp.timestamp if timestamp else None,
        digest_algorithm=status.md_algorithm,
        intact=status.intact and status.valid,
        trusted=status.trusted,
        coverage=COVERAGE.get(status.coverage, Coverage.PARTIAL),  # type: ignore[arg-type]
        modifications=_modifications(status),
        pades_level=_pades_level(embedded, status, evidence),
    )


def _modifications(status: PdfSignatureStatus) -> Modification:
    level = status.modification_level
    return MODIFICATION.get(level, Modification.OTHER) if level else Modification.OTHER


def _problem(
    status: PdfSignatureStatus, trust: TrustSettings
) -> tuple[Problem | None, str]:
    """The first thing wrong with a signature, most serious first; (None, "") if none."""
    if not status.intact:
        return Problem.DIGEST_MISMATCH, ""
    if not status.valid:
        return Problem.BAD_SIGNATURE, ""
    if (
        status.coverage is None
        or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
    ):
        return Problem.PARTIAL_COVERAGE, ""
    if _modifications(status) == Modification.OTHER or status.docmdp_ok is False:
        return Problem.MODIFIED_AFTER_SIGNING, _diff_words(status)
    if status.seed_value_constraint_error is not None:
        return Problem.SEED_VALUE_VIOLATION, ""
    timestamp = status.timestamp_validity
    if timestamp is not None and not (timestamp.intact and timestamp.valid):
        return Problem.TIMESTAMP_INVALID, ""
    if not status.trusted:
        return _trust_problem(status, trust)
    if timestamp is not None and not timestamp.trusted:
        return Problem.TIMESTAMP_UNTRUSTED, _common_name(timestamp.signing_cert.subject)
    return None, ""


def _trust_problem(
    status: PdfSignatureStatus, trust: TrustSettings
) -> tuple[Problem, str]:
    """Why an intact signature's certificate is not trusted."""
    cert = status.signing_cert
    indication = status.trust_problem_indic
    if indication in TRUST_PROBLEMS:
        problem = TRUST_PROBLEMS[indication]  # type: ignore[index]
        if problem == Problem.CERTIFICATE_EXPIRED:
            return problem, f"valid until {cert.not_valid_after:%Y-%m-%d}"
        revocation = status.revocation_details
        if problem == Problem.CERTIFICATE_REVOKED and revocation is not None:
            whose = "a CA of its chain" if revocation.ca_revoked else "the signer"
            return problem, f"{whose}, on {revocation.revocation_date:%Y-%m-%d}"
        return problem, ""
    if _expired(cert, status):
        # Without a path to a root pyHanko never reaches the validity check.
        return (
            Problem.CERTIFICATE_EXPIRED,
            f"valid until {cert.not_valid_after:%Y-%m-%d}",
        )
    if cert.self_signed in ("yes", "maybe"):
        return Problem.SELF_SIGNED, _common_name(cert.subject) or ""
    try:
        KEY_USAGE.validate(cert)
    except InvalidCertificateError:
        return Problem.KEY_USAGE, _key_usages(cert)
    if indication == AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE:
        return Problem.CHAIN_INVALID, ""
    if not trust.roots:
        return Problem.NO_TRUST_ROOTS, ""
    return Problem.UNTRUSTED_CHAIN, f"issued by {_common_name(cert.issuer)}"


def _key_usages(cert: x509.Certificate) -> str:
    usages = cert.key_usage_value.native if cert.key_usage_value else []
    return "it allows " + (", ".join(sorted(usages)) or "nothing")


def _expired(cert: x509.Certificate, status: PdfSignatureStatus) -> bool:
    """The certificate was out of its validity at the best time we have for signing."""
    timestamp = status.timestamp_validity
    moment = (
        timestamp.timestamp
        if timestamp is not None and timestamp.trusted
        else datetime.now(UTC)
    )
    return not cert.not_valid_before <= moment <= cert.not_valid_after


def _diff_words(status: PdfSignatureStatus) -> str:
    """What pyHanko's difference analysis objected to, in short."""
    diff = status.diff_result
    if isinstance(diff, Exception):
        log.info("modified after signing: %s", diff)  # object numbers: not for clerks
        return "a later revision changes the pages or other content"
    if status.docmdp_ok is False:
        return "changes the certification signature does not allow"
    return ""


def _signer(cert: x509.Certificate) -> Signer:
    """Subject CN, organisation, and the SIREN of an NTRFR- organizationIdentifier."""
    subject = cert.subject.native
    identifier = str(subject.get("organization_identifier") or "")
    siren = (
        identifier.removeprefix(SIREN_PREFIX)
        if identifier.startswith(SIREN_PREFIX)
        else ""
    )
    return Signer(
        common_name=_first(subject.get("common_name")),
        organisation=_first(subject.get("organization_name")),
        siren=siren if stdnum_siren.is_valid(siren) else None,
    )


def _common_name(name: x509.Name) -> str | None:
    native = name.native
    return _first(native.get("common_name")) or _first(native.get("organization_name"))


def _first(value: object) -> str | None:
    """A name attribute may repeat; keep its first value."""
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else None


def _pades_level(
    embedded: EmbeddedPdfSignature, status: PdfSignatureStatus, evidence: _Evidence
) -> PadesLevel | None:
    """The baseline level the signature carries; None when it is not PAdES at all.

    B-B: an ETSI.CAdES.detached signature with a signed signing-certificate attribute.
    B-T: plus a signature timestamp, or a document timestamp over its revision.
    B-LT: plus a DSS added after it (for this signature when the DSS has VRIs).
    B-LTA: plus a document timestamp over the DSS.
    """
    if embedded.sig_object.get("/SubFilter") != PADES_SUBFILTER:
        return None
    signed = {a["type"].native for a in embedded.signer_info["signed_attrs"]}
    if not signed & {"signing_certificate_v2", "signing_certificate"}:
        return None
    revision = embedded.signed_revision
    later_timestamps = [r for r in evidence.timestamp_revisions if r > revision]
    if status.timestamp_validity is None and not later_timestamps:
        return PadesLevel.B_B
    dss = evidence.dss_revision
    if dss is None or dss <= revision or not _in_vri(embedded, evidence):
        return PadesLevel.B_T
    if any(r > dss for r in evidence.timestamp_revisions):
        return PadesLevel.B_LTA
    return PadesLevel.B_LT


def _in_vri(embedded: EmbeddedPdfSignature, evidence: _Evidence) -> bool:
    """The DSS has a VRI entry for this signature, or no VRI entries at all."""
    if not evidence.vri_keys:
        return True
    key = DocumentSecurityStore.sig_content_identifier(embedded.pkcs7_content)
    return str(key) in evidence.vri_keys


def _evidence(reader: PdfFileReader, embedded: list[EmbeddedPdfSignature]) -> _Evidence:
    """The DSS's certificates and revocation data, and where timestamps and DSS sit."""
    timestamps = tuple(
        s.signed_revision for s in embedded if s.sig_object_type == "/DocTimeStamp"
    )
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        certs = tuple(dss.load_certs())
        crls = tuple(crl.CertificateList.load(_stream(r)) for r in dss.crls)
        ocsps = tuple(ocsp.OCSPResponse.load(_stream(r)) for r in dss.ocsps)
        vri = frozenset(str(k) for k in dss.vri_entries)
        revision = _dss_revision(reader)
    except MALFORMED_DATA as e:  # NoDSSFoundError is a ValueError
        log.debug("no usable DSS: %s", e)
        return _Evidence(timestamp_revisions=timestamps)
    has_data = bool(certs or crls or ocsps)
    return _Evidence(
        certs=certs,
        crls=crls,
        ocsps=ocsps,
        dss_revision=revision if has_data else None,
        vri_keys=vri,
        timestamp_revisions=timestamps,
    )


def _stream(ref: object) -> bytes:
    obj = ref.get_object() if isinstance(ref, generic.IndirectObject) else ref
    if not isinstance(obj, generic.StreamObject):
        raise TypeError("DSS entry is not a stream")
    return obj.data


def _dss_revision(reader: PdfFileReader) -> int:
    """The revision that last wrote the DSS (or the catalog holding it directly)."""
    value = reader.root.raw_get("/DSS")
    if isinstance(value, generic.IndirectObject):
        return reader.xrefs.get_last_change(value.reference)
    root = reader.trailer.raw_get("/Root")
    return reader.xrefs.get_last_change(root.reference)
