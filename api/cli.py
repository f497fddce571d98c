"""The ``ingest`` console script."""

import logging
import sys
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from api.cli_batch import register as register_batch
from api.cli_records import register as register_records
from api.cli_service import register as register_service
from api.cli_works import register as register_works
from api.settings import Settings, get_settings
from ingest import pipeline
from ingest.contract import Extraction, Notice
from ingest.errors import FileUnreadable, IngestError, TooLarge
from ingest.signature.trust import TrustRootsUnreadable, TrustSettings, load_trust

log = logging.getLogger("ingest")
app = typer.Typer(
    help="Read French public-sector invoices: extraction, checks and pre-filled drafts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
samples_app = typer.Typer(
    help="Generate realistic invoices with their truth.", no_args_is_help=True
)
app.add_typer(samples_app, name="samples")
register_records(app)
register_batch(app)
register_service(app)
register_works(app)
err = Console(stderr=True)


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    BAD_INPUT = 2
    BAD_SETTINGS = 3


def settings() -> Settings:
    """The settings, or a one-line message naming the bad variable and exit 3."""
    try:
        return get_settings()
    except ValidationError as e:
        for error in e.errors():
            name = "INGEST_" + str(error["loc"][0]).upper()
            err.print(f"[red]invalid setting {name}[/]: {error['msg']}")
        raise typer.Exit(code=ExitCode.BAD_SETTINGS) from None


@app.callback()
def main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each stage on stderr.")
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # pyHanko logs every failed check with a traceback; its verdict reaches the user
    # through the signature report, so its own log only shows with -v.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.CRITICAL)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF or XML invoices to read.")],
    json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file on stdout.")
    ] = False,
) -> None:
    """Extract the fields of each invoice, with confidence and warnings."""
    options = pipeline.Options(limits=settings().limits(), trust=trust(settings()))
    failed = False
    for path in files:
        result = extract_file(path, options)
        failed |= result.error is not None
        if json:
            sys.stdout.write(result.model_dump_json() + "\n")
            sys.stdout.flush()
        else:
            show(path, result)
    if failed:
        raise typer.Exit(code=ExitCode.BAD_INPUT)


def trust(config: Settings) -> TrustSettings:
    """The signature trust roots named by INGEST_TRUST_ROOTS, or exit 3 naming the file."""
    try:
        return load_trust(config.trust_roots, fetch_revocation=config.fetch_revocation)
    except TrustRootsUnreadable as e:
        err.print(f"[red]invalid setting INGEST_TRUST_ROOTS[/]: {e}")
        raise typer.Exit(code=ExitCode.BAD_SETTINGS) from None


def extract_file(path: Path, options: pipeline.Options) -> Extraction:
    """Run the pipeline on one file; whatever goes wrong comes back as an error object."""
    try:
        if path.stat().st_size > options.limits.max_bytes:
            raise TooLarge(
                f"{path.stat().st_size} bytes, limit {options.limits.max_bytes}."
            )
        data = path.read_bytes()
    except IngestError as e:
        return _failed("", e.code, e.describe())
    except OSError as e:
        error = FileUnreadable(e.strerror or type(e).__name__)
        return _failed("", error.code, error.describe())
    try:
        return pipeline.run(data, options=options)
    except (
        Exception
    ) as e:  # the outer handler: a bug must not reach the user as a traceback
        if log.isEnabledFor(logging.INFO):
            log.exception("internal error on %s", path)
        else:
            log.error(
                "internal error on %s: %s (-v for details)", path, type(e).__name__
            )
        return _failed(
            "", "internal_error", "An internal error occurred; it has been logged."
        )


def _failed(sha256: str, code: str, message: str) -> Extraction:
    return Extraction(sha256=sha256, error=Notice(code=code, message=message))


def show(path: Path, result: Extraction) -> None:
    """A readable table of the fields, their confidence and the warnings."""
    out = Console()
    if result.error:
        out.print(f"[bold red]{path}[/]: {result.error.code}: {result.error.message}")
        return
    table = Table(title=f"{path.name} · {result.pages} page(s) · {result.source}")
    table.add_column("field")
    table.add_column("value", overflow="fold")
    table.add_column("confidence", justify="right")
    table.add_column("page", justify="right")
    table.add_column("method")
    for name, field in result.fields.items():
        colour = (
            "green"
            if field.confidence >= 0.9
            else "yellow"
            if field.confidence >= 0.5
            else "red"
        )
        value = field.model_dump(mode="json")["value"]
        table.add_row(
            name, str(value), f"[{colour}]{field.confidence:.2f}[/]",
            str(field.page or ""), field.method,
        )  # fmt: skip
    out.print(table)
    if result.vat_breakdown:
        vat = Table(title="VAT lines")
        for column in ("rate %", "base", "amount"):
            vat.add_column(column, justify="right")
        for line in result.vat_breakdown:
            data = line.model_dump(mode="json")
            vat.add_row(data["rate"], data["base"], data["amount"])
        out.print(vat)
    if result.signature.signatures:
        out.print(signature_table(result))
    for warning in result.warnings:
        out.print(f"[yellow]⚠ {warning.code}[/]: {warning.message}")


STATUS_COLOURS = {"valid": "green", "untrusted": "yellow", "invalid": "red"}


def signature_table(result: Extraction) -> Table:
    """One row per signature: verdict, who, when, what it covers and what changed."""
    summary = result.signature
    colour = STATUS_COLOURS.get(summary.status, "white")
    table = Table(
        title=f"signature: [{colour}]{summary.status}[/] · {summary.deposit_format}"
    )
    for column in ("field", "status", "signer", "SIREN", "time", "coverage",
                   "modifications", "PAdES", "reason"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for sig in summary.signatures:
        signer = sig.signer
        who = (signer.common_name or "") if signer else ""
        if signer and signer.organisation:
            who += f" ({signer.organisation})"
        when = sig.timestamp or sig.signing_time
        table.add_row(
            sig.field_name, f"[{STATUS_COLOURS.get(sig.status, 'white')}]{sig.status}[/]",
            who, (signer.siren or "") if signer else "",
            f"{when:%Y-%m-%d %H:%M}" + (" (TSA)" if sig.timestamp else "") if when else "",
            sig.coverage or "", sig.modifications or "", sig.pades_level or "",
            sig.reason.message if sig.reason else "",
        )  # fmt: skip
    return table


@samples_app.command("generate")
def samples_generate(
    out: Annotated[
        Path, typer.Argument(help="Folder to write PDFs and truth files into.")
    ],
    count: Annotated[int, typer.Option(help="How many invoices.")] = 20,
    seed: Annotated[int, typer.Option(help="Same seed, same invoices.")] = 1,
    scanned: Annotated[
        bool,
        typer.Option("--scanned", help="Print, scan and degrade them (no text layer)."),
    ] = False,
    facturx: Annotated[
        bool,
        typer.Option("--facturx", help="Embed a Factur-X XML (truth: NAME.xml.json)."),
    ] = False,
) -> None:
    """Write realistic invoices (NAME.pdf) with their truth (NAME.truth.json)."""
    from samples.facturx import generate as generate_facturx
    from samples.generator import generate
    from samples.scan import generate_scans

    out.mkdir(parents=True, exist_ok=True)
    make = generate_facturx if facturx else generate_scans if scanned else generate
    paths = make(out, count, seed)
    err.print(f"{len(paths)} {'scanned ' if scanned else ''}invoices written to {out}")
