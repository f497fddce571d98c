"""Typed errors for bad input, each with a stable code that clients and rows store."""

from typing import Any, ClassVar


class IngestError(Exception):
    """A document that cannot be read; an outcome, not a crash."""

    code: ClassVar[str] = "ingest_error"
    exit_code: ClassVar[int] = 2
    message: ClassVar[str] = "The document could not be processed."

    def __init__(self, detail: str | None = None, **data: Any) -> None:
        super().__init__(detail or self.message)
        self.detail = detail
        self.data = data

    def describe(self) -> str:
        """The human message: the class message, then the detail when there is one."""
        return f"{self.message} {self.detail}" if self.detail else self.message


class NotAPdf(IngestError):
    code = "not_a_pdf"
    message = "The file is not a PDF."


class EmptyFile(IngestError):
    code = "empty_file"
    message = "The file is empty."


class Damaged(IngestError):
    code = "damaged"
    message = "The PDF is damaged beyond repair."


class Encrypted(IngestError):
    code = "encrypted"
    message = "The PDF is protected by a password."


class TooLarge(IngestError):
    code = "too_large"
    message = "The file is larger than the configured limit."


class TooManyPages(IngestError):
    code = "too_many_pages"
    message = "The PDF has more pages than the configured limit."


class NoPages(IngestError):
    code = "no_pages"
    message = "The PDF has no pages."


class DecompressionBomb(IngestError):
    code = "decompression_bomb"
    message = "A stream of the PDF expands beyond the configured limit."


class AbsurdPageSize(IngestError):
    code = "absurd_page_size"
    message = "A page of the PDF has an impossible size."


class StructureTooComplex(IngestError):
    code = "structure_too_complex"
    message = "The PDF's object structure loops or nests too deeply."


class ProcessingTimeout(IngestError):
    code = "timeout"
    message = "Reading the PDF took longer than the configured limit."


class FileUnreadable(IngestError):
    code = "file_unreadable"
    message = "The file could not be opened."


class ImageTooLarge(IngestError):
    code = "image_too_large"
    message = "A page would rasterise to more pixels than the configured limit."


class OcrUnavailable(IngestError):
    code = "ocr_unavailable"
    message = "The OCR engine (Tesseract) is missing or failed."


class XmlMalformed(IngestError):
    code = "xml_malformed"
    message = "The XML file is not well-formed."


class XmlForbidden(IngestError):
    code = "xml_forbidden"
    message = "The XML declares a DTD or entities, which are refused."


class XmlTooLarge(IngestError):
    code = "xml_too_large"
    message = "The XML document is larger than the limit for an invoice."


class XmlUnsupported(IngestError):
    code = "xml_unsupported"
    message = "The XML is not a CII, ZUGFeRD or UBL invoice or credit note."
