"""Structured invoices: Factur-X / ZUGFeRD PDFs and CII / UBL deposits.

Every fixture is built here: a generated invoice (``samples.generator``) gives the
page and its truth, ``samples.facturx`` writes what an XML of a profile carries for it
and embeds it (through the ``factur-x`` package for a Factur-X).
"""

import json
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from ingest import pipeline, structured
from ingest.contract import Extraction, FieldName, FieldValue
from ingest.errors import XmlForbidden, XmlMalformed, XmlTooLarge, XmlUnsupported
from ingest.structured import Flavour, Profile, Syntax
from ingest.structured.flavours import profile_of
from ingest.structured.merge import Printed, mismatches, same_name
from ingest.structured.parsing import looks_like_xml
from ingest.text import Page, Word
from samples import facturx
from samples.generator import invoice_for, render, truth

SEED = 12
FACTURX_PROFILES = (
    Profile.MINIMUM,
    Profile.BASIC_WL,
    Profile.BASIC,
    Profile.EN16931,
    Profile.EXTENDED,
)


def as_json(result: Extraction) -> dict:
    return json.loads(result.model_dump_json())


def codes(result: Extraction) -> list[str]:
    return [w.code for w in result.warnings]


def assert_carries(result: Extraction, expected: dict[str, object]) -> None:
    """Every value the XML carries is in the result, read from the XML."""
    got = as_json(result)
    for name, value in expected.items():
        if name == "vat_breakdown":
            if value:
                assert got["vat_breakdown"] == value
            continue
        field = got["fields"][name]
        assert field["value"] == value, name
        assert field["confidence"] == 1.0, name
        assert field["method"] == ("derived" if name == "supplier_siren" else "xml")


def factur_x(index: int, profile: Profile, **force: object) -> tuple[bytes, dict]:
    """A Factur-X PDF of invoice ``index`` and what its XML carries."""
    spec = invoice_for(SEED, index, **force)
    data = facturx.carried(truth(spec), profile)
    return facturx.embed(render(spec), facturx.cii(data, profile)), data


# ---------------------------------------------------------------- Factur-X PDFs


@pytest.mark.parametrize("index", [2, 8])
@pytest.mark.parametrize("profile", FACTURX_PROFILES, ids=str)
def test_each_factur_x_profile_is_read_from_the_pdf_and_agrees_with_its_page(
    profile, index
):
    pdf, expected = factur_x(index, profile)
    result = pipeline.run(pdf)
    assert result.error is None
    assert result.source == "xml"
    assert result.pages >= 1
    assert_carries(result, expected)
    assert "xml_page_mismatch" not in codes(result)
    assert "xml_schema_invalid" not in codes(result)
    found = structured.read_embedded(pdf)
    assert found is not None and found.invoice is not None
    assert found.name == "factur-x.xml"
    assert found.invoice.kind.flavour is Flavour.FACTUR_X
    assert found.invoice.kind.profile is profile


def test_an_xml_value_agreeing_with_the_page_carries_where_the_page_shows_it():
    pdf, expected = factur_x(2, Profile.EN16931)
    number = pipeline.run(pdf).fields["invoice_number"]
    assert number.method == "xml" and number.value == expected["invoice_number"]
    assert number.page == 1
    assert number.bbox is not None


def test_a_minimum_profile_keeps_what_only_the_page_shows_under_the_page_s_method():
    spec = invoice_for(SEED, 2)
    page = truth(spec)
    assert "supplier_iban" in page and "due_date" in page
    pdf, expected = factur_x(2, Profile.MINIMUM)
    assert "supplier_iban" not in expected
    result = pipeline.run(pdf)
    iban = result.fields["supplier_iban"]
    assert iban.method == "text" and iban.value == page["supplier_iban"]
    assert result.value("due_date") == date.fromisoformat(str(page["due_date"]))
    assert result.vat_breakdown  # read from the page: MINIMUM has no VAT lines


def test_a_credit_note_printed_negative_is_an_avoir_with_the_xml_s_positive_amounts():
    pdf, expected = factur_x(5, Profile.EN16931, document_type="avoir", negative=True)
    page = truth(invoice_for(SEED, 5, document_type="avoir", negative=True))
    assert Decimal(str(page["total_ttc"])) < 0
    result = pipeline.run(pdf)
    assert result.value("document_type") == "avoir"
    assert result.value("total_ttc") == Decimal(str(expected["total_ttc"])) > 0
    assert_carries(result, expected)
    assert "xml_page_mismatch" not in codes(result)


