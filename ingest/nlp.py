"""spaCy's French model, loaded once per process, for organisation names."""

from functools import lru_cache
from typing import Any

import spacy

MODEL = "fr_core_news_sm"


@lru_cache(maxsize=1)
def _nlp() -> Any:
    # Only the named-entity recogniser earns its cost here; the rest is disabled.
    return spacy.load(
        MODEL,
        exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"],
    )


def organisations(texts: list[str]) -> list[list[str]]:
    """For each text, the spans spaCy tags as organisations."""
    return [
        [e.text for e in doc.ents if e.label_ == "ORG"] for doc in _nlp().pipe(texts)
    ]
