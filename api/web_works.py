"""The works pages, in French: the contracts a structure is an actor of, a contract's
identity card with its dossiers and a deposit form, and "Consultation d'un dossier de
facturation" with each piece's full, time-stamped history and the actions the
signed-in structure may take on it.

Plain HTML forms, no script: every write carries the session's CSRF token and goes
through the works API's own route functions (`api.routes.works`), so who may see,
deposit and act is decided there, exactly as over the API: another tenant's contract
or dossier is a 404, and a refusal comes back as its stable code, told in words.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, select

from api.deps import SessionDep
from api.errors import RECORD_STATUS, ApiError
from api.routes import works
from api.web import _to_sign_in, error_page, render
from api.web_session import CsrfRefused, check_csrf, page_user
from api.web_text import Advice, advise
from models.errors import RecordError
from models.users import Role, User
from models.works import (
    FRAMES,
    Action,
    Actor,
    Channel,
    Contract,
    ContractCreate,
    Dossier,
    Piece,
    PieceStatus,
    can_move,
    get_piece,
    holders,
    roles_of,
    target_of,
)

PARIS = ZoneInfo("Europe/Paris")
DEFAULT_ROLES = (
    "fournisseur", "moe", "moa", "service_financier", "sous_traitant", "cotraitant",
    "sous_traitant",
)  # fmt: skip
"""The role each row of the contract form's actors table offers first."""
ACTOR_ROWS = len(DEFAULT_ROLES)

ROLE_WORDS: dict[str, str] = {
    "fournisseur": "Fournisseur titulaire",
    "cotraitant": "Cotraitant",
    "sous_traitant": "Sous-traitant",
    "moe": "Maîtrise d'œuvre (MOE)",
    "moa": "Maîtrise d'ouvrage (MOA)",
    "service_financier": "Service financier",
}
GROUPEMENT_WORDS = {
    "": "Pas de groupement",
    "conjoint": "Conjoint",
    "solidaire": "Solidaire",
}
CHANNEL_WORDS = {
    "pdf_portal": "Dépôt PDF en mode Portail",
    "pdf_service": "Dépôt PDF en mode Service",
    "edi": "EDI",
}
ACTION_WORDS: dict[Action, str] = {
    Action.TAKE_INTO_ACCOUNT: "Prendre en compte",
    Action.VALIDATE: "Valider",
    Action.SUSPEND: "Suspendre",
    Action.RESUME: "Reprendre",
    Action.REFUSE_ROUTING: "Refuser : erreur dans les données d'acheminement",
    Action.REFUSE_OTHER: "Refuser pour autre motif",
}
NEEDS_REASON = frozenset({Action.SUSPEND, Action.REFUSE_ROUTING, Action.REFUSE_OTHER})

WORKS_CODES: dict[str, tuple[str, str]] = {
    "frame_role_forbidden": (
        "Votre structure n'a pas, dans ce marché, le rôle qui dépose ce cadre.",
        "Choisissez un cadre de votre rôle, ou laissez l'acteur concerné le déposer.",
    ),
    "groupement_solidaire_mandataire_only": (
        "Dans un groupement solidaire, seul le mandataire dépose.",
        "Demandez au mandataire de déposer la pièce pour le groupement.",
    ),
    "frame_not_initial": (
        "Ce cadre ne peut pas ouvrir un dossier : il répond à une pièce antérieure.",
        "Choisissez la pièce à laquelle il répond.",
    ),
    "frame_not_associable": (
        "Ce cadre se dépose seul : il ne répond à aucune pièce.",
        "Déposez-le en dépôt initial.",
    ),
    "channel_forbidden": (
        "Ce canal ne transporte pas ce cadre pour ce type de dépôt.",
        "Choisissez un autre canal (voir la matrice des cadres de facturation).",
    ),
    "association_wrong_frame": (
        "Ce cadre ne répond pas à une pièce de ce cadre-là.",
        "Choisissez la pièce à laquelle ce cadre répond.",
    ),
    "association_not_ready": (
        "La pièce antérieure n'attend pas cette réponse.",
        "Consultez son statut dans le dossier.",
    ),
    "association_other_contract": (
        "La pièce antérieure appartient à un autre marché.",
        "Choisissez une pièce de ce marché.",
    ),
    "not_piece_holder": (
        "Cette pièce n'attend pas d'action de votre structure.",
        "Seule la structure qui détient la pièce agit ; rechargez le dossier.",
    ),
    "unknown_action": ("Cette action n'existe pas.", "Rechargez le dossier."),
    "reason_required": (
        "Ce changement de statut demande un motif.",
        "Saisissez le motif, puis recommencez.",
    ),
    "contract_exists": (
        "Un marché porte déjà ce numéro.",
        "Ouvrez-le depuis la liste des marchés.",
    ),
    "contract_actors_invalid": (
        "Les acteurs saisis ne forment pas un marché de travaux.",
        "Il faut un fournisseur et une MOA ; un groupement a pour mandataire le "
        "fournisseur.",
    ),
    "not_found": (
        "Ce marché, ce dossier ou cette pièce n'existe pas, ou n'est pas le vôtre.",
        "Revenez à la liste de vos marchés.",
    ),
}
"""The works codes in words; other codes are told by `api.web_text`."""

