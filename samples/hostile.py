"""Hostile and broken files for stage 1 (inspect): each builder returns the bytes.

`CASES` maps a case name to its builder and the error code `inspect` must raise, or
None when the file must be read; `WARNINGS` then gives the warning code expected
(None for "read, no warning"). Readable cases carry the invoice text `INVOICE_LINES`.
Every file is small on disk (the bombs are a few kilobytes to about a megabyte).
"""

import functools
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable

import pikepdf

INVOICE_LINES = ("FACTURE N° F-2026-0001", "Total TTC 120,00 €")
"""The text every readable case carries, as pdfplumber reads it back."""

GIB = 1024 * 1024 * 1024
MIB = 1024 * 1024

FONT = (
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
)
A4 = b"[0 0 595 842]"


# ---------------------------------------------------------------- writing PDF bytes


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252), with its delimiters escaped."""
    raw = text.encode("cp1252")
    return (
        b"("
        + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        + b")"
    )


def invoice_content(lines: tuple[str, ...] = INVOICE_LINES) -> bytes:
    """A page content stream that shows the invoice lines in Helvetica 12."""
    shown = b" 0 -20 Td ".join(pdf_string(line) + b" Tj" for line in lines)
    return b"BT /F1 12 Tf 72 760 Td " + shown + b" ET"


def stream(data: bytes, entries: bytes = b"", length: int | None = None) -> bytes:
    """A stream object body: its dictionary (with /Length) and its data."""
    size = len(data) if length is None else length
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (size, entries, data)


def write_pdf(
    objects: dict[int, bytes],
    root: int = 1,
    *,
    version: bytes = b"1.7",
    trailer: bytes = b"",
) -> bytes:
    """A PDF with the given numbered object bodies, a correct xref table and trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    size = max(objects) + 1
    offsets = [0] * size
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        if number in objects:
            out.write(b"%010d 00000 n \n" % offsets[number])
        else:
            out.write(b"0000000000 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s >>\n" % (size, root, trailer))
    out.write(b"startxref\n%d\n%%%%EOF\n" % start)
    return out.getvalue()


