"""The directory import (bad files included) and the database `Directory`."""

import random
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from ingest.matching import BlockerCode, EngagementRecord, ServiceRecord, match
from ingest.matching.match import InvoiceFacts
from models import directory as d
from models.directory import (
    DatabaseDirectory,
    Engagement,
    FileKind,
    Refusal,
    Service,
    Structure,
    Supplier,
    import_file,
    import_files,
)
from models.errors import UnknownDirectoryFile
from samples import identifiers
from samples.directory import (
    engagement_row,
    service_row,
    structure_row,
    supplier_row,
    write_csv,
    write_matching,
)

RNG = random.Random(3)
A = identifiers.make_siret(RNG, identifiers.make_siren(RNG, "21"))
B = identifiers.make_siret(RNG, identifiers.make_siren(RNG, "26"))
SUPPLIER = identifiers.make_siret(RNG, identifiers.make_siren(RNG))


def bad_siret(siret: str) -> str:
    return siret[:-1] + str((int(siret[-1]) + 1) % 10)


def count(db: Session, model: type) -> int:
    return db.execute(select(func.count()).select_from(model)).scalar_one()


def structures_file(
    path: Path, rows: list[dict[str, str]], encoding: str = "utf-8"
) -> Path:
    return write_csv(path, d.STRUCTURE_COLUMNS, rows, encoding)


def test_the_sample_directory_imports_and_reimport_updates_without_duplicates(
    db: Session, tmp_path: Path
):
    files = write_matching(tmp_path, 20, 5)
    reports = import_files(
        db, list(reversed(files.paths))
    )  # structures go first anyway
    assert [r.kind for r in reports] == [  # type: ignore[union-attr]
        FileKind.STRUCTURES, FileKind.SERVICES, FileKind.SUPPLIERS, FileKind.ENGAGEMENTS
    ]  # fmt: skip
    lines = {r.kind: r.lines for r in reports}  # type: ignore[union-attr]
    assert all(r.refused == [] and r.updated == 0 for r in reports)  # type: ignore[union-attr]
    assert count(db, Structure) == lines[FileKind.STRUCTURES]
    assert count(db, Service) == lines[FileKind.SERVICES]
    assert count(db, Engagement) == lines[FileKind.ENGAGEMENTS]
    assert count(db, Supplier) == lines[FileKind.SUPPLIERS]
    again = import_files(db, list(files.paths))
    assert all(r.inserted == 0 and r.updated == r.lines for r in again)  # type: ignore[union-attr]
    assert count(db, Structure) == lines[FileKind.STRUCTURES]
    assert count(db, Service) == lines[FileKind.SERVICES]


def test_a_reimport_changes_what_changed(db: Session, tmp_path: Path):
    path = structures_file(tmp_path / "s.csv", [structure_row(A, "Mairie de Lyon")])
    import_file(db, path)
    structures_file(
        path, [structure_row(A, "Mairie de Lyon", active=False, service=True)]
    )
    report = import_file(db, path)
    assert (report.inserted, report.updated) == (0, 1)
    record = DatabaseDirectory(db).structure(A)
    assert record is not None
    assert (record.active, record.service_required) == (False, True)


