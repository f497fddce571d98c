"""Stage 1: decide whether a PDF can be read safely, in bounded time and memory.

`inspect` runs before any heavy reader (pdfplumber, pdfminer) touches the bytes. It
opens the file with pikepdf (qpdf), refuses what a reader could not handle safely
(decompression bombs, page-tree loops, deep nesting, absurd pages), and hands back the
bytes the readers should read: the original, or a rewrite by qpdf when the file was
damaged, encrypted with an owner password only, or preceded by junk. Only this module
knows pikepdf's exceptions; they leave it as `IngestError` subclasses.
"""

import base64
import binascii
import io
import logging
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf
from pdfminer.lzw import LZWDecoder
from pikepdf import settings as qpdf_settings

from ingest.contract import Notice
from ingest.errors import (
    AbsurdPageSize,
    Damaged,
    DecompressionBomb,
    EmptyFile,
    Encrypted,
    NoPages,
    NotAPdf,
    StructureTooComplex,
    TooLarge,
    TooManyPages,
)
from ingest.limits import Limits

log = logging.getLogger(__name__)

MAGIC = b"%PDF-"
HEADER_WINDOW = 1024
"""Readers (qpdf, Acrobat) accept the header anywhere in the first kilobyte."""

REPAIRED = Notice(
    code="pdf_repaired",
    message="The PDF was damaged and has been repaired; check the values.",
)
OWNER_PASSWORD = Notice(
    code="pdf_owner_password",
    message="The PDF carried usage restrictions (an owner password); read anyway.",
)

CHUNK = 1024 * 1024
"""Most bytes one decoding step produces at a time."""

# Largest output per input byte of each expanding filter: Deflate tops out at 1032:1;
# LZW emits at most ~4096 bytes per 9-bit code; RunLength 128 bytes per 2; ASCII85's
# "z" 4 bytes per byte. A stream whose bound stays under the limit is never decoded.
EXPANSION = {
    "FlateDecode": 1100,
    "LZWDecode": 3700,
    "RunLengthDecode": 65,
    "ASCII85Decode": 4,
    "ASCIIHexDecode": 1,
    "Crypt": 1,
}
ABBREVIATIONS = {
    "Fl": "FlateDecode",
    "LZW": "LZWDecode",
    "RL": "RunLengthDecode",
    "A85": "ASCII85Decode",
    "AHx": "ASCIIHexDecode",
}
IMAGE_CODECS = frozenset(
    {"DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"}
)
"""Terminal image codecs: pdfminer keeps their bytes as they are."""

INHERITED = ("/MediaBox", "/Resources")


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """A PDF that passed inspection, and the bytes the readers should read."""

    pages: int
    """Number of pages, counted by walking the page tree."""
    data: bytes
    """The original bytes, or qpdf's rewrite when the file was repaired or decrypted."""
    page_sizes: tuple[tuple[float, float], ...]
    """(width, height) of each page's MediaBox in points, times /UserUnit, unrotated."""
    warnings: tuple[Notice, ...] = ()
    """What inspection changed or noticed (`pdf_repaired`, `pdf_owner_password`)."""
    is_rewritten: bool = False
    """True when `data` is qpdf's rewrite rather than the uploaded bytes."""
    has_signature_fields: bool = False
    """True when some field has /FT /Sig (signed or not)."""
    has_embedded_files: bool = False
    """True when the PDF carries an embedded file (Factur-X, or any attachment)."""
    has_javascript: bool = False
    """True when some action runs JavaScript (harmless to us, noted for the record)."""
    pdf_version: str = ""
    """The version the file declares, e.g. "1.7"."""


@dataclass(slots=True)
class _Scan:
    """What the pass over every object found; filled by `_scan_objects`."""

    has_signature_fields: bool = False
    has_embedded_files: bool = False
    has_javascript: bool = False
    sizes: dict[tuple[int, int], int] = field(default_factory=dict)
    """Exact decoded sizes of the streams that were decoded, by object id."""


@dataclass(frozen=True, slots=True)
class _Page:
    """A leaf of the page tree, with its inherited attributes resolved."""

    page: pikepdf.Object
    mediabox: object
    resources: object


