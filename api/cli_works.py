"""``ingest works``: works contracts, their pieces, the dossier view, the scheduled jobs."""

import json
import sys
from contextlib import AbstractContextManager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from sqlmodel import Session

from models.db import session
from models.errors import RecordError
from models.types import utcnow
from models.works import (
    FRAMES,
    Action,
    Channel,
    ContractCreate,
    DepositRequest,
    DossierView,
    Frame,
    PieceFacts,
    PieceStatus,
    act,
    create_contract,
    deposit,
    dossier_json,
    expire_validations,
    get_contract,
    get_dossier,
    get_piece,
    view_dossier,
)
from models.works_mail import SmtpServer, send_pending

err = Console(stderr=True)
works_app = typer.Typer(
    help="Works invoices (CCAG Travaux): contracts, pieces, billing dossiers.",
    no_args_is_help=True,
)
CLI_ACTOR = "cli"


def register(app: typer.Typer) -> None:
    """Add ``ingest works`` to the ``ingest`` app."""
    app.add_typer(works_app, name="works")


def _session() -> AbstractContextManager[Session]:
    """A session on the database, brought to head first when empty or behind."""
    from api.cli_records import _ready_engine

    return session(_ready_engine())


def _refused(error: RecordError) -> None:
    from api.cli import ExitCode

    err.print(f"[red]{error.code}[/]: {escape(error.describe())}")
    raise typer.Exit(code=ExitCode.BAD_INPUT) from None


@works_app.command("contract")
def contract_command(
    file: Annotated[
        Path, typer.Argument(help="The contract's identity card and actors, JSON.")
    ],
) -> None:
    """Create a contract with its actors (roles, groupement, mandataire)."""
    from api.cli import ExitCode

    try:
        data = ContractCreate.model_validate_json(file.read_bytes())
    except OSError as e:
        err.print(f"[red]file_unreadable[/]: {file}: {e.strerror}")
        raise typer.Exit(code=ExitCode.BAD_INPUT) from None
    except ValidationError as e:
        err.print(f"[red]invalid_value[/]: {escape(str(e))}")
        raise typer.Exit(code=ExitCode.BAD_INPUT) from None
    with _session() as s:
        try:
            contract = create_contract(s, data, actor=CLI_ACTOR)
        except RecordError as e:
            _refused(e)
        sys.stdout.write(f"{contract.number}\n")


@works_app.command("deposit")
def deposit_command(
    contract: Annotated[str, typer.Argument(help="The contract's number.")],
    frame: Annotated[Frame, typer.Option(help="The billing frame (A4…A25).")],
    by: Annotated[str, typer.Option(help="The depositing structure's SIRET.")],
    number: Annotated[str, typer.Option(help="The piece's number.")],
    channel: Annotated[Channel, typer.Option(help="How it is sent.")] = (
        Channel.PDF_PORTAL
    ),
    answers: Annotated[
        int | None, typer.Option(help="The id of the earlier piece it answers.")
    ] = None,
    issued: Annotated[str | None, typer.Option(help="Issue date, ISO.")] = None,
    ht: Annotated[str | None, typer.Option(help="Montant HT.")] = None,
    vat: Annotated[str | None, typer.Option(help="Montant TVA.")] = None,
    ttc: Annotated[str | None, typer.Option(help="Montant TTC.")] = None,
    due: Annotated[str | None, typer.Option(help="Net à payer.")] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Keep it as a Brouillon.")
    ] = False,
) -> None:
    """Deposit a piece, initial or answering an earlier one; prints its id."""
    facts = PieceFacts(
        number=number,
        issue_date=_date(issued),
        total_ht=_money(ht),
        total_vat=_money(vat),
        total_ttc=_money(ttc),
        amount_due=_money(due),
    )
    request = DepositRequest(
        frame=frame, depositor_siret=by, channel=channel, facts=facts,
        associated_with_id=answers,
    )  # fmt: skip
    with _session() as s:
        try:
            piece = deposit(
                s, get_contract(s, contract), request, actor=CLI_ACTOR, send=not draft
            )
        except RecordError as e:
            _refused(e)
        err.print(
            f"{frame} N° {escape(number)}: {PieceStatus(piece.status).label} "
            f"(piece {piece.id})"
        )
        sys.stdout.write(f"{piece.id}\n")


