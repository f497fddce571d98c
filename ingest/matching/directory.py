"""What matching needs to know of the directory, and the interface that answers it.

The database implements `Directory` (``models.directory.DatabaseDirectory``);
`MemoryDirectory` holds the same records in dictionaries, for small callers and tests.
"""

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StructureRecord:
    """A public structure of the directory, with its routing flags."""

    siret: str
    """The directory's identifier: a SIRET for French structures."""
    name: str
    active: bool = True
    """Receives invoices (``StructureActive``)."""
    engagement_required: bool = False
    """``GestionEngagement``: an engagement number is mandatory."""
    service_required: bool = False
    """``GestionService``: a service code is mandatory."""
    service_or_engagement_required: bool = False
    """``GestionServiceEngagement``: a service code or an engagement number is mandatory."""
    manages_payment_status: bool = False
    """``GestionStatutMiseEnPaiement``: reports the 'mise en paiement' status."""


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """A service of a structure."""

    structure_siret: str
    code: str
    name: str
    active: bool = True
    engagement_required: bool = False
    """``GestionEGMT``: an engagement number is mandatory for this service."""


@dataclass(frozen=True, slots=True)
class EngagementRecord:
    """A legal commitment (purchase order) of a structure towards a supplier."""

    number: str
    structure_siret: str
    supplier_siret: str
    amount: Decimal
    invoiced: Decimal = Decimal("0.00")
    """What has already been invoiced against it."""

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.invoiced


@dataclass(frozen=True, slots=True)
class SupplierRecord:
    """What we know of a supplier: the bank account and VAT number it is known by."""

    siret: str
    name: str
    vat: str | None = None
    iban: str | None = None


class Directory(Protocol):
    """The lookups matching makes; each is one indexed read."""

    def structure(self, siret: str) -> StructureRecord | None:
        """The structure with this SIRET."""
        ...

    def structures_of_siren(self, siren: str) -> Sequence[StructureRecord]:
        """Every structure whose SIRET starts with this SIREN."""
        ...

    def structures_named(self, key: str) -> Sequence[StructureRecord]:
        """The structures whose `name_key` is ``key``."""
        ...

    def service(self, structure_siret: str, code: str) -> ServiceRecord | None:
        """The service of that structure with that code."""
        ...

    def engagements(self, number: str) -> Sequence[EngagementRecord]:
        """The engagements with that number (one per structure at most)."""
        ...

    def supplier(self, siret: str) -> SupplierRecord | None:
        """What we know of the supplier with this SIRET."""
        ...


def name_key(name: str) -> str:
    """A name folded for comparison: no accents, lower case, words split on symbols.

    >>> name_key("  Mairie  de Besançon (Hôtel-de-Ville) ")
    'mairie de besancon hotel de ville'
    """
    folded = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


class MemoryDirectory:
    """A `Directory` held in dictionaries."""

    def __init__(
        self,
        structures: Iterable[StructureRecord] = (),
        services: Iterable[ServiceRecord] = (),
        engagements: Iterable[EngagementRecord] = (),
        suppliers: Iterable[SupplierRecord] = (),
    ) -> None:
        self._structures = {s.siret: s for s in structures}
        self._services = {(s.structure_siret, s.code): s for s in services}
        self._engagements: dict[str, list[EngagementRecord]] = {}
        for engagement in engagements:
            self._engagements.setdefault(engagement.number, []).append(engagement)
        self._suppliers = {s.siret: s for s in suppliers}

    def structure(self, siret: str) -> StructureRecord | None:
        return self._structures.get(siret)

    def structures_of_siren(self, siren: str) -> Sequence[StructureRecord]:
        return [s for s in self._structures.values() if s.siret[:9] == siren]

    def structures_named(self, key: str) -> Sequence[StructureRecord]:
        return [s for s in self._structures.values() if name_key(s.name) == key]

    def service(self, structure_siret: str, code: str) -> ServiceRecord | None:
        return self._services.get((structure_siret, code))

    def engagements(self, number: str) -> Sequence[EngagementRecord]:
        return self._engagements.get(number, [])

    def supplier(self, siret: str) -> SupplierRecord | None:
        return self._suppliers.get(siret)
