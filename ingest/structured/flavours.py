"""Which structured invoice this is: its syntax, flavour and profile."""

from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from ingest.errors import XmlUnsupported


class Syntax(StrEnum):
    """The XML vocabulary, which decides the paths to read."""

    CII = "CII"
    """UN/CEFACT Cross Industry Invoice D16B (Factur-X, ZUGFeRD 2, XRechnung CII)."""
    ZUGFERD_1 = "ZUGFeRD 1 CII"
    """The older CrossIndustryDocument of ZUGFeRD 1.0."""
    UBL_INVOICE = "UBL Invoice"
    UBL_CREDIT_NOTE = "UBL CreditNote"


class Flavour(StrEnum):
    FACTUR_X = "Factur-X"
    ZUGFERD_1 = "ZUGFeRD 1"
    ZUGFERD_2 = "ZUGFeRD 2"
    XRECHNUNG = "XRechnung"
    CII = "CII"
    UBL = "UBL"


class Profile(StrEnum):
    """The profile (level) the guideline URN names; EN 16931 is the European norm."""

    MINIMUM = "MINIMUM"
    BASIC_WL = "BASIC WL"
    BASIC = "BASIC"
    EN16931 = "EN 16931"
    EXTENDED = "EXTENDED"
    COMFORT = "COMFORT"
    """ZUGFeRD 1's middle profile, the forerunner of EN 16931."""


NS_CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
NS_ZUGFERD_1 = "urn:ferd:CrossIndustryDocument:invoice:1p0"
NS_UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"

ROOTS = {
    f"{{{NS_CII}}}CrossIndustryInvoice": Syntax.CII,
    f"{{{NS_ZUGFERD_1}}}CrossIndustryDocument": Syntax.ZUGFERD_1,
    f"{{{NS_UBL_INVOICE}}}Invoice": Syntax.UBL_INVOICE,
    f"{{{NS_UBL_CREDIT_NOTE}}}CreditNote": Syntax.UBL_CREDIT_NOTE,
}

# The last segment of the guideline URN names the profile; what precedes it the
# flavour. Factur-X and ZUGFeRD 2.1+ share their URNs; ZUGFeRD 2.0 had its own.
PROFILE_SUFFIXES: tuple[tuple[str, Profile], ...] = (
    ("minimum", Profile.MINIMUM),
    ("basicwl", Profile.BASIC_WL),
    ("basic", Profile.BASIC),
    ("comfort", Profile.COMFORT),
    ("en16931", Profile.EN16931),
    ("extended", Profile.EXTENDED),
    ("extended-ctc-fr", Profile.EXTENDED),
)
EN16931_URN = "urn:cen.eu:en16931:2017"

GUIDELINE_PATHS = {
    Syntax.CII: "rsm:ExchangedDocumentContext/"
    "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
    Syntax.ZUGFERD_1: "rsm:SpecifiedExchangedDocumentContext/"
    "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
    Syntax.UBL_INVOICE: "cbc:CustomizationID",
    Syntax.UBL_CREDIT_NOTE: "cbc:CustomizationID",
}
NAMESPACES = {
    Syntax.CII: {
        "rsm": NS_CII,
        "ram": "urn:un:unece:uncefact:data:standard:"
        "ReusableAggregateBusinessInformationEntity:100",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    },
    Syntax.ZUGFERD_1: {
        "rsm": NS_ZUGFERD_1,
        "ram": "urn:un:unece:uncefact:data:standard:"
        "ReusableAggregateBusinessInformationEntity:12",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15",
    },
    Syntax.UBL_INVOICE: {
        "inv": NS_UBL_INVOICE,
        "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    },
}
NAMESPACES[Syntax.UBL_CREDIT_NOTE] = {
    **NAMESPACES[Syntax.UBL_INVOICE],
    "inv": NS_UBL_CREDIT_NOTE,
}


@dataclass(frozen=True, slots=True)
class Kind:
    """What a structured invoice is, as detected from its root and guideline URN."""

    syntax: Syntax
    flavour: Flavour
    profile: Profile | None
    """None when the guideline URN names no profile we know (the XML is still read)."""
    guideline: str
    """The guideline (CII) or customization (UBL) identifier, as written."""

    def describe(self) -> str:
        """``Factur-X EN 16931``, ``UBL``: how a clerk names it."""
        return f"{self.flavour} {self.profile}" if self.profile else str(self.flavour)


def syntax_of(root: etree._Element) -> Syntax:
    """The vocabulary of ``root``, or XmlUnsupported for any other document."""
    syntax = ROOTS.get(root.tag)
    if syntax is None:
        raise XmlUnsupported(f"Root element {etree.QName(root).localname!r}.")
    return syntax


def detect(root: etree._Element, filename: str | None = None) -> Kind:
    """Syntax, flavour and profile of ``root``; ``filename`` is the PDF attachment's."""
    syntax = syntax_of(root)
    found = root.xpath(GUIDELINE_PATHS[syntax], namespaces=NAMESPACES[syntax])
    guideline = (found[0].text or "").strip() if found else ""
    return Kind(
        syntax=syntax,
        flavour=flavour_of(syntax, guideline, filename),
        profile=profile_of(guideline),
        guideline=guideline,
    )


def flavour_of(syntax: Syntax, guideline: str, filename: str | None) -> Flavour:
    """ZUGFeRD 2.0 by its URN or its attachment's name, XRechnung by its URN."""
    if syntax is Syntax.ZUGFERD_1:
        return Flavour.ZUGFERD_1
    if syntax in (Syntax.UBL_INVOICE, Syntax.UBL_CREDIT_NOTE):
        return Flavour.UBL
    name = (filename or "").lower()
    if "zugferd" in guideline.lower() or name.startswith("zugferd"):
        return Flavour.ZUGFERD_2
    if "xrechnung" in guideline.lower() or name == "xrechnung.xml":
        return Flavour.XRECHNUNG
    if "factur-x" in guideline.lower() or name == "factur-x.xml":
        return Flavour.FACTUR_X
    return Flavour.CII


def profile_of(guideline: str) -> Profile | None:
    """The profile a guideline URN names.

    >>> profile_of("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic")
    <Profile.BASIC: 'BASIC'>
    >>> profile_of("urn:cen.eu:en16931:2017")
    <Profile.EN16931: 'EN 16931'>
    >>> profile_of("urn:ferd:CrossIndustryDocument:invoice:1p0:comfort")
    <Profile.COMFORT: 'COMFORT'>
    """
    urn = guideline.strip().lower()
    if not urn:
        return None
    last = urn.rsplit(":", 1)[-1]
    for suffix, profile in PROFILE_SUFFIXES:
        if last == suffix:
            return profile
    if urn.startswith(EN16931_URN):
        # The norm itself, or a national CIUS of it (XRechnung, Peppol BIS).
        return Profile.EN16931
    return None
