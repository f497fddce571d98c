"""The directory of public structures: tables, the CSV import, and matching's lookups.

The portal publishes structures and services as two ``;``-separated CSV files whose
header names the columns; engagements and known suppliers come in CSV files of ours.
`import_file` recognises each file by its header, refuses bad lines with a reason, and
upserts the rest in batches inside one transaction, so a file is imported whole or
not at all, and a second import updates rather than duplicates.
"""

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Table, UniqueConstraint, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Field, Session, SQLModel
from stdnum import iban as stdnum_iban
from stdnum.eu import vat as stdnum_vat
from stdnum.fr import siret as stdnum_siret

from ingest.matching import (
    EngagementRecord,
    ServiceRecord,
    StructureRecord,
    SupplierRecord,
    name_key,
)
from models.errors import DatabaseUnavailable, UnknownDirectoryFile
from models.types import Money, UtcDateTime, utcnow

# ---------------------------------------------------------------------------- tables


class _Contact(SQLModel):
    """The address and contact columns the portal's exports give structures and
    services alike."""

    address: str | None = Field(default=None, max_length=255)
    address_2: str | None = Field(default=None, max_length=255)
    address_3: str | None = Field(default=None, max_length=255)
    postcode: str | None = Field(default=None, max_length=16)
    city: str | None = Field(default=None, max_length=128)
    phone: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=255)
    country_code: str | None = Field(default=None, max_length=8)
    country_name: str | None = Field(default=None, max_length=64)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Structure(_Contact, table=True):
    """A public structure of the directory (one line of the structures export)."""

    __tablename__ = "structures"

    id: int | None = Field(default=None, primary_key=True)
    identifier_type: str = Field(max_length=16)
    """``SIRET`` for French structures; ``UE_HORS_FRANCE``, ``RIDET``… otherwise."""
    identifier: str = Field(max_length=32, unique=True)
    siren: str | None = Field(default=None, max_length=9, index=True)
    name: str = Field(max_length=255)
    name_key: str = Field(max_length=255, index=True)
    edi_sender: bool = False
    edi_receiver: bool = False
    manages_payment_status: bool = False
    engagement_required: bool = False
    service_required: bool = False
    service_or_engagement_required: bool = False
    is_moa: bool = False
    is_moa_only: bool = False
    active: bool = True