def test_a_wrong_header_is_refused_whole(db: Session, tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_text("Siret;Nom;Actif\n" + f"{A};Mairie;true\n", encoding="utf-8")
    with pytest.raises(UnknownDirectoryFile) as caught:
        import_file(db, path)
    assert caught.value.code == "unknown_directory_file"
    assert "Siret;Nom;Actif" in caught.value.describe()
    results = import_files(db, [path])
    assert isinstance(results[0], UnknownDirectoryFile)
    assert count(db, Structure) == 0


def test_bad_lines_are_refused_with_a_reason_and_the_rest_imported(
    db: Session, tmp_path: Path
):
    rows = [
        structure_row(A, "Mairie de Lyon"),
        structure_row(bad_siret(B), "Hôpital"),
        {**structure_row(B, "Hôpital de Pau"), "StructureActive": "peut-être"},
        {**structure_row(B, "Hôpital de Pau"), "RaisonSociale": ""},
        structure_row(B, "Centre hospitalier de Pau"),
        structure_row(A, "Mairie de Lyon"),
    ]
    report = import_file(db, structures_file(tmp_path / "s.csv", rows))
    refused = [(r.line, r.code) for r in report.refused]
    assert refused == [
        (3, Refusal.BAD_SIRET),
        (4, Refusal.BAD_BOOLEAN),
        (5, Refusal.MISSING_VALUE),
        (7, Refusal.DUPLICATE_ROW),
    ]
    assert "line 2" in report.refused[-1].message
    assert (report.lines, report.inserted) == (6, 2)
    assert count(db, Structure) == 2


def test_a_truncated_last_line_and_a_short_line_in_the_middle(
    db: Session, tmp_path: Path
):
    path = structures_file(
        tmp_path / "s.csv",
        [structure_row(A, "Mairie de Lyon"), structure_row(B, "CHU")],
    )
    text = path.read_text(encoding="utf-8")
    middle = "SIRET;" + A + ";Mairie\n"
    cut = text.rstrip("\n")[: -len(";France") - 10]  # the dump stopped mid-line
    header, first, second = cut.split("\n")
    path.write_text(
        "\n".join([header, first, middle.rstrip("\n"), second]), encoding="utf-8"
    )
    report = import_file(db, path)
    assert [(r.line, r.code) for r in report.refused] == [
        (3, Refusal.WRONG_COLUMN_COUNT),
        (4, Refusal.TRUNCATED_LINE),
    ]
    assert report.inserted == 1
    assert DatabaseDirectory(db).structure(A) is not None
    assert DatabaseDirectory(db).structure(B) is None


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("latin-1", "cp1252"),
        ("cp1252", "cp1252"),
    ],
)
def test_every_encoding_of_the_dumps_reads_the_same_names(
    db: Session, tmp_path: Path, encoding: str, expected: str
):
    name = "Communauté d'agglomération de Besançon – Œuvres sociales"
    if encoding == "latin-1":
        name = "Communauté d'agglomération de Besançon"  # Latin-1 has no Œ nor dash
    path = structures_file(tmp_path / "s.csv", [structure_row(A, name)], encoding)
    report = import_file(db, path)
    assert report.encoding == expected
    assert report.refused == []
    record = DatabaseDirectory(db).structure(A)
    assert record is not None and record.name == name


def test_services_of_unknown_structures_are_refused(db: Session, tmp_path: Path):
    import_file(db, structures_file(tmp_path / "s.csv", [structure_row(A, "Mairie")]))
    path = write_csv(
        tmp_path / "v.csv",
        d.SERVICE_COLUMNS,
        [
            service_row(A, "Mairie", "ST", "Services techniques"),
            service_row(B, "CHU", "ST", "Services techniques"),
            service_row(bad_siret(A), "Mairie", "DAF", "Finances"),
            {**service_row(A, "Mairie", "DAF", "Finances"), "Code": ""},
        ],
    )
    report = import_file(db, path)
    assert [(r.line, r.code) for r in report.refused] == [
        (3, Refusal.UNKNOWN_STRUCTURE),
        (4, Refusal.BAD_SIRET),
        (5, Refusal.MISSING_VALUE),
    ]
    assert DatabaseDirectory(db).service(A, "ST") == ServiceRecord(
        A, "ST", "Services techniques"
    )


