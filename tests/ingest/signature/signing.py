"""Signed fixtures made by the tests: pyHanko signs, and each helper alters a copy."""

import re
from io import BytesIO

from asn1crypto import crl as asn1_crl
from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tests.ingest.signature.pki import Identity, Pki


def _cert(identity: Identity) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(identity.der)


def _writer(data: bytes) -> IncrementalPdfFileWriter:
    return IncrementalPdfFileWriter(BytesIO(data), strict=False)


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(
    data: bytes,
    pki: Pki,
    identity: Identity,
    *,
    field_name: str = "Signature1",
    pades: bool = True,
    timestamp: bool = False,
) -> bytes:
    """`data` with one more signature by `identity` (chain embedded, root included)."""
    signer = signers.SimpleSigner(
        signing_cert=_cert(identity),
        signing_key=keys.PrivateKeyInfo.load(identity.key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [_cert(pki.intermediate), _cert(pki.root)]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=(
            fields.SigSeedSubFilter.PADES
            if pades
            else fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED
        ),
    )
    stamper = _stamper(pki) if timestamp else None
    out = BytesIO()
    signers.sign_pdf(
        _writer(data), meta, signer=signer, timestamper=stamper, output=out
    )
    return out.getvalue()


def _stamper(pki: Pki) -> DummyTimeStamper:
    """pyHanko's in-process TSA, signing with the test TSA certificate."""
    return DummyTimeStamper(
        tsa_cert=_cert(pki.tsa),
        tsa_key=keys.PrivateKeyInfo.load(pki.tsa.key_der),
        certs_to_embed=SimpleCertificateStore.from_certs([_cert(pki.intermediate)]),
    )


def tamper(data: bytes) -> bytes:
    """One byte changed inside the signed range (a digit of the first /MediaBox)."""
    match = re.search(rb"/MediaBox\s*\[\s*0", data)
    assert match, "no MediaBox to tamper with"
    at = match.end() - 1
    return data[:at] + b"1" + data[at + 1 :]


def add_page_content(data: bytes) -> bytes:
    """An incremental update that draws a new amount on page 1."""
    writer = _writer(data)
    stream = generic.StreamObject(
        stream_data=b"BT /F1 24 Tf 100 100 Td (TOTAL 0,01) Tj ET"
    )
    writer.add_stream_to_page(0, writer.add_object(stream))
    return _written(writer)


def add_text_field(data: bytes, name: str = "Visa") -> bytes:
    """An incremental update that adds an empty text field on page 1."""
    writer = _writer(data)
    page_ref, _ = writer.find_page_for_modification(0)
    field = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/FT"): pdf_name("/Tx"),
            pdf_name("/T"): pdf_string(name),
            pdf_name("/F"): generic.NumberObject(4),
            pdf_name("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (40, 40, 240, 60)]
            ),
            pdf_name("/P"): page_ref,
        }
    )
    field_ref = writer.add_object(field)
    root = writer.root
    if "/AcroForm" not in root:
        root[pdf_name("/AcroForm")] = generic.DictionaryObject(
            {pdf_name("/Fields"): generic.ArrayObject()}
        )
    root["/AcroForm"]["/Fields"].append(field_ref)
    writer.update_root()
    writer.register_annotation(page_ref, field_ref)
    return _written(writer)


def fill_text_field(data: bytes, value: str, name: str = "Visa") -> bytes:
    """An incremental update that sets the text field's value."""
    writer = _writer(data)
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == name:
            field[pdf_name("/V")] = pdf_string(value)
            writer.mark_update(ref)
            return _written(writer)
    raise LookupError(name)


def add_comment(data: bytes, text: str = "Vu, bon pour paiement") -> bytes:
    """An incremental update that adds a sticky-note annotation on page 1."""
    writer = _writer(data)
    page_ref, _ = writer.find_page_for_modification(0)
    note = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Text"),
            pdf_name("/Contents"): pdf_string(text),
            pdf_name("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (300, 700, 320, 720)]
            ),
        }
    )
    writer.register_annotation(page_ref, writer.add_object(note))
    return _written(writer)


def add_empty_signature_field(data: bytes, name: str = "A signer") -> bytes:
    """An incremental update that adds a signature field nobody signed."""
    writer = _writer(data)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(name, box=(40, 40, 200, 80))
    )
    return _written(writer)


def add_dss(data: bytes, pki: Pki, crls: tuple[bytes, ...]) -> bytes:
    """An incremental update with a DSS for the last signature: chain and CRLs."""
    contents = re.findall(rb"/Contents\s*<([0-9a-fA-F]+)>", data)[-1]
    out = BytesIO(data)
    DocumentSecurityStore.add_dss(
        out,
        bytes.fromhex(contents.decode()),
        certs=[_cert(pki.intermediate), _cert(pki.root)],
        crls=[asn1_crl.CertificateList.load(der) for der in crls],
        strict=False,
    )
    return out.getvalue()


def add_document_timestamp(data: bytes, pki: Pki) -> bytes:
    """An incremental update with a document timestamp (/DocTimeStamp)."""
    out = BytesIO()
    signers.PdfTimeStamper(_stamper(pki)).timestamp_pdf(
        _writer(data), md_algorithm="sha256", output=out
    )
    return out.getvalue()


def garble_contents(data: bytes) -> bytes:
    """The signature's /Contents overwritten in place with bytes that are no CMS."""
    match = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", data)
    assert match, "no /Contents to garble"
    start, end = match.span(1)
    garbage = (b"DEADBEEF" * ((end - start) // 8 + 1))[: end - start]
    return data[:start] + garbage + data[end:]
