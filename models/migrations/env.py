"""Alembic's environment: the engine comes from `models.db.alembic_config`."""

from alembic import context
from sqlalchemy import Engine, create_engine
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table on the metadata)

config = context.config
target_metadata = SQLModel.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine
    return create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")


def run_migrations_online() -> None:
    with _engine().begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; give an engine")
run_migrations_online()
