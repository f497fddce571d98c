"""The service under load, on loopback: a real `ingest serve` (and Redis + `ingest
worker` for Celery) in a temp folder. Prints a table; run by hand, never in CI.

    .venv/bin/python benchmarks/service_speed.py --count 200 --clients 20
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import func
from sqlmodel import select

from models.db import database_url, make_engine, session
from models.documents import Document, ExtractionRecord
from samples.generator import generate

ROOT = Path(__file__).resolve().parents[1]
INGEST = str(Path(sys.executable).with_name("ingest"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Run:
    name: str
    accepted: list[float]
    """Seconds from sending each deposit to its answer."""
    all_done_s: float
    """From the first deposit to every document done or failed."""
    lost: int
    duplicated: int
    killed: int = 0


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "INGEST_DATA_DIR": str(data_dir), **extra}
    env.pop("INGEST_DATABASE_URL", None)
    if "INGEST_BROKER_URL" not in extra:
        env.pop("INGEST_BROKER_URL", None)
    return env


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [INGEST, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


@contextmanager
def process(
    args: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(
        args, env=env, cwd=ROOT, start_new_session=True,
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def counts(data_dir: Path) -> tuple[int, int, int]:
    """(documents finished, documents, extraction runs beyond one per document)."""
    engine = make_engine(database_url(data_dir, None))
    with session(engine) as s:
        total = s.exec(select(func.count()).select_from(Document)).one()
        finished = s.exec(
            select(func.count())
            .select_from(Document)
            .where(
                Document.status.in_(["done", "failed"])  # type: ignore[attr-defined]
            )
        ).one()
        runs = s.exec(
            select(ExtractionRecord.document_id, func.count())
            .group_by(ExtractionRecord.document_id)
        ).all()  # fmt: skip
    engine.dispose()
    return finished, total, sum(n - 1 for _, n in runs)


def worker_pids(server_pid: int) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(server_pid)], capture_output=True, text=True
    ).stdout.split()
    return [int(p) for p in found]


def load(
    name: str,
    files: list[Path],
    clients: int,
    workers: int,
    scratch: Path,
    broker: str | None = None,
    kill_one: bool = False,
) -> Run:
    data_dir = scratch / name.replace(" ", "-")
    extra = {"INGEST_LEASE_S": "5"}
    if broker:
        extra["INGEST_BROKER_URL"] = broker
    env = env_for(data_dir, **extra)
    run_cli(
        env,
        "directory",
        "import",
        *map(str, sorted((ROOT / "samples/annuaire").glob("*.csv"))),
    )
    token = run_cli(env, "users", "token", "bench", "--role", "admin")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [
        INGEST,
        "serve",
        "--port",
        str(port),
        "--workers",
        "0" if broker else str(workers),
    ]
    with process(serve, env, scratch / f"{name}-serve.log") as server:
        celery = (
            process(
                [INGEST, "worker", "--concurrency", str(workers)],
                env,
                scratch / f"{name}-celery.log",
            )
            if broker
            else None
        )
        with celery if celery else _nothing():
            wait_up(url)
            time.sleep(2.0)  # let the workers start
            headers = {"Authorization": f"Bearer {token}"}
            accepted: list[float] = []
            killed = 0

            def send(path: Path) -> None:
                with httpx.Client(timeout=60) as client:
                    start = time.perf_counter()
                    answer = client.post(
                        f"{url}/api/documents", headers=headers,
                        files={"file": (path.name, path.read_bytes(), "application/pdf")},
                    )  # fmt: skip
                    accepted.append(time.perf_counter() - start)
                    answer.raise_for_status()

            started = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(send, files))
            if kill_one:
                time.sleep(1.0)
                pids = worker_pids(server.pid)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    killed = 1
            deadline = time.monotonic() + 1800
            while time.monotonic() < deadline:
                finished, total, _ = counts(data_dir)
                if total == len(files) and finished == total:
                    break
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
    finished, total, duplicated = counts(data_dir)
    return Run(name, accepted, elapsed, len(files) - finished, duplicated, killed)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def redis_server(scratch: Path) -> Iterator[str]:
    port = free_port()
    binary = shutil.which("redis-server") or "redis-server"
    args = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(scratch),
            "--save", "", "--appendonly", "no"]  # fmt: skip
    with process(args, dict(os.environ), scratch / "redis.log"):
        time.sleep(0.5)
        yield f"redis://127.0.0.1:{port}/0"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument("--skip-celery", action="store_true")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        files = generate(scratch / "invoices", args.count, args.seed)
        runs = [
            load("in-process, 2 workers", files, args.clients, 2, scratch),
            load("in-process, 1 worker", files, args.clients, 1, scratch),
            load(
                "in-process, 2 workers, one killed",
                files,
                args.clients,
                2,
                scratch,
                kill_one=True,
            ),
        ]
        if not args.skip_celery:
            with redis_server(scratch) as broker:
                runs.append(
                    load("celery, 2 processes", files, args.clients, 2, scratch, broker)
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{args.count} deposits, {args.clients} concurrent clients, loopback, "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"{'run':38} {'p50 ms':>7} {'p99 ms':>7} {'all done s':>10} {'docs/s':>7} "
          f"{'lost':>5} {'twice':>5} {'killed':>6}")  # fmt: skip
    for r in runs:
        print(
            f"{r.name:38} {statistics.median(r.accepted) * 1000:7.1f} "
            f"{pct(r.accepted, 0.99) * 1000:7.1f} {r.all_done_s:10.1f} "
            f"{len(r.accepted) / r.all_done_s:7.2f} {r.lost:5d} {r.duplicated:5d} {r.killed:6d}"
        )
    one = next(r for r in runs if r.name == "in-process, 1 worker")
    two = runs[0]
    print(f"2 workers vs 1: {one.all_done_s / two.all_done_s:.2f}x")


if __name__ == "__main__":
    main()
