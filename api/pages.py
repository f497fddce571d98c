"""A page of a stored PDF as a PNG, for the correction screen: its size capped."""

import io
import threading
from pathlib import Path

import pypdfium2 as pdfium

from api.errors import ApiError

# PDFium is not thread-safe, even across documents: one page renders at a time.
_PDFIUM = threading.Lock()
DEFAULT_WIDTH = 1240
"""Pixels across when the client does not ask (about 150 dpi on A4)."""


class PageNotFound(ApiError):
    code = "page_not_found"
    status = 404
    message = "The document has no such page."


class PageUnrenderable(ApiError):
    code = "page_unrenderable"
    status = 422
    message = "The page cannot be rendered."


def render_page(path: Path, number: int, width: int | None, max_px: int) -> bytes:
    """Page ``number`` (from 1) as PNG bytes, ``width`` pixels across at most, its
    longest side never over ``max_px``."""
    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as e:
            raise PageUnrenderable(str(e)) from e
        try:
            if not 1 <= number <= len(pdf):
                raise PageNotFound(f"Page {number} of {len(pdf)}.")
            page = pdf[number - 1]
            w_pt, h_pt = page.get_size()
            if w_pt <= 0 or h_pt <= 0:
                raise PageUnrenderable("The page has no size.")
            scale = min(width or DEFAULT_WIDTH, max_px) / w_pt
            scale = min(scale, max_px / max(w_pt, h_pt))
            image = page.render(scale=scale).to_pil()
        except pdfium.PdfiumError as e:
            raise PageUnrenderable(str(e)) from e
        finally:
            pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
