"""The files a batch reads: folders (recursive), zip archives (entry by entry) and globs.

Archive entries are never written to disk: each is read in streaming, bounded by the
size limit, into memory. An entry whose name climbs out of the archive (``../``, an
absolute path: zip-slip) or that expands far more than any invoice does (a zip bomb)
is refused with its code, and the rest of the archive is read.
"""

import glob
import json
import logging
import os
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from ingest.errors import FileUnreadable, IngestError, TooLarge
from models.batches import PlannedItem

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = frozenset({".pdf", ".xml"})
"""What a folder or an archive is searched for; a file named on the command line is
read whatever its name."""
ARCHIVE_SUFFIX = ".zip"
TRUTH_SUFFIX = ".truth.json"
MAX_TRUTH_BYTES = 1 << 20
GLOB_MAGIC = re.compile(r"[*?[]")
CHUNK = 1 << 20
SMALL_ENTRY = 1 << 20
"""Entries this small are never called bombs, whatever their ratio (text compresses)."""


class PathNotFound(IngestError):
    code = "path_not_found"
    message = "No file, folder or glob match by this name."


class ZipSlip(IngestError):
    code = "zip_slip"
    message = "The archive entry's name leads out of the archive (../ or absolute)."


class ZipBomb(IngestError):
    code = "zip_bomb"
    message = "The archive entry expands far beyond its compressed size."


class ZipEncrypted(IngestError):
    code = "zip_encrypted"
    message = "The archive entry is protected by a password."


class ArchiveUnreadable(IngestError):
    code = "archive_unreadable"
    message = "The zip archive (or this entry of it) is damaged or of an unknown kind."


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    max_bytes: int
    """The largest entry (the same limit as a file's)."""
    max_ratio: int
    """The largest expansion of an entry (uncompressed / compressed)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read: on disk, or an entry of an archive."""

    name: str
    """The path, or ``archive.zip!entry/name.pdf``: the row's identity in the batch."""
    fingerprint: str
    path: Path
    """The file, or the archive holding the entry."""
    entry: str | None = None
    truth: dict[str, Any] | None = None
    refused: IngestError | None = None

    def planned(self) -> PlannedItem:
        return PlannedItem(
            source=self.name,
            fingerprint=self.fingerprint,
            truth=self.truth,
            refused_code=self.refused.code if self.refused else None,
            refused_message=self.refused.describe() if self.refused else None,
        )


@dataclass(frozen=True, slots=True)
class Plan:
    keys: tuple[str, ...]
    """The arguments made absolute: what names the batch."""
    sources: tuple[Source, ...]


def plan(arguments: Sequence[str], limits: ArchiveLimits) -> Plan:
    """Every file the arguments name, in a stable order; raises PathNotFound."""
    keys: list[str] = []
    found: dict[str, Source] = {}
    for argument in arguments:
        keys.append(_key(argument))
        for path in _expand(argument):
            for source in _sources_of(path, limits, named=True):
                found.setdefault(source.name, source)
    return Plan(keys=tuple(keys), sources=tuple(found.values()))


def _key(argument: str) -> str:
    return str(Path(argument).resolve())


def _expand(argument: str) -> list[Path]:
    path = Path(argument)
    if path.exists():
        return [path]
    if GLOB_MAGIC.search(argument):
        # Path.glob takes no absolute pattern; the shell's syntax is glob.glob's.
        matches = sorted(glob.glob(argument, recursive=True))  # noqa: PTH207
        if matches:
            return [Path(m) for m in matches]
    raise PathNotFound(argument, path=argument)


def _sources_of(path: Path, limits: ArchiveLimits, *, named: bool) -> Iterator[Source]:
    if path.is_dir():
        for file in _walk(path):
            yield from _sources_of(file, limits, named=False)
    elif path.suffix.lower() == ARCHIVE_SUFFIX:
        yield from archive_sources(path, limits)
    elif named or path.suffix.lower() in DOCUMENT_SUFFIXES:
        yield _file_source(path)


