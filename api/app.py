"""The FastAPI app: JSON under /api, OpenAPI at /docs; workers started with it."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors, web
from api.delivery import Deliverer
from api.deps import Service, UserDep
from api.routes import directory, documents, invoices, outbox, works
from api.schemas import Me, base_url, me
from api.settings import Settings, get_settings
from api.workers import Dispatcher, Polling, Pool, WakePool
from models.db import database_url, ensure_schema, make_engine
from models.documents import blob_store

log = logging.getLogger(__name__)


def create_app(
    config: Settings | None = None, *, workers: int | None = None
) -> FastAPI:
    """The app on ``config`` (default: the environment's settings).

    ``workers``: in-process worker processes to start with it (default: one per core;
    0: none, the documents wait for `ingest worker`). With a broker, none are started
    here: documents go to Celery.
    """
    config = config or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(database_url(config.data_dir, config.database_url))
        ensure_schema(engine)
        pool, dispatcher = _dispatch(config, workers)
        deliverer = (
            Deliverer(engine, config.webhook_url, base_url(config))
            if config.webhook_url
            else None
        )
        app.state.service = Service(
            config, engine, blob_store(config.data_dir), dispatcher
        )
        if pool is not None:
            pool.start()
        if deliverer is not None:
            deliverer.start()
        try:
            yield
        finally:
            if deliverer is not None:
                deliverer.stop()
            if pool is not None:
                pool.stop()
            engine.dispose()

    app = FastAPI(
        title="ingest",
        summary="Deposit French public-sector invoices; read what was extracted.",
        lifespan=lifespan,
    )
    errors.install(app)
    for module in (documents, invoices, directory, outbox, works):
        app.include_router(module.router)
    web.install(app)  # the pages under /, their /ui routes, /static

    @app.get("/api/me", response_model=Me, tags=["users"])
    def whoami(user: UserDep) -> Me:
        """Who the token belongs to: name, role, scope."""
        return me(user)

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _dispatch(config: Settings, workers: int | None) -> tuple[Pool | None, Dispatcher]:
    """In-process workers and how to wake them, or Celery's dispatcher."""
    if config.broker_url:
        from api.tasks import CeleryDispatcher

        return None, CeleryDispatcher(config)
    if workers == 0:
        return None, Polling()
    pool = Pool(config, workers)
    return pool, WakePool(pool.wake)
