"""Every code a clerk may be shown has its words in French on the pages."""

import pytest

from api.web_text import CODES, advise
from ingest.matching.codes import BlockerCode, MatchWarningCode
from ingest.warnings import Code


@pytest.mark.parametrize(
    "code", [*Code, *BlockerCode, *MatchWarningCode], ids=lambda c: c.value
)
def test_each_warning_and_blocker_code_is_said_in_words(code) -> None:
    assert code.value in CODES
    advice = advise(code.value, "the English message")
    assert advice.title not in (code.value, "the English message")
    assert advice.todo