def test_several_vat_rates_give_one_line_each():
    rates = ("20", "10", "5.5")
    pdf, expected = factur_x(7, Profile.EXTENDED, rates=rates, document_type="facture")
    result = pipeline.run(pdf)
    assert sorted(v.rate for v in result.vat_breakdown) == sorted(
        Decimal(r) for r in rates
    )
    assert as_json(result)["vat_breakdown"] == expected["vat_breakdown"]
    assert "xml_page_mismatch" not in codes(result)


def test_a_page_that_disagrees_with_its_xml_is_reported_and_the_xml_wins():
    spec = invoice_for(SEED, 2)
    data = facturx.carried(truth(spec), Profile.EN16931)
    lying = {
        **data,
        "invoice_number": "AUTRE-0001",
        "total_ht": f"{Decimal(str(data['total_ht'])) + 100:.2f}",
        "total_ttc": f"{Decimal(str(data['total_ttc'])) + 100:.2f}",
        "amount_due": f"{Decimal(str(data['amount_due'])) + 100:.2f}",
    }
    result = pipeline.run(
        facturx.embed(render(spec), facturx.cii(lying, Profile.EN16931))
    )
    assert result.value("invoice_number") == "AUTRE-0001"
    assert result.value("total_ttc") == Decimal(lying["total_ttc"])
    mismatches = {
        w.message.split()[3]: w.message
        for w in result.warnings
        if w.code == "xml_page_mismatch"
    }
    assert set(mismatches) >= {"invoice_number", "total_ht", "total_ttc", "amount_due"}
    assert "AUTRE-0001" in mismatches["invoice_number"]
    assert str(data["invoice_number"]) in mismatches["invoice_number"]
    assert lying["total_ttc"] in mismatches["total_ttc"]
    assert str(data["total_ttc"]) in mismatches["total_ttc"]


def test_zugferd_2_is_told_apart_by_its_urn_and_attachment_name():
    spec = invoice_for(SEED, 2)
    data = facturx.carried(truth(spec), Profile.BASIC)
    xml = facturx.cii(data, Profile.BASIC, zugferd2=True)
    pdf = facturx.embed(render(spec), xml, name="zugferd-invoice.xml")
    found = structured.read_embedded(pdf)
    assert found is not None and found.invoice is not None
    assert found.invoice.kind.flavour is Flavour.ZUGFERD_2
    assert found.invoice.kind.profile is Profile.BASIC
    result = pipeline.run(pdf)
    assert result.source == "xml"
    assert_carries(result, data)
    assert "xml_schema_invalid" not in codes(result)


def test_zugferd_1_is_read_with_its_own_vocabulary():
    spec = invoice_for(SEED, 2)
    data = facturx.carried(truth(spec), Profile.COMFORT)
    pdf = facturx.embed(
        render(spec), facturx.zugferd1(data), name="ZUGFeRD-invoice.xml"
    )
    found = structured.read_embedded(pdf)
    assert found is not None and found.invoice is not None
    assert found.invoice.kind.syntax is Syntax.ZUGFERD_1
    assert found.invoice.kind.flavour is Flavour.ZUGFERD_1
    assert found.invoice.kind.profile is Profile.COMFORT
    result = pipeline.run(pdf)
    assert_carries(result, data)
    assert "xml_schema_invalid" not in codes(result)
    assert "xml_page_mismatch" not in codes(result)


def test_an_xml_attachment_that_is_no_invoice_leaves_the_pdf_a_plain_pdf():
    plain = render(invoice_for(SEED, 2))
    pdf = facturx.attach(
        plain, b"<settings><colour>blue</colour></settings>", "app.xml"
    )
    result = pipeline.run(pdf)
    assert result.source == "text"
    assert not [c for c in codes(result) if c.startswith("xml_")]


# ---------------------------------------------------------------- bare deposits


@pytest.fixture(scope="module")
def full() -> dict:
    return facturx.carried(truth(invoice_for(SEED, 2)), Profile.EN16931)


def test_a_bare_cii_deposit_is_read_with_no_page(full):
    result = pipeline.run(facturx.cii(full, Profile.EN16931))
    assert result.error is None
    assert (result.source, result.pages) == ("xml", 0)
    assert result.signature.deposit_format == "xml"  # the portal's third format
    assert_carries(result, full)
    assert codes(result) == []


def test_a_bare_ubl_invoice_deposit_is_read(full):
    result = pipeline.run(facturx.ubl(full))
    assert result.error is None and result.source == "xml"
    assert_carries(result, full)
    assert "xml_schema_invalid" not in codes(result)


