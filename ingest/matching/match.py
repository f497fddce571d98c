"""Match an invoice to the directory: recipient, service, engagement, supplier.

Each check is a function of the facts and the directory; `match` puts them together.
Whatever would get the invoice rejected for its routing data is a blocker.
"""

from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz
from stdnum import iban as stdnum_iban
from stdnum.fr import siret as stdnum_siret

from ingest.contract import Extraction, FieldName, money_str
from ingest.matching.codes import BlockerCode as B
from ingest.matching.codes import Finding, finding
from ingest.matching.codes import MatchWarningCode as W
from ingest.matching.directory import (
    Directory,
    EngagementRecord,
    ServiceRecord,
    StructureRecord,
    SupplierRecord,
    name_key,
)

SIMILAR_NAME = 80.0
"""Name similarity (0–100) from which a sibling of the same SIREN is taken."""
CLOSE_RUNNER_UP = 5.0
"""Two candidates this close in similarity make the choice doubtful."""
DIFFERENT_NAME = 50.0
"""Below this, the printed recipient name is reported as differing."""
BY_NAME_CONFIDENCE = 0.8
"""Confidence of a recipient found by its exact name alone (no SIRET printed)."""


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    """What matching reads from an invoice, whether extracted or typed in a draft."""

    buyer_siret: str | None = None
    buyer_name: str | None = None
    service_code: str | None = None
    engagement_number: str | None = None
    supplier_siret: str | None = None
    supplier_name: str | None = None
    supplier_vat: str | None = None
    supplier_iban: str | None = None
    total_ttc: Decimal | None = None
    is_credit_note: bool = False


@dataclass(frozen=True, slots=True)
class StructureMatch:
    record: StructureRecord
    confidence: float
    method: str
    """``siret``, ``siren_name`` (a sibling of the printed SIRET, by name) or ``name``."""


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The directory's answer for one invoice."""

    structure: StructureMatch | None = None
    service: ServiceRecord | None = None
    engagement: EngagementRecord | None = None
    supplier: SupplierRecord | None = None
    """The supplier as we know it; None when unknown or not printed."""
    blockers: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()

    @property
    def can_submit(self) -> bool:
        return not self.blockers


def _text(extraction: Extraction, name: FieldName) -> str | None:
    value = extraction.value(name)
    return str(value) if value is not None else None


def facts_from_extraction(extraction: Extraction) -> InvoiceFacts:
    """The facts an Extraction carries; absent fields stay None."""
    ttc = extraction.value(FieldName.TOTAL_TTC)
    if ttc is None:
        ttc = extraction.value(FieldName.AMOUNT_DUE)
    return InvoiceFacts(
        buyer_siret=_text(extraction, FieldName.BUYER_SIRET),
        buyer_name=_text(extraction, FieldName.BUYER_NAME),
        service_code=_text(extraction, FieldName.BUYER_SERVICE_CODE),
        engagement_number=_text(extraction, FieldName.ENGAGEMENT_NUMBER),
        supplier_siret=_text(extraction, FieldName.SUPPLIER_SIRET),
        supplier_name=_text(extraction, FieldName.SUPPLIER_NAME),
        supplier_vat=_text(extraction, FieldName.SUPPLIER_VAT),
        supplier_iban=_text(extraction, FieldName.SUPPLIER_IBAN),
        total_ttc=ttc if isinstance(ttc, Decimal) else None,
        is_credit_note=extraction.value(FieldName.DOCUMENT_TYPE) == "avoir",
    )


def similarity(a: str, b: str) -> float:
    """How alike two names are, 0–100, ignoring accents, case and word order."""
    return float(fuzz.token_sort_ratio(name_key(a), name_key(b)))


