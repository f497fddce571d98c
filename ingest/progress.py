"""Progress is a protocol, off stdout: the CLI draws it, the worker stores it."""

from typing import Protocol


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int) -> None: ...


def _ignore(stage: str, done: int, total: int) -> None:
    """Report nothing."""


NULL_PROGRESS: Progress = _ignore