def one_page(
    content: bytes | None = None,
    *,
    page_extra: bytes = b"",
    mediabox: bytes = A4,
    fonts: bytes = b"/F1 5 0 R",
    extra: dict[int, bytes] | None = None,
    catalog_extra: bytes = b"",
    trailer: bytes = b"",
) -> bytes:
    """A one-page PDF: catalog 1, pages 2, page 3, content 4, font 5, then `extra`."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra,
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R"
        b" /Resources << /Font << %s >> %s >> >>" % (mediabox, fonts, page_extra),
        4: content if content is not None else stream(invoice_content()),
        5: FONT,
    }
    objects.update(extra or {})
    return write_pdf(objects, trailer=trailer)


def pages_pdf(count: int) -> bytes:
    """A PDF of `count` pages that share one invoice content stream."""
    first = 10
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(count))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox %s >>" % (kids, count, A4),
        4: stream(invoice_content()),
        5: FONT,
    }
    for i in range(count):
        objects[first + i] = (
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>"
        )
    return write_pdf(objects)


def flate(data: bytes, times: int = 1) -> bytes:
    """`data` deflated `times` times over."""
    for _ in range(times):
        data = zlib.compress(data, 9)
    return data


def deflate_zeros(size: int, byte: bytes = b" ") -> bytes:
    """`size` repeated bytes deflated, without ever holding them: ~1 KB per MB."""
    packer = zlib.compressobj(9)
    chunk = byte * MIB
    parts = [packer.compress(chunk) for _ in range(size // MIB)]
    parts.append(packer.flush())
    return b"".join(parts)


# ---------------------------------------------------------------- good and readable


def good_invoice(pages: int = 2) -> bytes:
    """A clean invoice PDF made with reportlab: text on every page, compressed."""
    from reportlab.lib.pagesizes import A4 as A4_SIZE
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4_SIZE, pageCompression=1, invariant=1)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 12)
        for row, line in enumerate(INVOICE_LINES):
            pdf.drawString(72, 760 - 20 * row, line)
        pdf.drawString(72, 60, f"Page {number}/{pages}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def plain_invoice() -> bytes:
    """The hand-written one-page invoice every hostile variant starts from."""
    return one_page()


def truncated() -> bytes:
    """The invoice cut in the middle of its xref table: no trailer, no startxref."""
    data = plain_invoice()
    return data[: data.index(b"xref") + 40]


def truncated_mid_object() -> bytes:
    """The invoice plus a metadata object, cut in the middle of that last object."""
    info = b"<< /Producer (Scanner 3000) /Title (Facture F-2026-0001) >>"
    data = one_page(extra={6: info}, trailer=b"/Info 6 0 R")
    return data[: data.index(b"6 0 obj") + 30]


def broken_xref() -> bytes:
    """The invoice with every xref offset wrong by 7 bytes."""
    data = plain_invoice()
    head, tail = data.split(b"xref\n", 1)
    lines = tail.split(b"\n")
    for i, line in enumerate(lines):
        if line.endswith(b" 00000 n "):
            lines[i] = b"%010d 00000 n " % (int(line[:10]) + 7)
    return head + b"xref\n" + b"\n".join(lines)


def wrong_startxref() -> bytes:
    """The invoice whose startxref points into the middle of an object."""
    data = plain_invoice()
    head, _ = data.rsplit(b"startxref\n", 1)
    return head + b"startxref\n42\n%%EOF\n"


def huge_length() -> bytes:
    """The invoice whose content stream claims a /Length of 10^12 bytes."""
    return one_page(stream(invoice_content(), length=10**12))


def junk_before_header() -> bytes:
    """The invoice after 300 bytes of mail headers (readers accept up to 1 KB)."""
    return b"X-Mailer: scanner\r\n" * 15 + b"\r\n" + plain_invoice()


def pdf_then_zip() -> bytes:
    """A polyglot: the invoice, then a whole ZIP archive appended."""
    return plain_invoice() + zip_archive()


def owner_password_only() -> bytes:
    """The invoice encrypted (AES-256) with an owner password and an empty user one."""
    return _encrypt(plain_invoice(), user="")


def encrypted_rc4_owner_only() -> bytes:
    """The invoice encrypted with 128-bit RC4, owner password only."""
    return _encrypt(plain_invoice(), user="", r=3)


def javascript_action() -> bytes:
    """The invoice with an OpenAction that runs JavaScript (harmless to a reader)."""
    js = b"<< /Type /Action /S /JavaScript /JS (app.alert\\('hello'\\);) >>"
    return one_page(catalog_extra=b"/OpenAction 6 0 R", extra={6: js})


def pdf_in_pdf() -> bytes:
    """The invoice carrying another PDF as an embedded file."""
    inner = plain_invoice()
    files = b"<< /EmbeddedFiles << /Names [(inner.pdf) 7 0 R] >> >>"
    spec = b"<< /Type /Filespec /F (inner.pdf) /UF (inner.pdf) /EF << /F 6 0 R >> >>"
    embedded = stream(inner, b"/Type /EmbeddedFile /Subtype /application#2Fpdf")
    return one_page(
        catalog_extra=b"/Names 8 0 R",
        extra={6: embedded, 7: spec, 8: files},
    )


def signature_field() -> bytes:
    """The invoice with an empty signature field in its AcroForm."""
    field = (
        b"<< /FT /Sig /T (Signature1) /Type /Annot /Subtype /Widget"
        b" /Rect [0 0 0 0] /P 3 0 R >>"
    )
    return one_page(
        catalog_extra=b"/AcroForm << /Fields [6 0 R] /SigFlags 3 >>",
        page_extra=b"",
        extra={6: field},
    )


def ascii85_flate_content() -> bytes:
    """The invoice with its content under [/ASCII85Decode /FlateDecode]."""
    data = _ascii85(zlib.compress(invoice_content()))
    return one_page(stream(data, b"/Filter [/ASCII85Decode /FlateDecode]"))


# ---------------------------------------------------------------- not a PDF


def empty() -> bytes:
    """Zero bytes."""
    return b""


def whitespace_only() -> bytes:
    """Blank lines and tabs, nothing else."""
    return b" \r\n\t \n\n  \x0c"


def png_image() -> bytes:
    """A 1x1 PNG."""
    raw = b"\x00\xff\xff\xff"
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def zip_archive() -> bytes:
    """A ZIP holding one text file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("facture.txt", "FACTURE N° F-2026-0001\n")
    return buffer.getvalue()


def text_file() -> bytes:
    """An invoice typed as plain text."""
    return "\n".join(INVOICE_LINES).encode()


def html_page() -> bytes:
    """An HTML error page, as a misconfigured proxy would send."""
    return b"<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n"


def random_bytes() -> bytes:
    """64 KB of seeded noise."""
    return random.Random(1).randbytes(64 * 1024)


