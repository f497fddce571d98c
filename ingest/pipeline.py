"""The one place that orders the stages: bytes in, an Extraction out."""

import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import TypeVar

from ingest import pdf, structured
from ingest.contract import (
    Extraction,
    FieldName,
    FieldValue,
    Notice,
    Source,
    WorksField,
)
from ingest.deadline import deadline as time_limit
from ingest.errors import IngestError, OcrUnavailable, ProcessingTimeout
from ingest.extractors import extract_all
from ingest.extractors.base import Doc
from ingest.limits import Limits
from ingest.ocr import CleanUp, needs_ocr, read_scanned_pages
from ingest.progress import NULL_PROGRESS, Progress
from ingest.resolve import resolve
from ingest.signature import deposit
from ingest.signature.report import SignatureReport
from ingest.signature.trust import TrustSettings
from ingest.text import Page, read_text_layer
from ingest.warnings import Code, notice

log = logging.getLogger(__name__)
K = TypeVar("K", FieldName, WorksField)


@dataclass(frozen=True, slots=True)
class Options:
    """What a run may do and how far it may go."""

    limits: Limits = field(default_factory=Limits)
    nlp: bool = False
    """Add spaCy's organisation entities to the party-name candidates."""
    cleanup: CleanUp = field(default_factory=CleanUp)
    """Which clean-up steps scanned pages go through before OCR."""
    trust: TrustSettings = field(default_factory=TrustSettings)
    """Trust roots and revocation fetching for signed PDFs."""


def run(
    data: bytes, *, options: Options | None = None, progress: Progress = NULL_PROGRESS
) -> Extraction:
    """Read one document; bad input comes back as an Extraction with ``error`` set."""
    options = options or Options()
    sha256 = hashlib.sha256(data).hexdigest()
    deadline = time.monotonic() + options.limits.timeout_s
    try:
        with time_limit(options.limits.timeout_s):
            if structured.looks_like_xml(data):
                return structured.deposit(structured.read_xml(data), sha256)
            info = pdf.inspect(data, options.limits)
            embedded = structured.embedded_in(info)
            signed = check_signatures(data, info, options.trust)
            progress("inspect", 1, 1)
            pages = read_pages(info.data, info.pages, deadline, progress, options)
            result = resolve(extract_all(Doc.from_pages(pages), nlp=options.nlp))
            progress("extract", 1, 1)
    except IngestError as e:
        log.info("document %s refused: %s", sha256[:12], e.code)
        return Extraction(
            sha256=sha256, error=Notice(code=e.code, message=e.describe())
        )
    warnings = [*info.warnings, *result.warnings]
    warnings += deposit.warnings(signed, result.fields)
    if not any(p.words for p in pages):
        warnings.append(notice(Code.NO_TEXT))
    extraction = Extraction(
        sha256=sha256,
        pages=info.pages,
        source=source_of(pages),
        signature=deposit.summary(signed),
        fields=on_pages(result.fields, pages),
        vat_breakdown=result.vat_breakdown,
        works=on_pages(result.works, pages),
        warnings=warnings,
    )
    return structured.merge(extraction, embedded, pages) if embedded else extraction


def check_signatures(
    data: bytes, info: pdf.PdfInfo, trust: TrustSettings
) -> SignatureReport:
    """Stage 2, on the uploaded bytes as they are (never qpdf's rewrite)."""
    if not info.has_signature_fields:
        return SignatureReport()
    # pyHanko takes about half a second to import: only signed documents pay it.
    from ingest.signature.validate import verify

    return verify(data, trust=trust)


def read_pages(
    data: bytes, count: int, deadline: float, progress: Progress, options: Options
) -> list[Page]:
    """The text layer page by page; the pages without a usable one, through OCR."""
    pages = []
    for page in read_text_layer(data):
        pages.append(page)
        progress("read", page.number, count)
        if time.monotonic() > deadline:
            raise ProcessingTimeout(f"Stopped after page {page.number} of {count}.")
    scans = [p for p in pages if needs_ocr(p)]
    if not scans:
        return pages
    progress("ocr", 0, len(scans))
    try:
        read = read_scanned_pages(
            data,
            [p.number for p in scans],
            [(p.width, p.height) for p in scans],
            options.limits,
            steps=options.cleanup,
        )
    except OcrUnavailable:
        if not any(p.words for p in pages):
            raise  # nothing to read without OCR: the document fails with its code
        log.warning("OCR unavailable: %d page(s) left as their text layer", len(scans))
        return pages
    progress("ocr", len(scans), len(scans))
    by_number = {p.number: p for p in read}
    return [by_number.get(p.number, p) for p in pages]


def on_pages(fields: dict[K, FieldValue], pages: list[Page]) -> dict[K, FieldValue]:
    """Each box moved onto its page as displayed (OCR read some pages straightened)."""
    maps = {p.number: p.to_page for p in pages if p.to_page is not None}
    return {
        name: f.model_copy(update={"bbox": maps[f.page](f.bbox)})
        if f.page in maps and f.bbox is not None
        else f
        for name, f in fields.items()
    }


def source_of(pages: list[Page]) -> Source:
    """``text`` when every page was read from its text layer, ``ocr`` or ``mixed`` else."""
    methods = {p.method.value for p in pages}
    if methods <= {"text"}:
        return Source.TEXT
    return Source.OCR if methods == {"ocr"} else Source.MIXED
