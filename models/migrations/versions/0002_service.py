"""The service: users and their tokens; a lease and the lowest confidence on documents.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", models.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_siret"), ["siret"], unique=False)
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lease_owner", sa.String(length=96), nullable=True)
        )
        batch_op.add_column(
            sa.Column("leased_until", models.types.UtcDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("min_confidence", sa.Float(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_documents_min_confidence"), ["min_confidence"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_min_confidence"))
        batch_op.drop_column("min_confidence")
        batch_op.drop_column("leased_until")
        batch_op.drop_column("lease_owner")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_siret"))
    op.drop_table("users")