def inspect(data: bytes, limits: Limits) -> PdfInfo:
    """Check `data` against `limits` and return what the readers need, or raise."""
    check_envelope(data, limits)
    bound_qpdf(limits)
    errors_before = qpdf_settings.qpdf_limit_errors()
    try:
        with _open(data) as pdf:
            if qpdf_settings.qpdf_limit_errors() > errors_before:
                raise StructureTooComplex("qpdf hit one of its parser limits")
            return _inspect_open(pdf, data, limits, errors_before)
    except pikepdf.PasswordError as e:
        raise Encrypted() from e
    except pikepdf.PdfError as e:
        raise Damaged() from e
    except RecursionError as e:
        raise StructureTooComplex() from e


def check_envelope(data: bytes, limits: Limits) -> None:
    """Refuse what needs no parsing: too large, empty, or not a PDF at all."""
    if len(data) > limits.max_bytes:
        raise TooLarge(size=len(data), limit=limits.max_bytes)
    if not data.strip():
        # Whitespace only carries nothing, like an empty upload: same code.
        raise EmptyFile(size=len(data))
    if MAGIC not in data[:HEADER_WINDOW]:
        raise NotAPdf()


def bound_qpdf(limits: Limits) -> None:
    """Cap the memory qpdf may use to decode one stream (process-wide setting).

    qpdf decodes object and cross-reference streams while opening, before any check of
    ours can run; without this cap an object-stream bomb inflates fully inside qpdf.
    """
    cap = limits.max_stream_bytes
    wanted = {
        "flate_max_memory": cap,
        "run_length_max_memory": cap,
        "png_max_memory": cap,
        "tiff_max_memory": cap,
    }
    current = qpdf_settings.get_qpdf_limits()
    if any(current[name] != value for name, value in wanted.items()):
        qpdf_settings.set_qpdf_limits(**wanted)


def _open(data: bytes) -> pikepdf.Pdf:
    """Open with qpdf, leaving the page tree as it is (we walk it ourselves)."""
    return pikepdf.open(
        io.BytesIO(data),
        inherit_page_attributes=False,
        conversion_mode="implicit",
    )


def _inspect_open(
    pdf: pikepdf.Pdf, data: bytes, limits: Limits, errors_before: int
) -> PdfInfo:
    """Run every check on an opened PDF, then decide whether to rewrite it."""
    check_object_count(pdf, limits)
    scan = _scan_objects(pdf, limits)
    if qpdf_settings.qpdf_limit_errors() > errors_before:
        raise StructureTooComplex("qpdf hit one of its parser limits")
    pages = list(walk_page_tree(pdf, limits))
    sizes = tuple(page_size(page, limits) for page in pages)
    check_forms(pages, limits)
    check_content_total(pages, scan, limits)
    warnings = _warnings(pdf, data)
    output = _rewrite(pdf) if warnings else data
    return PdfInfo(
        pages=len(pages),
        data=output,
        page_sizes=sizes,
        warnings=warnings,
        is_rewritten=output is not data,
        has_signature_fields=scan.has_signature_fields,
        has_embedded_files=scan.has_embedded_files,
        has_javascript=scan.has_javascript,
        pdf_version=pdf.pdf_version,
    )


def _warnings(pdf: pikepdf.Pdf, data: bytes) -> tuple[Notice, ...]:
    """The notices for a file that needs a rewrite; empty for a clean one."""
    notices = []
    if pdf.get_warnings() or not data.startswith(MAGIC):
        notices.append(REPAIRED)
    if pdf.is_encrypted:
        notices.append(OWNER_PASSWORD)
    return tuple(notices)


def _rewrite(pdf: pikepdf.Pdf) -> bytes:
    """qpdf's rewrite: a fresh xref, recovered objects, no encryption."""
    if "/Size" not in pdf.trailer:
        # qpdf writes the trailer it rebuilt without /Size unless the key exists;
        # any value will do, the writer puts in the right one.
        pdf.trailer.Size = 0
    out = io.BytesIO()
    pdf.save(out, encryption=False)
    return out.getvalue()


# ---------------------------------------------------------------- structure


