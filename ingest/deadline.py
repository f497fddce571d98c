"""A time limit on reading one document, enforced even inside a slow page."""

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from ingest.errors import ProcessingTimeout


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``ProcessingTimeout`` in the block once ``seconds`` have passed.

    A real-time timer interrupts pdfminer wherever it is, so one page made of
    millions of tiny text objects cannot hold the process. Signals reach only the
    main thread; elsewhere (worker threads) the page-by-page check in the pipeline
    is the bound.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ProcessingTimeout(f"Reading took longer than {seconds:g} s.")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
