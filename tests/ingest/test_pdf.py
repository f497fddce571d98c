"""Stage 1 (inspect): each hostile case gives its code, quickly, in bounded memory."""

import dataclasses
import io
import json
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from ingest.errors import IngestError
from ingest.limits import Limits
from ingest.pdf import PdfInfo, expansion_bound, inspect
from samples import hostile

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120
"""Generous: the slowest case takes well under a second; a hang is what this catches."""
MAX_RSS_GROWTH_KB = 200 * 1024

ERROR_CASES = sorted(name for name, (_, code) in hostile.CASES.items() if code)
READABLE_CASES = sorted(name for name, (_, code) in hostile.CASES.items() if not code)

# Runs one case in a fresh interpreter: builds the bytes, then measures the peak RSS
# that inspect adds (ru_maxrss is in kilobytes on Linux).
CHILD = """
import json, resource, sys
from ingest.errors import IngestError
from ingest.limits import Limits
from ingest.pdf import inspect
from samples import hostile

name, overrides = sys.argv[1], json.loads(sys.argv[2])
data = hostile.CASES[name][0]()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    info = inspect(data, Limits(**overrides))
    result = {"code": None, "warnings": [w.code for w in info.warnings]}
except IngestError as e:
    result = {"code": e.code, "warnings": []}
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result["rss_growth_kb"] = after - before
print(json.dumps(result))
"""


def inspect_isolated(name: str, **overrides: object) -> dict[str, object]:
    """Inspect one case in a subprocess with a timeout; its outcome and RSS growth."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, name, json.dumps(overrides)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def code_of(data: bytes, limits: Limits) -> str | None:
    """The error code inspect raises for `data`, or None when it reads the file."""
    try:
        inspect(data, limits)
    except IngestError as e:
        return e.code
    return None


def text_of(data: bytes) -> str:
    """Every page's text, as pdfplumber reads it."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


# ---------------------------------------------------------------- the hostile table


@pytest.mark.parametrize("name", ERROR_CASES)
def test_hostile_case_gives_its_code_in_bounded_memory(name: str) -> None:
    result = inspect_isolated(name)
    assert result["code"] == hostile.CASES[name][1]
    assert result["rss_growth_kb"] < MAX_RSS_GROWTH_KB


@pytest.mark.parametrize("name", READABLE_CASES)
def test_readable_case_gives_its_warning_and_its_text(name: str) -> None:
    info = inspect(hostile.CASES[name][0](), Limits())
    expected = hostile.WARNINGS[name]
    assert [w.code for w in info.warnings] == ([expected] if expected else [])
    text = text_of(info.data)
    for line in hostile.INVOICE_LINES:
        assert line in text


@pytest.mark.parametrize(
    "name", [n for n in READABLE_CASES if hostile.WARNINGS[n] is not None]
)
def test_rewrite_is_clean_and_unencrypted(name: str) -> None:
    info = inspect(hostile.CASES[name][0](), Limits())
    assert info.is_rewritten
    again = inspect(info.data, Limits())
    assert again.warnings == ()
    assert again.data is info.data


def test_every_readable_case_names_its_warning() -> None:
    assert set(hostile.WARNINGS) == set(READABLE_CASES)


@pytest.mark.parametrize("name", [n for n in ERROR_CASES if "bomb" in n])
def test_bombs_are_small_on_disk(name: str) -> None:
    assert len(hostile.CASES[name][0]()) < 5 * 1024 * 1024


def test_cheap_flags() -> None:
    assert inspect(hostile.signature_field(), Limits()).has_signature_fields
    assert inspect(hostile.pdf_in_pdf(), Limits()).has_embedded_files
    assert inspect(hostile.javascript_action(), Limits()).has_javascript
    plain = inspect(hostile.plain_invoice(), Limits())
    assert not (
        plain.has_signature_fields or plain.has_embedded_files or plain.has_javascript
    )


