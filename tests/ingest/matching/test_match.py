"""Matching over an in-memory directory: every blocker code, every warning, the JSON."""

import random
from decimal import Decimal

import pytest

from ingest.contract import Extraction, FieldName, FieldValue, Method
from ingest.matching import (
    BlockerCode,
    EngagementRecord,
    InvoiceFacts,
    MatchWarningCode,
    MemoryDirectory,
    ServiceRecord,
    StructureRecord,
    SupplierRecord,
    facts_from_extraction,
    match,
    match_json,
)
from samples import identifiers

RNG = random.Random(7)
MAIRIE = identifiers.make_siret(RNG, identifiers.make_siren(RNG, "21"))
ANNEXE = identifiers.make_siret(RNG, MAIRIE[:9])
HOPITAL = identifiers.make_siret(RNG, identifiers.make_siren(RNG, "26"))
SUPPLIER = identifiers.make_siret(RNG, identifiers.make_siren(RNG))
OTHER_SUPPLIER = identifiers.make_siret(RNG, identifiers.make_siren(RNG))
IBAN = identifiers.make_iban(RNG, "30004")
OTHER_IBAN = identifiers.make_iban(RNG, "30003")
VAT = identifiers.vat_number(SUPPLIER[:9])


def directory(**flags: bool) -> MemoryDirectory:
    """A town hall (with ``flags``), its annex, a hospital, services and engagements."""
    return MemoryDirectory(
        structures=[
            StructureRecord(MAIRIE, "Mairie de Besançon", **flags),
            StructureRecord(ANNEXE, "Mairie de Besançon - Services techniques"),
            StructureRecord(HOPITAL, "Centre hospitalier de Pau"),
        ],
        services=[
            ServiceRecord(MAIRIE, "ST-BAT", "Services techniques"),
            ServiceRecord(MAIRIE, "OLD", "Ancien service", active=False),
            ServiceRecord(MAIRIE, "EJ-ONLY", "Achats", engagement_required=True),
        ],
        engagements=[
            EngagementRecord(
                "EJ1", MAIRIE, SUPPLIER, Decimal("1000.00"), Decimal("400.00")
            ),
            EngagementRecord("EJ2", HOPITAL, SUPPLIER, Decimal("5000.00")),
        ],
        suppliers=[SupplierRecord(SUPPLIER, "Plomberie Martin", vat=VAT, iban=IBAN)],
    )


def facts(**changes: object) -> InvoiceFacts:
    base: dict[str, object] = {
        "buyer_siret": MAIRIE,
        "buyer_name": "Mairie de Besançon",
        "supplier_siret": SUPPLIER,
        "supplier_iban": IBAN,
        "supplier_vat": VAT,
        "total_ttc": Decimal("120.00"),
    }
    return InvoiceFacts(**{**base, **changes})  # type: ignore[arg-type]


def codes(result) -> list[str]:
    return [b.code for b in result.blockers]


def warnings(result) -> list[str]:
    return [w.code for w in result.warnings]


def test_a_clean_invoice_finds_its_structure_and_supplier_with_no_blocker():
    result = match(facts(), directory())
    assert result.can_submit
    assert result.structure is not None
    assert (result.structure.record.siret, result.structure.method) == (MAIRIE, "siret")
    assert result.structure.confidence == 1.0
    assert result.supplier == SupplierRecord(SUPPLIER, "Plomberie Martin", VAT, IBAN)
    assert result.warnings == ()


def test_unknown_siret_and_no_similar_sibling_is_structure_unknown():
    stranger = identifiers.make_siret(RNG, identifiers.make_siren(RNG, "22"))
    result = match(facts(buyer_siret=stranger), directory())
    assert codes(result) == [BlockerCode.STRUCTURE_UNKNOWN]
    assert stranger in result.blockers[0].message
    assert result.structure is None


def test_no_recipient_at_all_is_structure_unknown():
    result = match(facts(buyer_siret=None, buyer_name=None), directory())
    assert codes(result) == [BlockerCode.STRUCTURE_UNKNOWN]


def test_an_unlisted_siret_of_a_known_siren_finds_the_sibling_by_name():
    printed = identifiers.make_siret(RNG, MAIRIE[:9])
    result = match(
        facts(buyer_siret=printed, buyer_name="MAIRIE DE BESANCON"), directory()
    )
    assert result.can_submit
    assert result.structure is not None
    assert result.structure.record.siret == MAIRIE
    assert result.structure.method == "siren_name"
    assert 0.5 < result.structure.confidence < 1.0
    assert warnings(result) == [MatchWarningCode.STRUCTURE_BY_NAME]


def test_a_unique_name_finds_the_structure_when_no_siret_is_printed():
    result = match(
        facts(buyer_siret=None, buyer_name="Centre Hospitalier de PAU"), directory()
    )
    assert result.structure is not None
    assert result.structure.record.siret == HOPITAL
    assert result.structure.method == "name"
    assert warnings(result) == [MatchWarningCode.STRUCTURE_BY_NAME]


