"""The words of a page with their boxes, for click-to-fill on the correction screen.

They come from the stored file's text layer; when the document was read by OCR (all or
some pages), from the pipeline's own page reading, so the words are the ones the
values were read from. Boxes are in PDF points, origin at the top-left of the page as
displayed, like the Extraction's ``bbox``.
"""

import threading
import time
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import Service, ServiceDep, SessionDep, UserDep
from api.pages import PageNotFound
from api.routes.documents import DocumentNotReady
from ingest import pdf, pipeline
from ingest.progress import NULL_PROGRESS
from ingest.text import Page, read_text_layer
from models.documents import Document, latest_extraction
from models.tenancy import visible_document
from models.workflow import DocumentStatus

router = APIRouter(prefix="/api/documents", tags=["documents"])

CACHED_DOCUMENTS = 16
"""Documents whose pages stay read in memory (OCR takes seconds a page)."""


class PageWord(BaseModel):
    text: str
    bbox: tuple[float, float, float, float]
    """[x0, top, x1, bottom] in PDF points, origin top-left."""


class PageWords(BaseModel):
    page: int
    width: float
    """The page's width in points."""
    height: float
    method: str
    """``text`` (the text layer) or ``ocr``."""
    words: list[PageWord]


class _Pages:
    """The pages read per document (by SHA-256), the least recently used dropped."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._pages: OrderedDict[str, list[Page]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sha256: str) -> list[Page] | None:
        with self._lock:
            if sha256 in self._pages:
                self._pages.move_to_end(sha256)
                return self._pages[sha256]
        return None

    def put(self, sha256: str, pages: list[Page]) -> None:
        with self._lock:
            self._pages[sha256] = pages
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)


_CACHE = _Pages(CACHED_DOCUMENTS)


def read_document_pages(
    service: Service, document: Document, source: str
) -> list[Page]:
    """Every page of the stored file, read as the pipeline read it."""
    cached = _CACHE.get(document.sha256)
    if cached is not None:
        return cached
    data = service.blobs.get(document.sha256)
    if source == "text":
        pages = list(read_text_layer(data))
    else:  # OCR'd, or a Factur-X PDF (source xml) whose pages may be scans
        limits = service.config.limits()
        info = pdf.inspect(data, limits)
        deadline = time.monotonic() + limits.timeout_s
        options = pipeline.Options(limits=limits)
        pages = pipeline.read_pages(
            info.data, info.pages, deadline, NULL_PROGRESS, options
        )
    _CACHE.put(document.sha256, pages)
    return pages


def words_of(page: Page) -> list[PageWord]:
    """The page's words, their boxes moved onto the page as displayed."""
    to_page = page.to_page
    return [
        PageWord(text=w.text, bbox=to_page(w.bbox) if to_page else w.bbox)
        for w in page.words
    ]


def page_words(
    service: Service, document: Document, extraction: dict[str, Any] | None, number: int
) -> PageWords:
    """The words of page ``number`` (from 1) of a document that has been read."""
    if document.status != DocumentStatus.DONE or extraction is None:
        raise DocumentNotReady(f"It is {document.status}.", status=str(document.status))
    source = str(extraction.get("source") or "text")
    if not extraction.get("pages"):
        raise PageNotFound("A bare XML deposit has no pages.")
    pages = read_document_pages(service, document, source)
    if not 1 <= number <= len(pages):
        raise PageNotFound(f"Page {number} of {len(pages)}.")
    page = pages[number - 1]
    return PageWords(
        page=number,
        width=page.width,
        height=page.height,
        method=str(page.method),
        words=words_of(page),
    )


@router.get("/{document_id}/pages/{number}/words", response_model=PageWords)
def words(
    document_id: int, number: int, s: SessionDep, user: UserDep, service: ServiceDep
) -> PageWords:
    """The words of page ``number`` with their boxes (PDF points, top-left)."""
    document = visible_document(s, user, document_id)
    record = latest_extraction(s, document)
    return page_words(service, document, record.data if record else None, number)