def test_a_bare_ubl_credit_note_is_an_avoir():
    data = facturx.carried(
        truth(invoice_for(SEED, 5, document_type="avoir")), Profile.EN16931
    )
    xml = facturx.ubl(data)
    assert b"<inv:CreditNote" in xml
    kind = structured.read_xml(xml).kind
    assert kind.syntax is Syntax.UBL_CREDIT_NOTE and kind.flavour is Flavour.UBL
    result = pipeline.run(xml)
    assert result.value("document_type") == "avoir"
    assert_carries(result, data)
    assert "xml_schema_invalid" not in codes(result)


def test_the_command_line_extracts_an_xml_file(tmp_path: Path, full):
    path = tmp_path / "facture.xml"
    path.write_bytes(facturx.ubl(full))
    done = CliRunner().invoke(app, ["extract", str(path), "--json"])
    assert done.exit_code == 0, done.output
    obj = json.loads(done.stdout)
    assert obj["source"] == "xml"
    assert obj["fields"]["total_ttc"]["value"] == full["total_ttc"]


def test_routing_identifiers_are_mapped(full):
    routed = {**full, "contract_number": "MAR-25-001", "billing_frame": "A9"}
    for xml in (facturx.cii(routed, Profile.EN16931), facturx.ubl(routed)):
        fields = structured.read_xml(xml).fields
        for name in (
            "buyer_siret", "buyer_service_code", "engagement_number", "contract_number",
            "supplier_siret", "supplier_vat", "supplier_iban", "supplier_bic",
            "billing_frame", "document_type",
        ):  # fmt: skip
            assert fields[name].value == routed[name], name  # type: ignore[index]


def test_a_schema_violation_is_a_warning_with_its_xpath_and_values_still_read(full):
    xml = facturx.cii(full, Profile.EN16931).replace(
        b"<ram:ApplicableHeaderTradeDelivery/>",
        b"<ram:ApplicableHeaderTradeDelivery/><ram:Surprise>1</ram:Surprise>",
    )
    result = pipeline.run(xml)
    invalid = [w.message for w in result.warnings if w.code == "xml_schema_invalid"]
    assert invalid
    assert (
        "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:Surprise"
        in (invalid[0])
    )
    assert "Surprise" in invalid[0]
    assert result.value("invoice_number") == full["invoice_number"]


def test_an_invalid_siret_in_the_xml_is_left_out_with_a_warning(full):
    bad = str(full["buyer_siret"])[:-1] + str(
        (int(str(full["buyer_siret"])[-1]) + 1) % 10
    )
    result = pipeline.run(facturx.cii({**full, "buyer_siret": bad}, Profile.EN16931))
    assert "buyer_siret" not in result.fields
    warned = [w.message for w in result.warnings if w.code == "xml_value_invalid"]
    assert len(warned) == 1 and bad in warned[0]
    assert "field_not_found" in codes(result)


def test_the_xml_s_own_arithmetic_is_checked(full):
    wrong = {**full, "total_ttc": f"{Decimal(str(full['total_ttc'])) + 1:.2f}"}
    result = pipeline.run(facturx.cii(wrong, Profile.EN16931))
    assert "totals_mismatch" in codes(result)


@pytest.mark.parametrize(
    ("urn", "profile"),
    [
        ("urn:factur-x.eu:1p0:minimum", Profile.MINIMUM),
        ("urn:factur-x.eu:1p0:basicwl", Profile.BASIC_WL),
        ("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", Profile.BASIC),
        ("urn:cen.eu:en16931:2017", Profile.EN16931),
        ("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", Profile.EXTENDED),
        ("urn:cen.eu:en16931:2017#conformant#urn.cpro.gouv.fr:1p0:extended-ctc-fr",
         Profile.EXTENDED),
        ("urn:zugferd.de:2p0:basicwl", Profile.BASIC_WL),
        ("urn:ferd:CrossIndustryDocument:invoice:1p0:extended", Profile.EXTENDED),
        ("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", Profile.EN16931),
        ("urn:example:own-profile", None),
    ],
)  # fmt: skip
def test_the_guideline_urn_names_the_profile(urn, profile):
    assert profile_of(urn) is profile


# ---------------------------------------------------------------- hostile XML


def refused(data: bytes) -> str | None:
    """The error code ``pipeline.run`` gives, or None."""
    result = pipeline.run(data)
    return result.error.code if result.error else None


def test_an_external_entity_pointing_at_a_local_file_is_refused_and_never_read(
    tmp_path: Path,
):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:'
        'CrossIndustryInvoice:100"><rsm:ExchangedDocument>&x;</rsm:ExchangedDocument>'
        "</rsm:CrossIndustryInvoice>"
    ).encode()
    result = pipeline.run(xml)
    assert result.error is not None and result.error.code == "xml_forbidden"
    assert "TOP-SECRET-42" not in result.model_dump_json()
    with pytest.raises(XmlForbidden):
        structured.read_xml(xml)


