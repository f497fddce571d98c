"""Structured invoices built from a generated invoice's truth.

``carried(truth, profile)`` says what an XML of that profile carries (the contract's
fields and VAT lines, as JSON strings); ``cii(...)``, ``zugferd1(...)`` and
``ubl(...)`` write that as XML; ``embed(pdf, xml)`` attaches it to the invoice's PDF,
through the ``factur-x`` package for a Factur-X (what a supplier's software does),
through pikepdf for the other names. ``generate(out, count, seed, profile)`` writes
Factur-X PDFs with ``NAME.truth.json`` (the page) and ``NAME.xml.json`` (the XML).
"""

import io
import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf
from lxml import etree
from lxml.builder import ElementMaker

from ingest.structured.flavours import Profile

CII_NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:"
    "ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
ZUGFERD1_NS = {
    "rsm": "urn:ferd:CrossIndustryDocument:invoice:1p0",
    "ram": "urn:un:unece:uncefact:data:standard:"
    "ReusableAggregateBusinessInformationEntity:12",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15",
}
UBL_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
UBL_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
UBL_ROOT = {
    False: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    True: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}

FACTURX_URNS = {
    Profile.MINIMUM: "urn:factur-x.eu:1p0:minimum",
    Profile.BASIC_WL: "urn:factur-x.eu:1p0:basicwl",
    Profile.BASIC: "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
    Profile.EN16931: "urn:cen.eu:en16931:2017",
    Profile.EXTENDED: "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
}
ZUGFERD2_URNS = {
    Profile.MINIMUM: "urn:zugferd.de:2p0:minimum",
    Profile.BASIC_WL: "urn:zugferd.de:2p0:basicwl",
    Profile.BASIC: "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic",
    Profile.EN16931: "urn:cen.eu:en16931:2017",
    Profile.EXTENDED: "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended",
}
ZUGFERD1_URNS = {
    Profile.BASIC: "urn:ferd:CrossIndustryDocument:invoice:1p0:basic",
    Profile.COMFORT: "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort",
    Profile.EXTENDED: "urn:ferd:CrossIndustryDocument:invoice:1p0:extended",
}
UBL_CUSTOMIZATION = "urn:cen.eu:en16931:2017"

MONEY = ("total_ht", "total_vat", "total_ttc", "amount_due")
EVERY_PROFILE = (
    "document_type",
    "invoice_number",
    "invoice_date",
    "currency",
    "supplier_name",
    "supplier_siret",
    "supplier_siren",
    "supplier_vat",
    "buyer_name",
    "buyer_siret",
    "buyer_service_code",
    "engagement_number",
    "billing_frame",
    *MONEY,
)
FROM_BASIC_WL = ("due_date", "contract_number", "supplier_iban")
FROM_EN16931 = ("supplier_bic",)
RICHER = {Profile.BASIC_WL, Profile.BASIC, Profile.EN16931, Profile.EXTENDED}
RICHEST = {Profile.EN16931, Profile.EXTENDED, Profile.COMFORT}
WITH_LINES = {Profile.BASIC, Profile.EN16931, Profile.EXTENDED, Profile.COMFORT}


# ------------------------------------------------------------------ what the XML says


def carried(truth: dict[str, object], profile: Profile) -> dict[str, object]:
    """The fields and VAT lines an XML of ``profile`` carries for this invoice.

    A credit note's amounts are positive in the XML, whatever the page prints; an
    invoice without VAT lines (exemption, reverse charge) gets one 0 % line from
    BASIC WL on, as the norm requires, and a VAT total of 0.00.
    """
    names = [*EVERY_PROFILE]
    if profile in RICHER or profile is Profile.COMFORT:
        names += FROM_BASIC_WL
    if profile in RICHEST:
        names += FROM_EN16931
    out: dict[str, object] = {n: truth[n] for n in names if n in truth}
    for name in MONEY:
        if name in out:
            out[name] = _money(abs(Decimal(str(out[name]))))
    ht = Decimal(str(out["total_ht"]))
    vat_lines = truth.get("vat_breakdown") or []
    vat = sum((abs(Decimal(v["amount"])) for v in vat_lines), Decimal(0))  # type: ignore[index]
    out.setdefault("total_vat", _money(vat))
    out.setdefault("total_ttc", _money(ht + Decimal(str(out["total_vat"]))))
    if profile is not Profile.MINIMUM:
        lines = truth.get("vat_breakdown") or [
            {"rate": "0.00", "base": out["total_ht"], "amount": "0.00"}
        ]
        out["vat_breakdown"] = [
            {k: _money(abs(Decimal(str(v)))) for k, v in line.items()}
            for line in lines  # type: ignore[union-attr]
        ]
    else:
        out["vat_breakdown"] = []
    return out


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')) + 0:f}"


