"""Settings from ``INGEST_…`` environment variables, read once through ``get_settings``."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.limits import Limits

_LIMITS = Limits()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INGEST_", extra="ignore")

    data_dir: Path = Path("var")
    """Where the database file and the blob folder live."""
    database_url: str | None = None
    """A PostgreSQL URL (``postgresql://user@host/db``); unset: a SQLite file in data_dir."""
    max_bytes: int = _LIMITS.max_bytes
    max_pages: int = _LIMITS.max_pages
    max_stream_bytes: int = _LIMITS.max_stream_bytes
    max_total_stream_bytes: int = _LIMITS.max_total_stream_bytes
    max_page_side_pt: float = _LIMITS.max_page_side_pt
    min_page_side_pt: float = _LIMITS.min_page_side_pt
    max_depth: int = _LIMITS.max_depth
    max_objects: int = _LIMITS.max_objects
    timeout_s: float = _LIMITS.timeout_s
    max_raster_pixels: int = _LIMITS.max_raster_pixels
    trust_roots: Path | None = None
    """A folder of PEM/DER certificates trusted for signatures; unset: trust nobody."""
    fetch_revocation: bool = False
    """Fetch CRLs and OCSP responses over the network when checking signatures."""
    host: str = "127.0.0.1"
    """Where `ingest serve` listens."""
    port: int = 8000
    public_url: str | None = None
    """The service's address as clients reach it (links in hand-off events);
    unset: ``http://host:port``."""
    max_upload_bytes: int = _LIMITS.max_bytes
    """Largest upload accepted; the body is counted while it streams in."""
    workers: int = 0
    """Processing workers of `ingest serve` or `ingest worker`; 0: one per core."""
    broker_url: str | None = None
    """A Redis URL: processing goes through Celery; unset: in-process workers."""
    lease_s: float = 60.0
    """How long a worker holds a document without renewing; then it is taken over."""
    poll_s: float = 0.5
    """How often an idle in-process worker looks for queued documents."""
    max_attempts: int = 3
    """Runs a document may start; one more lost run fails it (``worker_lost``)."""
    webhook_url: str | None = None
    """Where submitted invoices are posted (outbox events); unset: pull GET /api/outbox."""
    max_page_px: int = 2000
    """Longest side of a page rendered as PNG, in pixels."""
    max_zip_ratio: int = 100
    """Largest expansion of a zip entry read by `ingest batch`; beyond it: zip_bomb."""
    works_validation_days: int = 15
    """Days a works validator (subcontractor, co-contractor requests) has to act;
    then `ingest works deadlines` moves the piece on, "Validation 1/2 hors délai"."""
    smtp_host: str | None = None
    """The SMTP server that carries works notices; unset: notices wait unsent."""
    smtp_port: int = 25
    smtp_sender: str = "ingest@localhost"
    """The From address of works notices."""

    def limits(self) -> Limits:
        """The pipeline's bounds, as these settings set them."""
        return Limits(
            max_bytes=self.max_bytes,
            max_pages=self.max_pages,
            max_stream_bytes=self.max_stream_bytes,
            max_total_stream_bytes=self.max_total_stream_bytes,
            max_page_side_pt=self.max_page_side_pt,
            min_page_side_pt=self.min_page_side_pt,
            max_depth=self.max_depth,
            max_objects=self.max_objects,
            timeout_s=self.timeout_s,
            max_raster_pixels=self.max_raster_pixels,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
