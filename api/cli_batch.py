"""``ingest batch``: re-process folders, zip archives and globs; resumable, parallel.

The batch is a database record: stopping it (Ctrl-C, kill) and running the same command
again reads only what is not done. The parent process reads the files, stores them and
writes every result; worker processes (``api.batch_pool``) run the pipeline. With
``INGEST_BROKER_URL`` set, the files go to the Celery workers instead
(``api.batch_tasks``), and the command follows their progress in the database.
"""

import csv
import json
import logging
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine
from sqlmodel import Session

from api.batch_pool import extract_blob, start_pool
from api.batch_sources import (
    ArchiveLimits,
    Plan,
    Source,
    SourceReader,
    plan,
)
from api.settings import Settings
from ingest.contract import Extraction
from ingest.errors import IngestError
from models.batch_report import BatchReport, Change, FieldDiff, ItemReport, build_report
from models.batches import (
    Batch,
    BatchItem,
    BatchStatus,
    ItemStatus,
    claim,
    close_batch,
    heartbeat,
    open_batch,
    preview,
    record,
    refuse,
    run_owner,
    sync_items,
)
from models.db import session
from models.documents import BlobStore, Document, blob_store, deposit
from models.errors import RecordError

log = logging.getLogger("ingest")
err = Console(stderr=True)
DEPOSITOR = "batch"
"""``deposited_by`` of the documents a batch stores."""
IN_FLIGHT_PER_WORKER = 2
"""Files handed to the pool ahead of the workers: enough to keep them busy, few
enough that a stop leaves little half-done."""
HEARTBEAT_S = 10.0
SHOWN = 20
"""Disagreements and refusals listed on the terminal (all of them in the report)."""
REPORT_SUFFIXES = (".csv", ".json")
CSV_COLUMNS = (
    "source", "document_id", "sha256", "status", "error_code", "field", "change",
    "old_value", "old_confidence", "new_value", "new_confidence", "correction",
    "disagrees", "truth", "right",
)  # fmt: skip
INTERRUPTED_EXIT = 130


class Outcome(StrEnum):
    """What this run did with one file."""

    PROCESSED = "processed"
    FAILED = "failed"
    REFUSED = "refused"
    BUSY = "busy"
    """Another worker holds the document now; left for the next run."""


@dataclass
class Run:
    """This run's counts, and whether it was stopped."""

    outcomes: Counter[Outcome] = field(default_factory=Counter)
    interrupted: bool = False
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


class ReportFormatUnknown(IngestError):
    code = "report_format_unknown"
    message = "The report is written as .csv or .json; name the file so."


def register(app: typer.Typer) -> None:
    """Add ``ingest batch`` to the ``ingest`` app."""
    app.command("batch")(batch_command)


def batch_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Folders (recursive), zip archives, files or globs."),
    ],
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes (default INGEST_WORKERS, else one per core)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Process everything again, done or not.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Say what would be processed; change nothing."),
    ] = False,
    report: Annotated[
        list[Path] | None,
        typer.Option(
            help="Write the per-field report to FILE.csv or FILE.json (repeatable)."
        ),
    ] = None,
) -> None:
    """Re-process invoices in bulk: resumable, parallel, with a per-field diff."""
    from api.cli import ExitCode, settings, trust
    from api.cli_records import _ready_engine

    config = settings()
    reports = report or []
    try:
        _check_reports(reports)
        found = plan(paths, archive_limits(config))
    except IngestError as e:
        err.print(f"[red]{e.code}[/]: {e.describe()}")
        raise typer.Exit(code=ExitCode.BAD_INPUT) from None
    engine = _ready_engine()
    if dry_run:
        _dry_run(engine, found, force)
        return
    trust(config)  # a bad INGEST_TRUST_ROOTS stops here (exit 3), not in each worker
    count = workers or config.workers or os.cpu_count() or 1
    try:
        batch, result = run_batch(engine, config, found, force=force, workers=count)
    except RecordError as e:
        err.print(f"[red]{e.code}[/]: {e.describe()}")
        raise typer.Exit(code=ExitCode.BAD_INPUT) from None
    except KeyboardInterrupt:  # stopped again while stopping: what is recorded stays
        err.print("[yellow]interrupted[/]: run the same command again to resume")
        raise typer.Exit(code=INTERRUPTED_EXIT) from None
    with session(engine) as s:
        summary = build_report(s, batch)
    for path in reports:
        write_report(summary, result, path)
    show_summary(summary, result)
    if result.interrupted:
        raise typer.Exit(code=INTERRUPTED_EXIT)
    statuses = summary.statuses
    if statuses[ItemStatus.FAILED] or statuses[ItemStatus.REFUSED]:
        raise typer.Exit(code=ExitCode.BAD_INPUT)