def test_namesakes_cannot_be_chosen_by_name_alone():
    twins = MemoryDirectory(
        structures=[
            StructureRecord(MAIRIE, "Lycée Victor Hugo"),
            StructureRecord(HOPITAL, "Lycée Victor Hugo"),
        ]
    )
    result = match(facts(buyer_siret=None, buyer_name="Lycée Victor Hugo"), twins)
    assert codes(result) == [BlockerCode.STRUCTURE_UNKNOWN]
    assert "2 namesakes" in result.blockers[0].message


def test_a_printed_name_far_from_the_directory_is_a_warning():
    result = match(facts(buyer_name="Syndicat des eaux du Littoral"), directory())
    assert result.can_submit
    assert warnings(result) == [MatchWarningCode.STRUCTURE_NAME_DIFFERS]


def test_inactive_structure():
    result = match(facts(), directory(active=False))
    assert codes(result) == [BlockerCode.STRUCTURE_INACTIVE]


def test_service_required_and_absent():
    assert codes(match(facts(), directory(service_required=True))) == [
        BlockerCode.SERVICE_REQUIRED
    ]
    present = match(facts(service_code="ST-BAT"), directory(service_required=True))
    assert present.can_submit
    assert present.service == ServiceRecord(MAIRIE, "ST-BAT", "Services techniques")


def test_service_unknown_and_inactive():
    assert codes(match(facts(service_code="NOPE"), directory())) == [
        BlockerCode.SERVICE_UNKNOWN
    ]
    inactive = match(facts(service_code="OLD"), directory())
    assert codes(inactive) == [BlockerCode.SERVICE_INACTIVE]
    assert inactive.service is not None and inactive.service.active is False


def test_engagement_required_by_the_structure_or_by_the_service():
    assert codes(match(facts(), directory(engagement_required=True))) == [
        BlockerCode.ENGAGEMENT_REQUIRED
    ]
    by_service = match(facts(service_code="EJ-ONLY"), directory())
    assert codes(by_service) == [BlockerCode.ENGAGEMENT_REQUIRED]
    assert "EJ-ONLY" in by_service.blockers[0].message
    assert match(
        facts(service_code="EJ-ONLY", engagement_number="EJ1"), directory()
    ).can_submit


def test_service_or_engagement_required():
    flags = {"service_or_engagement_required": True}
    assert codes(match(facts(), directory(**flags))) == [
        BlockerCode.SERVICE_OR_ENGAGEMENT_REQUIRED
    ]
    assert match(facts(service_code="ST-BAT"), directory(**flags)).can_submit
    assert match(facts(engagement_number="EJ1"), directory(**flags)).can_submit


def test_engagement_unknown():
    assert codes(match(facts(engagement_number="EJ404"), directory())) == [
        BlockerCode.ENGAGEMENT_UNKNOWN
    ]


def test_engagement_of_another_structure():
    result = match(facts(engagement_number="EJ2"), directory())
    assert codes(result) == [BlockerCode.ENGAGEMENT_OTHER_STRUCTURE]
    assert HOPITAL in result.blockers[0].message


def test_engagement_naming_another_supplier():
    result = match(
        facts(engagement_number="EJ1", supplier_siret=OTHER_SUPPLIER), directory()
    )
    assert BlockerCode.ENGAGEMENT_SUPPLIER_MISMATCH in codes(result)


def test_engagement_exceeded_by_the_invoice_ttc_but_not_by_a_credit_note():
    assert match(
        facts(engagement_number="EJ1", total_ttc=Decimal("600.00")), directory()
    ).can_submit
    over = match(
        facts(engagement_number="EJ1", total_ttc=Decimal("600.01")), directory()
    )
    assert codes(over) == [BlockerCode.ENGAGEMENT_EXCEEDED]
    assert "600.01" in over.blockers[0].message and "600.00" in over.blockers[0].message
    credit = facts(
        engagement_number="EJ1", total_ttc=Decimal("900.00"), is_credit_note=True
    )
    assert match(credit, directory()).can_submit


def test_no_supplier_siret_is_supplier_missing():
    assert codes(match(facts(supplier_siret=None), directory())) == [
        BlockerCode.SUPPLIER_MISSING
    ]


def test_an_unknown_supplier_is_a_warning_only():
    result = match(facts(supplier_siret=OTHER_SUPPLIER), directory())
    assert result.can_submit
    assert result.supplier is None
    assert warnings(result) == [MatchWarningCode.SUPPLIER_UNKNOWN]


