"""What a `SignatureReport` means for the deposit: the contract's summary, and warnings."""

from collections.abc import Iterator

from ingest.contract import (
    FieldName,
    FieldValue,
    Notice,
    SignatureInfo,
    SignatureSummary,
)
from ingest.contract import Signer as SignerModel
from ingest.signature.report import Modification, Signature, SignatureReport
from ingest.warnings import Code, notice

AFTER_SIGNING = {
    Modification.FORM_FILLING: Code.SIGNED_THEN_FORM_FILLED,
    Modification.ANNOTATIONS: Code.SIGNED_THEN_ANNOTATED,
}


def summary(report: SignatureReport) -> SignatureSummary:
    """The report as the Extraction's ``signature`` object."""
    return SignatureSummary(
        status=report.status,
        signatures=[_info(s) for s in report.signatures],
        deposit_format=report.deposit_format,
    )


def _info(signature: Signature) -> SignatureInfo:
    signer = signature.signer
    return SignatureInfo(
        field_name=signature.field_name,
        status=signature.status,
        signer=SignerModel(
            common_name=signer.common_name,
            organisation=signer.organisation,
            siren=signer.siren,
        )
        if signer
        else None,
        issuer=signature.issuer,
        signing_time=signature.signing_time,
        timestamp=signature.timestamp,
        digest_algorithm=signature.digest_algorithm,
        intact=signature.intact,
        trusted=signature.trusted,
        coverage=signature.coverage,
        modifications=signature.modifications,
        pades_level=signature.pades_level,
        reason=Notice(code=signature.problem.value, message=signature.reason or "")
        if signature.problem
        else None,
    )


def warnings(
    report: SignatureReport, fields: dict[FieldName, FieldValue]
) -> Iterator[Notice]:
    """Changes after signing that are allowed, and a signer from another company."""
    siret = fields.get(FieldName.SUPPLIER_SIRET)
    supplier_siret = str(siret.value) if siret else None
    for signature in report.signatures:
        code = AFTER_SIGNING.get(signature.modifications)  # type: ignore[arg-type]
        if code and signature.problem is None:
            yield notice(code, field=signature.field_name)
        yield from _siren_mismatch(signature, supplier_siret)


def _siren_mismatch(
    signature: Signature, supplier_siret: str | None
) -> Iterator[Notice]:
    """A warning when the signer's SIREN is not the supplier SIRET's first nine digits."""
    signer = signature.signer
    if not (signer and signer.siren and supplier_siret):
        return
    if supplier_siret[:9] != signer.siren:
        yield notice(
            Code.SIGNER_SIREN_MISMATCH,
            signer=signer.siren,
            name=signer.organisation or signer.common_name or "?",
            siret=supplier_siret,
            siren=supplier_siret[:9],
        )