def check_object_count(pdf: pikepdf.Pdf, limits: Limits) -> None:
    """Refuse a file that declares or holds more indirect objects than allowed."""
    declared = pdf.trailer.get("/Size", 0)
    if isinstance(declared, int) and declared > limits.max_objects:
        raise StructureTooComplex(objects=declared, limit=limits.max_objects)
    count = len(pdf.get_xref_table())
    if count > limits.max_objects:
        raise StructureTooComplex(objects=count, limit=limits.max_objects)


def _scan_objects(pdf: pikepdf.Pdf, limits: Limits) -> _Scan:
    """One pass over every object: nesting depth, stream sizes, cheap flags."""
    scan = _Scan()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            _check_depth(obj.stream_dict, limits.max_depth, scan)
            size = check_stream(obj, limits.max_stream_bytes)
            if size is not None:
                scan.sizes[obj.objgen] = size
        else:
            _check_depth(obj, limits.max_depth, scan)
    return scan


def _check_depth(root: object, max_depth: int, scan: _Scan) -> None:
    """Walk the direct objects under `root`; refuse nesting deeper than `max_depth`."""
    stack: list[tuple[object, int]] = [(root, 1)]
    while stack:
        obj, depth = stack.pop()
        if depth > max_depth:
            raise StructureTooComplex(depth=depth, limit=max_depth)
        if isinstance(obj, pikepdf.Dictionary):
            _note_dict(obj, scan)
            children = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            continue
        stack.extend(
            (child, depth + 1)
            for child in children
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array)
            and not child.is_indirect
        )


def _note_dict(obj: pikepdf.Object, scan: _Scan) -> None:
    """Set the cheap flags a dictionary reveals: signature field, attachment, JS."""
    kind = obj.get("/Type")
    if obj.get("/FT") == pikepdf.Name.Sig:
        scan.has_signature_fields = True
    if kind == pikepdf.Name.EmbeddedFile or (
        kind == pikepdf.Name.Filespec and "/EF" in obj
    ):
        scan.has_embedded_files = True
    if obj.get("/S") == pikepdf.Name.JavaScript or "/JS" in obj:
        scan.has_javascript = True


def walk_page_tree(pdf: pikepdf.Pdf, limits: Limits) -> Iterator[_Page]:
    """Yield the pages in order; refuse loops, depth, too many pages, or none."""
    root = pdf.Root.get("/Pages")
    if not isinstance(root, pikepdf.Dictionary):
        raise NoPages()
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[pikepdf.Object, int, object, object]] = [(root, 1, None, None)]
    count = 0
    while stack:
        node, depth, mediabox, resources = stack.pop()
        if depth > limits.max_depth:
            raise StructureTooComplex(page_tree_depth=depth, limit=limits.max_depth)
        if node.is_indirect:
            if node.objgen in seen:
                raise StructureTooComplex("The page tree loops.")
            seen.add(node.objgen)
        mediabox = node.get("/MediaBox", mediabox)
        resources = node.get("/Resources", resources)
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            children = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
            stack.extend(
                (kid, depth + 1, mediabox, resources) for kid in reversed(children)
            )
            continue
        count += 1
        if count > limits.max_pages:
            raise TooManyPages(limit=limits.max_pages)
        yield _Page(node, mediabox, resources)
    if count == 0:
        raise NoPages()


def page_size(page: _Page, limits: Limits) -> tuple[float, float]:
    """(width, height) in points of a page's MediaBox; refuse impossible sizes."""
    box = page.mediabox
    if not isinstance(box, pikepdf.Array) or len(box) != 4:
        raise AbsurdPageSize("The page has no usable MediaBox.")
    numbers = [_number(value) for value in box]
    unit = _number(page.page.get("/UserUnit", 1))
    if any(n is None for n in numbers) or unit is None or unit <= 0:
        raise AbsurdPageSize("The page's MediaBox is not made of numbers.")
    x0, y0, x1, y1 = (n for n in numbers if n is not None)
    width, height = abs(x1 - x0) * unit, abs(y1 - y0) * unit
    for side in (width, height):
        if not limits.min_page_side_pt <= side <= limits.max_page_side_pt:
            raise AbsurdPageSize(width=width, height=height)
    return (width, height)