def pdf_word_late() -> bytes:
    """A text file that mentions %PDF- only after its first kilobyte."""
    return b"x" * 2048 + b"%PDF-1.4\n"


# ---------------------------------------------------------------- damaged


def header_then_garbage() -> bytes:
    """A PDF header followed by 16 KB of noise."""
    return b"%PDF-1.7\n" + random.Random(2).randbytes(16 * 1024)


def header_only() -> bytes:
    """A PDF header and the start of one object, nothing else."""
    return b"%PDF-1.4\n1 0 obj\n<<"


def no_catalog() -> bytes:
    """Objects and an xref whose trailer names no /Root."""
    data = plain_invoice()
    return data.replace(b"/Root 1 0 R", b"")


# ---------------------------------------------------------------- encryption


def _encrypt(data: bytes, *, user: str, r: int = 6) -> bytes:
    """`data` re-saved encrypted with the given user password."""
    out = io.BytesIO()
    allow = pikepdf.Permissions(extract=False, modify_other=False)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        encryption = pikepdf.Encryption(
            owner="owner-secret",
            user=user,
            R=r,
            allow=allow,
            aes=r >= 4,
            metadata=r >= 4,
        )
        pdf.save(out, encryption=encryption)
    return out.getvalue()


def encrypted_user_password() -> bytes:
    """The invoice encrypted (AES-256) with a user password."""
    return _encrypt(plain_invoice(), user="user-secret")


# ---------------------------------------------------------------- limits


def too_large() -> bytes:
    """The invoice padded with a 51 MB comment, over the default 50 MB limit."""
    return plain_invoice() + b"%" + b"0" * (51 * MIB) + b"\n"


def too_many_pages() -> bytes:
    """201 pages, over the default limit of 200."""
    return pages_pdf(201)


def zero_pages() -> bytes:
    """A valid PDF whose page tree is empty."""
    return write_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [] /Count 0 >>",
        }
    )


# ---------------------------------------------------------------- bombs


@functools.cache
def _gib_of_spaces() -> bytes:
    """1 GiB of spaces deflated once (about 1 MB), built once per process."""
    return deflate_zeros(GIB)


def decompression_bomb() -> bytes:
    """A page content stream that inflates to 1 GiB of spaces (~1 MB on disk)."""
    return one_page(stream(_gib_of_spaces(), b"/Filter /FlateDecode"))


def chained_flate_bomb() -> bytes:
    """A content stream deflated three times over: a few KB that become 1 GiB."""
    data = flate(_gib_of_spaces(), 2)
    return one_page(stream(data, b"/Filter [/FlateDecode /FlateDecode /FlateDecode]"))


def image_bomb() -> bytes:
    """An image XObject whose samples inflate to 1 GiB."""
    image = stream(
        _gib_of_spaces(),
        b"/Type /XObject /Subtype /Image /Width 32768 /Height 32768 /ColorSpace"
        b" /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
    )
    return one_page(page_extra=b"/XObject << /Im1 6 0 R >>", extra={6: image})


def font_bomb() -> bytes:
    """An embedded TrueType font program that inflates to 1 GiB."""
    font = (
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 32"
        b" /Widths [250] /FontDescriptor 7 0 R >>"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000]"
        b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80"
        b" /FontFile2 8 0 R >>"
    )
    program = stream(_gib_of_spaces(), b"/Filter /FlateDecode")
    return one_page(
        fonts=b"/F1 5 0 R /F2 6 0 R", extra={6: font, 7: descriptor, 8: program}
    )


def run_length_bomb() -> bytes:
    """[/FlateDecode /RunLengthDecode]: 4 MB of runs (128 bytes from 2) deflated."""
    runs = b"\x81 " * (2 * MIB) + b"\x80"
    return one_page(
        stream(zlib.compress(runs, 9), b"/Filter [/FlateDecode /RunLengthDecode]")
    )


def predictor_bomb() -> bytes:
    """A Flate bomb behind a PNG predictor (/DecodeParms), 1 GiB of rows."""
    return one_page(
        stream(
            _gib_of_spaces(),
            b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 1023 >>",
        )
    )


def total_content_bomb() -> bytes:
    """Eight pages of 40 MiB of spaces each: each under the limit, 320 MiB in all."""
    count = 8
    first = 10
    kids = b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(count))
    body = deflate_zeros(40 * MIB)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox %s >>" % (kids, count, A4),
        5: FONT,
    }
    for i in range(count):
        objects[first + 2 * i] = (
            b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>" % (first + 2 * i + 1)
        )
        objects[first + 2 * i + 1] = stream(body, b"/Filter /FlateDecode")
    return write_pdf(objects)


