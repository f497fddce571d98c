"""A realistic directory (structures, services, engagements, suppliers) for samples.

`write_matching` writes the directory the invoices of ``generate(out, count, seed)``
are addressed to: each buyer is a structure whose flags its invoice satisfies, with
the service code and the engagement it prints, plus sibling establishments, other
services (some inactive) and unrelated structures around them. `write_synthetic`
writes a large directory of the same shape for the benchmark. Files use the portal's
column names (``models.directory``), ``;``-separated, booleans ``true``/``false``.
"""

import csv
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from models.directory import (
    ENGAGEMENT_COLUMNS,
    SERVICE_COLUMNS,
    STRUCTURE_COLUMNS,
    SUPPLIER_COLUMNS,
)
from samples import data, identifiers
from samples.generator import InvoiceSpec, invoice_for

SIBLING_SUFFIXES = (
    "Services techniques",
    "Direction des finances",
    "Régie des eaux",
    "Centre technique municipal",
    "Établissement annexe",
)
Row = dict[str, str]


@dataclass(frozen=True)
class DirectoryFiles:
    structures: Path
    services: Path
    engagements: Path
    suppliers: Path

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.structures, self.services, self.engagements, self.suppliers)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def structure_row(
    siret: str,
    name: str,
    *,
    street: str = "",
    postcode: str = "",
    city: str = "",
    active: bool = True,
    engagement: bool = False,
    service: bool = False,
    service_or_engagement: bool = False,
    payment_status: bool = False,
) -> Row:
    """One line of the structures export."""
    return {
        "TypeIdentifiant": "SIRET", "Identifiant": siret, "RaisonSociale": name,
        "EmetteurEdi": "false", "RecepteurEdi": "false",
        "GestionStatutMiseEnPaiement": _bool(payment_status),
        "GestionEngagement": _bool(engagement), "GestionService": _bool(service),
        "GestionServiceEngagement": _bool(service_or_engagement),
        "EstMOA": "false", "EstMOAUniquement": "false", "StructureActive": _bool(active),
        "Adresse": street, "ComplementAdresse1": "", "ComplementAdresse2": "",
        "CodePostal": postcode, "Ville": city, "NumTelephone": "", "Courriel": "",
        "CodePays": "FR", "LibellePays": "France",
    }  # fmt: skip


def service_row(
    siret: str,
    structure_name: str,
    code: str,
    name: str,
    *,
    active: bool = True,
    engagement: bool = False,
) -> Row:
    """One line of the services export."""
    return {
        "Identifiant": siret, "RaisonSociale": structure_name, "Code": code, "Nom": name,
        "GestionEGMT": _bool(engagement), "ServiceActif": _bool(active), "Adresse": "",
        "ComplementAdresse1": "", "ComplementAdresse2": "", "CodePostal": "",
        "Ville": "", "NumTelephone": "", "Courriel": "", "CodePays": "FR",
        "LibellePays": "France",
    }  # fmt: skip


def engagement_row(
    number: str, structure: str, supplier: str, amount: Decimal, invoiced: Decimal
) -> Row:
    return {
        "NumeroEngagement": number,
        "IdentifiantStructure": structure,
        "IdentifiantFournisseur": supplier,
        "Montant": f"{amount:.2f}",
        "MontantDejaFacture": f"{invoiced:.2f}",
    }


def supplier_row(
    siret: str, name: str, vat: str = "", iban: str = "", bic: str = ""
) -> Row:
    return {
        "IdentifiantFournisseur": siret,
        "RaisonSociale": name,
        "NumeroTva": vat,
        "Iban": iban,
        "Bic": bic,
    }


