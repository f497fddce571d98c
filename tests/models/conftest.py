"""Every model test runs twice: on a SQLite file and on a throw-away PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from models.db import make_engine, session, upgrade
from tests.databases import PostgresCluster, migrated_template, postgres_cluster


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresCluster) -> str:
    return migrated_template(postgres)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database of either engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ingest.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.url(cluster.create_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at head, of either engine, for one test."""
    if request.param == "sqlite":
        made = make_engine(f"sqlite:///{tmp_path / 'ingest.sqlite3'}")
        upgrade(made)
    else:
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        template = request.getfixturevalue("postgres_template")
        made = make_engine(cluster.url(cluster.create_database(template)))
    yield made
    made.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with session(engine) as s:
        yield s
