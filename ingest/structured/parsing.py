"""Parse untrusted XML: no DTD, no entities, no network, bounded size and depth."""

import codecs
import re

from lxml import etree

from ingest.errors import XmlForbidden, XmlMalformed, XmlTooLarge

MAX_XML_BYTES = 16 * 1024 * 1024
"""Largest XML invoice read; an EXTENDED invoice of thousands of lines is a few MB."""

BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
DTD_MARK = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
HTML_START = re.compile(rb"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)


def looks_like_xml(data: bytes) -> bool:
    """True for bytes that open, after a BOM and blanks, with ``<`` (HTML excepted)."""
    head = data[:1024]
    for bom in BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom is not codecs.BOM_UTF8:
                codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
                head = head.decode(codec, errors="ignore").encode()
            break
    head = head.lstrip()
    return head.startswith(b"<") and not HTML_START.match(head)


def _parser() -> etree.XMLParser:
    """A parser that never loads a DTD, resolves an entity or reaches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keeps libxml2's depth and text-node limits
        remove_pis=True,
        remove_comments=True,
        collect_ids=False,
    )


def parse(data: bytes, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """The root element of ``data``, or a typed error; a DTD of any kind is refused."""
    if len(data) > max_bytes:
        raise XmlTooLarge(f"{len(data)} bytes, limit {max_bytes}.", size=len(data))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        if DTD_MARK.search(data[:65536]):
            raise XmlForbidden() from e
        raise XmlMalformed(_first_line(str(e))) from e
    except ValueError as e:  # e.g. a str with an encoding declaration, or empty input
        raise XmlMalformed(_first_line(str(e))) from e
    if root is None:
        raise XmlMalformed()
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise XmlForbidden()
    return root


def _first_line(text: str) -> str:
    return text.splitlines()[0][:200] if text else ""