def _day(text: object) -> date:
    return date.fromisoformat(str(text))


# ------------------------------------------------------------------ CII (D16B)


def cii(data: dict[str, object], profile: Profile, *, zugferd2: bool = False) -> bytes:
    """A Factur-X (or ZUGFeRD 2.0) CII of ``profile`` from ``carried(...)``."""
    e = _Maker(CII_NS)
    urn = (ZUGFERD2_URNS if zugferd2 else FACTURX_URNS)[profile]
    context = e.rsm(
        "ExchangedDocumentContext",
        e.ram(
            "BusinessProcessSpecifiedDocumentContextParameter",
            e.ram("ID", data.get("billing_frame")),
        )
        if data.get("billing_frame")
        else None,
        e.ram("GuidelineSpecifiedDocumentContextParameter", e.ram("ID", urn)),
    )
    document = e.rsm(
        "ExchangedDocument",
        e.ram("ID", data["invoice_number"]),
        e.ram("TypeCode", _type_code(data)),
        e.ram("IssueDateTime", _cii_date(e, "udt", data["invoice_date"])),
    )
    transaction = e.rsm(
        "SupplyChainTradeTransaction",
        *(_cii_lines(e, data) if profile in WITH_LINES else ()),
        _cii_agreement(e, data, profile),
        e.ram("ApplicableHeaderTradeDelivery"),
        _cii_settlement(e, data, profile),
    )
    root = e.rsm("CrossIndustryInvoice", context, document, transaction)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _cii_agreement(
    e: "_Maker", data: dict[str, object], profile: Profile
) -> etree._Element:
    seller = e.ram(
        "SellerTradeParty",
        e.ram("Name", data["supplier_name"]),
        _legal(e, data.get("supplier_siret")),
        e.ram("PostalTradeAddress", e.ram("CountryID", "FR")),
        e.ram(
            "SpecifiedTaxRegistration", e.ram("ID", data["supplier_vat"], schemeID="VA")
        )
        if data.get("supplier_vat")
        else None,
    )
    buyer = e.ram(
        "BuyerTradeParty",
        e.ram("Name", data["buyer_name"]),
        _legal(e, data.get("buyer_siret")),
    )
    return e.ram(
        "ApplicableHeaderTradeAgreement",
        e.ram("BuyerReference", data.get("buyer_service_code")),
        seller,
        buyer,
        _reference(e, "BuyerOrderReferencedDocument", data.get("engagement_number")),
        _reference(e, "ContractReferencedDocument", data.get("contract_number"))
        if profile is not Profile.MINIMUM
        else None,
    )


def _legal(e: "_Maker", siret: object) -> etree._Element | None:
    if not siret:
        return None
    return e.ram("SpecifiedLegalOrganization", e.ram("ID", siret, schemeID="0002"))


def _reference(e: "_Maker", tag: str, value: object) -> etree._Element | None:
    return e.ram(tag, e.ram("IssuerAssignedID", value)) if value else None


