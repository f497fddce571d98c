"""What the signature stage found: frozen facts per signature, verdicts as properties."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SignatureStatus(StrEnum):
    """A signature's verdict, and a document's (its worst signature's)."""

    NONE = "none"
    VALID = "valid"
    UNTRUSTED = "untrusted"
    INVALID = "invalid"


class DepositFormat(StrEnum):
    """How the portal files the document."""

    PDF_SIGNE = "pdf_signe"
    PDF_NON_SIGNE = "pdf_non_signe"
    XML = "xml"
    """A bare UBL or CII deposit: no PDF, so no PDF signature either."""


class Coverage(StrEnum):
    """How much of the file the signed byte range covers."""

    ENTIRE_FILE = "entire_file"
    ENTIRE_REVISION = "entire_revision"
    """The revision it signed, with incremental updates appended after it."""
    PARTIAL = "partial"


class Modification(StrEnum):
    """The most a later revision changed, by pyHanko's difference analysis."""

    NONE = "none"
    """Nothing, or only signature maintenance (DSS, document timestamps)."""
    FORM_FILLING = "form_filling"
    ANNOTATIONS = "annotations"
    OTHER = "other"


class PadesLevel(StrEnum):
    """PAdES baseline levels (ETSI EN 319 142-1), lowest first."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"


class Problem(StrEnum):
    """Why a signature is not valid: stable codes, never renamed."""

    MALFORMED = "malformed"
    UNSUPPORTED = "unsupported"
    DIGEST_MISMATCH = "digest_mismatch"
    BAD_SIGNATURE = "bad_signature"
    PARTIAL_COVERAGE = "partial_coverage"
    MODIFIED_AFTER_SIGNING = "modified_after_signing"
    CERTIFICATE_REVOKED = "certificate_revoked"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_NOT_YET_VALID = "certificate_not_yet_valid"
    KEY_USAGE = "key_usage"
    CHAIN_INVALID = "chain_invalid"
    WEAK_ALGORITHM = "weak_algorithm"
    TIMESTAMP_INVALID = "timestamp_invalid"
    SEED_VALUE_VIOLATION = "seed_value_violation"
    NO_TRUST_ROOTS = "no_trust_roots"
    SELF_SIGNED = "self_signed"
    UNTRUSTED_CHAIN = "untrusted_chain"
    TIMESTAMP_UNTRUSTED = "timestamp_untrusted"


UNTRUSTED = frozenset(
    {
        Problem.NO_TRUST_ROOTS,
        Problem.SELF_SIGNED,
        Problem.UNTRUSTED_CHAIN,
        Problem.TIMESTAMP_UNTRUSTED,
    }
)
"""Problems of trust alone: the signature is intact, nobody we trust vouches for it."""

REASONS: dict[Problem, str] = {
    Problem.MALFORMED: "The signature data cannot be read",
    Problem.UNSUPPORTED: "The signature uses a format that cannot be verified",
    Problem.DIGEST_MISMATCH: "The signed bytes were changed after signing",
    Problem.BAD_SIGNATURE: "The cryptographic signature does not verify",
    Problem.PARTIAL_COVERAGE: "The signature does not cover its whole revision",
    Problem.MODIFIED_AFTER_SIGNING: "The document was modified after signing "
    "(more than form filling or annotations)",
    Problem.CERTIFICATE_REVOKED: "The signer's certificate is revoked",
    Problem.CERTIFICATE_EXPIRED: "The signer's certificate had expired",
    Problem.CERTIFICATE_NOT_YET_VALID: "The signer's certificate was not yet valid",
    Problem.KEY_USAGE: "The signer's certificate is not meant for signing (key usage)",
    Problem.CHAIN_INVALID: "A certificate of the signer's chain breaks a constraint",
    Problem.WEAK_ALGORITHM: "The signature uses an algorithm considered weak",
    Problem.TIMESTAMP_INVALID: "The signature's timestamp does not verify",
    Problem.SEED_VALUE_VIOLATION: "The signature breaks its field's constraints",
    Problem.NO_TRUST_ROOTS: "No trust roots are configured (INGEST_TRUST_ROOTS)",
    Problem.SELF_SIGNED: "The signer's certificate is self-signed",
    Problem.UNTRUSTED_CHAIN: "The signer's certificate does not chain to a "
    "trusted root",
    Problem.TIMESTAMP_UNTRUSTED: "The timestamp authority does not chain to a "
    "trusted root",
}


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signed, as the certificate's subject says."""

    common_name: str | None
    organisation: str | None
    siren: str | None
    """From an organizationIdentifier ``NTRFR-<SIREN>``, checksum-validated."""


@dataclass(frozen=True, slots=True)
class Signature:
    """The facts about one signature field; the verdict is computed from them."""

    field_name: str
    problem: Problem | None
    """The first reason it is not valid, or None when it is."""
    detail: str = ""
    """What exactly went wrong, in words (empty when valid)."""
    signer: Signer | None = None
    issuer: str | None = None
    signing_time: datetime | None = None
    """The time the signer claims (signed attribute or /M); not proof."""
    timestamp: datetime | None = None
    """The time of the signature's RFC 3161 timestamp token, if any."""
    digest_algorithm: str | None = None
    intact: bool = False
    """The covered bytes hash to what was signed, and the signature verifies."""
    trusted: bool = False
    """The signer's chain reaches a configured trust root."""
    coverage: Coverage | None = None
    modifications: Modification | None = None
    pades_level: PadesLevel | None = None
    """None for a signature that is not PAdES (e.g. adbe.pkcs7.detached)."""

    @property
    def status(self) -> SignatureStatus:
        if self.problem is None:
            return SignatureStatus.VALID
        if self.problem in UNTRUSTED:
            return SignatureStatus.UNTRUSTED
        return SignatureStatus.INVALID

    @property
    def reason(self) -> str | None:
        """Why it is not valid, in words; None when valid."""
        if self.problem is None:
            return None
        words = REASONS[self.problem]
        return f"{words}: {self.detail}" if self.detail else f"{words}."


@dataclass(frozen=True, slots=True)
class SignatureReport:
    """Every signature of a document, in signing order."""

    signatures: tuple[Signature, ...] = ()

    @property
    def status(self) -> SignatureStatus:
        """The worst verdict: invalid beats untrusted beats valid; none if unsigned."""
        verdicts = {s.status for s in self.signatures}
        for worst in (SignatureStatus.INVALID, SignatureStatus.UNTRUSTED):
            if worst in verdicts:
                return worst
        return SignatureStatus.VALID if verdicts else SignatureStatus.NONE

    @property
    def deposit_format(self) -> DepositFormat:
        """A "PDF signé" only with a valid signature; anything else is "non signé"."""
        if self.status == SignatureStatus.VALID:
            return DepositFormat.PDF_SIGNE
        return DepositFormat.PDF_NON_SIGNE
