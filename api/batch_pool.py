"""The worker processes of ``ingest batch``: the pipeline, and nothing else.

The pipeline is CPU-bound Python (and pyHanko starts its own event loop), so each
worker is a process. A worker reads a stored blob and returns the Extraction's JSON;
the parent alone writes to the database. Workers ignore Ctrl-C (the parent decides
how to stop) and leave when their parent is gone, even killed.
"""

import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from api.settings import Settings
from ingest import pipeline
from ingest.contract import Extraction, Notice
from ingest.signature.trust import load_trust

log = logging.getLogger(__name__)

PARENT_CHECK_S = 0.5

_options: pipeline.Options | None = None


def start_pool(config: Settings, workers: int) -> ProcessPoolExecutor:
    """``workers`` processes, each with the pipeline's options built once."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(config, os.getpid(), logging.getLogger().level),
    )


def _init_worker(config: Settings, parent: int, level: int) -> None:
    global _options
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    trust = load_trust(config.trust_roots, fetch_revocation=config.fetch_revocation)
    _options = pipeline.Options(limits=config.limits(), trust=trust)
    threading.Thread(target=_leave_with, args=(parent,), daemon=True).start()


def _leave_with(parent: int) -> None:
    """Exit when the parent is gone (a killed parent cannot stop its workers)."""
    while os.getppid() == parent:
        threading.Event().wait(PARENT_CHECK_S)
    os._exit(1)


def extract_blob(path: str, sha256: str) -> dict[str, Any]:
    """In a pool worker: the Extraction of a stored file, as the contract's JSON."""
    if _options is None:
        raise RuntimeError("the worker was not initialised")
    return extract_with(_options, Path(path), sha256)


def extract_with(options: pipeline.Options, path: Path, sha256: str) -> dict[str, Any]:
    """The Extraction of a stored file, as the contract's JSON object; a bug is an
    ``internal_error`` result."""
    try:
        data = path.read_bytes()
    except OSError as e:
        notice = Notice(
            code="file_unreadable", message=f"The stored file: {e.strerror}"
        )
        return Extraction(sha256=sha256, error=notice).model_dump(mode="json")
    try:
        return pipeline.run(data, options=options).model_dump(mode="json")
    except Exception:  # the worker's outer handler: one document must not stop a batch
        log.exception("internal error on %s", sha256[:12])
        notice = Notice(
            code="internal_error",
            message="An internal error occurred; it has been logged.",
        )
        return Extraction(sha256=sha256, error=notice).model_dump(mode="json")
