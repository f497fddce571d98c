"""Receive one uploaded file while it streams in: counted, hashed and written to disk
chunk by chunk, refused as soon as it passes the size cap, its type read from its
first bytes. The client's file name is kept as a label only, never as a path.
"""

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from api.errors import ApiError
from ingest.errors import EmptyFile, NotAPdf
from ingest.pdf import HEADER_WINDOW, MAGIC
from ingest.structured import looks_like_xml
from models.documents import BlobStore

FILE_FIELD = "file"
MULTIPART_SLACK = 64 * 1024
"""Room for the multipart envelope and small fields beside the file."""


class UploadTooLarge(ApiError):
    code = "too_large"
    status = 413
    message = "The upload is larger than the service accepts."


class BadUpload(ApiError):
    code = "bad_upload"
    status = 422
    message = "Send the file as multipart/form-data in a field named 'file'."


@dataclass
class Upload:
    """The file received, stored in the blob folder under its SHA-256."""

    sha256: str
    size: int
    filename: str
    head: bytes
    """The first bytes, to tell the type."""
    fields: dict[str, str]

    def refusal(self) -> NotAPdf | EmptyFile | None:
        """Why the pipeline will refuse it outright (not a PDF nor XML), if it will."""
        if self.size == 0:
            return EmptyFile()
        if MAGIC in self.head[:HEADER_WINDOW] or looks_like_xml(self.head):
            return None
        return NotAPdf("Neither a PDF nor an XML invoice (first bytes).")


@dataclass
class _Part:
    headers: dict[str, str] = field(default_factory=dict)
    name: str = ""
    filename: str | None = None
    value: bytearray = field(default_factory=bytearray)


class _Receiver:
    """python-multipart callbacks: the file part to a temp file, small fields kept."""

    def __init__(self, temp: Any, limit: int) -> None:
        self.temp = temp
        self.limit = limit
        self.hash = hashlib.sha256()
        self.size = 0
        self.head = b""
        self.filename: str | None = None
        self.found_file = False
        self.fields: dict[str, str] = {}
        self._part = _Part()
        self._header_field = b""
        self._header_value = b""

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._begin,
            "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def _begin(self) -> None:
        self._part = _Part()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        name = self._header_field.decode("latin-1").lower()
        self._part.headers[name] = self._header_value.decode("latin-1")
        self._header_field = self._header_value = b""

    def _headers_done(self) -> None:
        _, options = parse_options_header(
            self._part.headers.get("content-disposition", "")
        )
        self._part.name = options.get(b"name", b"").decode("utf-8", "replace")
        raw = options.get(b"filename")
        self._part.filename = raw.decode("utf-8", "replace") if raw else None

    def _data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        part = self._part
        if part.name != FILE_FIELD or self.found_file:
            if len(part.value) + len(chunk) > MULTIPART_SLACK:
                raise BadUpload("A form field is too long.")
            part.value += chunk
            return
        self.size += len(chunk)
        if self.size > self.limit:
            raise UploadTooLarge(f"More than {self.limit} bytes.")
        if len(self.head) < HEADER_WINDOW:
            self.head += chunk[: HEADER_WINDOW - len(self.head)]
        self.hash.update(chunk)
        self.temp.write(chunk)

    def _end(self) -> None:
        if self._part.name == FILE_FIELD and not self.found_file:
            self.found_file = True
            self.filename = self._part.filename
        elif self._part.name:
            self.fields[self._part.name] = self._part.value.decode("utf-8", "replace")


def boundary_of(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BadUpload(f"Content-Type is {content_type or 'missing'}.")
    return boundary


async def receive(
    stream: AsyncIterator[bytes],
    content_type: str,
    content_length: str | None,
    blobs: BlobStore,
    limit: int,
) -> Upload:
    """Stream the request body into the blob store; refuse it past ``limit`` bytes."""
    boundary = boundary_of(content_type)
    announced = int(content_length) if (content_length or "").isdigit() else 0
    if announced > limit + MULTIPART_SLACK:
        raise UploadTooLarge(f"{content_length} bytes announced, limit {limit}.")
    incoming = blobs.root / ".incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=incoming, prefix="up-")
    temp_path = Path(name)
    try:
        with os.fdopen(fd, "wb") as temp:
            receiver = _Receiver(temp, limit)
            parser = MultipartParser(boundary, receiver.callbacks())
            try:
                async for chunk in stream:
                    parser.write(chunk)
                parser.finalize()
            except MultipartParseError as e:
                raise BadUpload(f"Malformed multipart body: {e}.") from None
        if not receiver.found_file:
            raise BadUpload("No part named 'file'.")
        sha256 = receiver.hash.hexdigest()
        _store(blobs, sha256, temp_path)
    finally:
        temp_path.unlink(missing_ok=True)
    label = Path((receiver.filename or "").replace("\\", "/")).name
    return Upload(sha256, receiver.size, label, receiver.head, receiver.fields)


def _store(blobs: BlobStore, sha256: str, temp: Path) -> None:
    """Move the received file to its place, named by its hash (once: same bytes, same
    name)."""
    target = blobs.path(sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temp.replace(target)
