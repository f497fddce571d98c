"""Deliver the outbox to ``INGEST_WEBHOOK_URL``: at least once, in order, with
retries and backoff; the receiver deduplicates by the ``Idempotency-Key`` header."""

import logging
import threading
import time

import httpx
from sqlalchemy import Engine

from models.db import session
from models.handoff import event_body, events_after, mark_delivered, mark_failed

log = logging.getLogger(__name__)

BATCH = 50
MAX_BACKOFF_S = 300.0


class Deliverer:
    """A thread that posts undelivered events; a failed one waits, doubling each time."""

    def __init__(
        self, engine: Engine, url: str, base_url: str, every_s: float = 1.0
    ) -> None:
        self.engine = engine
        self.url = url
        self.base_url = base_url
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="ingest-outbox", daemon=True
        )
        self._next_try: dict[int, float] = {}

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        with httpx.Client(timeout=10.0) as client:
            while not self._stop.wait(self.every_s):
                try:
                    self.deliver_due(client)
                except Exception:  # the database is away: try again later
                    log.warning("outbox delivery", exc_info=True)

    def deliver_due(self, client: httpx.Client) -> int:
        """Post each undelivered event whose wait is over; return how many arrived."""
        delivered = 0
        now = time.monotonic()
        with session(self.engine) as s:
            for event in events_after(s, 0, BATCH, undelivered_only=True):
                if event.id is None or self._next_try.get(event.id, 0.0) > now:
                    continue
                error = self._post(
                    client, event.event_id, event_body(s, event, self.base_url)
                )
                if error is None:
                    mark_delivered(s, event)
                    self._next_try.pop(event.id, None)
                    delivered += 1
                    continue
                mark_failed(s, event, error)
                wait = min(2.0 ** min(event.attempts, 16), MAX_BACKOFF_S)
                self._next_try[event.id] = now + wait
                log.warning("event %s not delivered (%s); next try in %.0f s",
                            event.event_id, error, wait)  # fmt: skip
                break  # keep the order: later events wait for this one
        return delivered

    def _post(
        self, client: httpx.Client, key: str, payload: dict[str, object]
    ) -> str | None:
        try:
            answer = client.post(
                self.url, json=payload, headers={"Idempotency-Key": key}
            )
        except httpx.HTTPError as e:
            return f"{type(e).__name__}: {e}"
        if answer.is_success:
            return None
        return f"HTTP {answer.status_code}"
