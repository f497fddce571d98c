"""The outbox, for the invoicing core to pull instead of receiving the webhook."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api.auth import require
from api.deps import ServiceDep, SessionDep
from api.schemas import base_url
from models.handoff import event_body, events_after
from models.users import Role, User

router = APIRouter(prefix="/api/outbox", tags=["outbox"])
Admin = Annotated[User, Depends(require(Role.ADMIN))]


@router.get("")
def pull(
    s: SessionDep,
    service: ServiceDep,
    user: Admin,
    after: Annotated[int, Query(ge=0, description="The last event id you have.")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Hand-off events after ``after``, oldest first, and the cursor to ask next."""
    events = events_after(s, after, limit)
    url = base_url(service.config)
    return {
        "events": [{"id": e.id, **event_body(s, e, url)} for e in events],
        "next_after": events[-1].id if events else after,
    }
