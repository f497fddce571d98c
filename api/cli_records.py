"""``ingest db``, ``ingest directory`` and ``ingest match``: the commands that need records."""

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from sqlalchemy import Engine

from ingest import pipeline
from ingest.contract import Extraction
from ingest.matching import MatchResult, facts_from_extraction, match, match_json
from models.db import database_url, ensure_schema, make_engine, session, upgrade
from models.directory import DatabaseDirectory, ImportReport, import_files
from models.errors import RecordError, UnknownDirectoryFile

log = logging.getLogger("ingest")
err = Console(stderr=True)
db_app = typer.Typer(help="The database: schema upgrades.", no_args_is_help=True)
directory_app = typer.Typer(
    help="The directory of public structures: import, sample.", no_args_is_help=True
)
SHOWN_REFUSALS = 20
"""Refused lines listed per file on the terminal (all of them with --json)."""


def register(app: typer.Typer) -> None:
    """Add these commands to the ``ingest`` app."""
    app.add_typer(db_app, name="db")
    app.add_typer(directory_app, name="directory")
    app.command("match")(match_command)


def _engine() -> Engine:
    from api.cli import settings

    config = settings()
    return make_engine(database_url(config.data_dir, config.database_url))


def _ready_engine() -> Engine:
    """The engine, its database brought to head first when empty or behind."""
    engine = _engine()
    try:
        ensure_schema(engine)
    except RecordError as e:
        _fail(e)
    return engine


def _fail(error: RecordError) -> None:
    from api.cli import ExitCode

    err.print(f"[red]{error.code}[/]: {error.describe()}")
    raise typer.Exit(code=ExitCode.BAD_SETTINGS) from None


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the newest schema (SQLite file, or INGEST_DATABASE_URL)."""
    engine = _engine()
    try:
        revision = upgrade(engine)
    except RecordError as e:
        _fail(e)
    err.print(f"database at revision {revision} ({engine.url.render_as_string()})")


@directory_app.command("import")
def directory_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Structures, services, engagements or suppliers CSV files."
        ),
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="One JSON report per file on stdout.")
    ] = False,
) -> None:
    """Import directory files, each recognised by its header; re-import updates."""
    from api.cli import ExitCode

    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        err.print(f"[red]file_unreadable[/]: {', '.join(missing)}")
        raise typer.Exit(code=ExitCode.BAD_INPUT)
    engine = _ready_engine()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        console=err, transient=True,
    ) as bar, session(engine) as s:  # fmt: skip
        tasks = {path: bar.add_task(path.name, total=None) for path in files}

        def advance(path: Path, done: int, total: int) -> None:
            bar.update(tasks[path], completed=done, total=total)

        try:
            results = import_files(s, files, progress=advance)
        except RecordError as e:
            _fail(e)
    for result in results:
        if json_out:
            sys.stdout.write(
                json.dumps(_report_json(result), ensure_ascii=False) + "\n"
            )
        else:
            _show_report(result)
    if any(isinstance(r, UnknownDirectoryFile) or r.refused for r in results):
        raise typer.Exit(code=ExitCode.BAD_INPUT)


def _report_json(result: ImportReport | UnknownDirectoryFile) -> dict[str, object]:
    if isinstance(result, UnknownDirectoryFile):
        return {"error": {"code": result.code, "message": result.describe()}}
    return {
        "path": result.path,
        "kind": result.kind.value,
        "encoding": result.encoding,
        "lines": result.lines,
        "inserted": result.inserted,
        "updated": result.updated,
        "refused": [
            {"line": r.line, "code": r.code.value, "message": r.message}
            for r in result.refused
        ],
        "error": None,
    }


def _show_report(result: ImportReport | UnknownDirectoryFile) -> None:
    out = Console(soft_wrap=True)
    if isinstance(result, UnknownDirectoryFile):
        out.print(f"[red]{result.code}[/]: {result.describe()}")
        return
    out.print(
        f"{result.path}: {result.kind} ({result.encoding}), {result.lines} lines, "
        f"{result.inserted} inserted, {result.updated} updated, "
        f"{len(result.refused)} refused"
    )
    if result.refused:
        table = Table("line", "code", "reason")
        for refused in result.refused[:SHOWN_REFUSALS]:
            table.add_row(str(refused.line), refused.code.value, refused.message)
        out.print(table)
        if len(result.refused) > SHOWN_REFUSALS:
            out.print(f"… and {len(result.refused) - SHOWN_REFUSALS} more (--json)")


@directory_app.command("sample")
def directory_sample(
    out: Annotated[Path, typer.Argument(help="Folder to write the CSV files into.")],
    count: Annotated[int, typer.Option(help="How many invoices it must match.")] = 50,
    seed: Annotated[int, typer.Option(help="The invoices' seed.")] = 1,
) -> None:
    """Write the directory that `ingest samples generate --count N --seed S` matches."""
    from samples.directory import write_matching

    files = write_matching(out, count, seed)
    err.print(
        f"directory for {count} invoices of seed {seed}: {len(files.paths)} files in {out}"
    )


def match_command(
    files: Annotated[list[Path], typer.Argument(help="PDF files to read and match.")],
    json_out: Annotated[
        bool, typer.Option("--json", help="One JSON object per file on stdout.")
    ] = False,
) -> None:
    """Extract each invoice, then match it to the directory: structure, service,
    engagement, supplier, and what blocks its routing."""
    from api.cli import ExitCode, extract_file, settings, show

    options = pipeline.Options(limits=settings().limits())
    engine = _ready_engine()
    failed = False
    with session(engine) as s:
        directory = DatabaseDirectory(s)
        for path in files:
            extraction = extract_file(path, options)
            failed |= extraction.error is not None
            result = (
                None
                if extraction.error
                else match(facts_from_extraction(extraction), directory)
            )
            if json_out:
                sys.stdout.write(json.dumps(_with_match(extraction, result)) + "\n")
                sys.stdout.flush()
            else:
                show(path, extraction)
                if result is not None:
                    _show_match(result)
    if failed:
        raise typer.Exit(code=ExitCode.BAD_INPUT)


def _with_match(
    extraction: Extraction, result: MatchResult | None
) -> dict[str, object]:
    """The Extraction's JSON with the ``match`` object added (null for a refused file)."""
    data: dict[str, object] = extraction.model_dump(mode="json")
    data["match"] = None if result is None else match_json(result)
    return data


def _show_match(result: MatchResult) -> None:
    out = Console(soft_wrap=True)
    data = match_json(result)
    table = Table(title="Directory")
    table.add_column("what")
    table.add_column("found", overflow="fold")
    for key in ("structure", "service", "engagement", "supplier"):
        value = data[key]
        table.add_row(
            key, "—" if value is None else json.dumps(value, ensure_ascii=False)
        )
    out.print(table)
    for blocker in result.blockers:
        out.print(f"[red]✖ {blocker.code}[/]: {blocker.message}")
    for warning in result.warnings:
        out.print(f"[yellow]⚠ {warning.code}[/]: {warning.message}")
    if not result.blockers:
        out.print("[green]nothing blocks the routing[/]")