def test_engagements_and_suppliers_import_with_exact_amounts(
    db: Session, tmp_path: Path
):
    import_file(db, structures_file(tmp_path / "s.csv", [structure_row(A, "Mairie")]))
    engagements = write_csv(
        tmp_path / "e.csv",
        d.ENGAGEMENT_COLUMNS,
        [
            engagement_row(
                "EJ1", A, SUPPLIER, Decimal("1234567890.12"), Decimal("0.10")
            ),
            {
                **engagement_row("EJ2", A, SUPPLIER, Decimal(1), Decimal(0)),
                "Montant": "1 234,56",
            },
            {
                **engagement_row("EJ3", A, SUPPLIER, Decimal(1), Decimal(0)),
                "Montant": "beaucoup",
            },
            engagement_row("EJ4", A, bad_siret(SUPPLIER), Decimal(1), Decimal(0)),
        ],
    )
    report = import_file(db, engagements)
    assert [(r.line, r.code) for r in report.refused] == [
        (4, Refusal.BAD_AMOUNT),
        (5, Refusal.BAD_SIRET),
    ]
    directory = DatabaseDirectory(db)
    assert directory.engagements("EJ1") == [
        EngagementRecord("EJ1", A, SUPPLIER, Decimal("1234567890.12"), Decimal("0.10"))
    ]
    assert directory.engagements("EJ2")[0].amount == Decimal("1234.56")
    iban = identifiers.make_iban(RNG, "30004")
    suppliers = write_csv(
        tmp_path / "f.csv",
        d.SUPPLIER_COLUMNS,
        [
            supplier_row(
                SUPPLIER, "Plomberie", identifiers.vat_number(SUPPLIER[:9]), iban
            ),
            supplier_row(B, "Autre", "FR00123456789"),
            supplier_row(A, "Encore", "", "FR76 0000"),
        ],
    )
    report = import_file(db, suppliers)
    assert [(r.line, r.code) for r in report.refused] == [
        (3, Refusal.BAD_VAT),
        (4, Refusal.BAD_IBAN),
    ]
    known = directory.supplier(SUPPLIER)
    assert known is not None and known.iban == iban


def test_an_interrupted_import_writes_nothing(
    db: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(d, "BATCH", 2)
    rows = [
        structure_row(
            identifiers.make_siret(RNG, identifiers.make_siren(RNG, "21")), f"M{i}"
        )
        for i in range(7)
    ]
    path = structures_file(tmp_path / "s.csv", rows)

    def interrupt(done: int, total: int) -> None:
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(db, path, progress=interrupt)
    assert count(db, Structure) == 0
    assert import_file(db, path).inserted == 7


def test_the_database_directory_answers_matching_like_the_rules_say(
    db: Session, tmp_path: Path
):
    other = identifiers.make_siret(RNG, A[:9])
    import_files(
        db,
        [
            structures_file(
                tmp_path / "s.csv",
                [
                    structure_row(A, "Mairie de Besançon", service=True),
                    structure_row(other, "Mairie de Besançon - Régie des eaux"),
                    structure_row(B, "Centre hospitalier", active=False),
                ],
            ),
            write_csv(
                tmp_path / "v.csv",
                d.SERVICE_COLUMNS,
                [service_row(A, "Mairie", "OLD", "Ancien", active=False)],
            ),
            write_csv(
                tmp_path / "e.csv",
                d.ENGAGEMENT_COLUMNS,
                [engagement_row("EJ9", B, SUPPLIER, Decimal("50.00"), Decimal("0"))],
            ),
        ],
    )
    directory = DatabaseDirectory(db)
    assert {s.siret for s in directory.structures_of_siren(A[:9])} == {A, other}
    assert [s.siret for s in directory.structures_named("centre hospitalier")] == [B]

    def blockers(**facts: object) -> list[str]:
        invoice = InvoiceFacts(supplier_siret=SUPPLIER, **facts)  # type: ignore[arg-type]
        return [b.code for b in match(invoice, directory).blockers]

    assert blockers(buyer_siret=A) == [BlockerCode.SERVICE_REQUIRED]
    assert blockers(buyer_siret=A, service_code="OLD") == [BlockerCode.SERVICE_INACTIVE]
    assert blockers(buyer_siret=B) == [BlockerCode.STRUCTURE_INACTIVE]
    assert blockers(buyer_siret=A, service_code="NEW", engagement_number="EJ9") == [
        BlockerCode.SERVICE_UNKNOWN,
        BlockerCode.ENGAGEMENT_OTHER_STRUCTURE,
    ]
    assert blockers(
        buyer_siret=B, engagement_number="EJ9", total_ttc=Decimal("50.01")
    ) == [
        BlockerCode.STRUCTURE_INACTIVE,
        BlockerCode.ENGAGEMENT_EXCEEDED,
    ]
