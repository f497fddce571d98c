"""Persistence and workflow rules: documents, draft invoices, the directory, the outbox.

Importing the package registers every table on ``SQLModel.metadata`` (Alembic's target).
"""

from models import (
    batches,
    directory,
    documents,
    invoices,
    outbox,
    users,
    workflow,
    works,
)

__all__ = [
    "batches",
    "directory",
    "documents",
    "invoices",
    "outbox",
    "users",
    "workflow",
    "works",
]