class Service(_Contact, table=True):
    """A service of a structure (one line of the services export)."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("structure_identifier", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    structure_identifier: str = Field(
        max_length=32, foreign_key="structures.identifier", ondelete="CASCADE"
    )
    code: str = Field(max_length=100)
    name: str = Field(max_length=255)
    engagement_required: bool = False
    active: bool = True


class Engagement(SQLModel, table=True):
    """A legal commitment of a structure towards a supplier, with its amount."""

    __tablename__ = "engagements"
    __table_args__ = (UniqueConstraint("structure_identifier", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=64, index=True)
    structure_identifier: str = Field(
        max_length=32, foreign_key="structures.identifier", ondelete="CASCADE"
    )
    supplier_siret: str = Field(max_length=14)
    amount: Decimal = Field(sa_type=Money)
    invoiced: Decimal = Field(default=Decimal("0.00"), sa_type=Money)
    """Already invoiced against it; submitted invoices add their TTC."""
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Supplier(SQLModel, table=True):
    """What we know of a supplier: the bank account and VAT number it is known by."""

    __tablename__ = "suppliers"

    id: int | None = Field(default=None, primary_key=True)
    siret: str = Field(max_length=14, unique=True)
    name: str = Field(max_length=255)
    vat: str | None = Field(default=None, max_length=16)
    iban: str | None = Field(default=None, max_length=34)
    bic: str | None = Field(default=None, max_length=11)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


# ----------------------------------------------------------------------- file kinds


class FileKind(StrEnum):
    STRUCTURES = "structures"
    SERVICES = "services"
    ENGAGEMENTS = "engagements"
    SUPPLIERS = "suppliers"


STRUCTURE_COLUMNS = (
    "TypeIdentifiant", "Identifiant", "RaisonSociale", "EmetteurEdi", "RecepteurEdi",
    "GestionStatutMiseEnPaiement", "GestionEngagement", "GestionService",
    "GestionServiceEngagement", "EstMOA", "EstMOAUniquement", "StructureActive",
    "Adresse", "ComplementAdresse1", "ComplementAdresse2", "CodePostal", "Ville",
    "NumTelephone", "Courriel", "CodePays", "LibellePays",
)  # fmt: skip
SERVICE_COLUMNS = (
    "Identifiant", "RaisonSociale", "Code", "Nom", "GestionEGMT", "ServiceActif",
    "Adresse", "ComplementAdresse1", "ComplementAdresse2", "CodePostal", "Ville",
    "NumTelephone", "Courriel", "CodePays", "LibellePays",
)  # fmt: skip
ENGAGEMENT_COLUMNS = (
    "NumeroEngagement", "IdentifiantStructure", "IdentifiantFournisseur", "Montant",
    "MontantDejaFacture",
)  # fmt: skip
SUPPLIER_COLUMNS = (
    "IdentifiantFournisseur",
    "RaisonSociale",
    "NumeroTva",
    "Iban",
    "Bic",
)
COLUMNS: dict[FileKind, tuple[str, ...]] = {
    FileKind.STRUCTURES: STRUCTURE_COLUMNS,
    FileKind.SERVICES: SERVICE_COLUMNS,
    FileKind.ENGAGEMENTS: ENGAGEMENT_COLUMNS,
    FileKind.SUPPLIERS: SUPPLIER_COLUMNS,
}
IMPORT_ORDER = (
    FileKind.STRUCTURES,
    FileKind.SERVICES,
    FileKind.SUPPLIERS,
    FileKind.ENGAGEMENTS,
)
"""Structures before what refers to them."""

ADDRESS = {
    "Adresse": "address", "ComplementAdresse1": "address_2",
    "ComplementAdresse2": "address_3", "CodePostal": "postcode", "Ville": "city",
    "NumTelephone": "phone", "Courriel": "email", "CodePays": "country_code",
    "LibellePays": "country_name",
}  # fmt: skip
STRUCTURE_FLAGS = {
    "EmetteurEdi": "edi_sender", "RecepteurEdi": "edi_receiver",
    "GestionStatutMiseEnPaiement": "manages_payment_status",
    "GestionEngagement": "engagement_required", "GestionService": "service_required",
    "GestionServiceEngagement": "service_or_engagement_required", "EstMOA": "is_moa",
    "EstMOAUniquement": "is_moa_only", "StructureActive": "active",
}  # fmt: skip
TRUE = frozenset({"true", "1", "oui", "vrai"})
FALSE = frozenset({"false", "0", "non", "faux", ""})
BATCH = 5000


class Refusal(StrEnum):
    """Why a line of a directory file was not imported (stable codes)."""

    BAD_SIRET = "bad_siret"
    BAD_BOOLEAN = "bad_boolean"
    BAD_AMOUNT = "bad_amount"
    BAD_VAT = "bad_vat"
    BAD_IBAN = "bad_iban"
    MISSING_VALUE = "missing_value"
    DUPLICATE_ROW = "duplicate_row"
    WRONG_COLUMN_COUNT = "wrong_column_count"
    TRUNCATED_LINE = "truncated_line"
    UNKNOWN_STRUCTURE = "unknown_structure"


@dataclass(frozen=True, slots=True)
class RefusedLine:
    line: int
    """1-based line number in the file (the header is line 1)."""
    code: Refusal
    message: str


@dataclass(slots=True)
class ImportReport:
    """What an import did with one file."""

    path: str
    kind: FileKind
    encoding: str
    lines: int = 0
    """Data lines read (the header excluded, blank lines skipped)."""
    inserted: int = 0
    updated: int = 0
    refused: list[RefusedLine] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.inserted + self.updated


class BadLine(Exception):
    """One line refused: raised by a row parser, caught by the reader."""

    def __init__(self, code: Refusal, message: str) -> None:
        super().__init__(message)
        self.code = code


Progress = Callable[[int, int], None]
"""Called with (lines done, lines in the file)."""


def _no_progress(done: int, total: int) -> None:
    return None


# -------------------------------------------------------------------------- reading


def decode(raw: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 with or without BOM, else Windows Latin-1.

    >>> decode("Sécu".encode("latin-1"))
    ('Sécu', 'cp1252')
    >>> decode(b"\\xef\\xbb\\xbfS\\xc3\\xa9cu")
    ('Sécu', 'utf-8-sig')
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # cp1252 is Latin-1 plus œ, €, ’… which French exports use.
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def recognise(header: Sequence[str]) -> FileKind:
    """The kind of directory file a header line announces."""
    names = [h.strip() for h in header]
    for kind, columns in COLUMNS.items():
        if sorted(names) == sorted(columns):
            return kind
    shown = ";".join(names)[:120]
    raise UnknownDirectoryFile(f"Header: {shown!r}.", header=names)


def read_rows(
    text: str, columns: Sequence[str]
) -> Iterator[tuple[int, dict[str, str] | RefusedLine]]:
    """Each data line as (line number, {column: value}) or a refusal for its shape."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if header is None:
        return
    names = [h.strip() for h in header]
    ends_cleanly = text.endswith(("\n", "\r"))
    rows = list(reader)
    for index, row in enumerate(rows):
        line = index + 2
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            is_last = index == len(rows) - 1
            code = (
                Refusal.TRUNCATED_LINE
                if is_last and not ends_cleanly and len(row) < len(names)
                else Refusal.WRONG_COLUMN_COUNT
            )
            message = f"{len(row)} columns, the header has {len(names)}."
            yield line, RefusedLine(line, code, message)
            continue
        yield line, {name: cell.strip() for name, cell in zip(names, row, strict=True)}