def _number(value: object) -> float | None:
    """A finite float from a PDF number, or None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def check_forms(pages: list[_Page], limits: Limits) -> None:
    """Refuse form XObjects that draw themselves or nest deeper than allowed.

    pdfminer renders a form by recursing into it, so a loop ends in RecursionError.
    A form without /Resources uses its caller's, so the walk carries them along.
    """
    verified: set[tuple[int, int]] = set()
    for page in pages:
        stack = [(_xobjects(page.resources), frozenset[tuple[int, int]](), 1)]
        while stack:
            xobjects, path, depth = stack.pop()
            for form in xobjects:
                key = form.objgen
                if key in path:
                    raise StructureTooComplex("A form XObject draws itself.")
                if key in verified:
                    continue
                if depth > limits.max_depth:
                    raise StructureTooComplex(form_depth=depth, limit=limits.max_depth)
                own = form.stream_dict.get("/Resources")
                if own is not None:
                    verified.add(key)
                inner = _xobjects(own) if own is not None else xobjects
                stack.append((inner, path | {key}, depth + 1))


def _xobjects(resources: object) -> list[pikepdf.Object]:
    """The form XObjects named in a /Resources dictionary."""
    if not isinstance(resources, pikepdf.Dictionary):
        return []
    named = resources.get("/XObject")
    if not isinstance(named, pikepdf.Dictionary):
        return []
    return [
        xobject
        for xobject in named.values()
        if isinstance(xobject, pikepdf.Stream)
        and xobject.stream_dict.get("/Subtype") == pikepdf.Name.Form
    ]


def check_content_total(pages: list[_Page], scan: _Scan, limits: Limits) -> None:
    """Refuse pages whose content streams decode to more than the total allowed.

    pdfminer decodes and interprets a page's contents once per page, so a stream
    shared by many pages counts once per page.
    """
    total = 0
    for page in pages:
        for content in _contents(page.page):
            key = content.objgen
            if key not in scan.sizes:
                scan.sizes[key] = decoded_size(content, limits.max_stream_bytes)
            total += scan.sizes[key]
            if total > limits.max_total_stream_bytes:
                raise DecompressionBomb(
                    total=total, limit=limits.max_total_stream_bytes
                )


def _contents(page: pikepdf.Object) -> list[pikepdf.Object]:
    """The content streams of a page (one stream, or an array of them)."""
    contents = page.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, pikepdf.Array):
        return [c for c in contents if isinstance(c, pikepdf.Stream)]
    return []


# ---------------------------------------------------------------- stream sizes


def check_stream(stream: pikepdf.Object, cap: int) -> int | None:
    """Refuse a stream that decodes past `cap`; return its exact size if computed.

    Streams whose worst-case expansion stays under `cap` are not decoded (None).
    """
    filters = _filters(stream)
    raw_length = len(stream.read_raw_bytes())
    if expansion_bound(raw_length, filters) <= cap:
        return None
    return decoded_size(stream, cap)


def decoded_size(stream: pikepdf.Object, cap: int) -> int:
    """Decoded size of a stream as pdfminer would decode it; bomb past `cap` bytes."""
    data = stream.read_raw_bytes()
    filters = _filters(stream)
    expanding = [name for name in _until_image_codec(filters) if name in EXPANSION]
    if not expanding:
        if len(data) > cap:
            raise _bomb(len(data), cap)
        return len(data)
    for name in expanding[:-1]:
        data = _decode(name, data, cap)
    return _count(expanding[-1], data, cap)


def expansion_bound(raw_length: int, filters: list[str]) -> int:
    """The most bytes `filters` can produce from `raw_length` bytes."""
    bound = raw_length
    for name in _until_image_codec(filters):
        bound = bound * EXPANSION.get(name, 1) + 1024
    return bound


def _filters(stream: pikepdf.Object) -> list[str]:
    """The stream's filter names, abbreviations expanded, without the slash."""
    value = stream.stream_dict.get("/Filter")
    names = value if isinstance(value, pikepdf.Array) else [value]
    result = []
    for name in names:
        if isinstance(name, pikepdf.Name):
            bare = str(name)[1:]
            result.append(ABBREVIATIONS.get(bare, bare))
    return result


def _until_image_codec(filters: list[str]) -> list[str]:
    """The filters before the first image codec, which pdfminer does not decode."""
    for index, name in enumerate(filters):
        if name in IMAGE_CODECS:
            return filters[:index]
    return filters