pages = APIRouter(include_in_schema=False)


def works_advice(code: str, detail: str = "") -> Advice:
    if code in WORKS_CODES:
        title, todo = WORKS_CODES[code]
        return Advice(code=code, title=title, todo=todo, detail=detail)
    return advise(code, detail)


@dataclass(frozen=True)
class Refusal:
    """A refused request: its code in words, and the HTTP status to answer with."""

    advice: Advice
    status: int


def refusal_of(error: Exception) -> Refusal:
    if isinstance(error, ApiError):
        return Refusal(works_advice(error.code, error.describe()), error.status)
    if isinstance(error, RecordError):
        status = RECORD_STATUS.get(error.code, 400)
        return Refusal(works_advice(error.code, error.describe()), status)
    if isinstance(error, ValidationError):
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        detail = f"{where} : {first.get('msg', '')}"
        return Refusal(works_advice("invalid_value", detail), 422)
    raise error


def paris_time(at: str | datetime) -> str:
    """A UTC instant as the portal shows it, in Paris time to the second."""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S")


def _denied(request: Request, user: User, error: Exception) -> Response:
    refused = refusal_of(error)
    context = {"status": refused.status, "advice": refused.advice}
    return render(request, "erreur.html", context, user, status_code=refused.status)


def _form_csrf(request: Request, form: Any) -> None:
    check_csrf(request, str(form.get("csrf", "")))


# ------------------------------------------------------------------ contracts


def contracts_of(s: Session, user: User) -> list[Contract]:
    """The contracts the user's structure is an actor of (every one, for an admin)."""
    query = select(Contract).order_by(col(Contract.number))
    if user.role != Role.ADMIN:
        mine = select(Actor.contract_id).where(Actor.siret == (user.siret or ""))
        query = query.where(col(Contract.id).in_(mine))
    return list(s.exec(query))


def dossiers_of(s: Session, contract: Contract) -> list[Dossier]:
    query = (
        select(Dossier)
        .where(Dossier.contract_id == contract.id)
        .order_by(col(Dossier.sequence))
    )
    return list(s.exec(query))


def pieces_of_contract(s: Session, contract: Contract) -> list[Piece]:
    query = (
        select(Piece).where(Piece.contract_id == contract.id).order_by(col(Piece.id))
    )
    return list(s.exec(query))


def _may_create(user: User) -> bool:
    return user.role in (Role.ADMIN, Role.CLERK)


def _list_context(s: Session, user: User) -> dict[str, Any]:
    rows = []
    for contract in contracts_of(s, user):
        roles = roles_of(s, contract, user.siret or "")
        rows.append(
            {
                "contract": contract,
                "roles": [ROLE_WORDS[str(r)] for r in sorted(roles)],
                "dossiers": len(dossiers_of(s, contract)),
            }
        )
    return {
        "rows": rows,
        "may_create": _may_create(user),
        "role_words": ROLE_WORDS,
        "groupement_words": GROUPEMENT_WORDS,
        "actor_rows": ACTOR_ROWS,
        "default_roles": DEFAULT_ROLES,
        "refused": None,
        "form": {},
    }


@pages.get("/marches")
def contracts_page(request: Request, s: SessionDep) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    return render(request, "works_marches.html", _list_context(s, user), user)


@pages.post("/marches")
async def create_contract_post(request: Request, s: SessionDep) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    form = await request.form()
    try:
        _form_csrf(request, form)
        data = ContractCreate.model_validate(contract_fields(form))
        created = works.create(data, s, user)
    except CsrfRefused as e:
        return error_page(request, user, 403, e.code)
    except (ApiError, RecordError, ValidationError) as e:
        s.rollback()
        refused = refusal_of(e)
        context = {**_list_context(s, user), "refused": refused.advice}
        context["form"] = dict(form)
        return render(request, "works_marches.html", context, user, refused.status)
    return RedirectResponse(f"/marches/{quote(created['number'])}", status_code=303)


