"""Match an invoice to the directory of public structures; name what blocks routing."""

from ingest.matching.codes import BlockerCode, Finding, MatchWarningCode
from ingest.matching.directory import (
    Directory,
    EngagementRecord,
    MemoryDirectory,
    ServiceRecord,
    StructureRecord,
    SupplierRecord,
    name_key,
)
from ingest.matching.match import (
    InvoiceFacts,
    MatchResult,
    StructureMatch,
    facts_from_extraction,
    match,
    match_json,
)

__all__ = [
    "BlockerCode",
    "Directory",
    "EngagementRecord",
    "Finding",
    "InvoiceFacts",
    "MatchResult",
    "MatchWarningCode",
    "MemoryDirectory",
    "ServiceRecord",
    "StructureMatch",
    "StructureRecord",
    "SupplierRecord",
    "facts_from_extraction",
    "match",
    "match_json",
    "name_key",
]
