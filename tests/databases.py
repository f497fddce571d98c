"""Throw-away databases for tests: a SQLite file, or a PostgreSQL cluster on loopback.

The cluster is started with the real `initdb`/`pg_ctl` (Debian's ``postgresql``
package) in a temp folder; as root (CI) they run as the ``postgres`` system user,
since PostgreSQL refuses to run as root.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from models.db import make_engine, upgrade


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's binaries folder."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name),
    )
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run `make test` (apt package)")
    return found[-1].parent


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class PostgresCluster:
    root: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its name."""
        name = "t_" + uuid.uuid4().hex[:16]
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        clause = f" TEMPLATE {template}" if template else ""
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}{clause}"))
        admin.dispose()
        return name


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """Start a cluster in a temp folder, on a free loopback port; stop and remove it."""
    binaries = postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="ingest-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
                      "-A", "trust", "-E", "UTF8", "--no-sync"]),
        **run,
    )  # fmt: skip
    options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                      "-l", str(root / "log"), "-w", "start"]),
        **run,
    )  # fmt: skip
    try:
        yield PostgresCluster(root, port)
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate",
                          "-w", "stop"]),
            check=False, capture_output=True, timeout=120,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def sqlite_engine(folder: Path) -> Engine:
    return make_engine(f"sqlite:///{folder / 'ingest.sqlite3'}")


def migrated_template(cluster: PostgresCluster) -> str:
    """A database at head, to copy for each test (faster than migrating each time)."""
    name = cluster.create_database()
    engine = make_engine(cluster.url(name))
    upgrade(engine)
    engine.dispose()
    return name
