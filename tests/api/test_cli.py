"""The `ingest` command line: the JSON contract, exit codes, and bad input as outcomes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from samples import hostile

INGEST = [sys.executable, "-c", "from api.cli import app; app()"]
runner = CliRunner()


def run_ingest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*INGEST, *args], capture_output=True, text=True, timeout=600)


def test_every_hostile_file_gives_one_json_object_with_its_code(tmp_path: Path):
    paths = []
    for name, (build, _) in hostile.CASES.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(build())
        paths.append(path)
    done = run_ingest("extract", *map(str, paths), "--json")
    assert done.returncode == 2  # at least one failed, every object still printed
    assert "Traceback" not in done.stderr
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(objects) == len(paths)
    for (name, (_, code)), result in zip(hostile.CASES.items(), objects, strict=True):
        if code is None:
            assert result["error"] is None, name
            assert result["fields"]["invoice_number"]["value"] == "F-2026-0001", name
            warning = hostile.WARNINGS.get(name)
            codes = [w["code"] for w in result["warnings"]]
            assert warning is None or warning in codes, name
        else:
            assert result["error"]["code"] == code, name
            assert result["error"]["message"], name
            assert result["fields"] == {}, name


def test_a_missing_file_is_an_error_object_not_a_traceback(tmp_path: Path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.pdf"), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "file_unreadable"


def test_limits_come_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "three.pdf"
    path.write_bytes(hostile.pages_pdf(3))
    monkeypatch.setenv("INGEST_MAX_PAGES", "2")
    from api.settings import get_settings

    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["extract", str(path), "--json"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "too_many_pages"


def test_a_bad_setting_is_named_and_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("INGEST_MAX_BYTES", "lots")
    from api.settings import get_settings

    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["extract", str(tmp_path / "x.pdf")])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 3
    assert "INGEST_MAX_BYTES" in result.stderr
