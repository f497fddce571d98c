"""Directory search: structures by SIRET, SIREN or name, and their services."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep, UserDep
from api.schemas import ServicePublic, StructurePublic
from models.directory_search import Found, search_structures
from models.tenancy import NotFound

router = APIRouter(prefix="/api/directory", tags=["directory"])


def _public(found: Found) -> StructurePublic:
    s = found.structure
    return StructurePublic(
        siret=s.identifier, name=s.name, active=s.active,
        engagement_required=s.engagement_required, service_required=s.service_required,
        service_or_engagement_required=s.service_or_engagement_required, city=s.city,
        services=[
            ServicePublic(code=v.code, name=v.name, active=v.active,
                          engagement_required=v.engagement_required)
            for v in found.services
        ],
    )  # fmt: skip


@router.get("/structures", response_model=list[StructurePublic])
def search(
    s: SessionDep,
    user: UserDep,
    q: Annotated[str, Query(min_length=2, description="SIRET, SIREN or name.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[StructurePublic]:
    """The directory is public: every signed-in user may search it."""
    return [_public(f) for f in search_structures(s, q, limit)]


@router.get("/structures/{siret}", response_model=StructurePublic)
def structure(siret: str, s: SessionDep, user: UserDep) -> StructurePublic:
    found = [
        f for f in search_structures(s, siret, 1) if f.structure.identifier == siret
    ]
    if not found:
        raise NotFound(f"Structure {siret}.")
    return _public(found[0])
