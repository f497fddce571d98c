"""Bearer tokens: who is calling, and which roles a route lets through."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from api.errors import Forbidden, Unauthorized
from models.db import session
from models.users import Role, User, user_for_token

bearer = HTTPBearer(auto_error=False, description="A token from `ingest users add`.")


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The user the request's token belongs to, or 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized()
    with session(request.app.state.service.engine) as s:
        user = _lookup(s, credentials.credentials)
    if user is None:
        raise Unauthorized("The token is unknown or revoked.")
    return user


def _lookup(s: Session, token: str) -> User | None:
    return user_for_token(s, token)


def allow(user: User, *roles: Role) -> None:
    """403 unless ``user`` has one of ``roles``; check it after the record's scope, so
    another tenant's record stays a 404."""
    if user.role not in roles:
        raise Forbidden(f"Role {user.role} cannot do this.")


def require(*roles: Role) -> Callable[..., User]:
    """A dependency that lets only ``roles`` through (403 for the others)."""

    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            raise Forbidden(f"Role {user.role} cannot do this.")
        return user

    return check
