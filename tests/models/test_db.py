"""The schema: migrations bring an empty database to head on both engines."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from models.db import (
    alembic_config,
    current_revision,
    database_url,
    ensure_schema,
    head_revision,
    make_engine,
    upgrade,
)


def test_an_empty_database_upgrades_to_head_with_every_table(engine_url: str):
    engine = make_engine(engine_url)
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert {
        "structures",
        "services",
        "engagements",
        "invoices",
        "outbox_events",
    } <= tables
    engine.dispose()


def test_the_migrations_describe_the_models_exactly(engine_url: str):
    engine = make_engine(engine_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_ensure_schema_upgrades_an_empty_database_and_then_does_nothing(
    engine_url: str,
):
    engine = make_engine(engine_url)
    ensure_schema(engine)
    assert current_revision(engine) == head_revision()
    ensure_schema(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_the_history_is_one_line_from_the_first_table():
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions())
    assert len(script.get_heads()) == 1
    assert revisions[-1].down_revision is None
    assert revisions[-1].revision == "0001"


def test_database_url_is_a_sqlite_file_unless_postgresql_is_named(tmp_path: Path):
    assert database_url(tmp_path) == f"sqlite:///{tmp_path / 'ingest.sqlite3'}"
    assert (
        database_url(tmp_path, "postgresql://u@localhost/ingest")
        == "postgresql+psycopg://u@localhost/ingest"
    )
    assert database_url(tmp_path, "postgres://u@h/d") == "postgresql+psycopg://u@h/d"


def test_the_sqlite_folder_is_created(tmp_path: Path):
    engine = make_engine(database_url(tmp_path / "var" / "deep"))
    upgrade(engine)
    assert (tmp_path / "var" / "deep" / "ingest.sqlite3").is_file()
    engine.dispose()