def write_csv(
    path: Path, columns: Sequence[str], rows: Iterable[Row], encoding: str = "utf-8"
) -> Path:
    """A ``;``-separated file with one header line, as the portal exports them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[c] for c in columns])
    return path


@dataclass
class _Rows:
    structures: dict[str, Row]
    services: dict[tuple[str, str], Row]
    engagements: dict[tuple[str, str], Row]
    suppliers: dict[str, Row]


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _for_invoice(spec: InvoiceSpec, rng: random.Random, rows: _Rows) -> None:
    """The structure, services, engagement and supplier one invoice is addressed to."""
    buyer, supplier = spec.buyer, spec.supplier
    has_service, has_engagement = (
        spec.service_code is not None,
        spec.engagement is not None,
    )
    rows.structures[buyer.siret] = structure_row(
        buyer.siret, buyer.name, street=buyer.street, postcode=buyer.postcode,
        city=buyer.city, engagement=has_engagement and rng.random() < 0.6,
        service=has_service and rng.random() < 0.6,
        service_or_engagement=(has_service or has_engagement) and rng.random() < 0.3,
        payment_status=rng.random() < 0.5,
    )  # fmt: skip
    codes = set(rng.sample(data.SERVICE_CODES, rng.randint(0, 3)))
    if spec.service_code:
        codes.add(spec.service_code)
    for code in sorted(codes):
        printed = code == spec.service_code
        rows.services[(buyer.siret, code)] = service_row(
            buyer.siret, buyer.name, code, _service_name(rng, code),
            active=printed or rng.random() < 0.8,
            engagement=printed and has_engagement and rng.random() < 0.3,
        )  # fmt: skip
    if spec.engagement:
        ttc = abs(spec.totals.ttc)
        amount = _money(ttc * Decimal(rng.choice(("1", "1.5", "2", "4", "10"))))
        invoiced = _money((amount - ttc) * Decimal(rng.randint(0, 90)) / 100)
        rows.engagements[(buyer.siret, spec.engagement)] = engagement_row(
            spec.engagement, buyer.siret, supplier.siret, amount, invoiced
        )
    rows.suppliers.setdefault(
        supplier.siret,
        supplier_row(
            supplier.siret, supplier.name, supplier.vat or "",
            spec.bank.iban if spec.bank else "", spec.bank.bic or "" if spec.bank else "",
        ),
    )  # fmt: skip
    for _ in range(rng.randint(0, 2)):
        _sibling(rng, buyer.siret, buyer.name, rows)


def _service_name(rng: random.Random, code: str) -> str:
    return f"{rng.choice(data.BUYER_SERVICES)} ({code})"


def _sibling(rng: random.Random, siret: str, name: str, rows: _Rows) -> None:
    """Another establishment of the same SIREN, named after its department."""
    other = identifiers.make_siret(rng, siret[:9])
    if other in rows.structures:
        return
    rows.structures[other] = structure_row(
        other, f"{name} - {rng.choice(SIBLING_SUFFIXES)}", active=rng.random() < 0.9
    )


def _unrelated(rng: random.Random, rows: _Rows) -> None:
    postcode, city, _, _ = rng.choice(data.CITIES)
    template, prefix = rng.choice(data.BUYERS)
    name = template.format(
        city=city, person=rng.choice(data.PERSONS), region=rng.choice(data.REGIONS)
    )
    siret = identifiers.make_siret(rng, identifiers.make_siren(rng, prefix))
    rows.structures[siret] = structure_row(
        siret, name, postcode=postcode, city=city, active=rng.random() < 0.95,
        engagement=rng.random() < 0.2, service=rng.random() < 0.3,
    )  # fmt: skip


def matching_rows(count: int, seed: int) -> _Rows:
    """The directory rows for the first ``count`` invoices of ``seed``."""
    rng = random.Random(f"directory-{seed}")
    rows = _Rows({}, {}, {}, {})
    for index in range(count):
        _for_invoice(invoice_for(seed, index), rng, rows)
        _unrelated(rng, rows)
    return rows


def write_rows(out: Path, rows: _Rows, encoding: str = "utf-8") -> DirectoryFiles:
    return DirectoryFiles(
        structures=write_csv(
            out / "structures.csv",
            STRUCTURE_COLUMNS,
            rows.structures.values(),
            encoding,
        ),
        services=write_csv(
            out / "services.csv", SERVICE_COLUMNS, rows.services.values(), encoding
        ),
        engagements=write_csv(
            out / "engagements.csv", ENGAGEMENT_COLUMNS, rows.engagements.values()
        ),
        suppliers=write_csv(
            out / "suppliers.csv", SUPPLIER_COLUMNS, rows.suppliers.values()
        ),
    )


def write_matching(out: Path, count: int, seed: int) -> DirectoryFiles:
    """The directory that the invoices of ``generate(_, count, seed)`` match."""
    return write_rows(out, matching_rows(count, seed))


# ---------------------------------------------------------------- the big directory


def synthetic_structures(count: int, seed: int) -> Iterator[Row]:
    """``count`` structures with distinct valid SIRETs, a few establishments a SIREN."""
    rng = random.Random(f"synthetic-{seed}")
    seen: set[str] = set()
    while len(seen) < count:
        template, prefix = rng.choice(data.BUYERS)
        postcode, city, _, _ = rng.choice(data.CITIES)
        siren = identifiers.make_siren(rng, prefix)
        name = template.format(
            city=city, person=rng.choice(data.PERSONS), region=rng.choice(data.REGIONS)
        )
        for establishment in range(rng.choice((1, 1, 1, 2, 3))):
            siret = identifiers.make_siret(rng, siren)
            if siret in seen or len(seen) >= count:
                continue
            seen.add(siret)
            label = (
                name
                if establishment == 0
                else f"{name} - {rng.choice(SIBLING_SUFFIXES)}"
            )
            yield structure_row(
                siret, f"{label} {len(seen)}", street=f"{rng.randint(1, 99)} rue Pasteur",
                postcode=postcode, city=city, active=rng.random() < 0.97,
                engagement=rng.random() < 0.2, service=rng.random() < 0.3,
                service_or_engagement=rng.random() < 0.1,
                payment_status=rng.random() < 0.5,
            )  # fmt: skip


def write_synthetic(
    out: Path, structures: int = 100_000, services: int = 300_000, seed: int = 1
) -> DirectoryFiles:
    """A large directory: ``structures`` structures, ``services`` services spread over
    them, one engagement and one known supplier per ten structures."""
    rng = random.Random(f"synthetic-services-{seed}")
    rows = list(synthetic_structures(structures, seed))
    per = -(-services // max(len(rows), 1))

    def service_rows() -> Iterator[Row]:
        written = 0
        for row in rows:
            for n in range(per):
                if written == services:
                    return
                written += 1
                code = f"{rng.choice(data.SERVICE_CODES)}-{n}"
                yield service_row(
                    row["Identifiant"], row["RaisonSociale"], code,
                    _service_name(rng, code), active=rng.random() < 0.9,
                    engagement=rng.random() < 0.1,
                )  # fmt: skip

    suppliers: list[Row] = []
    engagements: list[Row] = []
    for index, row in enumerate(rows[::10]):
        siret = identifiers.make_siret(rng, identifiers.make_siren(rng))
        suppliers.append(supplier_row(siret, f"Fournisseur {index}"))
        amount = Decimal(rng.randint(1_000, 500_000))
        engagements.append(
            engagement_row(
                f"EJ{index:08d}", row["Identifiant"], siret, amount, Decimal(0)
            )
        )
    return DirectoryFiles(
        structures=write_csv(out / "structures.csv", STRUCTURE_COLUMNS, rows),
        services=write_csv(out / "services.csv", SERVICE_COLUMNS, service_rows()),
        engagements=write_csv(out / "engagements.csv", ENGAGEMENT_COLUMNS, engagements),
        suppliers=write_csv(out / "suppliers.csv", SUPPLIER_COLUMNS, suppliers),
    )
