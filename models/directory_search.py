"""Look up structures of the directory by SIRET, SIREN or name, with their services."""

from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from ingest.matching import name_key
from models.directory import Service, Structure


@dataclass(frozen=True, slots=True)
class Found:
    structure: Structure
    services: list[Service]


def search_structures(session: Session, q: str, limit: int = 20) -> list[Found]:
    """By SIRET (14 digits), SIREN (9) or a part of the name; with their services."""
    compact = q.replace(" ", "")
    if compact.isdigit() and len(compact) == 14:
        where = col(Structure.identifier) == compact
    elif compact.isdigit() and len(compact) == 9:
        where = col(Structure.siren) == compact
    else:
        key = name_key(q)
        if not key:
            return []
        where = or_(
            col(Structure.name_key).contains(key),
            col(Structure.name).ilike(f"%{q.strip()}%"),
        )
    query = (
        select(Structure)
        .where(where)
        .order_by(col(Structure.active).desc(), col(Structure.name))
        .limit(limit)
    )
    structures = list(session.exec(query))
    return [Found(s, services_of(session, s.identifier)) for s in structures]


def services_of(session: Session, identifier: str) -> list[Service]:
    query = (
        select(Service)
        .where(Service.structure_identifier == identifier)
        .order_by(col(Service.code))
    )
    return list(session.exec(query))