def object_stream_bomb() -> bytes:
    """The catalog inside an object stream padded to inflate to 1 GiB (xref stream)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    header = b"1 0 "
    packer = zlib.compressobj(9)
    parts = [packer.compress(header + catalog)]
    chunk = b" " * MIB
    parts += [packer.compress(chunk) for _ in range(GIB // MIB)]
    parts.append(packer.flush())
    objstm = stream(
        b"".join(parts),
        b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(header),
    )
    return _with_xref_stream(
        {
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>" % A4,
            4: stream(invoice_content()),
            5: FONT,
            6: objstm,
        },
        compressed={1: (6, 0)},
    )


def huge_xref_size() -> bytes:
    """An xref stream that declares /Size 2^31 - 1 for a handful of objects."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>" % A4,
        4: stream(invoice_content()),
        5: FONT,
    }
    return _with_xref_stream(objects, size=2**31 - 1)


def _with_xref_stream(
    objects: dict[int, bytes],
    *,
    compressed: dict[int, tuple[int, int]] | None = None,
    size: int | None = None,
) -> bytes:
    """A PDF 1.5 file whose cross-reference is a stream (W [1 4 2]), root object 1."""
    compressed = compressed or {}
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref_number = max([*objects, *compressed]) + 1
    offsets[xref_number] = out.tell()
    rows = []
    for number in range(xref_number + 1):
        if number in offsets:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
        elif number in compressed:
            rows.append(struct.pack(">BIH", 2, *compressed[number]))
        else:
            rows.append(struct.pack(">BIH", 0, 0, 65535))
    declared = size if size is not None else xref_number + 1
    entries = b"/Type /XRef /Size %d /Index [0 %d] /W [1 4 2] /Root 1 0 R" % (
        declared,
        xref_number + 1,
    )
    out.write(
        b"%d 0 obj\n%s\nendobj\n" % (xref_number, stream(b"".join(rows), entries))
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number])
    return out.getvalue()


# ---------------------------------------------------------------- page sizes


def absurd_page_size() -> bytes:
    """A page of 10^9 by 10^9 points."""
    return one_page(mediabox=b"[0 0 1000000000 1000000000]")


def zero_page_size() -> bytes:
    """A page whose MediaBox is 0 by 0."""
    return one_page(mediabox=b"[0 0 0 0]")


def missing_mediabox() -> bytes:
    """A page with no MediaBox, on itself or any parent."""
    return one_page(mediabox=b"null")


def non_numeric_mediabox() -> bytes:
    """A MediaBox made of names and strings."""
    return one_page(mediabox=b"[/a (b) /NaN 1]")


def huge_user_unit() -> bytes:
    """An A4 page with /UserUnit 75000: 39 km wide."""
    return one_page(page_extra=b"", mediabox=A4 + b" /UserUnit 75000")


# ---------------------------------------------------------------- structure


def page_tree_loop() -> bytes:
    """A /Kids array that points back to the root of the page tree."""
    return write_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>" % A4,
            4: stream(invoice_content()),
            5: FONT,
            6: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        }
    )


def deep_page_tree(levels: int = 10_000) -> bytes:
    """A page tree `levels` deep, one node per level, one page at the bottom."""
    first = 10
    objects = {
        1: b"<< /Type /Catalog /Pages %d 0 R >>" % first,
        4: stream(invoice_content()),
        5: FONT,
    }
    for level in range(levels):
        number = first + level
        parent = b"/Parent %d 0 R" % (number - 1) if level else b""
        objects[number] = b"<< /Type /Pages %s /Kids [%d 0 R] /Count 1 >>" % (
            parent,
            number + 1,
        )
    leaf = first + levels
    objects[leaf] = (
        b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>" % (leaf - 1, A4)
    )
    return write_pdf(objects)


def deep_nesting(depth: int = 100_000) -> bytes:
    """A page whose dictionary holds an array nested `depth` levels deep."""
    return one_page(page_extra=b"/Deep " + b"[" * depth + b"]" * depth)


def moderately_deep_nesting(depth: int = 200) -> bytes:
    """An array nested 200 deep: under qpdf's own parser limit, over ours."""
    return deep_nesting(depth)


def form_xobject_loop() -> bytes:
    """A form XObject that draws itself."""
    form = stream(
        b"/Fm1 Do",
        b"/Type /XObject /Subtype /Form /BBox [0 0 100 100]"
        b" /Resources << /XObject << /Fm1 6 0 R >> >>",
    )
    content = stream(invoice_content() + b" /Fm1 Do")
    return one_page(content, page_extra=b"/XObject << /Fm1 6 0 R >>", extra={6: form})


