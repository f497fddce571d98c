"""Errors of the HTTP layer, and the one place that turns every typed error into
``{"error": {"code", "message"}}`` with its status."""

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ingest.errors import IngestError
from models.errors import RecordError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the API refuses, with a stable code and its HTTP status."""

    code: ClassVar[str] = "bad_request"
    status: ClassVar[int] = 400
    message: ClassVar[str] = "The request cannot be carried out."

    def __init__(self, detail: str | None = None, **data: Any) -> None:
        super().__init__(detail or self.message)
        self.detail = detail
        self.data = data

    def describe(self) -> str:
        return f"{self.message} {self.detail}" if self.detail else self.message


class Unauthorized(ApiError):
    code = "unauthorized"
    status = 401
    message = "A valid API token is needed: 'Authorization: Bearer …'."


class Forbidden(ApiError):
    code = "forbidden"
    status = 403
    message = "Your role may not do this."


RECORD_STATUS: dict[str, int] = {
    "not_found": 404,
    "invoice_has_blockers": 409,
    "not_a_draft": 409,
    "illegal_transition": 409,
    "reason_required": 422,
    "unknown_field": 422,
    "invalid_value": 422,
    "user_exists": 409,
    "database_unavailable": 503,
}
"""The HTTP status of each records-layer code; 400 for any other."""


def body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _api_error(request: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, ApiError)
    return JSONResponse(body(e.code, e.describe(), **e.data), status_code=e.status)


def _record_error(request: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, RecordError)
    extra = _jsonable(e.data)
    return JSONResponse(
        body(e.code, e.describe(), **extra), status_code=RECORD_STATUS.get(e.code, 400)
    )


def _ingest_error(request: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, IngestError)
    return JSONResponse(body(e.code, e.describe()), status_code=422)


def _validation(request: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, RequestValidationError)
    where = "; ".join(
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
    )
    return JSONResponse(body("invalid_request", where), status_code=422)


def _http(request: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(
        e.status_code, "http_error"
    )
    return JSONResponse(body(code, str(e.detail)), status_code=e.status_code)


def _internal(request: Request, e: Exception) -> JSONResponse:
    log.exception("internal error on %s %s", request.method, request.url.path)
    return JSONResponse(
        body("internal_error", "An internal error occurred; it has been logged."),
        status_code=500,
    )


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """Error attributes as JSON: blockers as code/message objects, others as text."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "blockers":
            out[key] = [{"code": c, "message": m} for c, m in value]
        elif isinstance(value, str | int | float | bool) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def install(app: FastAPI) -> None:
    """Register the handlers: every error leaves as one JSON shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RecordError, _record_error)
    app.add_exception_handler(IngestError, _ingest_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _internal)