@works_app.command("act")
def act_command(
    piece_id: Annotated[int, typer.Argument(help="The piece's id.")],
    action: Annotated[Action, typer.Argument(help="What to do with it.")],
    by: Annotated[str, typer.Option(help="The acting structure's SIRET.")],
    reason: Annotated[
        str | None, typer.Option(help="Why (refusals, suspension).")
    ] = None,
) -> None:
    """Act on a piece as the structure it waits on: MOE, MOA, supplier, validator."""
    with _session() as s:
        try:
            piece = act(
                s, get_piece(s, piece_id), action, by_siret=by, actor=CLI_ACTOR,
                reason=reason,
            )  # fmt: skip
        except RecordError as e:
            _refused(e)
        sys.stdout.write(f"{PieceStatus(piece.status).value}\n")


@works_app.command("dossier")
def dossier_command(
    number: Annotated[str, typer.Argument(help="The dossier's number.")],
    json_out: Annotated[
        bool, typer.Option("--json", help="The dossier as one JSON object.")
    ] = False,
) -> None:
    """Consultation d'un dossier de facturation: every piece and its history."""
    with _session() as s:
        try:
            view = view_dossier(s, get_dossier(s, number))
        except RecordError as e:
            _refused(e)
    if json_out:
        sys.stdout.write(json.dumps(dossier_json(view), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(dossier_text(view))


def dossier_text(view: DossierView) -> str:
    """The dossier as the portal shows it: newest piece first, newest status first
    (times in UTC)."""
    lines = [
        f"PIÈCES DU DOSSIER DE FACTURATION N° {view.dossier.number} "
        f"(marché {view.contract.number})"
    ]
    for item in reversed(view.pieces):
        piece = item.piece
        frame = Frame(piece.frame)
        status = PieceStatus(piece.status)
        lines.append(
            f"{frame} – {FRAMES[frame].label} - N° {piece.number} - "
            f"Etat courant = {status.label} ({piece.status_since:%d/%m/%Y})"
        )
        for change in reversed(item.history):
            why = f" ({change.reason})" if change.reason else ""
            lines.append(
                f"    {change.at:%d/%m/%Y %H:%M:%S} - "
                f"{PieceStatus(change.to_status).label}{why}"
            )
    return "\n".join(lines) + "\n"


@works_app.command("deadlines")
def deadlines_command(
    now: Annotated[
        str | None, typer.Option(help="Run as of this ISO time (default: now).")
    ] = None,
) -> None:
    """The scheduled job: pieces whose validator let INGEST_WORKS_VALIDATION_DAYS
    pass go on, "Validation 1/2 hors délai". Run it from cron or a timer."""
    from api.cli import settings

    at = _instant(now)
    days = settings().works_validation_days
    with _session() as s:
        moved = expire_validations(s, days=days, now=at)
        for piece in moved:
            sys.stdout.write(f"{piece.id}\t{piece.frame}\t{piece.status}\n")
    err.print(f"{len(moved)} piece(s) past their {days}-day validation deadline")


@works_app.command("mail")
def mail_command() -> None:
    """Send the pending works notices through INGEST_SMTP_HOST."""
    from api.cli import ExitCode, settings

    config = settings()
    if not config.smtp_host:
        err.print("[red]smtp_not_configured[/]: set INGEST_SMTP_HOST")
        raise typer.Exit(code=ExitCode.BAD_SETTINGS)
    server = SmtpServer(config.smtp_host, config.smtp_port, config.smtp_sender)
    with _session() as s:
        report = send_pending(s, server)
    err.print(f"{report.sent} notice(s) sent, {report.failed} kept for later")
    if report.failed:
        raise typer.Exit(code=ExitCode.BAD_SETTINGS)


def _instant(text: str | None) -> datetime:
    from api.cli import ExitCode

    if text is None:
        return utcnow()
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        err.print(f"[red]invalid_value[/]: --now {escape(text)!r}")
        raise typer.Exit(code=ExitCode.BAD_INPUT) from None
    if at.tzinfo is None:
        err.print("[red]invalid_value[/]: --now needs a time zone (…+00:00)")
        raise typer.Exit(code=ExitCode.BAD_INPUT)
    return at


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        _invalid("date", text)
        raise


def _money(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        _invalid("amount", text)
        raise


def _invalid(what: str, text: str) -> None:
    from api.cli import ExitCode

    err.print(f"[red]invalid_value[/]: {what} {escape(text)!r}")
    raise typer.Exit(code=ExitCode.BAD_INPUT) from None
