"""The outbox: hand-off events written in the same transaction as the change they tell.

A deliverer (a later issue) reads undelivered rows, posts each to the configured
webhook with retries, and marks it delivered; the receiver deduplicates by event id.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from models.types import UtcDateTime, json_type, utcnow

INVOICE_DEPOSITED = "invoice.deposited"


class OutboxEvent(SQLModel, table=True):
    __tablename__ = "outbox_events"

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(
        default_factory=lambda: str(uuid.uuid4()), max_length=36, unique=True
    )
    """Sent with the event; the receiver deduplicates by it."""
    kind: str = Field(max_length=64)
    invoice_id: int | None = Field(default=None, foreign_key="invoices.id", index=True)
    payload: dict[str, Any] = Field(sa_type=json_type())
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    attempts: int = 0
    last_error: str | None = None
