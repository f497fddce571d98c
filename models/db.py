"""Engine and sessions: a SQLite file under the data folder, or PostgreSQL by URL.

Nothing is built at import: the caller (CLI, app lifespan, test) makes the engine.
The schema is Alembic's: `upgrade` brings any database to head.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from models.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_NAME = "ingest.sqlite3"


def database_url(data_dir: Path, url: str | None = None) -> str:
    """``url`` when set (PostgreSQL), else the SQLite file in ``data_dir``."""
    if url:
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url.removeprefix(prefix)
        return url
    return f"sqlite:///{data_dir / SQLITE_NAME}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets its folder, foreign keys and WAL."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def session(engine: Engine) -> Iterator[Session]:
    """A session whose objects stay readable after commit; rolled back on error."""
    with Session(engine, expire_on_commit=False) as s:
        try:
            yield s
        except BaseException:
            s.rollback()
            raise


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's configuration, built here rather than read from an ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str | None:
    """Bring the database to the newest migration; return that revision."""
    try:
        command.upgrade(alembic_config(engine), "head")
        return current_revision(engine)
    except SQLAlchemyError as e:
        raise DatabaseUnavailable(
            type(e).__name__ + ": " + str(e).split("\n")[0]
        ) from e


def ensure_schema(engine: Engine) -> None:
    """Upgrade the database when it is empty or behind; cheap when it is at head."""
    try:
        current = current_revision(engine)
    except SQLAlchemyError as e:
        raise DatabaseUnavailable(str(e).split("\n")[0]) from e
    if current != head_revision():
        log.info("database at %s, upgrading to head", current)
        upgrade(engine)
