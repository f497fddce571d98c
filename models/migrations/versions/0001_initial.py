"""Documents, extractions, invoices, the directory, the outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import models.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("deposited_by", sa.String(length=128), nullable=False),
        sa.Column("depositor_siret", sa.String(length=14), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("error_message", sa.String(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", models.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", models.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documents_deposited_by"), ["deposited_by"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_documents_depositor_siret"),
            ["depositor_siret"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_documents_status"), ["status"], unique=False
        )

    op.create_table(
        "structures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identifier_type", sa.String(length=16), nullable=False),
        sa.Column("identifier", sa.String(length=32), nullable=False),
        sa.Column("siren", sa.String(length=9), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("name_key", sa.String(length=255), nullable=False),
        sa.Column("edi_sender", sa.Boolean(), nullable=False),
        sa.Column("edi_receiver", sa.Boolean(), nullable=False),
        sa.Column("manages_payment_status", sa.Boolean(), nullable=False),
        sa.Column("engagement_required", sa.Boolean(), nullable=False),
        sa.Column("service_required", sa.Boolean(), nullable=False),
        sa.Column("service_or_engagement_required", sa.Boolean(), nullable=False),
        sa.Column("is_moa", sa.Boolean(), nullable=False),
        sa.Column("is_moa_only", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("address_2", sa.String(length=255), nullable=True),
        sa.Column("address_3", sa.String(length=255), nullable=True),
        sa.Column("postcode", sa.String(length=16), nullable=True),
        sa.Column("city", sa.String(length=128), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("country_code", sa.String(length=8), nullable=True),
        sa.Column("country_name", sa.String(length=64), nullable=True),
        sa.Column("updated_at", models.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("identifier"),
    )
    with op.batch_alter_table("structures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_structures_name_key"), ["name_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_structures_siren"), ["siren"], unique=False
        )

    op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("siret", sa.String(length=14), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("vat", sa.String(length=16), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("updated_at", models.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("siret"),
    )
    op.create_table(
        "engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("structure_identifier", sa.String(length=32), nullable=False),
        sa.Column("supplier_siret", sa.String(length=14), nullable=False),
        sa.Column("amount", models.types.Money(), nullable=False),
        sa.Column("invoiced", models.types.Money(), nullable=False),
        sa.Column("updated_at", models.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["structure_identifier"], ["structures.identifier"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("structure_identifier", "number"),
    )
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagements_number"), ["number"], unique=False
        )

    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("pipeline_version", sa.String(length=32), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("created_at", models.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extractions_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("structure_identifier", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("engagement_required", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("address_2", sa.String(length=255), nullable=True),
        sa.Column("address_3", sa.String(length=255), nullable=True),
        sa.Column("postcode", sa.String(length=16), nullable=True),
        sa.Column("city", sa.String(length=128), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("country_code", sa.String(length=8), nullable=True),
        sa.Column("country_name", sa.String(length=64), nullable=True),
        sa.Column("updated_at", models.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["structure_identifier"], ["structures.identifier"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("structure_identifier", "code"),
    )
    op.create_table(
        "invoices",
        sa.Column("document_type", sa.String(length=8), nullable=True),
        sa.Column("invoice_number", sa.String(length=64), nullable=True),
        sa.Column("invoice_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("supplier_name", sa.String(length=255), nullable=True),
        sa.Column("supplier_siret", sa.String(length=14), nullable=True),
        sa.Column("supplier_siren", sa.String(length=9), nullable=True),
        sa.Column("supplier_vat", sa.String(length=16), nullable=True),
        sa.Column("supplier_iban", sa.String(length=34), nullable=True),
        sa.Column("supplier_bic", sa.String(length=11), nullable=True),
        sa.Column("buyer_name", sa.String(length=255), nullable=True),
        sa.Column("buyer_siret", sa.String(length=14), nullable=True),
        sa.Column("buyer_service_code", sa.String(length=100), nullable=True),
        sa.Column("engagement_number", sa.String(length=64), nullable=True),
        sa.Column("contract_number", sa.String(length=64), nullable=True),
        sa.Column("billing_frame", sa.String(length=8), nullable=True),
        sa.Column("total_ht", models.types.Money(), nullable=True),
        sa.Column("total_vat", models.types.Money(), nullable=True),
        sa.Column("total_ttc", models.types.Money(), nullable=True),
        sa.Column("amount_due", models.types.Money(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("extraction_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("deposit_format", sa.String(length=32), nullable=False),
        sa.Column(
            "last_match",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=True,
        ),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", models.types.UtcDateTime(), nullable=False),
        sa.Column("updated_at", models.types.UtcDateTime(), nullable=False),
        sa.Column("submitted_at", models.types.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["extraction_id"],
            ["extractions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoices_buyer_siret"), ["buyer_siret"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_invoices_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_invoices_status"), ["status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_invoices_supplier_siret"), ["supplier_siret"], unique=False
        )

    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("at", models.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_invoice_id"), ["invoice_id"], unique=False
        )

    op.create_table(
        "invoice_vat_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("rate", models.types.Money(), nullable=False),
        sa.Column("base", models.types.Money(), nullable=False),
        sa.Column("amount", models.types.Money(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("invoice_vat_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoice_vat_lines_invoice_id"), ["invoice_id"], unique=False
        )

    op.create_table(
        "outbox_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column(
            "payload",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("created_at", models.types.UtcDateTime(), nullable=False),
        sa.Column("delivered_at", models.types.UtcDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_events_delivered_at"), ["delivered_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_events_invoice_id"), ["invoice_id"], unique=False
        )

    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("at", models.types.UtcDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_changes_invoice_id"), ["invoice_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_changes_invoice_id"))

    op.drop_table("status_changes")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_events_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_events_delivered_at"))

    op.drop_table("outbox_events")
    with op.batch_alter_table("invoice_vat_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_vat_lines_invoice_id"))

    op.drop_table("invoice_vat_lines")
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_invoice_id"))

    op.drop_table("corrections")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoices_supplier_siret"))
        batch_op.drop_index(batch_op.f("ix_invoices_status"))
        batch_op.drop_index(batch_op.f("ix_invoices_document_id"))
        batch_op.drop_index(batch_op.f("ix_invoices_buyer_siret"))

    op.drop_table("invoices")
    op.drop_table("services")
    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extractions_document_id"))

    op.drop_table("extractions")
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagements_number"))

    op.drop_table("engagements")
    op.drop_table("suppliers")
    with op.batch_alter_table("structures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_structures_siren"))
        batch_op.drop_index(batch_op.f("ix_structures_name_key"))

    op.drop_table("structures")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_status"))
        batch_op.drop_index(batch_op.f("ix_documents_depositor_siret"))
        batch_op.drop_index(batch_op.f("ix_documents_deposited_by"))

    op.drop_table("documents")