def contract_fields(form: Any) -> dict[str, Any]:
    """The contract form as `ContractCreate` reads it: blanks dropped, the planned
    invoicing dates split on spaces or commas, one actor per filled row."""

    def text(name: str) -> str | None:
        value = str(form.get(name, "")).strip()
        return value or None

    dates = re.split(r"[\s,;]+", text("planned_invoicing_dates") or "")
    actors = []
    for i in range(ACTOR_ROWS):
        siret = text(f"actor-{i}-siret")
        if siret is None:
            continue
        actor = {
            "siret": siret,
            "role": text(f"actor-{i}-role"),
            "name": text(f"actor-{i}-name") or "",
            "email": text(f"actor-{i}-email"),
            "first_validator_siret": text(f"actor-{i}-first_validator_siret"),
            "second_validator_siret": text(f"actor-{i}-second_validator_siret"),
        }
        actors.append(actor)
    fields = {
        name: text(name)
        for name in (
            "number", "description", "start_date", "end_date", "engagement_number",
            "service_code", "service_label", "groupement", "mandataire_siret",
        )
    }  # fmt: skip
    fields["description"] = fields["description"] or ""
    return {
        **fields,
        "planned_invoicing_dates": [d for d in dates if d],
        "actors": actors,
    }


@pages.get("/marches/{number}")
def contract_page(
    request: Request,
    number: str,
    s: SessionDep,
    cadre: str = "",
    reponse: str = "",
) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    try:
        card = works.read_contract(number, s, user)
    except (ApiError, RecordError) as e:
        return _denied(request, user, e)
    form = {"frame": cadre, "answers": reponse}
    context = _contract_context(s, user, card, form)
    return render(request, "works_marche.html", context, user)


def _contract_context(
    s: Session, user: User, card: dict[str, Any], form: dict[str, Any]
) -> dict[str, Any]:
    contract = works.get_contract(s, card["number"])
    roles = roles_of(s, contract, user.siret or "")
    dossiers = [
        {
            "dossier": d,
            "opened": paris_time(d.opened_at),
            "pieces": len([p for p in pieces if p.dossier_id == d.id]),
        }
        for pieces in [pieces_of_contract(s, contract)]
        for d in dossiers_of(s, contract)
    ]
    earlier = [
        {"id": p.id, "text": f"{p.frame} N° {p.number} — {PieceStatus(p.status).label}"}
        for p in pieces_of_contract(s, contract)
    ]
    frames = sorted(
        (
            {"code": str(f), "label": rule.label, "mine": rule.depositor in roles}
            for f, rule in FRAMES.items()
        ),
        key=lambda f: not f["mine"],
    )  # the structure's own frames first, in the table's order
    return {
        "card": card,
        "dossiers": dossiers,
        "earlier": earlier,
        "frames": frames,
        "may_deposit": bool(roles) and user.role != Role.ADMIN,
        "role_words": ROLE_WORDS,
        "groupement_words": GROUPEMENT_WORDS,
        "channel_words": CHANNEL_WORDS,
        "form": form,
        "refused": None,
    }


@pages.post("/marches/{number}/pieces")
async def deposit_post(request: Request, number: str, s: SessionDep) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    form = await request.form()
    try:
        _form_csrf(request, form)
        body = works.PieceDeposit.model_validate(deposit_fields(form))
        piece = works.deposit_piece(number, body, s, user)
    except CsrfRefused as e:
        return error_page(request, user, 403, e.code)
    except (ApiError, RecordError, ValidationError) as e:
        s.rollback()
        return _deposit_refused(request, s, user, number, dict(form), e)
    target = f"/dossiers/{quote(piece['dossier'])}#piece-{piece['id']}"
    return RedirectResponse(target, status_code=303)


def _deposit_refused(
    request: Request,
    s: Session,
    user: User,
    number: str,
    form: dict[str, Any],
    error: Exception,
) -> Response:
    try:
        card = works.read_contract(number, s, user)
    except (ApiError, RecordError) as e:
        return _denied(request, user, e)
    refused = refusal_of(error)
    context = {**_contract_context(s, user, card, form), "refused": refused.advice}
    return render(request, "works_marche.html", context, user, refused.status)


