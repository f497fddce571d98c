"""``ingest serve``, ``ingest worker`` and ``ingest users``: the service's commands."""

import logging
import threading
from typing import Annotated

import typer
from rich.console import Console

from api.settings import Settings
from models.db import session
from models.errors import RecordError
from models.users import Role, add_user, find_user, reissue_token

log = logging.getLogger("ingest")
err = Console(stderr=True)
users_app = typer.Typer(help="API users: roles, scopes, tokens.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add these commands to the ``ingest`` app."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.add_typer(users_app, name="users")


def _settings(**overrides: object) -> Settings:
    from api.cli import settings

    config = settings()
    changed = {k: v for k, v in overrides.items() if v is not None}
    return config.model_copy(update=changed) if changed else config


def _check_trust(config: Settings) -> None:
    """Stop with exit 3 now, rather than in every worker, when the roots are bad."""
    from api.cli import trust

    trust(config)


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="In-process workers (default: one per core; 0: none)."),
    ] = None,
) -> None:
    """Serve the API (OpenAPI at /docs) with in-process workers, or Celery's when
    INGEST_BROKER_URL is set."""
    import uvicorn

    from api.app import create_app
    from api.cli_records import _ready_engine

    config = _settings(host=host, port=port)
    _check_trust(config)
    _ready_engine().dispose()
    count = workers if workers is not None else (config.workers or None)
    app = create_app(config, workers=count)
    err.print(f"serving on http://{config.host}:{config.port} (API docs at /docs)")
    uvicorn.run(app, host=config.host, port=config.port, log_level="info")


def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="Processes (default: INGEST_WORKERS, or cores).")
    ] = None,
) -> None:
    """Process deposited documents on this machine: a Celery worker when
    INGEST_BROKER_URL is set, else workers that poll the database."""
    from api.cli_records import _ready_engine
    from api.workers import Pool, worker_count

    config = _settings()
    _check_trust(config)
    _ready_engine().dispose()
    count = concurrency or worker_count(config)
    if config.broker_url:
        from api.tasks import run_worker

        run_worker(config, count)
        return
    pool = Pool(config, count)
    pool.start()
    err.print(f"{count} worker(s) polling the database; Ctrl-C stops")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        pool.stop()


def _refuse(error: RecordError) -> None:
    """A refused request: its code and message, exit 2."""
    from api.cli import ExitCode

    err.print(f"[red]{error.code}[/]: {error.describe()}")
    raise typer.Exit(code=ExitCode.BAD_INPUT) from None


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="A unique name for the user.")],
    role: Annotated[Role, typer.Option(help="supplier, clerk or admin.")],
    siret: Annotated[
        str | None,
        typer.Option(help="Supplier: its SIRET. Clerk: its structure's SIRET."),
    ] = None,
) -> None:
    """Add a user; its API token is printed alone on the last line (shown once)."""
    from api.cli_records import _ready_engine

    engine = _ready_engine()
    try:
        with session(engine) as s:
            user, token = add_user(s, name, role, siret)
    except RecordError as e:
        _refuse(e)
    err.print(
        f"user {user.name} ({user.role}{', ' + user.siret if user.siret else ''})"
    )
    typer.echo(token)


@users_app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    role: Annotated[
        Role | None, typer.Option(help="Create the user with this role if missing.")
    ] = None,
    siret: Annotated[str | None, typer.Option(help="Its SIRET, when created.")] = None,
) -> None:
    """Issue a new token for a user (the old one stops working); printed last."""
    from api.cli_records import _ready_engine

    engine = _ready_engine()
    try:
        with session(engine) as s:
            if find_user(s, name) is None and role is not None:
                _, token = add_user(s, name, role, siret)
            else:
                token = reissue_token(s, name)
    except RecordError as e:
        _refuse(e)
    typer.echo(token)