def many_objects(count: int) -> bytes:
    """The invoice plus `count` unreferenced null objects."""
    extra = {10 + i: b"null" for i in range(count)}
    return one_page(extra=extra)


# ---------------------------------------------------------------- helpers


def _ascii85(data: bytes) -> bytes:
    """ASCII85 with the PDF end marker."""
    import base64

    return base64.a85encode(data) + b"~>"


# ---------------------------------------------------------------- the table

Builder = Callable[[], bytes]

CASES: dict[str, tuple[Builder, str | None]] = {
    "empty": (empty, "empty_file"),
    "whitespace_only": (whitespace_only, "empty_file"),
    "png_image": (png_image, "not_a_pdf"),
    "zip_archive": (zip_archive, "not_a_pdf"),
    "text_file": (text_file, "not_a_pdf"),
    "html_page": (html_page, "not_a_pdf"),
    "random_bytes": (random_bytes, "not_a_pdf"),
    "pdf_word_late": (pdf_word_late, "not_a_pdf"),
    "header_then_garbage": (header_then_garbage, "damaged"),
    "header_only": (header_only, "damaged"),
    "no_catalog": (no_catalog, "damaged"),
    "truncated": (truncated, None),
    "truncated_mid_object": (truncated_mid_object, None),
    "broken_xref": (broken_xref, None),
    "wrong_startxref": (wrong_startxref, None),
    "huge_length": (huge_length, None),
    "junk_before_header": (junk_before_header, None),
    "pdf_then_zip": (pdf_then_zip, None),
    "encrypted_user_password": (encrypted_user_password, "encrypted"),
    "owner_password_only": (owner_password_only, None),
    "encrypted_rc4_owner_only": (encrypted_rc4_owner_only, None),
    "javascript_action": (javascript_action, None),
    "pdf_in_pdf": (pdf_in_pdf, None),
    "signature_field": (signature_field, None),
    "ascii85_flate_content": (ascii85_flate_content, None),
    "too_large": (too_large, "too_large"),
    "too_many_pages": (too_many_pages, "too_many_pages"),
    "zero_pages": (zero_pages, "no_pages"),
    "decompression_bomb": (decompression_bomb, "decompression_bomb"),
    "chained_flate_bomb": (chained_flate_bomb, "decompression_bomb"),
    "image_bomb": (image_bomb, "decompression_bomb"),
    "font_bomb": (font_bomb, "decompression_bomb"),
    "run_length_bomb": (run_length_bomb, "decompression_bomb"),
    "predictor_bomb": (predictor_bomb, "decompression_bomb"),
    "total_content_bomb": (total_content_bomb, "decompression_bomb"),
    "object_stream_bomb": (object_stream_bomb, "damaged"),
    "huge_xref_size": (huge_xref_size, "structure_too_complex"),
    "absurd_page_size": (absurd_page_size, "absurd_page_size"),
    "zero_page_size": (zero_page_size, "absurd_page_size"),
    "missing_mediabox": (missing_mediabox, "absurd_page_size"),
    "non_numeric_mediabox": (non_numeric_mediabox, "absurd_page_size"),
    "huge_user_unit": (huge_user_unit, "absurd_page_size"),
    "page_tree_loop": (page_tree_loop, "structure_too_complex"),
    "deep_page_tree": (deep_page_tree, "structure_too_complex"),
    "deep_nesting": (deep_nesting, "structure_too_complex"),
    "moderately_deep_nesting": (moderately_deep_nesting, "structure_too_complex"),
    "form_xobject_loop": (form_xobject_loop, "structure_too_complex"),
}
"""Case name -> (builder, the error code inspect raises, or None when it reads)."""

WARNINGS: dict[str, str | None] = {
    "truncated": "pdf_repaired",
    "truncated_mid_object": "pdf_repaired",
    "broken_xref": "pdf_repaired",
    "wrong_startxref": "pdf_repaired",
    "huge_length": "pdf_repaired",
    "junk_before_header": "pdf_repaired",
    "pdf_then_zip": None,
    "owner_password_only": "pdf_owner_password",
    "encrypted_rc4_owner_only": "pdf_owner_password",
    "javascript_action": None,
    "pdf_in_pdf": None,
    "signature_field": None,
    "ascii85_flate_content": None,
}
"""For each readable case, the warning code inspect gives (None: no warning)."""
