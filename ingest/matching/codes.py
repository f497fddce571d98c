"""Routing blockers and matching warnings: stable snake_case codes, never renamed."""

from dataclasses import dataclass
from enum import StrEnum


class BlockerCode(StrEnum):
    """What would get the invoice rejected 'for an error in the routing data'."""

    STRUCTURE_UNKNOWN = "structure_unknown"
    STRUCTURE_INACTIVE = "structure_inactive"
    SERVICE_REQUIRED = "service_required"
    SERVICE_UNKNOWN = "service_unknown"
    SERVICE_INACTIVE = "service_inactive"
    ENGAGEMENT_REQUIRED = "engagement_required"
    ENGAGEMENT_UNKNOWN = "engagement_unknown"
    ENGAGEMENT_OTHER_STRUCTURE = "engagement_other_structure"
    ENGAGEMENT_SUPPLIER_MISMATCH = "engagement_supplier_mismatch"
    ENGAGEMENT_EXCEEDED = "engagement_exceeded"
    SERVICE_OR_ENGAGEMENT_REQUIRED = "service_or_engagement_required"
    SUPPLIER_MISSING = "supplier_missing"


class MatchWarningCode(StrEnum):
    """What a clerk should look at, without stopping the deposit."""

    STRUCTURE_BY_NAME = "structure_by_name"
    STRUCTURE_NAME_DIFFERS = "structure_name_differs"
    SUPPLIER_UNKNOWN = "supplier_unknown"
    IBAN_CHANGED = "iban_changed"
    VAT_NUMBER_CHANGED = "vat_number_changed"


MESSAGES: dict[str, str] = {
    BlockerCode.STRUCTURE_UNKNOWN: "No public structure of the directory matches {what}.",
    BlockerCode.STRUCTURE_INACTIVE: "The structure {siret} ({name}) no longer receives invoices.",
    BlockerCode.SERVICE_REQUIRED: "{name} requires a service code, and the invoice has none.",
    BlockerCode.SERVICE_UNKNOWN: "{name} has no service with the code {code}.",
    BlockerCode.SERVICE_INACTIVE: "The service {code} of {name} is no longer active.",
    BlockerCode.ENGAGEMENT_REQUIRED: (
        "{who} requires an engagement number, and the invoice has none."
    ),
    BlockerCode.ENGAGEMENT_UNKNOWN: "The engagement {number} is not in the directory.",
    BlockerCode.ENGAGEMENT_OTHER_STRUCTURE: (
        "The engagement {number} belongs to the structure {owner}, not to {siret}."
    ),
    BlockerCode.ENGAGEMENT_SUPPLIER_MISMATCH: (
        "The engagement {number} names the supplier {expected}, not {actual}."
    ),
    BlockerCode.ENGAGEMENT_EXCEEDED: (
        "The invoice's {amount} exceeds what remains of the engagement {number} ({remaining})."
    ),
    BlockerCode.SERVICE_OR_ENGAGEMENT_REQUIRED: (
        "{name} requires a service code or an engagement number, and the invoice has neither."
    ),
    BlockerCode.SUPPLIER_MISSING: "The invoice carries no supplier SIRET.",
    MatchWarningCode.STRUCTURE_BY_NAME: (
        "The recipient {siret} was chosen by {how} ({confidence:.2f}); check it."
    ),
    MatchWarningCode.STRUCTURE_NAME_DIFFERS: (
        "The recipient's name '{printed}' differs from the directory's '{known}'."
    ),
    MatchWarningCode.SUPPLIER_UNKNOWN: "The supplier {siret} is not known yet.",
    MatchWarningCode.IBAN_CHANGED: (
        "The bank account differs from the one known for the supplier {siret}: "
        "confirm the change with the supplier by another channel."
    ),
    MatchWarningCode.VAT_NUMBER_CHANGED: (
        "The VAT number {printed} differs from the one known for the supplier {siret} ({known})."
    ),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """A blocker or a warning: a stable code and a message in words."""

    code: str
    message: str


def finding(code: BlockerCode | MatchWarningCode, /, **data: object) -> Finding:
    """A blocker or warning with its message filled from ``data``."""
    return Finding(code=code.value, message=MESSAGES[code].format(**data))
