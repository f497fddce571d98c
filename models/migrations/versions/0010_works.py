"""Works invoices: contracts and their actors, billing dossiers, pieces, their
history and the notices sent to the actors.

Revision ID: 0010_works
Revises: 0003_batches
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import models.types

revision: str = "0010_works"
down_revision: str | None = "0003_batches"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "works_contracts",
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("engagement_number", sa.String(length=64), nullable=True),
        sa.Column("service_code", sa.String(length=100), nullable=True),
        sa.Column("service_label", sa.String(length=255), nullable=True),
        sa.Column("groupement", sa.String(length=32), nullable=True),
        sa.Column("mandataire_siret", sa.String(length=14), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "planned_invoicing_dates",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", models.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_table(
        "works_actors",
        sa.Column("siret", sa.String(length=14), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("first_validator_siret", sa.String(length=14), nullable=True),
        sa.Column("second_validator_siret", sa.String(length=14), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["works_contracts.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract_id", "siret", "role"),
    )
    with op.batch_alter_table("works_actors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_works_actors_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_works_actors_siret"), ["siret"], unique=False
        )

    op.create_table(
        "works_dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("opened_at", models.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["works_contracts.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract_id", "sequence"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("works_dossiers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_works_dossiers_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "works_pieces",
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("situation_number", sa.Integer(), nullable=True),
        sa.Column("total_ht", models.types.Money(), nullable=True),
        sa.Column("total_vat", models.types.Money(), nullable=True),
        sa.Column("total_ttc", models.types.Money(), nullable=True),
        sa.Column("amount_due", models.types.Money(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("frame", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("depositor_siret", sa.String(length=14), nullable=False),
        sa.Column("depositor_role", sa.String(length=32), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("associated_with_id", sa.Integer(), nullable=True),
        sa.Column("first_validator_siret", sa.String(length=14), nullable=True),
        sa.Column("second_validator_siret", sa.String(length=14), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("status_since", models.types.UtcDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["associated_with_id"],
            ["works_pieces.id"],
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["works_contracts.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["works_dossiers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("works_pieces", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_works_pieces_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_works_pieces_depositor_siret"),
            ["depositor_siret"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_works_pieces_dossier_id"), ["dossier_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_works_pieces_status"), ["status"], unique=False
        )

    op.create_table(
        "works_piece_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("piece_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("at", models.types.UtcDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("actor_siret", sa.String(length=14), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["piece_id"], ["works_pieces.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("works_piece_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_works_piece_changes_piece_id"), ["piece_id"], unique=False
        )

    op.create_table(
        "works_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("recipient_siret", sa.String(length=14), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("created_at", models.types.UtcDateTime(), nullable=False),
        sa.Column("sent_at", models.types.UtcDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["change_id"], ["works_piece_changes.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("works_mails", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_works_mails_change_id"), ["change_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_works_mails_sent_at"), ["sent_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("works_mails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_works_mails_sent_at"))
        batch_op.drop_index(batch_op.f("ix_works_mails_change_id"))

    op.drop_table("works_mails")
    with op.batch_alter_table("works_piece_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_works_piece_changes_piece_id"))

    op.drop_table("works_piece_changes")
    with op.batch_alter_table("works_pieces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_works_pieces_status"))
        batch_op.drop_index(batch_op.f("ix_works_pieces_dossier_id"))
        batch_op.drop_index(batch_op.f("ix_works_pieces_depositor_siret"))
        batch_op.drop_index(batch_op.f("ix_works_pieces_contract_id"))

    op.drop_table("works_pieces")
    with op.batch_alter_table("works_dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_works_dossiers_contract_id"))

    op.drop_table("works_dossiers")
    with op.batch_alter_table("works_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_works_actors_siret"))
        batch_op.drop_index(batch_op.f("ix_works_actors_contract_id"))

    op.drop_table("works_actors")
    op.drop_table("works_contracts")
