"""Works invoices over HTTP: contracts, deposits, actions, the dossier view.

The caller acts for its own structure (its token's SIRET) and for no other: the
contract's actors say which role that structure holds, and the frames table and the
piece's status say whether it may deposit or act. Contracts, dossiers and pieces are
visible to their contract's actors (and admins) only; to anyone else they are a 404.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from api.auth import allow
from api.deps import SessionDep, UserDep
from api.errors import Forbidden
from models.documents import Document
from models.users import Role, User
from models.works import (
    Action,
    Channel,
    Contract,
    ContractCreate,
    DepositRequest,
    Dossier,
    Frame,
    PieceFacts,
    WorksNotFound,
    WorksRole,
    act,
    actors_of,
    create_contract,
    deposit,
    dossier_json,
    get_contract,
    get_dossier,
    get_piece,
    piece_json,
    view_dossier,
    view_piece,
)

router = APIRouter(prefix="/api/works", tags=["works"])


class PieceDeposit(BaseModel):
    """A piece deposited by the caller's structure."""

    model_config = ConfigDict(extra="forbid")

    frame: Frame
    channel: Channel = Channel.PDF_SERVICE
    number: str = Field(min_length=1, max_length=64)
    issue_date: date | None = None
    situation_number: int | None = None
    total_ht: Decimal | None = None
    total_vat: Decimal | None = None
    total_ttc: Decimal | None = None
    amount_due: Decimal | None = None
    answers: int | None = None
    """The id of the earlier piece it answers (an association); none: initial."""
    document_id: int | None = None
    """The PDF the caller deposited through /api/documents."""
    send: bool = True
    """False: keep it as a Brouillon."""


class PieceAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Action
    reason: str | None = None


def _actor_siret(user: User) -> str:
    """The structure the caller acts for; an admin has none, so it cannot act."""
    if not user.siret:
        raise Forbidden("Only a structure's user deposits or acts on works pieces.")
    return user.siret


def _visible(s: Session, user: User, contract: Contract) -> Contract:
    if user.role == Role.ADMIN:
        return contract
    if user.siret not in {a.siret for a in actors_of(s, contract)}:
        raise WorksNotFound(f"Contract {contract.number!r}.")
    return contract


def _contract_public(s: Session, contract: Contract) -> dict[str, Any]:
    card = contract.model_dump(mode="json", exclude={"id", "created_by"})
    card["actors"] = [
        a.model_dump(mode="json", exclude={"id", "contract_id"})
        for a in actors_of(s, contract)
    ]
    return card


@router.post("/contracts", status_code=201)
def create(data: ContractCreate, s: SessionDep, user: UserDep) -> dict[str, Any]:
    """A contract with its identity card and actors (admin, or the MOA's clerk)."""
    allow(user, Role.ADMIN, Role.CLERK)
    if user.role == Role.CLERK:
        moa = {a.siret for a in data.actors if a.role == WorksRole.MOA}
        if user.siret not in moa:
            raise Forbidden("A clerk creates only the contracts of its own structure.")
    contract = create_contract(s, data, actor=user.name)
    return _contract_public(s, contract)


@router.get("/contracts/{number}")
def read_contract(number: str, s: SessionDep, user: UserDep) -> dict[str, Any]:
    """The contract's identity card and its actors."""
    return _contract_public(s, _visible(s, user, get_contract(s, number)))


@router.post("/contracts/{number}/pieces", status_code=201)
def deposit_piece(
    number: str, body: PieceDeposit, s: SessionDep, user: UserDep
) -> dict[str, Any]:
    """Deposit a piece for the caller's structure, initial or answering an earlier
    one; the frames table refuses it with a code that says why."""
    contract = _visible(s, user, get_contract(s, number))
    siret = _actor_siret(user)
    if body.document_id is not None:
        document = s.get(Document, body.document_id)
        if document is None or document.depositor_siret != siret:
            raise WorksNotFound(f"Document {body.document_id}.")
    facts = PieceFacts(
        **body.model_dump(include=set(PieceFacts.model_fields), exclude_none=True)
    )
    request = DepositRequest(
        frame=body.frame, depositor_siret=siret, channel=body.channel, facts=facts,
        associated_with_id=body.answers, document_id=body.document_id,
    )  # fmt: skip
    piece = deposit(s, contract, request, actor=user.name, send=body.send)
    dossier = _dossier_number(s, piece.dossier_id)
    return {"dossier": dossier, **piece_json(view_piece(s, piece))}


def _dossier_number(s: Session, dossier_id: int) -> str:
    dossier = s.get(Dossier, dossier_id)
    if dossier is None:
        raise WorksNotFound(f"Dossier {dossier_id}.")
    return dossier.number


@router.post("/pieces/{piece_id}/actions")
def act_on_piece(
    piece_id: int, body: PieceAction, s: SessionDep, user: UserDep
) -> dict[str, Any]:
    """Act on a piece as the structure it waits on: validate, refuse with a reason
    (routing data or other), suspend, resume, take into account (MOE)."""
    piece = get_piece(s, piece_id)
    contract = s.get(Contract, piece.contract_id)
    if contract is None:
        raise WorksNotFound(f"Piece {piece_id}.")
    _visible(s, user, contract)
    siret = _actor_siret(user)
    act(s, piece, body.action, by_siret=siret, actor=user.name, reason=body.reason)
    return {
        "dossier": _dossier_number(s, piece.dossier_id),
        **piece_json(view_piece(s, piece)),
    }


@router.get("/dossiers/{number}")
def read_dossier(number: str, s: SessionDep, user: UserDep) -> dict[str, Any]:
    """Consultation d'un dossier de facturation: every piece, its full status
    history, time-stamped."""
    view = view_dossier(s, get_dossier(s, number))
    _visible(s, user, view.contract)
    return dossier_json(view)
