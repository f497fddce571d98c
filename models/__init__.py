"""Persistence and workflow rules: documents, draft invoices, the directory, the outbox.

Importing the package registers every table on ``SQLModel.metadata`` (Alembic's target).
"""

from models import directory, documents, invoices, outbox, users, workflow

__all__ = ["directory", "documents", "invoices", "outbox", "users", "workflow"]