def find_structure(
    facts: InvoiceFacts, directory: Directory
) -> tuple[StructureMatch | None, list[Finding], list[Finding]]:
    """The recipient by SIRET; else a sibling of its SIREN by name; else by exact name."""
    siret = facts.buyer_siret
    if siret:
        record = directory.structure(siret)
        if record is not None:
            return (
                StructureMatch(record, 1.0, "siret"),
                [],
                _name_differs(facts, record),
            )
        if stdnum_siret.is_valid(siret) and facts.buyer_name:
            found = _by_siren_and_name(siret[:9], facts.buyer_name, directory)
            if found is not None:
                return found, [], [_chosen_by(found, "SIREN and name")]
        what = f"the SIRET {siret}"
    elif facts.buyer_name:
        namesakes = directory.structures_named(name_key(facts.buyer_name))
        if len(namesakes) == 1:
            found = StructureMatch(namesakes[0], BY_NAME_CONFIDENCE, "name")
            return found, [], [_chosen_by(found, "name alone")]
        # Several namesakes (a 'Lycée Victor Hugo' in many towns): a name cannot choose.
        what = f"the name '{facts.buyer_name}' alone (no SIRET printed, {len(namesakes)} namesakes)"
    else:
        what = "an invoice without recipient SIRET or name"
    return None, [finding(B.STRUCTURE_UNKNOWN, what=what)], []


def _by_siren_and_name(
    siren: str, name: str, directory: Directory
) -> StructureMatch | None:
    scored = sorted(
        ((similarity(name, s.name), s) for s in directory.structures_of_siren(siren)),
        key=lambda pair: pair[0],
        reverse=True,
    )
    if not scored or scored[0][0] < SIMILAR_NAME:
        return None
    best, record = scored[0]
    confidence = 0.9 * best / 100
    if len(scored) > 1 and best - scored[1][0] < CLOSE_RUNNER_UP:
        confidence *= 0.7  # two establishments answer to nearly the same name
    return StructureMatch(record, round(confidence, 3), "siren_name")


def _chosen_by(found: StructureMatch, how: str) -> Finding:
    return finding(
        W.STRUCTURE_BY_NAME,
        siret=found.record.siret,
        how=how,
        confidence=found.confidence,
    )


def _name_differs(facts: InvoiceFacts, record: StructureRecord) -> list[Finding]:
    if facts.buyer_name and similarity(facts.buyer_name, record.name) < DIFFERENT_NAME:
        return [
            finding(
                W.STRUCTURE_NAME_DIFFERS, printed=facts.buyer_name, known=record.name
            )
        ]
    return []


def check_structure_flags(
    facts: InvoiceFacts, structure: StructureRecord, service: ServiceRecord | None
) -> list[Finding]:
    """The structure's own flags: active, and which references it makes mandatory."""
    blockers = []
    name = structure.name
    if not structure.active:
        blockers.append(finding(B.STRUCTURE_INACTIVE, siret=structure.siret, name=name))
    if structure.service_required and not facts.service_code:
        blockers.append(finding(B.SERVICE_REQUIRED, name=name))
    if not facts.engagement_number:
        if structure.engagement_required:
            blockers.append(finding(B.ENGAGEMENT_REQUIRED, who=name))
        elif service is not None and service.engagement_required:
            who = f"The service {service.code} of {name}"
            blockers.append(finding(B.ENGAGEMENT_REQUIRED, who=who))
    if (
        structure.service_or_engagement_required
        and not facts.service_code
        and not facts.engagement_number
    ):
        blockers.append(finding(B.SERVICE_OR_ENGAGEMENT_REQUIRED, name=name))
    return blockers


def find_service(
    facts: InvoiceFacts, structure: StructureRecord, directory: Directory
) -> tuple[ServiceRecord | None, list[Finding]]:
    """The printed service code among the structure's services, active."""
    code = facts.service_code
    if not code:
        return None, []
    service = directory.service(structure.siret, code)
    if service is None:
        return None, [finding(B.SERVICE_UNKNOWN, name=structure.name, code=code)]
    if not service.active:
        return service, [finding(B.SERVICE_INACTIVE, name=structure.name, code=code)]
    return service, []