def _bool(row: dict[str, str], column: str) -> bool:
    value = row[column].lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise BadLine(Refusal.BAD_BOOLEAN, f"{column} is {row[column]!r}, not true/false.")


def _required(row: dict[str, str], column: str) -> str:
    if not row[column]:
        raise BadLine(Refusal.MISSING_VALUE, f"{column} is empty.")
    return row[column]


@lru_cache(maxsize=1 << 18)
def _compact_siret(value: str) -> str | None:
    """The compact SIRET, or None when invalid; cached, as a dump repeats each one."""
    return stdnum_siret.compact(value) if stdnum_siret.is_valid(value) else None


def _siret(row: dict[str, str], column: str) -> str:
    value = _compact_siret(_required(row, column))
    if value is None:
        raise BadLine(
            Refusal.BAD_SIRET, f"{column} {row[column]!r} is not a valid SIRET."
        )
    return value


def _amount(row: dict[str, str], column: str) -> Decimal:
    text = row[column].replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise BadLine(
            Refusal.BAD_AMOUNT, f"{column} {row[column]!r} is no amount."
        ) from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise BadLine(Refusal.BAD_AMOUNT, f"{column} {row[column]!r} is out of range.")
    return value.quantize(Decimal("0.01"))


def _optional(row: dict[str, str], column: str) -> str | None:
    return row[column] or None


def _address(row: dict[str, str]) -> dict[str, Any]:
    return {attr: _optional(row, column) for column, attr in ADDRESS.items()}


# ----------------------------------------------------------------------- row parsers


def structure_row(row: dict[str, str]) -> dict[str, Any]:
    """A structures line as column values; a SIRET is checked by its checksum."""
    kind = _required(row, "TypeIdentifiant").upper()
    identifier = (
        _siret(row, "Identifiant") if kind == "SIRET" else _required(row, "Identifiant")
    )
    name = _required(row, "RaisonSociale")
    flags = {attr: _bool(row, column) for column, attr in STRUCTURE_FLAGS.items()}
    return {
        "identifier_type": kind,
        "identifier": identifier,
        "siren": identifier[:9] if kind == "SIRET" else None,
        "name": name[:255],
        "name_key": name_key(name)[:255],
        **flags,
        **_address(row),
    }


def service_row(row: dict[str, str]) -> dict[str, Any]:
    identifier = _required(row, "Identifiant")
    if identifier.isdigit() and len(identifier) == 14:
        identifier = _siret(row, "Identifiant")
    return {
        "structure_identifier": identifier,
        "code": _required(row, "Code")[:100],
        "name": (row["Nom"] or row["Code"])[:255],
        "engagement_required": _bool(row, "GestionEGMT"),
        "active": _bool(row, "ServiceActif"),
        **_address(row),
    }


def engagement_row(row: dict[str, str]) -> dict[str, Any]:
    return {
        "number": _required(row, "NumeroEngagement")[:64],
        "structure_identifier": _siret(row, "IdentifiantStructure"),
        "supplier_siret": _siret(row, "IdentifiantFournisseur"),
        "amount": _amount(row, "Montant"),
        "invoiced": _amount(row, "MontantDejaFacture")
        if row["MontantDejaFacture"]
        else Decimal("0.00"),
    }


def supplier_row(row: dict[str, str]) -> dict[str, Any]:
    vat = _optional(row, "NumeroTva")
    if vat is not None:
        if not stdnum_vat.is_valid(vat):
            raise BadLine(
                Refusal.BAD_VAT, f"NumeroTva {vat!r} is not a valid VAT number."
            )
        vat = stdnum_vat.compact(vat)
    iban = _optional(row, "Iban")
    if iban is not None:
        if not stdnum_iban.is_valid(iban):
            raise BadLine(Refusal.BAD_IBAN, f"Iban {iban!r} is not a valid IBAN.")
        iban = stdnum_iban.compact(iban)
    return {
        "siret": _siret(row, "IdentifiantFournisseur"),
        "name": _required(row, "RaisonSociale")[:255],
        "vat": vat,
        "iban": iban,
        "bic": _optional(row, "Bic"),
    }