def _cii_settlement(
    e: "_Maker", data: dict[str, object], profile: Profile
) -> etree._Element:
    summation = [
        e.ram("LineTotalAmount", data["total_ht"]) if profile in RICHER else None,
        e.ram("TaxBasisTotalAmount", data["total_ht"]),
        e.ram(
            "TaxTotalAmount", data["total_vat"], currencyID=data.get("currency", "EUR")
        ),
        e.ram("GrandTotalAmount", data["total_ttc"]),
        e.ram("TotalPrepaidAmount", _prepaid(data))
        if profile in RICHER and _prepaid(data)
        else None,
        e.ram("DuePayableAmount", data["amount_due"]),
    ]
    return e.ram(
        "ApplicableHeaderTradeSettlement",
        e.ram("InvoiceCurrencyCode", data.get("currency", "EUR")),
        _payment_means(e, data),
        *(_cii_tax(e, line) for line in _lines(data)),
        e.ram(
            "SpecifiedTradePaymentTerms",
            e.ram("DueDateDateTime", _cii_date(e, "udt", data["due_date"])),
        )
        if data.get("due_date")
        else None,
        e.ram("SpecifiedTradeSettlementHeaderMonetarySummation", *summation),
    )


def _payment_means(e: "_Maker", data: dict[str, object]) -> etree._Element | None:
    if not data.get("supplier_iban"):
        return None
    return e.ram(
        "SpecifiedTradeSettlementPaymentMeans",
        e.ram("TypeCode", "58"),
        e.ram(
            "PayeePartyCreditorFinancialAccount", e.ram("IBANID", data["supplier_iban"])
        ),
        e.ram(
            "PayeeSpecifiedCreditorFinancialInstitution",
            e.ram("BICID", data["supplier_bic"]),
        )
        if data.get("supplier_bic")
        else None,
    )


def _cii_tax(
    e: "_Maker", line: dict[str, str], *, header: bool = True
) -> etree._Element:
    exempt = Decimal(line["rate"]) == 0
    return e.ram(
        "ApplicableTradeTax",
        e.ram("CalculatedAmount", line["amount"]) if header else None,
        e.ram("TypeCode", "VAT"),
        e.ram("ExemptionReason", "TVA non applicable") if header and exempt else None,
        e.ram("BasisAmount", line["base"]) if header else None,
        e.ram("CategoryCode", "E" if exempt else "S"),
        e.ram("RateApplicablePercent", line["rate"]),
    )


def _cii_lines(e: "_Maker", data: dict[str, object]) -> Iterable[etree._Element]:
    """One invoice line per VAT rate, for its whole base: enough for the schema."""
    for number, line in enumerate(_lines(data), start=1):
        yield e.ram(
            "IncludedSupplyChainTradeLineItem",
            e.ram("AssociatedDocumentLineDocument", e.ram("LineID", str(number))),
            e.ram(
                "SpecifiedTradeProduct",
                e.ram("Name", f"Prestations à {line['rate']} %"),
            ),
            e.ram(
                "SpecifiedLineTradeAgreement",
                e.ram("NetPriceProductTradePrice", e.ram("ChargeAmount", line["base"])),
            ),
            e.ram(
                "SpecifiedLineTradeDelivery",
                e.ram("BilledQuantity", "1", unitCode="C62"),
            ),
            e.ram(
                "SpecifiedLineTradeSettlement",
                _cii_tax(e, line, header=False),
                e.ram(
                    "SpecifiedTradeSettlementLineMonetarySummation",
                    e.ram("LineTotalAmount", line["base"]),
                ),
            ),
        )


def _cii_date(e: "_Maker", prefix: str, value: object) -> etree._Element:
    return e.make(
        prefix, "DateTimeString", _day(value).strftime("%Y%m%d"), format="102"
    )


def _type_code(data: dict[str, object]) -> str:
    return "381" if data.get("document_type") == "avoir" else "380"


def _lines(data: dict[str, object]) -> list[dict[str, str]]:
    return list(data.get("vat_breakdown") or [])  # type: ignore[call-overload]


def _prepaid(data: dict[str, object]) -> str | None:
    gap = Decimal(str(data["total_ttc"])) - Decimal(str(data["amount_due"]))
    return _money(gap) if gap else None


# ------------------------------------------------------------------ ZUGFeRD 1


