"""Reading the outbox: events to pull or to deliver, each with a link to the PDF."""

from typing import Any

from sqlmodel import Session, col, select

from models.invoices import Invoice
from models.outbox import OutboxEvent
from models.types import utcnow

ERROR_TEXT = 500
"""Characters of a delivery error kept on the event."""


def events_after(
    session: Session, after: int, limit: int, *, undelivered_only: bool = False
) -> list[OutboxEvent]:
    query = select(OutboxEvent).where(col(OutboxEvent.id) > after)
    if undelivered_only:
        query = query.where(col(OutboxEvent.delivered_at).is_(None))
    return list(session.exec(query.order_by(col(OutboxEvent.id)).limit(limit)))


def event_body(session: Session, event: OutboxEvent, base_url: str) -> dict[str, Any]:
    """What the invoicing core receives: the event, and the invoice in the portal's
    vocabulary with a link to the original PDF."""
    invoice = session.get(Invoice, event.invoice_id) if event.invoice_id else None
    payload = dict(event.payload)
    attachment = payload.get("pieceJointePrincipale")
    if isinstance(attachment, dict) and invoice is not None and invoice.document_id:
        link = f"{base_url}/api/documents/{invoice.document_id}/file"
        payload["pieceJointePrincipale"] = {**attachment, "lien": link}
    return {
        "event_id": event.event_id,
        "kind": event.kind,
        "created_at": event.created_at.isoformat(),
        "invoice_id": event.invoice_id,
        "invoice": payload,
    }


def mark_delivered(session: Session, event: OutboxEvent) -> None:
    event.delivered_at = utcnow()
    event.attempts += 1
    event.last_error = None
    session.add(event)
    session.commit()


def mark_failed(session: Session, event: OutboxEvent, error: str) -> None:
    event.attempts += 1
    event.last_error = error[:ERROR_TEXT]
    session.add(event)
    session.commit()
