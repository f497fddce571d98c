"""Sign-in for the pages: a signed, HttpOnly session cookie, and CSRF tokens.

The cookie holds a user id, when it was issued, and an HMAC over both and the user's
current token hash: re-issuing the user's token (or deactivating it) ends every
session. Each session has its own CSRF token (an HMAC of the cookie), which every
cookie-authenticated POST, PATCH or DELETE must carry, in a form field ``csrf`` or the
``X-CSRF-Token`` header. The JSON API under /api takes only Bearer tokens, so cookies
never authenticate it.
"""

import hashlib
import hmac
import os
import secrets
import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, ClassVar

from fastapi import Depends, Request
from sqlmodel import Session

from api.deps import get_service
from api.errors import ApiError
from models.db import session
from models.users import User, user_for_token

COOKIE = "ingest_session"
PRE_COOKIE = "ingest_csrf"
"""A random value set with the sign-in form, echoed in it (double submit)."""
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
MAX_AGE_S = 12 * 3600
"""A session lasts a working day."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotSignedIn(ApiError):
    code = "not_signed_in"
    status = 401
    message = "Sign in first (/connexion)."


class CsrfRefused(ApiError):
    code = "csrf_refused"
    status = 403
    message = "The form's CSRF token is missing or wrong; reload the page."


@lru_cache(maxsize=8)
def _key(data_dir: Path) -> bytes:
    """The signing key, made once per data folder and kept there (mode 0600)."""
    path = data_dir / "session.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process wrote it first
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
    return path.read_bytes()


def signing_key(request: Request) -> bytes:
    return _key(Path(get_service(request).config.data_dir).resolve())


def _mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def session_value(key: bytes, user: User, now: float | None = None) -> str:
    """The cookie's value for ``user``: ``id.issued.mac``."""
    issued = int(now if now is not None else time.time())
    return f"{user.id}.{issued}.{_mac(key, f'{user.id}.{issued}.{user.token_hash}')}"


def user_of_session(s: Session, key: bytes, value: str) -> User | None:
    """The user a cookie value signs in, if it is genuine, fresh, and still holds."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    user_id, issued, mac = int(parts[0]), int(parts[1]), parts[2]
    if not 0 <= time.time() - issued <= MAX_AGE_S:
        return None
    user = s.get(User, user_id)
    if user is None or not user.active:
        return None
    expected = _mac(key, f"{user_id}.{issued}.{user.token_hash}")
    return user if hmac.compare_digest(expected, mac) else None


def csrf_token(key: bytes, cookie_value: str) -> str:
    return _mac(key, f"csrf.{cookie_value}")


def sign_in(request: Request, token: str) -> tuple[User, str] | None:
    """The user a pasted API token names and a new session's cookie value, or None."""
    with session(get_service(request).engine) as s:
        user = user_for_token(s, token.strip())
    if user is None:
        return None
    return user, session_value(signing_key(request), user)


def page_user(request: Request) -> User | None:
    """The signed-in user of a page request, or None."""
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    with session(get_service(request).engine) as s:
        return user_of_session(s, signing_key(request), value)


def request_csrf(request: Request) -> str:
    """The CSRF token of the request's session ('' without one)."""
    value = request.cookies.get(COOKIE)
    return csrf_token(signing_key(request), value) if value else ""


def check_csrf(request: Request, sent: str | None) -> None:
    """Refuse a state-changing request whose CSRF token is not the session's."""
    expected = request_csrf(request)
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfRefused()


def require_page_user(request: Request) -> User:
    """A JSON route of the pages: the session's user, and the CSRF header on writes."""
    user = page_user(request)
    if user is None:
        raise NotSignedIn()
    if request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return user


class Cookie:
    """How the session cookie is set: HttpOnly, SameSite=Lax, Secure over HTTPS."""

    flags: ClassVar[dict[str, object]] = {"httponly": True, "samesite": "lax"}

    @staticmethod
    def secure(request: Request) -> bool:
        return request.url.scheme == "https"


WebUser = Annotated[User, Depends(require_page_user)]