def zugferd1(data: dict[str, object], profile: Profile = Profile.COMFORT) -> bytes:
    """A ZUGFeRD 1.0 CrossIndustryDocument from ``carried(...)``."""
    e = _Maker(ZUGFERD1_NS)
    context = e.rsm(
        "SpecifiedExchangedDocumentContext",
        e.ram(
            "GuidelineSpecifiedDocumentContextParameter",
            e.ram("ID", ZUGFERD1_URNS[profile]),
        ),
    )
    document = e.rsm(
        "HeaderExchangedDocument",
        e.ram("ID", data["invoice_number"]),
        e.ram("Name", "AVOIR" if data.get("document_type") == "avoir" else "FACTURE"),
        e.ram("TypeCode", _type_code(data)),
        e.ram("IssueDateTime", _cii_date(e, "udt", data["invoice_date"])),
    )

    def party(tag: str, name: str, siret: object, vat: object) -> etree._Element:
        return e.ram(
            tag,
            e.ram("GlobalID", siret, schemeID="0002") if siret else None,
            e.ram("Name", name),
            e.ram("PostalTradeAddress", e.ram("CountryID", "FR")),
            e.ram("SpecifiedTaxRegistration", e.ram("ID", vat, schemeID="VA"))
            if vat
            else None,
        )

    agreement = e.ram(
        "ApplicableSupplyChainTradeAgreement",
        e.ram("BuyerReference", data.get("buyer_service_code")),
        party(
            "SellerTradeParty",
            str(data["supplier_name"]),
            data.get("supplier_siret"),
            data.get("supplier_vat"),
        ),
        party(
            "BuyerTradeParty", str(data["buyer_name"]), data.get("buyer_siret"), None
        ),
        e.ram("BuyerOrderReferencedDocument", e.ram("ID", data["engagement_number"]))
        if data.get("engagement_number")
        else None,
        e.ram("ContractReferencedDocument", e.ram("ID", data["contract_number"]))
        if data.get("contract_number")
        else None,
    )
    taxes = [
        e.ram(
            "ApplicableTradeTax",
            e.ram("CalculatedAmount", line["amount"], currencyID="EUR"),
            e.ram("TypeCode", "VAT"),
            e.ram("BasisAmount", line["base"], currencyID="EUR"),
            e.ram("CategoryCode", "E" if Decimal(line["rate"]) == 0 else "S"),
            e.ram("ApplicablePercent", line["rate"]),
        )
        for line in _lines(data)
    ]
    means = (
        e.ram(
            "SpecifiedTradeSettlementPaymentMeans",
            e.ram("TypeCode", "58"),
            e.ram(
                "PayeePartyCreditorFinancialAccount",
                e.ram("IBANID", data["supplier_iban"]),
            ),
            e.ram(
                "PayeeSpecifiedCreditorFinancialInstitution",
                e.ram("BICID", data["supplier_bic"]),
            )
            if data.get("supplier_bic")
            else None,
        )
        if data.get("supplier_iban")
        else None
    )
    summation = e.ram(
        "SpecifiedTradeSettlementMonetarySummation",
        e.ram("LineTotalAmount", data["total_ht"], currencyID="EUR"),
        e.ram("ChargeTotalAmount", "0.00", currencyID="EUR"),
        e.ram("AllowanceTotalAmount", "0.00", currencyID="EUR"),
        e.ram("TaxBasisTotalAmount", data["total_ht"], currencyID="EUR"),
        e.ram("TaxTotalAmount", data["total_vat"], currencyID="EUR"),
        e.ram("GrandTotalAmount", data["total_ttc"], currencyID="EUR"),
        e.ram("TotalPrepaidAmount", _prepaid(data), currencyID="EUR")
        if _prepaid(data)
        else None,
        e.ram("DuePayableAmount", data["amount_due"], currencyID="EUR"),
    )
    settlement = e.ram(
        "ApplicableSupplyChainTradeSettlement",
        e.ram("InvoiceCurrencyCode", data.get("currency", "EUR")),
        means,
        *taxes,
        e.ram(
            "SpecifiedTradePaymentTerms",
            e.ram("DueDateDateTime", _cii_date(e, "udt", data["due_date"])),
        )
        if data.get("due_date")
        else None,
        summation,
    )
    transaction = e.rsm(
        "SpecifiedSupplyChainTradeTransaction",
        agreement,
        e.ram("ApplicableSupplyChainTradeDelivery"),
        settlement,
    )
    root = e.rsm("CrossIndustryDocument", context, document, transaction)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# ------------------------------------------------------------------ UBL 2.1


