"""Find the invoice XML a Factur-X, ZUGFeRD or XRechnung PDF carries as an attachment."""

import io
import logging
from dataclasses import dataclass

import pikepdf

log = logging.getLogger(__name__)

KNOWN_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")
"""The names the standards give the invoice XML (case-insensitive), in that order."""


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    data: bytes

    @property
    def is_known(self) -> bool:
        """True for the names the standards reserve for the invoice XML."""
        return self.name.lower() in KNOWN_NAMES


def xml_attachments(pdf_data: bytes) -> list[Attachment]:
    """The attached ``.xml`` files, the standards' names first.

    ``pdf_data`` has passed ``pdf.inspect``, so every stream decodes within the
    configured bounds; a file qpdf cannot read here gives no attachment.
    """
    try:
        with pikepdf.open(io.BytesIO(pdf_data)) as pdf:
            found = [
                Attachment(name=spec.filename or key, data=spec.get_file().read_bytes())
                for key, spec in pdf.attachments.items()
                if (spec.filename or key).lower().endswith(".xml")
            ]
    except (pikepdf.PdfError, KeyError, ValueError) as e:
        log.warning("attachments unreadable: %s", type(e).__name__)
        return []
    return sorted(found, key=_rank)


def _rank(attachment: Attachment) -> tuple[int, str]:
    name = attachment.name.lower()
    known = KNOWN_NAMES.index(name) if name in KNOWN_NAMES else len(KNOWN_NAMES)
    return known, name
