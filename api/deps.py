"""The typed dependencies routes declare: the session, the caller, the service parts."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlmodel import Session

from api.auth import current_user
from api.settings import Settings
from api.workers import Dispatcher
from models.db import session
from models.documents import BlobStore
from models.users import User


@dataclass
class Service:
    """What the app is built on; kept on ``app.state.service``."""

    config: Settings
    engine: Engine
    blobs: BlobStore
    dispatcher: Dispatcher


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def get_session(request: Request) -> Iterator[Session]:
    with session(get_service(request).engine) as s:
        yield s


ServiceDep = Annotated[Service, Depends(get_service)]
SessionDep = Annotated[Session, Depends(get_session)]
UserDep = Annotated[User, Depends(current_user)]