def find_engagement(
    facts: InvoiceFacts, structure: StructureRecord | None, directory: Directory
) -> tuple[EngagementRecord | None, list[Finding]]:
    """The engagement: known, the recipient's, naming the supplier, with enough left."""
    number = facts.engagement_number
    if not number:
        return None, []
    candidates = directory.engagements(number)
    if not candidates:
        return None, [finding(B.ENGAGEMENT_UNKNOWN, number=number)]
    ours = [e for e in candidates if structure and e.structure_siret == structure.siret]
    engagement = ours[0] if ours else candidates[0]
    blockers = []
    if structure is not None and not ours:
        blockers.append(
            finding(
                B.ENGAGEMENT_OTHER_STRUCTURE,
                number=number,
                owner=engagement.structure_siret,
                siret=structure.siret,
            )
        )
    if facts.supplier_siret and facts.supplier_siret != engagement.supplier_siret:
        blockers.append(
            finding(
                B.ENGAGEMENT_SUPPLIER_MISMATCH,
                number=number,
                expected=engagement.supplier_siret,
                actual=facts.supplier_siret,
            )
        )
    amount = facts.total_ttc
    if (
        amount is not None
        and not facts.is_credit_note
        and amount > engagement.remaining
    ):
        blockers.append(
            finding(
                B.ENGAGEMENT_EXCEEDED,
                number=number,
                amount=money_str(amount),
                remaining=money_str(engagement.remaining),
            )
        )
    return engagement, blockers


def check_supplier(
    facts: InvoiceFacts, directory: Directory
) -> tuple[SupplierRecord | None, list[Finding], list[Finding]]:
    """The supplier known by its SIRET; a changed bank account or VAT number is a warning."""
    siret = facts.supplier_siret
    if not siret:
        return None, [finding(B.SUPPLIER_MISSING)], []
    known = directory.supplier(siret)
    if known is None:
        return None, [], [finding(W.SUPPLIER_UNKNOWN, siret=siret)]
    warnings = []
    if (
        facts.supplier_iban
        and known.iban
        and not _same_iban(facts.supplier_iban, known.iban)
    ):
        warnings.append(finding(W.IBAN_CHANGED, siret=siret))
    if facts.supplier_vat and known.vat and facts.supplier_vat != known.vat:
        warnings.append(
            finding(
                W.VAT_NUMBER_CHANGED,
                siret=siret,
                printed=facts.supplier_vat,
                known=known.vat,
            )
        )
    return known, [], warnings


def _same_iban(a: str, b: str) -> bool:
    return stdnum_iban.compact(a) == stdnum_iban.compact(b)


def match(facts: InvoiceFacts, directory: Directory) -> MatchResult:
    """Every check against the directory, in the order a clerk would make them."""
    structure, blockers, warnings = find_structure(facts, directory)
    service = None
    if structure is not None:
        service, found = find_service(facts, structure.record, directory)
        blockers += found
        blockers += check_structure_flags(facts, structure.record, service)
    record = structure.record if structure else None
    engagement, found = find_engagement(facts, record, directory)
    blockers += found
    supplier, found, noticed = check_supplier(facts, directory)
    return MatchResult(
        structure=structure,
        service=service,
        engagement=engagement,
        supplier=supplier,
        blockers=(*blockers, *found),
        warnings=(*warnings, *noticed),
    )


def match_json(result: MatchResult) -> dict[str, object]:
    """The ``match`` object of the contract (ARCHITECTURE.md), money as strings."""
    s, v, e = result.structure, result.service, result.engagement
    return {
        "structure": None
        if s is None
        else {
            "siret": s.record.siret,
            "name": s.record.name,
            "confidence": s.confidence,
            "method": s.method,
            "active": s.record.active,
        },
        "service": None
        if v is None
        else {"code": v.code, "name": v.name, "active": v.active},
        "engagement": None
        if e is None
        else {
            "number": e.number,
            "structure_siret": e.structure_siret,
            "supplier_siret": e.supplier_siret,
            "amount": money_str(e.amount),
            "invoiced": money_str(e.invoiced),
            "remaining": money_str(e.remaining),
        },
        "supplier": None
        if result.supplier is None
        else {"siret": result.supplier.siret, "name": result.supplier.name},
        "blockers": [{"code": b.code, "message": b.message} for b in result.blockers],
        "warnings": [{"code": w.code, "message": w.message} for w in result.warnings],
    }