@dataclass(frozen=True, slots=True)
class _Spec:
    table: Table
    parse: Callable[[dict[str, str]], dict[str, Any]]
    key: tuple[str, ...]
    structure_column: str | None = None
    """The column naming a structure that must exist."""


def _specs() -> dict[FileKind, _Spec]:
    return {
        FileKind.STRUCTURES: _Spec(_table(Structure), structure_row, ("identifier",)),
        FileKind.SERVICES: _Spec(
            _table(Service),
            service_row,
            ("structure_identifier", "code"),
            "structure_identifier",
        ),
        FileKind.ENGAGEMENTS: _Spec(
            _table(Engagement),
            engagement_row,
            ("structure_identifier", "number"),
            "structure_identifier",
        ),
        FileKind.SUPPLIERS: _Spec(_table(Supplier), supplier_row, ("siret",)),
    }


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


# ------------------------------------------------------------------------ importing


def kind_of(path: Path) -> FileKind:
    """The kind of a directory file, read from its header line."""
    with path.open("rb") as f:
        text, _ = decode(f.readline())
    return recognise(next(csv.reader([text], delimiter=";"), []))


def import_file(
    session: Session, path: Path, *, progress: Progress = _no_progress
) -> ImportReport:
    """Import one directory file whole, or raise and write nothing."""
    text, encoding = decode(path.read_bytes())
    first = text.split("\n", 1)[0].rstrip("\r")
    kind = recognise(next(csv.reader([first], delimiter=";"), []))
    spec = _specs()[kind]
    report = ImportReport(path=str(path), kind=kind, encoding=encoding)
    rows = _valid_rows(session, text, kind, spec, report)
    try:
        _upsert_all(session, spec, rows, report, progress)
        session.commit()
    except SQLAlchemyError as e:
        session.rollback()
        raise DatabaseUnavailable(str(e).split("\n")[0]) from e
    except BaseException:
        session.rollback()  # interrupted: the batches already sent are undone
        raise
    return report


def _valid_rows(
    session: Session, text: str, kind: FileKind, spec: _Spec, report: ImportReport
) -> list[dict[str, Any]]:
    known = _structure_identifiers(session) if spec.structure_column else set()
    seen: dict[tuple[str, ...], int] = {}
    rows = []
    for line, parsed in read_rows(text, COLUMNS[kind]):
        report.lines += 1
        if isinstance(parsed, RefusedLine):
            report.refused.append(parsed)
            continue
        try:
            values = spec.parse(parsed)
        except BadLine as e:
            report.refused.append(RefusedLine(line, e.code, str(e)))
            continue
        key = tuple(str(values[k]) for k in spec.key)
        if key in seen:
            message = f"{'/'.join(key)} already on line {seen[key]}; the first is kept."
            report.refused.append(RefusedLine(line, Refusal.DUPLICATE_ROW, message))
            continue
        if spec.structure_column and values[spec.structure_column] not in known:
            message = f"No structure {values[spec.structure_column]} in the directory."
            report.refused.append(RefusedLine(line, Refusal.UNKNOWN_STRUCTURE, message))
            continue
        seen[key] = line
        rows.append(values)
    return rows


def _structure_identifiers(session: Session) -> set[str]:
    return set(session.execute(select(Structure.identifier)).scalars())  # type: ignore[call-overload]


def _upsert_all(
    session: Session,
    spec: _Spec,
    rows: list[dict[str, Any]],
    report: ImportReport,
    progress: Progress,
) -> None:
    existing = _existing_keys(session, spec)
    now = utcnow()
    total = len(rows)
    progress(0, total)
    for start in range(0, total, BATCH):
        batch = rows[start : start + BATCH]
        for row in batch:
            row["updated_at"] = now
            if tuple(str(row[k]) for k in spec.key) in existing:
                report.updated += 1
            else:
                report.inserted += 1
        _upsert(session, spec, batch)
        progress(start + len(batch), total)


def _existing_keys(session: Session, spec: _Spec) -> set[tuple[str, ...]]:
    columns = [spec.table.c[k] for k in spec.key]
    return {tuple(map(str, r)) for r in session.execute(select(*columns))}