def test_a_new_bank_account_or_vat_number_for_a_known_siret_is_a_warning():
    result = match(facts(supplier_iban=OTHER_IBAN), directory())
    assert result.can_submit
    assert warnings(result) == [MatchWarningCode.IBAN_CHANGED]
    spaced = " ".join(IBAN[i : i + 4] for i in range(0, len(IBAN), 4))
    assert match(facts(supplier_iban=spaced), directory()).warnings == ()
    other_vat = identifiers.vat_number(OTHER_SUPPLIER[:9])
    assert warnings(match(facts(supplier_vat=other_vat), directory())) == [
        MatchWarningCode.VAT_NUMBER_CHANGED
    ]


def test_blockers_add_up():
    flags = {"active": False, "service_required": True, "engagement_required": True}
    result = match(facts(supplier_siret=None), directory(**flags))
    assert codes(result) == [
        BlockerCode.STRUCTURE_INACTIVE,
        BlockerCode.SERVICE_REQUIRED,
        BlockerCode.ENGAGEMENT_REQUIRED,
        BlockerCode.SUPPLIER_MISSING,
    ]


@pytest.mark.parametrize("code", list(BlockerCode))
def test_every_blocker_code_is_produced_by_some_case(code: BlockerCode):
    stranger = identifiers.make_siret(RNG, identifiers.make_siren(RNG, "22"))
    cases = {
        BlockerCode.STRUCTURE_UNKNOWN: (facts(buyer_siret=stranger), {}),
        BlockerCode.STRUCTURE_INACTIVE: (facts(), {"active": False}),
        BlockerCode.SERVICE_REQUIRED: (facts(), {"service_required": True}),
        BlockerCode.SERVICE_UNKNOWN: (facts(service_code="X"), {}),
        BlockerCode.SERVICE_INACTIVE: (facts(service_code="OLD"), {}),
        BlockerCode.ENGAGEMENT_REQUIRED: (facts(), {"engagement_required": True}),
        BlockerCode.ENGAGEMENT_UNKNOWN: (facts(engagement_number="X"), {}),
        BlockerCode.ENGAGEMENT_OTHER_STRUCTURE: (facts(engagement_number="EJ2"), {}),
        BlockerCode.ENGAGEMENT_SUPPLIER_MISMATCH: (
            facts(engagement_number="EJ1", supplier_siret=OTHER_SUPPLIER),
            {},
        ),
        BlockerCode.ENGAGEMENT_EXCEEDED: (
            facts(engagement_number="EJ1", total_ttc=Decimal("10000.00")),
            {},
        ),
        BlockerCode.SERVICE_OR_ENGAGEMENT_REQUIRED: (
            facts(),
            {"service_or_engagement_required": True},
        ),
        BlockerCode.SUPPLIER_MISSING: (facts(supplier_siret=None), {}),
    }
    invoice, flags = cases[code]
    assert codes(match(invoice, directory(**flags))) == [code]


def test_match_json_has_the_contract_shape_with_money_as_strings():
    data = match_json(
        match(facts(engagement_number="EJ1", service_code="ST-BAT"), directory())
    )
    assert set(data) == {
        "structure",
        "service",
        "engagement",
        "supplier",
        "blockers",
        "warnings",
    }
    assert data["structure"] == {
        "siret": MAIRIE, "name": "Mairie de Besançon", "confidence": 1.0,
        "method": "siret", "active": True,
    }  # fmt: skip
    assert data["engagement"] == {
        "number": "EJ1", "structure_siret": MAIRIE, "supplier_siret": SUPPLIER,
        "amount": "1000.00", "invoiced": "400.00", "remaining": "600.00",
    }  # fmt: skip
    assert data["service"] == {
        "code": "ST-BAT",
        "name": "Services techniques",
        "active": True,
    }
    assert data["supplier"] == {"siret": SUPPLIER, "name": "Plomberie Martin"}
    unknown = match_json(match(facts(buyer_siret=None, buyer_name=None), directory()))
    assert unknown["structure"] is None
    assert unknown["blockers"][0]["code"] == "structure_unknown"


def _field(value: object) -> FieldValue:
    return FieldValue(value=value, confidence=0.97, method=Method.TEXT)


def test_facts_come_from_the_extraction_fields():
    extraction = Extraction(
        sha256="0" * 64,
        fields={
            FieldName.DOCUMENT_TYPE: _field("avoir"),
            FieldName.BUYER_SIRET: _field(MAIRIE),
            FieldName.BUYER_SERVICE_CODE: _field("ST-BAT"),
            FieldName.ENGAGEMENT_NUMBER: _field("EJ1"),
            FieldName.SUPPLIER_SIRET: _field(SUPPLIER),
            FieldName.AMOUNT_DUE: _field(Decimal("55.10")),
        },
    )
    got = facts_from_extraction(extraction)
    assert got.buyer_siret == MAIRIE and got.service_code == "ST-BAT"
    assert got.engagement_number == "EJ1" and got.supplier_siret == SUPPLIER
    assert got.total_ttc == Decimal("55.10")  # no TTC printed: the amount due stands in
    assert got.is_credit_note is True
    assert got.buyer_name is None