def _bomb(size: int, cap: int) -> DecompressionBomb:
    """The error for a stream that decodes to more than `cap` bytes."""
    return DecompressionBomb(size_at_least=size, limit=cap)


def _decode(name: str, data: bytes, cap: int) -> bytes:
    """One intermediate filter's output, at most `cap` bytes or a bomb."""
    if name in ("FlateDecode", "LZWDecode"):
        chunks = _flate_chunks(data) if name == "FlateDecode" else _lzw_chunks(data)
        parts: list[bytes] = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > cap:
                raise _bomb(size, cap)
            parts.append(chunk)
        return b"".join(parts)
    if _count(name, data, cap) > cap:
        raise _bomb(cap + 1, cap)
    return _decode_small(name, data)


def _decode_small(name: str, data: bytes) -> bytes:
    """Decode a filter whose output `_count` has already bounded."""
    if name == "ASCIIHexDecode":
        return _ascii_hex(data)
    if name == "ASCII85Decode":
        return _ascii85(data)
    if name == "RunLengthDecode":
        return _run_length(data)
    return data


def _count(name: str, data: bytes, cap: int) -> int:
    """The size `name` decodes `data` to, without keeping the output; bomb past cap."""
    if name == "FlateDecode":
        size = _sum_chunks(_flate_chunks(data), cap)
    elif name == "LZWDecode":
        size = _sum_chunks(_lzw_chunks(data), cap)
    elif name == "RunLengthDecode":
        size = _run_length_size(data)
    elif name == "ASCII85Decode":
        stripped = data.count(b"z")
        size = 4 * stripped + (len(data) - stripped) * 4 // 5
    elif name == "ASCIIHexDecode":
        size = (len(data) + 1) // 2
    else:
        size = len(data)
    if size > cap:
        raise _bomb(size, cap)
    return size


def _sum_chunks(chunks: Iterator[bytes], cap: int) -> int:
    """Add up chunk sizes, stopping at the first byte past `cap`."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > cap:
            raise _bomb(size, cap)
    return size


def _flate_chunks(data: bytes) -> Iterator[bytes]:
    """Inflate `data` at most CHUNK bytes at a time; stop quietly at corrupt data."""
    inflater = zlib.decompressobj()
    pending = data
    try:
        while pending:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            if chunk:
                yield chunk
            elif not pending:
                break
            if inflater.eof:
                return
        tail = inflater.flush()
        if tail:
            yield tail
    except zlib.error:
        # pdfminer salvages what inflates before the damage; so do we.
        return


def _lzw_chunks(data: bytes) -> Iterator[bytes]:
    """pdfminer's own LZW decoder, one code's output at a time."""
    try:
        yield from LZWDecoder(io.BytesIO(data)).run()
    except (ValueError, IndexError, EOFError):
        return


def _run_length_size(data: bytes) -> int:
    """RunLengthDecode's output size, read from the run headers alone."""
    size = 0
    index = 0
    end = len(data)
    while index < end:
        length = data[index]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            index += length + 2
        else:
            size += 257 - length
            index += 2
    return size


def _run_length(data: bytes) -> bytes:
    """Decode RunLengthDecode data."""
    out = bytearray()
    index = 0
    while index < len(data):
        length = data[index]
        if length == 128:
            break
        if length < 128:
            out += data[index + 1 : index + length + 2]
            index += length + 2
        else:
            out += data[index + 1 : index + 2] * (257 - length)
            index += 2
    return bytes(out)


WHITESPACE = re.compile(rb"\s+")


def _ascii_hex(data: bytes) -> bytes:
    """Decode ASCIIHexDecode data, up to its '>' marker; odd digit padded with 0."""
    digits = WHITESPACE.sub(b"", data.split(b">", 1)[0])
    if len(digits) % 2:
        digits += b"0"
    try:
        return binascii.unhexlify(digits)
    except binascii.Error:
        return b""


def _ascii85(data: bytes) -> bytes:
    """Decode ASCII85Decode data, with or without its '<~' and '~>' markers."""
    body = WHITESPACE.sub(b"", data)
    body = body.removeprefix(b"<~").split(b"~>", 1)[0]
    try:
        return base64.a85decode(body)
    except ValueError:
        return b""