def billion_laughs() -> bytes:
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
        "<lolz>&lol9;</lolz>"
    ).encode()


def test_a_billion_laughs_bomb_is_refused_at_once():
    started = time.perf_counter()
    assert refused(billion_laughs()) == "xml_forbidden"
    assert time.perf_counter() - started < 5  # a hang is what this catches


def test_a_30_mb_document_is_refused_as_too_large():
    filler = (
        b"<ram:IncludedNote><ram:Content>"
        + b"x" * 1000
        + b"</ram:Content></ram:IncludedNote>"
    )
    xml = b"<?xml version='1.0'?><root>" + filler * 30_000 + b"</root>"
    assert len(xml) > 30_000_000
    assert refused(xml) == "xml_too_large"
    with pytest.raises(XmlTooLarge):
        structured.read_xml(xml)


@pytest.mark.parametrize(
    "data",
    [
        b"<<<>>> not xml",
        b"<invoice><unclosed></invoice>",
        b"\xef\xbb\xbf  <a>\xff\xfe</b>",
    ],
)
def test_bytes_that_are_not_xml_are_malformed(data):
    assert refused(data) == "xml_malformed"
    with pytest.raises(XmlMalformed):
        structured.read_xml(data)


def test_nesting_deeper_than_the_parser_allows_is_malformed():
    deep = b"<a>" * 10_000 + b"</a>" * 10_000
    assert refused(deep) == "xml_malformed"


def test_xml_that_is_not_an_invoice_is_unsupported():
    xml = b'<?xml version="1.0"?><note><to>Tove</to></note>'
    assert refused(xml) == "xml_unsupported"
    with pytest.raises(XmlUnsupported):
        structured.read_xml(xml)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (billion_laughs(), "xml_forbidden"),
        (b"<rsm:CrossIndustryInvoice", "xml_malformed"),
        (b"<note/>", "xml_unsupported"),
    ],
)
def test_a_hostile_factur_x_attachment_is_a_warning_and_the_page_is_still_read(
    payload, code
):
    spec = invoice_for(SEED, 2)
    pdf = facturx.attach(render(spec), payload, "factur-x.xml")
    result = pipeline.run(pdf)
    assert result.error is None
    assert result.source == "text"
    assert result.value("invoice_number") == spec.number
    unreadable = [
        w.message for w in result.warnings if w.code == "xml_embedded_unreadable"
    ]
    assert len(unreadable) == 1 and code in unreadable[0]


def test_what_counts_as_an_xml_deposit():
    assert looks_like_xml(b"\xef\xbb\xbf \n <?xml version='1.0'?><a/>")
    assert looks_like_xml("\ufeff<a/>".encode("utf-16-le"))
    assert not looks_like_xml(b"%PDF-1.7")
    assert not looks_like_xml(b"<!DOCTYPE html><html></html>")
    assert not looks_like_xml(b"<html><body>404</body></html>")


def test_names_compare_loosely():
    assert same_name("Dupont Bâtiment SARL", "DUPONT BATIMENT")
    assert same_name("Ministère de la Culture", "MINISTERE DE LA CULTURE")
    assert not same_name("Dupont Bâtiment", "Martin Électricité")


def test_an_uncertain_page_reading_is_cleared_when_the_page_prints_the_xml_s_value():
    due = FieldName.AMOUNT_DUE
    xml = {due: FieldValue(value=Decimal("2306.90"), confidence=1.0, method="xml")}
    misread = {due: FieldValue(value=Decimal("7.05"), confidence=0.6, method="text")}
    words = ("Net", "à", "payer", "2", "306,90", "€", "Frais", "7,05", "€")
    page = Page(
        number=1, width=595, height=842,
        words=tuple(
            Word(text=t, x0=(x0 := 40.0 * i), top=100, x1=x0 + 30, bottom=110)
            for i, t in enumerate(words)
        ),
    )  # fmt: skip
    cleared = list(mismatches(xml, misread, avoir=False, printed=Printed.on([page])))
    assert cleared == []
    other = Page(number=1, width=595, height=842, words=page.words[5:])
    flagged = list(mismatches(xml, misread, avoir=False, printed=Printed.on([other])))
    assert [w.code for w in flagged] == ["xml_page_mismatch"]
    sure = {due: misread[due].model_copy(update={"confidence": 0.95})}
    assert (
        len(list(mismatches(xml, sure, avoir=False, printed=Printed.on([page])))) == 1
    )