def deposit_fields(form: Any) -> dict[str, Any]:
    """The deposit form as `PieceDeposit` reads it; amounts may be written the French
    way (1 234,56)."""

    def text(name: str) -> str | None:
        value = str(form.get(name, "")).strip()
        return value or None

    def amount(name: str) -> str | None:
        value = text(name)
        return value and re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")

    fields: dict[str, Any] = {
        "frame": text("frame"),
        "channel": text("channel") or str(Channel.PDF_PORTAL),
        "number": text("number") or "",
        "issue_date": text("issue_date"),
        "situation_number": text("situation_number"),
        "answers": text("answers") if text("kind") == "association" else None,
        "document_id": text("document_id"),
        "send": form.get("send") is not None,
    }
    for name in ("total_ht", "total_vat", "total_ttc", "amount_due"):
        fields[name] = amount(name)
    return fields


# ------------------------------------------------------------------ the dossier


@pages.get("/dossiers/{number}")
def dossier_page(request: Request, number: str, s: SessionDep) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    try:
        view = works.read_dossier(number, s, user)
    except (ApiError, RecordError) as e:
        return _denied(request, user, e)
    return render(request, "works_dossier.html", _dossier_context(s, user, view), user)


def _dossier_context(
    s: Session, user: User, view: dict[str, Any], refused: Advice | None = None
) -> dict[str, Any]:
    contract = works.get_contract(s, view["contract"])
    pieces = [_piece_view(s, user, contract, p) for p in view["pieces"]]
    return {
        "view": view,
        "pieces": pieces,
        "refused": refused,
        "channel_words": CHANNEL_WORDS,
        "needs_reason": [str(a) for a in NEEDS_REASON],
    }


def _piece_view(
    s: Session, user: User, contract: Contract, data: dict[str, Any]
) -> dict[str, Any]:
    piece = get_piece(s, data["id"])
    mine = bool(user.siret) and user.siret in holders(s, piece)
    return {
        **data,
        "history": [{**h, "when": paris_time(h["at"])} for h in data["history"]],
        "actions": allowed_actions(s, piece) if mine else [],
        "answers": answering_frames(s, contract, piece, user) if mine else [],
        "mine": mine,
    }


def allowed_actions(s: Session, piece: Piece) -> list[dict[str, Any]]:
    """The actions the status table lets the holder take on the piece now."""
    status = PieceStatus(piece.status)
    found = []
    for action in Action:
        if action == Action.RESUME:
            allowed = status == PieceStatus.SUSPENDUE
        else:
            to = target_of(action, status)
            allowed = to is not None and to != status and can_move(status, to)
        if allowed:
            found.append(
                {
                    "action": str(action),
                    "words": ACTION_WORDS[action],
                    "reason": action in NEEDS_REASON,
                }
            )
    return found


def answering_frames(
    s: Session, contract: Contract, piece: Piece, user: User
) -> list[dict[str, str]]:
    """The frames the user's structure may deposit in answer to the piece now (the
    association): A15 for an A4 at the MOE, A19 for an A15 at the MOA…"""
    roles = roles_of(s, contract, user.siret or "")
    status = PieceStatus(piece.status)
    return [
        {"code": str(frame), "label": rule.label}
        for frame, rule in FRAMES.items()
        if rule.depositor in roles
        and any(a.target == piece.frame and status in a.when for a in rule.answers)
    ]


@pages.post("/dossiers/{number}/pieces/{piece_id}/actions")
async def act_post(
    request: Request, number: str, piece_id: int, s: SessionDep
) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    form = await request.form()
    try:
        _form_csrf(request, form)
        reason = str(form.get("reason", "")).strip() or None
        body = works.PieceAction.model_validate(
            {"action": str(form.get("action", "")), "reason": reason}
        )
        works.act_on_piece(piece_id, body, s, user)
    except CsrfRefused as e:
        return error_page(request, user, 403, e.code)
    except (ApiError, RecordError, ValidationError) as e:
        s.rollback()
        return _act_refused(request, s, user, number, e)
    return RedirectResponse(
        f"/dossiers/{quote(number)}#piece-{piece_id}", status_code=303
    )


def _act_refused(
    request: Request, s: Session, user: User, number: str, error: Exception
) -> Response:
    try:
        view = works.read_dossier(number, s, user)
    except (ApiError, RecordError) as e:
        return _denied(request, user, e)
    refused = refusal_of(error)
    context = _dossier_context(s, user, view, refused.advice)
    return render(request, "works_dossier.html", context, user, refused.status)


def install(app: Any) -> None:
    """Add the works pages to ``app``."""
    app.include_router(pages)
