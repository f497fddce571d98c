"""Settings from ``INGEST_…`` environment variables, read once through ``get_settings``."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.limits import Limits


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INGEST_", extra="ignore")

    data_dir: Path = Path("var")
    """Where the database file and the blob folder live."""
    max_bytes: int = Limits.max_bytes
    max_pages: int = Limits.max_pages
    max_stream_bytes: int = Limits.max_stream_bytes
    max_total_stream_bytes: int = Limits.max_total_stream_bytes
    max_page_side_pt: float = Limits.max_page_side_pt
    max_depth: int = Limits.max_depth
    max_objects: int = Limits.max_objects
    timeout_s: float = Limits.timeout_s

    def limits(self) -> Limits:
        """The pipeline's bounds, as these settings set them."""
        return Limits(
            max_bytes=self.max_bytes,
            max_pages=self.max_pages,
            max_stream_bytes=self.max_stream_bytes,
            max_total_stream_bytes=self.max_total_stream_bytes,
            max_page_side_pt=self.max_page_side_pt,
            max_depth=self.max_depth,
            max_objects=self.max_objects,
            timeout_s=self.timeout_s,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
