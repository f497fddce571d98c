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
    works,
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
    works.extract,
)


NLP_EXTRACTORS: tuple[Extractor, ...] = (parties.extract_organisations,)
"""Extractors that need spaCy's French model; on only when ``Options.nlp`` says so."""


def extract_all(doc: Doc, *, nlp: bool = False) -> list[Candidate]:
    """Every candidate of every extractor, in registry order."""
    extractors = EXTRACTORS + NLP_EXTRACTORS if nlp else EXTRACTORS
    return [c for extractor in extractors for c in extractor(doc)]
