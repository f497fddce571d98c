"""Trust roots for signatures: a folder of PEM/DER certificates, and nothing else.

pyHanko falls back on the operating system's TLS store when it is given no roots; we
never let it: with no folder configured the roots are an empty tuple, and an intact
signature can then be `untrusted` at best.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from asn1crypto import pem, x509

CERTIFICATE_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der"})


class TrustRootsUnreadable(Exception):
    """The trust-root folder, or a certificate in it, cannot be read."""

    code: ClassVar[str] = "trust_roots_unreadable"

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why


@dataclass(frozen=True, slots=True)
class TrustSettings:
    """What signature verification may trust and fetch."""

    roots: tuple[bytes, ...] = ()
    """DER certificates of the trusted roots; empty means trust nobody."""
    fetch_revocation: bool = False
    """Fetch CRLs and OCSP responses over the network (off: only embedded data)."""


def load_trust(folder: Path | None, *, fetch_revocation: bool = False) -> TrustSettings:
    """The settings for `folder` (None: no roots); raises `TrustRootsUnreadable`."""
    roots = tuple(load_roots(folder)) if folder is not None else ()
    return TrustSettings(roots=roots, fetch_revocation=fetch_revocation)


def load_roots(folder: Path) -> Iterator[bytes]:
    """Each certificate of the folder's .pem/.crt/.cer/.der files, as DER."""
    if not folder.is_dir():
        raise TrustRootsUnreadable(folder, "not a folder")
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in CERTIFICATE_SUFFIXES and path.is_file():
            yield from _certificates(path)


def _certificates(path: Path) -> Iterator[bytes]:
    """The DER certificates in one file (a PEM file may hold several)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TrustRootsUnreadable(path, e.strerror or type(e).__name__) from e
    blocks = (
        [
            der
            for kind, _, der in pem.unarmor(data, multiple=True)
            if kind == "CERTIFICATE"
        ]
        if pem.detect(data)
        else [data]
    )
    if not blocks:
        raise TrustRootsUnreadable(path, "no certificate in it")
    for der in blocks:
        try:
            x509.Certificate.load(der).native  # noqa: B018 (parse fully: fail here, not later)
        except ValueError as e:
            raise TrustRootsUnreadable(path, "not an X.509 certificate") from e
        yield der