def ubl(data: dict[str, object]) -> bytes:
    """A UBL 2.1 Invoice, or CreditNote for an avoir, from ``carried(...)``."""
    credit = data.get("document_type") == "avoir"
    cur = str(data.get("currency", "EUR"))
    root_ns = UBL_ROOT[credit]
    e = _Maker({"cac": UBL_CAC, "cbc": UBL_CBC, "inv": root_ns})

    def amount(tag: str, value: object) -> etree._Element:
        return e.cbc(tag, value, currencyID=cur)

    def party(tag: str, name: object, siret: object, vat: object) -> etree._Element:
        return e.cac(
            tag,
            e.cac(
                "Party",
                e.cac("PartyName", e.cbc("Name", name)),
                e.cac(
                    "PostalAddress", e.cac("Country", e.cbc("IdentificationCode", "FR"))
                ),
                e.cac(
                    "PartyTaxScheme",
                    e.cbc("CompanyID", vat),
                    e.cac("TaxScheme", e.cbc("ID", "VAT")),
                )
                if vat
                else None,
                e.cac(
                    "PartyLegalEntity",
                    e.cbc("RegistrationName", name),
                    e.cbc("CompanyID", siret, schemeID="0002") if siret else None,
                ),
            ),
        )

    lines = _lines(data)
    root = e.make(
        "inv",
        "CreditNote" if credit else "Invoice",
        e.cbc("CustomizationID", UBL_CUSTOMIZATION),
        e.cbc("ProfileID", data.get("billing_frame")),
        e.cbc("ID", data["invoice_number"]),
        e.cbc("IssueDate", data["invoice_date"]),
        None if credit else e.cbc("DueDate", data.get("due_date")),
        e.cbc("CreditNoteTypeCode" if credit else "InvoiceTypeCode", _type_code(data)),
        e.cbc("DocumentCurrencyCode", cur),
        e.cbc("BuyerReference", data.get("buyer_service_code")),
        e.cac("OrderReference", e.cbc("ID", data["engagement_number"]))
        if data.get("engagement_number")
        else None,
        e.cac("ContractDocumentReference", e.cbc("ID", data["contract_number"]))
        if data.get("contract_number")
        else None,
        party(
            "AccountingSupplierParty",
            data["supplier_name"],
            data.get("supplier_siret"),
            data.get("supplier_vat"),
        ),
        party(
            "AccountingCustomerParty", data["buyer_name"], data.get("buyer_siret"), None
        ),
        e.cac(
            "PaymentMeans",
            e.cbc("PaymentMeansCode", "58"),
            e.cbc("PaymentDueDate", data.get("due_date")) if credit else None,
            e.cac(
                "PayeeFinancialAccount",
                e.cbc("ID", data["supplier_iban"]),
                e.cac("FinancialInstitutionBranch", e.cbc("ID", data["supplier_bic"]))
                if data.get("supplier_bic")
                else None,
            ),
        )
        if data.get("supplier_iban")
        else None,
        e.cac(
            "TaxTotal",
            amount("TaxAmount", data["total_vat"]),
            *(
                e.cac(
                    "TaxSubtotal",
                    amount("TaxableAmount", line["base"]),
                    amount("TaxAmount", line["amount"]),
                    _ubl_category(e, "TaxCategory", line["rate"]),
                )
                for line in lines
            ),
        ),
        e.cac(
            "LegalMonetaryTotal",
            amount("LineExtensionAmount", data["total_ht"]),
            amount("TaxExclusiveAmount", data["total_ht"]),
            amount("TaxInclusiveAmount", data["total_ttc"]),
            amount("PrepaidAmount", _prepaid(data)) if _prepaid(data) else None,
            amount("PayableAmount", data["amount_due"]),
        ),
        *(
            e.cac(
                "CreditNoteLine" if credit else "InvoiceLine",
                e.cbc("ID", str(number)),
                e.cbc(
                    "CreditedQuantity" if credit else "InvoicedQuantity",
                    "1",
                    unitCode="C62",
                ),
                amount("LineExtensionAmount", line["base"]),
                e.cac(
                    "Item",
                    e.cbc("Name", f"Prestations à {line['rate']} %"),
                    _ubl_category(e, "ClassifiedTaxCategory", line["rate"]),
                ),
                e.cac("Price", amount("PriceAmount", line["base"])),
            )
            for number, line in enumerate(lines, start=1)
        ),
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _ubl_category(e: "_Maker", tag: str, rate: str) -> etree._Element:
    exempt = Decimal(rate) == 0
    return e.cac(
        tag,
        e.cbc("ID", "E" if exempt else "S"),
        e.cbc("Percent", rate),
        e.cbc("TaxExemptionReason", "TVA non applicable") if exempt else None,
        e.cac("TaxScheme", e.cbc("ID", "VAT")),
    )


# ------------------------------------------------------------------ embedding


def embed(pdf: bytes, xml: bytes, name: str = "factur-x.xml") -> bytes:
    """``pdf`` with ``xml`` attached: a Factur-X through the ``factur-x`` package
    (which also checks the XML against its schema); any other name through pikepdf."""
    if name == "factur-x.xml":
        from facturx import generate_from_binary

        return bytes(generate_from_binary(pdf, xml, flavor="factur-x", check_xsd=True))
    return attach(pdf, xml, name)


def attach(pdf: bytes, data: bytes, name: str) -> bytes:
    """``pdf`` with ``data`` attached under ``name``, unchecked (hostile cases too)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.attachments[name] = pikepdf.AttachedFileSpec(
            doc, data, mime_type="text/xml"
        )
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def generate(
    out: Path,
    count: int,
    seed: int,
    profile: Profile = Profile.EN16931,
) -> list[Path]:
    """Factur-X PDFs of ``profile`` with ``NAME.truth.json`` and ``NAME.xml.json``."""
    from samples.generator import invoice_for, render, truth

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        spec = invoice_for(seed, i)
        page = truth(spec)
        xml_data = carried(page, profile)
        pdf = out / f"fx-{seed}-{i:04d}.pdf"
        pdf.write_bytes(embed(render(spec), cii(xml_data, profile)))
        pdf.with_suffix(".truth.json").write_text(_json(page), encoding="utf-8")
        pdf.with_suffix(".xml.json").write_text(_json(xml_data), encoding="utf-8")
        paths.append(pdf)
    return paths


def _json(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class _Maker:
    """Elements in the given namespaces; a child or text that is None is left out."""

    def __init__(self, namespaces: dict[str, str]) -> None:
        self.makers = {
            prefix: ElementMaker(namespace=uri, nsmap=namespaces)
            for prefix, uri in namespaces.items()
        }

    def make(
        self, prefix: str, tag: str, *children: object, **attrs: object
    ) -> etree._Element:
        if children and children[0] is None and len(children) == 1:
            return None  # type: ignore[return-value]  # an absent value: no element
        parts = [
            c if isinstance(c, etree._Element) else str(c)
            for c in children
            if c is not None
        ]
        return self.makers[prefix](tag, *parts, **{k: str(v) for k, v in attrs.items()})

    def rsm(self, tag: str, *children: object, **attrs: object) -> etree._Element:
        return self.make("rsm", tag, *children, **attrs)

    def ram(self, tag: str, *children: object, **attrs: object) -> etree._Element:
        return self.make("ram", tag, *children, **attrs)

    def cac(self, tag: str, *children: object, **attrs: object) -> etree._Element:
        return self.make("cac", tag, *children, **attrs)

    def cbc(self, tag: str, *children: object, **attrs: object) -> etree._Element:
        return self.make("cbc", tag, *children, **attrs)
