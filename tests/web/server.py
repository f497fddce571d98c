"""A real service for browser tests and the page benchmark: a temp data folder with
the sample directory and users, and `ingest serve` on a free loopback port."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from models.db import database_url, make_engine, session, upgrade
from models.directory import import_files
from models.users import Role, add_user

ROOT = Path(__file__).resolve().parents[2]
DIRECTORY = sorted((ROOT / "samples" / "annuaire").glob("*.csv"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class Served:
    """The running service: its address, data folder and users' tokens."""

    url: str
    data_dir: Path
    tokens: dict[str, str]

    def api(self, user: str) -> httpx.Client:
        """An API client holding ``user``'s Bearer token."""
        return httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {self.tokens[user]}"},
            timeout=30,
        )


def prepare(
    data_dir: Path, users: dict[str, tuple[Role, str | None]]
) -> dict[str, str]:
    """The schema, the sample directory and ``users``; their tokens."""
    engine = make_engine(database_url(data_dir, None))
    upgrade(engine)
    tokens = {}
    with session(engine) as s:
        import_files(s, DIRECTORY)
        for name, (role, siret) in users.items():
            _, tokens[name] = add_user(s, name, role, siret)
    engine.dispose()
    return tokens


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(
    data_dir: Path, users: dict[str, tuple[Role, str | None]], workers: int = 1
) -> Iterator[Served]:
    """`ingest serve` on loopback over a prepared data folder, stopped at the end."""
    tokens = prepare(data_dir, users)
    port = free_port()
    env = {**os.environ, "INGEST_DATA_DIR": str(data_dir)}
    env.pop("INGEST_DATABASE_URL", None)
    env.pop("INGEST_BROKER_URL", None)
    log = (data_dir / "serve.log").open("wb")
    command = [
        str(Path(sys.executable).with_name("ingest")), "serve",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield Served(url, data_dir, tokens)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


def _wait_healthy(
    url: str, process: subprocess.Popen[Any], timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ingest serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("ingest serve did not answer in time")


def wait_until(check: Any, timeout: float = 90.0, every: float = 0.25) -> Any:
    """Poll ``check()`` until it returns something truthy; that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not reached within {timeout} s")
