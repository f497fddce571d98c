"""The extractors, in the order they run; each yields Candidates and picks no winner."""

from collections.abc import Callable, Iterator

from ingest.extractors import (
    amounts,
    dates,
    identifiers,
    kinds,
    parties,
    references,
    vat,
)
from ingest.extractors.base import Candidate, Doc

Extractor = Callable[[Doc], Iterator[Candidate]]

EXTRACTORS: tuple[Extractor, ...] = (
    kinds.extract,
    identifiers.extract,
    references.extract,
    dates.extract,
    amounts.extract,
    vat.extract,
    parties.extract,
)


def extract_all(doc: Doc) -> list[Candidate]:
    """Every candidate of every extractor, in registry order."""
    return [c for extractor in EXTRACTORS for c in extractor(doc)]