def _upsert(session: Session, spec: _Spec, rows: list[dict[str, Any]]) -> None:
    """Insert the rows; a row whose key exists updates it (one statement, many rows)."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(spec.table)
    changed = {
        name: statement.excluded[name] for name in rows[0] if name not in spec.key
    }
    statement = statement.on_conflict_do_update(
        index_elements=list(spec.key), set_=changed
    )
    session.execute(statement, rows)


def import_files(
    session: Session,
    paths: Sequence[Path],
    *,
    progress: Callable[[Path, int, int], None] | None = None,
) -> list[ImportReport | UnknownDirectoryFile]:
    """Import several files, structures first; an unrecognised file is reported as such."""
    kinds: dict[Path, FileKind | UnknownDirectoryFile] = {}
    for path in paths:
        try:
            kinds[path] = kind_of(path)
        except UnknownDirectoryFile as e:
            kinds[path] = e

    def order(path: Path) -> int:
        kind = kinds[path]
        return IMPORT_ORDER.index(kind) if isinstance(kind, FileKind) else -1

    results: list[ImportReport | UnknownDirectoryFile] = []
    for path in sorted(paths, key=order):
        kind = kinds[path]
        if isinstance(kind, UnknownDirectoryFile):
            results.append(kind)
            continue
        step = (lambda d, t, p=path: progress(p, d, t)) if progress else _no_progress
        results.append(import_file(session, path, progress=step))
    return results


# ------------------------------------------------------------- supplier and engagement


def remember_supplier(
    session: Session,
    *,
    siret: str,
    name: str,
    vat: str | None,
    iban: str | None,
    bic: str | None,
) -> None:
    """Record a supplier seen on a submitted invoice, unless it is known already.

    A known supplier is never updated from an invoice: a new bank account must be
    confirmed by another channel, not learned from the document that announces it.
    """
    if session.execute(select(Supplier.id).where(Supplier.siret == siret)).first():  # type: ignore[call-overload]
        return
    session.add(
        Supplier(
            siret=siret,
            name=name[:255],
            vat=stdnum_vat.compact(vat) if vat and stdnum_vat.is_valid(vat) else None,
            iban=stdnum_iban.compact(iban) if iban else None,
            bic=bic,
        )
    )


def add_invoiced(
    session: Session, *, structure_siret: str, number: str, amount: Decimal
) -> None:
    """Count an invoice's amount against its engagement."""
    engagement = session.execute(
        select(Engagement).where(
            Engagement.structure_identifier == structure_siret,  # type: ignore[arg-type]
            Engagement.number == number,  # type: ignore[arg-type]
        )
    ).scalar_one_or_none()
    if engagement is None:
        return
    engagement.invoiced = engagement.invoiced + amount
    engagement.updated_at = utcnow()
    session.add(engagement)


# ------------------------------------------------------------- matching's directory


class DatabaseDirectory:
    """The matching `Directory` over the database: one indexed query per lookup."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def structure(self, siret: str) -> StructureRecord | None:
        rows = self._structures(Structure.identifier == siret)  # type: ignore[arg-type]
        return rows[0] if rows else None

    def structures_of_siren(self, siren: str) -> Sequence[StructureRecord]:
        return self._structures(Structure.siren == siren)  # type: ignore[arg-type]

    def structures_named(self, key: str) -> Sequence[StructureRecord]:
        return self._structures(Structure.name_key == key)  # type: ignore[arg-type]

    def _structures(self, where: Any) -> list[StructureRecord]:
        s = Structure
        query = select(
            s.identifier, s.name, s.active, s.engagement_required, s.service_required,
            s.service_or_engagement_required, s.manages_payment_status,
        ).where(where)  # type: ignore[call-overload]  # fmt: skip
        return [StructureRecord(*row) for row in self._session.execute(query)]

    def service(self, structure_siret: str, code: str) -> ServiceRecord | None:
        s = Service
        query = select(
            s.structure_identifier, s.code, s.name, s.active, s.engagement_required
        ).where(s.structure_identifier == structure_siret, s.code == code)  # type: ignore[call-overload, arg-type]
        row = self._session.execute(query).first()
        return ServiceRecord(*row) if row else None

    def engagements(self, number: str) -> Sequence[EngagementRecord]:
        e = Engagement
        query = select(
            e.number, e.structure_identifier, e.supplier_siret, e.amount, e.invoiced
        ).where(e.number == number)  # type: ignore[call-overload, arg-type]
        return [EngagementRecord(*row) for row in self._session.execute(query)]

    def supplier(self, siret: str) -> SupplierRecord | None:
        s = Supplier
        query = select(s.siret, s.name, s.vat, s.iban).where(s.siret == siret)  # type: ignore[call-overload, arg-type]
        row = self._session.execute(query).first()
        return SupplierRecord(*row) if row else None
