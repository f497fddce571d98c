"""The bounds the pipeline holds a document to; the interfaces fill them from settings."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one document: bytes, pages, decoded streams, page size, structure."""

    max_bytes: int = 50 * 1024 * 1024
    """Largest file accepted, in bytes."""
    max_pages: int = 200
    """Most pages accepted."""
    max_stream_bytes: int = 64 * 1024 * 1024
    """Largest decoded size of any one stream, in bytes."""
    max_total_stream_bytes: int = 256 * 1024 * 1024
    """Largest decoded size of all page content streams together, in bytes."""
    max_page_side_pt: float = 14400.0
    """Longest page side in PDF points (200 inches, the PDF 1.7 limit)."""
    min_page_side_pt: float = 3.0
    """Shortest page side in PDF points."""
    max_depth: int = 64
    """Deepest nesting of arrays and dictionaries, and of the page tree."""
    max_objects: int = 500_000
    """Most indirect objects in the file."""
    timeout_s: float = 60.0
    """Longest time spent reading one document, in seconds."""
    max_raster_pixels: int = 60_000_000
    """Most pixels one page may rasterise to for OCR; larger pages get a lower dpi."""
