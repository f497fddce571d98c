"""Users of the API, their role and scope, and the tokens they authenticate with.

A token is shown once, when issued; only its SHA-256 is kept. Tokens are 256 random
bits, so a plain hash is enough (no slow password hash needed to resist guessing).
"""

import hashlib
import secrets
from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, Session, SQLModel, select
from stdnum.fr import siret as stdnum_siret

from models.errors import RecordError
from models.types import StrEnumType, UtcDateTime, utcnow


class Role(StrEnum):
    SUPPLIER = "supplier"
    """Deposits invoices and sees only the documents deposited for its SIRET."""
    CLERK = "clerk"
    """Back office of a public structure: sees only invoices addressed to its SIRET."""
    ADMIN = "admin"
    """Sees and does everything."""


SCOPED_ROLES = frozenset({Role.SUPPLIER, Role.CLERK})
"""Roles whose user must name a SIRET, the scope of what it sees."""


class UserExists(RecordError):
    code = "user_exists"
    message = "A user of that name exists already."


class UnknownUser(RecordError):
    code = "unknown_user"
    message = "No user of that name."


class SiretRequired(RecordError):
    code = "siret_required"
    message = "Suppliers and clerks need a SIRET: the scope of what they see."


class InvalidSiret(RecordError):
    code = "invalid_siret"
    message = "The SIRET is not valid (14 digits and a checksum)."


class User(SQLModel, table=True):
    """Someone the API knows: a role, a scope (SIRET) and one current token."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=128, unique=True)
    role: Role = Field(sa_type=StrEnumType(Role))
    siret: str | None = Field(default=None, max_length=14, index=True)
    """The supplier's SIRET, or the clerk's structure; None for an admin."""
    token_hash: str = Field(max_length=64, unique=True)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "ing_" + secrets.token_urlsafe(32)


def checked_siret(role: Role, siret: str | None) -> str | None:
    """The compact SIRET a role needs, or raise; an admin's is dropped."""
    if role not in SCOPED_ROLES:
        return None
    if not siret:
        raise SiretRequired(f"Role {role}.")
    if not stdnum_siret.is_valid(siret):
        raise InvalidSiret(f"{siret!r}.", siret=siret)
    return str(stdnum_siret.compact(siret))


def find_user(session: Session, name: str) -> User | None:
    return session.exec(select(User).where(User.name == name)).first()


def add_user(
    session: Session, name: str, role: Role, siret: str | None = None
) -> tuple[User, str]:
    """A new user and its token (shown once: only its hash is stored)."""
    scope = checked_siret(role, siret)
    if find_user(session, name) is not None:
        raise UserExists(f"{name!r}.", name=name)
    token = new_token()
    user = User(name=name, role=role, siret=scope, token_hash=hash_token(token))
    session.add(user)
    session.commit()
    return user, token


def reissue_token(session: Session, name: str) -> str:
    """A new token for the user; the old one stops working."""
    user = find_user(session, name)
    if user is None:
        raise UnknownUser(f"{name!r}.", name=name)
    token = new_token()
    user.token_hash = hash_token(token)
    session.add(user)
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user holding this token, if any."""
    query = select(User).where(User.token_hash == hash_token(token), User.active)
    return session.exec(query).first()