def _walk(folder: Path) -> Iterator[Path]:
    """Documents and archives under ``folder``, sorted; symlinked folders not followed."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            suffix = Path(name).suffix.lower()
            if suffix in DOCUMENT_SUFFIXES or suffix == ARCHIVE_SUFFIX:
                yield Path(root) / name


def _file_source(path: Path) -> Source:
    resolved = path.resolve()
    try:
        stat = resolved.stat()
    except OSError as e:
        error = FileUnreadable(e.strerror or type(e).__name__)
        return Source(str(resolved), "unreadable", resolved, refused=error)
    return Source(
        name=str(resolved),
        fingerprint=f"{stat.st_size}:{stat.st_mtime_ns}",
        path=resolved,
        truth=_truth_file(resolved),
    )


def _truth_file(path: Path) -> dict[str, Any] | None:
    truth = path.with_name(path.name.rsplit(".", 1)[0] + TRUTH_SUFFIX)
    if not truth.is_file() or truth.stat().st_size > MAX_TRUTH_BYTES:
        return None
    return _truth_json(truth.read_bytes(), str(truth))


def _truth_json(data: bytes, where: str) -> dict[str, Any] | None:
    try:
        value = json.loads(data)
    except ValueError:
        log.warning("truth file %s is not JSON; ignored", where)
        return None
    return value if isinstance(value, dict) else None


def archive_sources(path: Path, limits: ArchiveLimits) -> Iterator[Source]:
    """The documents of a zip archive, each checked from the central directory."""
    resolved = path.resolve()
    try:
        with zipfile.ZipFile(resolved) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            for info in infos:
                if info.is_dir():
                    continue
                refused = check_entry(info, limits)
                wanted = Path(info.filename).suffix.lower() in DOCUMENT_SUFFIXES
                if refused is None and not wanted:
                    continue
                yield Source(
                    name=f"{resolved}!{info.filename}",
                    fingerprint=f"{info.file_size}:{info.CRC:08x}",
                    path=resolved,
                    entry=info.filename,
                    truth=_truth_entry(archive, info.filename, names, limits)
                    if refused is None
                    else None,
                    refused=refused,
                )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        stat = resolved.stat() if resolved.exists() else None
        yield Source(
            name=str(resolved),
            fingerprint=f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "unreadable",
            path=resolved,
            refused=ArchiveUnreadable(str(e) or type(e).__name__),
        )


def is_slip(name: str) -> bool:
    """Whether an entry name would leave the folder it is extracted into."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\0" in name:
        return True
    return ".." in re.split(r"[\\/]", name)


def check_entry(info: zipfile.ZipInfo, limits: ArchiveLimits) -> IngestError | None:
    """Why this entry is refused before it is read; None when it may be read."""
    if is_slip(info.filename):
        return ZipSlip(repr(info.filename), entry=info.filename)
    if info.flag_bits & 0x1:
        return ZipEncrypted(info.filename)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > SMALL_ENTRY and ratio > limits.max_ratio:
        return ZipBomb(
            f"{info.filename}: {info.file_size} bytes from {info.compress_size} "
            f"(ratio {ratio:.0f}, limit {limits.max_ratio}).",
            entry=info.filename,
        )
    if info.file_size > limits.max_bytes:
        return TooLarge(f"{info.filename}: {info.file_size} bytes.")
    return None


def _truth_entry(
    archive: zipfile.ZipFile, name: str, names: set[str], limits: ArchiveLimits
) -> dict[str, Any] | None:
    truth_name = name.rsplit(".", 1)[0] + TRUTH_SUFFIX
    if truth_name not in names:
        return None
    info = archive.getinfo(truth_name)
    if check_entry(info, limits) is not None or info.file_size > MAX_TRUTH_BYTES:
        return None
    try:
        return _truth_json(read_entry(archive, info, limits), truth_name)
    except IngestError:
        return None


def read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ArchiveLimits
) -> bytes:
    """The entry's bytes, read in chunks and never past the limits."""
    bound = min(info.file_size, limits.max_bytes)
    parts: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > bound:
                    # zipfile stops at the declared size; this guards a lying header.
                    raise ZipBomb(f"{info.filename}: more than {bound} bytes.")
                parts.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as e:
        raise ArchiveUnreadable(f"{info.filename}: {e}") from e
    except RuntimeError as e:  # zipfile's way of saying "password required"
        raise ZipEncrypted(info.filename) from e
    return b"".join(parts)


class SourceReader:
    """Reads sources' bytes, keeping the archive being read open between entries."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self._open: tuple[Path, zipfile.ZipFile] | None = None

    def read(self, source: Source) -> bytes:
        """The bytes of a file or an entry; raises an IngestError with its code."""
        if source.entry is None:
            return _read_file(source.path, self.limits.max_bytes)
        archive = self._archive(source.path)
        try:
            info = archive.getinfo(source.entry)
        except KeyError as e:
            raise ArchiveUnreadable(f"{source.entry}: gone from the archive.") from e
        refused = check_entry(info, self.limits)
        if refused is not None:
            raise refused
        return read_entry(archive, info, self.limits)

    def _archive(self, path: Path) -> zipfile.ZipFile:
        if self._open is not None and self._open[0] == path:
            return self._open[1]
        self.close()
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as e:
            raise ArchiveUnreadable(str(e)) from e
        self._open = (path, archive)
        return archive

    def close(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def __enter__(self) -> "SourceReader":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(f"{size} bytes, limit {max_bytes}.")
        return path.read_bytes()
    except OSError as e:
        raise FileUnreadable(e.strerror or type(e).__name__) from e