def archive_limits(config: Settings) -> ArchiveLimits:
    return ArchiveLimits(max_bytes=config.max_bytes, max_ratio=config.max_zip_ratio)


def _check_reports(reports: Sequence[Path]) -> None:
    for path in reports:
        if path.suffix.lower() not in REPORT_SUFFIXES:
            raise ReportFormatUnknown(str(path))


def run_batch(
    engine: Engine, config: Settings, found: Plan, *, force: bool, workers: int
) -> tuple[Batch, Run]:
    """Open (or resume) the batch, process what is not done, and close it."""
    with session(engine) as s:
        batch, _ = open_batch(s, found.keys, force=force)
        todo = sync_items(s, batch, [source.planned() for source in found.sources])
    sources = {source.name: source for source in found.sources}
    run = Run()
    # Ctrl-C is handled even where SIGINT came ignored (a job started in the
    # background by a script, or by a test runner's worker, inherits SIG_IGN).
    previous = {sig: signal.signal(sig, _interrupt) for sig in STOP_SIGNALS}
    try:
        with _progress_bar(visible=bool(todo)) as bar:
            task = bar.add_task("batch", total=len(todo))

            def advance(outcome: Outcome) -> None:
                run.outcomes[outcome] += 1
                bar.advance(task)

            if todo and config.broker_url:
                from api.batch_tasks import run_on_celery

                run_on_celery(engine, config, batch, todo, sources, advance, run)
            elif todo:
                run_locally(engine, config, batch, todo, sources, advance, run, workers)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    with session(engine) as s:
        close_batch(
            s, batch, BatchStatus.INTERRUPTED if run.interrupted else BatchStatus.DONE
        )
    return batch, run


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C and SIGTERM stop the batch the same way."""
    raise KeyboardInterrupt


def _progress_bar(*, visible: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        RateColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not visible,
    )


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("– doc/s" if speed is None else f"{speed:.1f} doc/s")


Advance = Callable[[Outcome], None]


@dataclass
class Prepared:
    item_id: int
    sha256: str
    blob: Path


def store(
    s: Session, reader: SourceReader, blobs: BlobStore, item: BatchItem, source: Source
) -> Document | None:
    """Read the file and store it (once per content); None when it is refused."""
    try:
        data = reader.read(source)
    except IngestError as e:
        refuse(s, item, e.code, e.describe())
        return None
    name = Path(source.entry or source.name).name
    document, _ = deposit(s, blobs, data, filename=name, deposited_by=DEPOSITOR)
    return document


def run_locally(
    engine: Engine,
    config: Settings,
    batch: Batch,
    todo: Sequence[BatchItem],
    sources: dict[str, Source],
    advance: Advance,
    run: Run,
    workers: int,
) -> None:
    """Process the rows on this machine: read here, extract in the pool, record here."""
    owner = run_owner(batch)
    # A claimed file waits behind at most IN_FLIGHT_PER_WORKER others in the pool.
    lease_s = config.lease_s + (IN_FLIGHT_PER_WORKER + 1) * config.timeout_s
    blobs = blob_store(config.data_dir)
    in_flight: dict[Future[dict[str, Any]], Prepared] = {}
    pool = start_pool(config, workers)
    try:
        with session(engine) as s, SourceReader(archive_limits(config)) as reader:
            beat = time.monotonic()
            for item in todo:
                while len(in_flight) >= workers * IN_FLIGHT_PER_WORKER:
                    _collect(s, in_flight, owner, advance, block=True)
                document = store(s, reader, blobs, item, sources[item.source])
                if document is None:
                    advance(Outcome.REFUSED)
                    continue
                if any(p.sha256 == document.sha256 for p in in_flight.values()):
                    # The same bytes twice: the first is recorded before the second.
                    _drain(s, in_flight, owner, advance)
                if not claim(s, item, document, owner, lease_s) or item.id is None:
                    advance(Outcome.BUSY)
                    continue
                ready = Prepared(item.id, document.sha256, blobs.path(document.sha256))
                future = pool.submit(extract_blob, str(ready.blob), ready.sha256)
                in_flight[future] = ready
                _collect(s, in_flight, owner, advance, block=False)
                if time.monotonic() - beat > HEARTBEAT_S:
                    heartbeat(s, batch)
                    beat = time.monotonic()
            _drain(s, in_flight, owner, advance)
    except KeyboardInterrupt:
        run.interrupted = True
        err.print(
            "[yellow]stopping[/]: recording the files being read "
            "(Ctrl-C again to quit now)"
        )
        for future in in_flight:
            future.cancel()
        with session(engine) as s:
            _drain(s, in_flight, owner, advance)
    except BrokenProcessPool:
        run.interrupted = True
        err.print(
            "[red]worker_lost[/]: a worker process died; "
            "run the same command again to resume"
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(
    s: Session,
    in_flight: dict[Future[dict[str, Any]], Prepared],
    owner: str,
    advance: Advance,
) -> None:
    while in_flight:
        _collect(s, in_flight, owner, advance, block=True)


def _collect(
    s: Session,
    in_flight: dict[Future[dict[str, Any]], Prepared],
    owner: str,
    advance: Advance,
    *,
    block: bool,
) -> None:
    """Record the results that are ready (wait for one when ``block``)."""
    done, _ = wait(in_flight, timeout=None if block else 0, return_when=FIRST_COMPLETED)
    for future in done:
        prepared = in_flight.pop(future)
        if future.cancelled():
            continue  # its row stays pending; the next run takes its document back
        # From a dict, not from JSON text: validated from JSON, a SIRET's digits
        # would turn into the Money arm of the value's union.
        extraction = Extraction.model_validate(future.result())
        saved = record(s, prepared.item_id, owner, extraction)
        if saved is None:
            advance(Outcome.BUSY)
        else:
            advance(Outcome.FAILED if extraction.error else Outcome.PROCESSED)


def _dry_run(engine: Engine, found: Plan, force: bool) -> None:
    planned = [source.planned() for source in found.sources]
    with session(engine) as s:
        todo = preview(s, found.keys, planned, force=force)
    refused = [p for p in planned if p.refused_code]
    out = Console()
    table = Table(title="ingest batch --dry-run: nothing is changed")
    table.add_column("files")
    table.add_column("count", justify="right")
    table.add_row("found", str(len(planned)))
    table.add_row("to process", str(len(todo)))
    table.add_row("already done", str(len(planned) - len(todo) - len(refused)))
    table.add_row("refused", str(len(refused)))
    out.print(table)
    for plan_item in refused[:SHOWN]:
        out.print(f"[red]{plan_item.refused_code}[/] {plan_item.source}")
    for plan_item in todo[:SHOWN]:
        out.print(f"would process {plan_item.source}")
    if len(todo) > SHOWN:
        out.print(f"… and {len(todo) - SHOWN} more")


def show_summary(report: BatchReport, run: Run) -> None:
    """The counts of this run and of the whole batch, then the fields, on stdout."""
    out = Console()
    statuses = report.statuses
    done_now = sum(run.outcomes.values()) - run.outcomes[Outcome.BUSY]
    title = f"batch {report.batch_id}" + (" (interrupted)" if run.interrupted else "")
    table = Table(title=title)
    table.add_column("")
    table.add_column("this run", justify="right")
    table.add_column("whole batch", justify="right")
    table.add_row("files", str(sum(run.outcomes.values())), str(len(report.items)))
    table.add_row(
        "processed",
        str(run.outcomes[Outcome.PROCESSED]),
        str(statuses[ItemStatus.DONE]),
    )
    table.add_row(
        "failed", str(run.outcomes[Outcome.FAILED]), str(statuses[ItemStatus.FAILED])
    )
    table.add_row(
        "refused", str(run.outcomes[Outcome.REFUSED]), str(statuses[ItemStatus.REFUSED])
    )
    table.add_row("busy, left for later", str(run.outcomes[Outcome.BUSY]), "")
    table.add_row(
        "not done yet", "",
        str(statuses[ItemStatus.PENDING] + statuses[ItemStatus.SENT]),
    )  # fmt: skip
    rate = done_now / run.elapsed if run.elapsed else 0.0
    table.add_row("time", f"{run.elapsed:.1f} s ({rate:.2f} doc/s)", "")
    out.print(table)
    if report.changes:
        out.print(_fields_table(report))
    overall = report.overall_accuracy
    if overall is not None:
        out.print(
            "accuracy against the truth files: "
            f"{overall.right}/{overall.seen} = {overall.share:.4f}"
        )
    disagreements = report.disagreements
    if disagreements:
        out.print(
            f"[yellow]{len(disagreements)} re-read value(s) disagree with a correction (kept):[/]"
        )
        for item, diff in disagreements[:SHOWN]:
            out.print(
                f"  {item.source} {diff.field}: read {diff.new_value!r}, "
                f"corrected {diff.correction!r}"
            )
    errors = Counter(i.error_code for i in report.items if i.error_code)
    for code, n in errors.most_common():
        out.print(f"[red]{code}[/]: {n}")


def _fields_table(report: BatchReport) -> Table:
    table = Table(title="fields: this batch's reading against the previous one")
    for column in ("field", *(c.value for c in Change), "disagree", "accuracy"):
        table.add_column(column, justify="left" if column == "field" else "right")
    disagree = Counter(diff.field for _, diff in report.disagreements)
    for name, counts in report.changes.items():
        accuracy = report.accuracy.get(name)
        table.add_row(
            name, *(str(counts[c]) for c in Change), str(disagree[name] or ""),
            f"{accuracy.right}/{accuracy.seen} {accuracy.share:.3f}" if accuracy else "",
        )  # fmt: skip
    return table


def write_report(report: BatchReport, run: Run, path: Path) -> None:
    """The report as CSV (one row per document and field) or JSON, by the suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        text = json.dumps(report_json(report, run), ensure_ascii=False, indent=1)
        path.write_text(text + "\n", encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for item in report.items:
            for row in _csv_rows(item):
                writer.writerow(row)


def _csv_rows(item: ItemReport) -> list[list[object]]:
    head = [item.source, item.document_id or "", item.sha256 or "", item.status.value,
            item.error_code or ""]  # fmt: skip
    if not item.fields:
        return [head + [""] * (len(CSV_COLUMNS) - len(head))]
    return [
        [
            *head,
            diff.field,
            diff.change.value,
            _blank(diff.old_value),
            _blank(diff.old_confidence),
            _blank(diff.new_value),
            _blank(diff.new_confidence),
            _blank(diff.correction),
            "yes" if diff.disagrees else "",
            _blank(diff.truth),
            _yes_no(diff.right),
        ]
        for diff in item.fields
    ]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _blank(value: object) -> object:
    return "" if value is None else value


def report_json(report: BatchReport, run: Run) -> dict[str, Any]:
    """The whole report: this run, the batch, each document's fields, the totals."""
    overall = report.overall_accuracy
    return {
        "run": {
            **{outcome.value: run.outcomes[outcome] for outcome in Outcome},
            "interrupted": run.interrupted,
            "seconds": round(run.elapsed, 3),
        },
        "batch": {
            "id": report.batch_id,
            "sources": list(report.sources),
            "pipeline_version": report.pipeline_version,
            "statuses": {s.value: n for s, n in sorted(report.statuses.items())},
        },
        "documents": [_item_json(item) for item in report.items],
        "fields": {
            name: {
                **{c.value: counts[c] for c in Change},
                **(
                    {"accuracy": _accuracy_json(report.accuracy[name])}
                    if name in report.accuracy
                    else {}
                ),
            }
            for name, counts in report.changes.items()
        },
        "disagreements": [
            {
                "source": item.source,
                "document_id": item.document_id,
                "field": diff.field,
                "read": diff.new_value,
                "correction": diff.correction,
            }
            for item, diff in report.disagreements
        ],
        "accuracy": _accuracy_json(overall) if overall is not None else None,
    }


def _accuracy_json(accuracy: Any) -> dict[str, Any]:
    return {
        "right": accuracy.right,
        "seen": accuracy.seen,
        "share": round(accuracy.share, 4),
    }


def _item_json(item: ItemReport) -> dict[str, Any]:
    return {
        "source": item.source,
        "document_id": item.document_id,
        "sha256": item.sha256,
        "status": item.status.value,
        "error": {"code": item.error_code, "message": item.error_message}
        if item.error_code
        else None,
        "fields": {diff.field: _diff_json(diff) for diff in item.fields},
    }


def _reading(value: str | None, confidence: float | None) -> dict[str, Any] | None:
    return None if value is None else {"value": value, "confidence": confidence}


def _diff_json(diff: FieldDiff) -> dict[str, Any]:
    found: dict[str, Any] = {
        "change": diff.change.value,
        "old": _reading(diff.old_value, diff.old_confidence),
        "new": _reading(diff.new_value, diff.new_confidence),
    }
    if diff.correction is not None or diff.disagrees:
        found["correction"] = diff.correction
        found["disagrees"] = diff.disagrees
    if diff.right is not None or diff.truth is not None:
        found["truth"] = diff.truth
        found["right"] = diff.right
    return found