# ---------------------------------------------------------------- clean files


def test_clean_invoice_passes_untouched() -> None:
    data = hostile.good_invoice(pages=2)
    info = inspect(data, Limits())
    assert info.pages == 2
    assert info.warnings == ()
    assert info.data is data
    assert not info.is_rewritten
    for width, height in info.page_sizes:
        assert (width, height) == pytest.approx((595.2756, 841.8898), abs=0.01)


def test_pdf_info_is_frozen() -> None:
    info = inspect(hostile.plain_invoice(), Limits())
    assert isinstance(info, PdfInfo)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.pages = 3  # type: ignore[misc]


def test_error_carries_its_limit_as_data() -> None:
    with pytest.raises(IngestError) as caught:
        inspect(hostile.pages_pdf(3), Limits(max_pages=2))
    assert caught.value.code == "too_many_pages"
    assert caught.value.data == {"limit": 2}


# ---------------------------------------------------------------- limits honoured


def test_max_pages() -> None:
    data = hostile.pages_pdf(3)
    assert code_of(data, Limits(max_pages=2)) == "too_many_pages"
    assert inspect(data, Limits(max_pages=3)).pages == 3


def test_max_bytes_is_checked_before_parsing() -> None:
    data = hostile.plain_invoice()
    assert code_of(data, Limits(max_bytes=len(data) - 1)) == "too_large"
    assert code_of(data, Limits(max_bytes=len(data))) is None
    assert code_of(b"x" * 100, Limits(max_bytes=10)) == "too_large"


def test_max_stream_bytes() -> None:
    data = hostile.ascii85_flate_content()
    assert code_of(data, Limits(max_stream_bytes=50)) == "decompression_bomb"
    assert code_of(data, Limits(max_stream_bytes=10_000)) is None


def test_max_total_stream_bytes_counts_shared_content_once_per_page() -> None:
    data = hostile.pages_pdf(3)
    content = len(hostile.invoice_content())
    tight = Limits(max_total_stream_bytes=3 * content - 1)
    assert code_of(data, tight) == "decompression_bomb"
    assert code_of(data, Limits(max_total_stream_bytes=3 * content)) is None


def test_max_objects() -> None:
    data = hostile.many_objects(200)
    assert code_of(data, Limits(max_objects=100)) == "structure_too_complex"
    assert code_of(data, Limits(max_objects=1000)) is None


def test_max_depth() -> None:
    data = hostile.deep_nesting(10)
    assert code_of(data, Limits(max_depth=8)) == "structure_too_complex"
    assert code_of(data, Limits(max_depth=16)) is None


def test_page_tree_depth() -> None:
    data = hostile.deep_page_tree(levels=20)
    assert code_of(data, Limits(max_depth=10)) == "structure_too_complex"
    assert inspect(data, Limits()).pages == 1


def test_page_side_limits() -> None:
    data = hostile.plain_invoice()
    assert code_of(data, Limits(min_page_side_pt=600)) == "absurd_page_size"
    assert code_of(data, Limits(max_page_side_pt=800)) == "absurd_page_size"


def test_bomb_under_a_raised_limit_is_read() -> None:
    result = inspect_isolated(
        "decompression_bomb",
        max_stream_bytes=2 * 1024**3,
        max_total_stream_bytes=2 * 1024**3,
    )
    assert result["code"] is None


# ---------------------------------------------------------------- bounds


def test_expansion_bound_never_underestimates_deflate() -> None:
    zeros = 10 * 1024 * 1024
    compressed = hostile.deflate_zeros(zeros, b"\x00")
    assert expansion_bound(len(compressed), ["FlateDecode"]) >= zeros


def test_expansion_bound_stops_at_image_codecs() -> None:
    assert expansion_bound(1000, ["DCTDecode"]) == 1000
    assert expansion_bound(1000, ["FlateDecode", "DCTDecode"]) < 1200 * 1000
