"""The pages, in French: sign-in, the supplier's deposits, the clerk's queue and the
correction screen; and the small JSON routes their scripts call (under /ui).

Pages and /ui routes authenticate with the session cookie (`api.web_session`) and
check the CSRF token on every write; they call the same route functions and services
as the JSON API, so the tenant rules are the API's: another tenant's record is a 404.
Everything a document says is rendered as text: Jinja escapes it, and the scripts
write it with ``textContent``.
"""

import hashlib
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from api.auth import Forbidden
from api.deps import ServiceDep, SessionDep
from api.routes import directory, documents, invoices
from api.routes.words import PageWords, page_words
from api.schemas import (
    CorrectionRequest,
    DocumentSummary,
    document_public,
    document_summary,
    me,
)
from api.web_session import (
    COOKIE,
    MAX_AGE_S,
    PRE_COOKIE,
    CsrfRefused,
    WebUser,
    check_csrf,
    page_user,
    request_csrf,
    sign_in,
)
from api.web_text import (
    BILLING_FRAMES,
    CODES,
    DEPOSIT_FORMAT,
    DOCUMENT_STATUS,
    FIELD_GROUPS,
    FIELD_LABELS,
    INVOICE_STATUS,
    SIGNATURE_STATUS,
    advise,
    advise_all,
)
from models.documents import Document, latest_extraction
from models.invoices import Invoice
from models.processing import invoice_of
from models.tenancy import DocumentFilter, NotFound, list_documents, visible_document
from models.users import Role, User
from models.workflow import InvoiceStatus

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
LOW_CONFIDENCE = 0.9
"""Below this a value is shown as uncertain (the contract's 99 %-right line)."""
QUEUE_SIZE = 100
"""Rows per section of the clerk's queue."""
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; "
        "style-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
"""On every page: no inline script can run, whatever a document carries."""

pages = APIRouter(include_in_schema=False)
ui = APIRouter(prefix="/ui", include_in_schema=False)


@lru_cache(maxsize=64)
def _static_version(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    """The URL of a static file, its content's hash in the query (cache busting)."""
    return f"/static/{name}?v={_static_version(name)}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is text unless a template says otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        static_url=static_url,
        field_labels=FIELD_LABELS,
        document_status=DOCUMENT_STATUS,
        invoice_status=INVOICE_STATUS,
        billing_frames=BILLING_FRAMES,
    )
    env.filters["advise"] = advise
    return env


templates = Jinja2Templates(env=_environment())


def vocabulary() -> dict[str, Any]:
    """The words the scripts need, embedded in each page as JSON."""
    return {
        "codes": {k: {"title": t, "todo": d} for k, (t, d) in CODES.items()},
        "fields": FIELD_LABELS,
        "document_status": DOCUMENT_STATUS,
        "invoice_status": INVOICE_STATUS,
        "billing_frames": BILLING_FRAMES,
        "low_confidence": LOW_CONFIDENCE,
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    user: User | None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page, with the signed-in user, the CSRF token and the security headers."""
    full = {
        "user": user,
        "csrf": request_csrf(request) if user else "",
        "vocabulary": vocabulary(),
        **context,
    }
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response


def error_page(
    request: Request, user: User | None, status: int, code: str, detail: str = ""
) -> HTMLResponse:
    return render(
        request,
        "erreur.html",
        {"status": status, "advice": advise(code, detail)},
        user,
        status_code=status,
    )


def _to_sign_in(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/connexion?suite={quote(target)}", status_code=303)


def _home(user: User) -> str:
    return "/depots" if user.role == Role.SUPPLIER else "/a-traiter"


def _safe_next(target: str | None) -> str | None:
    """A local path to go back to after sign-in; anything else is dropped."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None


# ------------------------------------------------------------------ sign-in


@pages.get("/")
def root(request: Request) -> Response:
    user = page_user(request)
    return RedirectResponse(_home(user) if user else "/connexion", status_code=303)


@pages.get("/connexion")
def sign_in_form(request: Request, suite: str | None = None) -> Response:
    pre = secrets.token_urlsafe(24)
    response = render(
        request, "connexion.html", {"pre": pre, "suite": _safe_next(suite) or ""}, None
    )
    response.set_cookie(
        PRE_COOKIE, pre, max_age=3600, httponly=True, samesite="lax",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    return response


@pages.post("/connexion")
def sign_in_post(
    request: Request,
    token: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    suite: Annotated[str, Form()] = "",
) -> Response:
    pre = request.cookies.get(PRE_COOKIE, "")
    if not pre or not secrets.compare_digest(pre, csrf):
        return error_page(request, None, 403, "csrf_refused")
    signed = sign_in(request, token)
    if signed is None:
        context = {"pre": pre, "suite": _safe_next(suite) or "", "refused": True}
        return render(request, "connexion.html", context, None, status_code=401)
    user, value = signed
    response = RedirectResponse(_safe_next(suite) or _home(user), status_code=303)
    response.set_cookie(
        COOKIE, value, max_age=MAX_AGE_S, httponly=True, samesite="lax",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    response.delete_cookie(PRE_COOKIE)
    return response


@pages.post("/deconnexion")
def sign_out(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    user = page_user(request)
    if user is None:
        return RedirectResponse("/connexion", status_code=303)
    try:
        check_csrf(request, csrf)
    except CsrfRefused as e:
        return error_page(request, user, 403, e.code)
    response = RedirectResponse("/connexion", status_code=303)
    response.delete_cookie(COOKIE)
    return response


# ------------------------------------------------------------------ supplier


@pages.get("/depots")
def deposits_page(request: Request, s: SessionDep) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    if user.role not in (Role.SUPPLIER, Role.ADMIN):
        return error_page(request, user, 403, "forbidden", "Réservé aux fournisseurs.")
    rows = list_documents(s, user, DocumentFilter(limit=200))
    context = {"rows": [_deposit_row(d, i) for d, i in rows]}
    return render(request, "depots.html", context, user)


def _deposit_row(document: Document, invoice: Invoice | None) -> dict[str, Any]:
    return document_summary(document, invoice).model_dump(mode="json")


# ------------------------------------------------------------------ clerk's queue


@pages.get("/a-traiter")
def queue_page(
    request: Request,
    s: SessionDep,
    statut: str = "brouillon",
    fournisseur: str = "",
    blocage: str = "",
    destinataire: str = "",
) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    if user.role not in (Role.CLERK, Role.ADMIN):
        return error_page(request, user, 403, "forbidden", "Réservé aux gestionnaires.")
    wanted = _queue_filter(statut, fournisseur, destinataire)
    rows = _queue(s, user, wanted, blocage)
    filters = {
        "statut": statut,
        "fournisseur": fournisseur,
        "blocage": blocage,
        "destinataire": destinataire,
    }
    return render(request, "a_traiter.html", {"rows": rows, "filters": filters}, user)


def _queue_filter(status: str, supplier: str, structure: str) -> DocumentFilter:
    known = status in {s.value for s in InvoiceStatus}
    return DocumentFilter(
        invoice_status=InvoiceStatus(status) if known else None,
        supplier_siret=supplier.replace(" ", "") or None,
        structure_siret=structure.replace(" ", "") or None,
        least_confident_first=True,
        limit=QUEUE_SIZE,
    )


def _queue(
    s: Session, user: User, wanted: DocumentFilter, blocked: str
) -> list[dict[str, Any]]:
    """Drafts needing attention first: those with blockers, then the least sure."""
    sections = {"oui": (True,), "non": (False,)}.get(blocked, (True, False))
    rows = []
    for has_blockers in sections:
        chosen = DocumentFilter(**{**_fields(wanted), "has_blockers": has_blockers})
        for document, invoice in list_documents(s, user, chosen):
            rows.append(_queue_row(s, document, invoice))
    return rows


def _fields(wanted: DocumentFilter) -> dict[str, Any]:
    return {name: getattr(wanted, name) for name in DocumentFilter.__slots__}


def _queue_row(
    s: Session, document: Document, invoice: Invoice | None
) -> dict[str, Any]:
    record = latest_extraction(s, document)
    extraction = record.data if record else {}
    match = (invoice.last_match if invoice else None) or {}
    return {
        "document": document,
        "invoice": invoice,
        "blockers": advise_all(match.get("blockers", [])),
        "uncertain": _uncertain(extraction.get("fields", {})),
        "warnings": advise_all(
            extraction.get("warnings", []) + match.get("warnings", [])
        ),
        "min_confidence": document.min_confidence,
    }


def _uncertain(fields: dict[str, Any]) -> list[tuple[str, float]]:
    """The fields read with a confidence under the line, least sure first."""
    found = [
        (FIELD_LABELS.get(name, name), float(f.get("confidence", 0)))
        for name, f in fields.items()
    ]
    return sorted((x for x in found if x[1] < LOW_CONFIDENCE), key=lambda x: x[1])


# ------------------------------------------------------------------ correction screen


@pages.get("/documents/{document_id}")
def correction_page(
    request: Request, document_id: int, s: SessionDep, service: ServiceDep
) -> Response:
    user = page_user(request)
    if user is None:
        return _to_sign_in(request)
    try:
        document = visible_document(s, user, document_id)
    except NotFound:
        return error_page(request, user, 404, "not_found", f"Document {document_id}.")
    record = latest_extraction(s, document)
    invoice = invoice_of(s, document_id)
    public = document_public(document, invoice, record.data if record else None, "")
    draft = invoices.read(invoice.id, s, user) if invoice and invoice.id else None
    context = {
        "document": public,
        "draft": draft,
        "groups": FIELD_GROUPS,
        "extracted": (record.data if record else {}).get("fields", {}),
        "signature": _signature_view(public.signature),
        "deposit_format": DEPOSIT_FORMAT,
        "signature_status": SIGNATURE_STATUS,
        "error": advise(public.error.code, public.error.message)
        if public.error
        else None,
        "can_submit": user.role in (Role.SUPPLIER, Role.ADMIN),
        "state": {
            "document": public.model_dump(mode="json"),
            "invoice": draft.model_dump(mode="json") if draft else None,
            "can_submit": user.role in (Role.SUPPLIER, Role.ADMIN),
        },
    }
    return render(request, "document.html", context, user)


def _signature_view(signature: dict[str, Any] | None) -> dict[str, Any]:
    """The signature report in words: the verdict, then one line per signature."""
    signature = signature or {}
    status = str(signature.get("status") or "none")
    lines = []
    for sig in signature.get("signatures", []):
        signer = sig.get("signer") or {}
        who = signer.get("organisation") or signer.get("common_name") or "inconnu"
        reason = sig.get("reason") or {}
        lines.append(
            {
                "field": sig.get("field_name", ""),
                "status": SIGNATURE_STATUS.get(
                    str(sig.get("status")), sig.get("status")
                ),
                "who": who,
                "siren": signer.get("siren"),
                "when": sig.get("timestamp") or sig.get("signing_time"),
                "level": sig.get("pades_level"),
                "reason": reason.get("message"),
                "reason_code": reason.get("code"),
                "modifications": sig.get("modifications"),
            }
        )
    return {
        "status": status,
        "verdict": SIGNATURE_STATUS.get(status, status),
        "signatures": lines,
        "deposit_format": signature.get("deposit_format"),
    }


# ------------------------------------------------------------------ /ui: JSON for pages


def _depositor(user: User) -> None:
    if user.role not in (Role.SUPPLIER, Role.ADMIN):
        raise Forbidden(f"Role {user.role} cannot deposit.")


@ui.post("/documents")
async def ui_deposit(request: Request, service: ServiceDep, user: WebUser) -> Response:
    """The API's deposit, for a signed-in supplier (multipart field ``file``)."""
    _depositor(user)
    return await documents.deposit(request, service, user)


@ui.get("/documents", response_model=list[DocumentSummary])
def ui_documents(s: SessionDep, user: WebUser) -> list[DocumentSummary]:
    """The signed-in user's documents, newest first (the deposits list polls it)."""
    return documents.list_(s, user, limit=200)


@ui.get("/documents/{document_id}")
def ui_document(
    document_id: int, s: SessionDep, user: WebUser, service: ServiceDep
) -> Any:
    return documents.read(document_id, s, user, service)


@ui.get("/documents/{document_id}/pages/{number}.png")
def ui_page_png(
    document_id: int,
    number: int,
    s: SessionDep,
    user: WebUser,
    service: ServiceDep,
    width: Annotated[int | None, Query(ge=50)] = None,
) -> Response:
    return documents.page_png(document_id, number, s, user, service, width)


@ui.get("/documents/{document_id}/pages/{number}/words", response_model=PageWords)
def ui_page_words(
    document_id: int, number: int, s: SessionDep, user: WebUser, service: ServiceDep
) -> PageWords:
    document = visible_document(s, user, document_id)
    record = latest_extraction(s, document)
    return page_words(service, document, record.data if record else None, number)


@ui.patch("/invoices/{invoice_id}")
def ui_correct(
    invoice_id: int, change: CorrectionRequest, s: SessionDep, user: WebUser
) -> Any:
    """Corrections, saved through the API's route: each with who and when."""
    return invoices.update(invoice_id, change, s, user)


@ui.post("/invoices/{invoice_id}/submit")
def ui_submit(invoice_id: int, s: SessionDep, user: WebUser) -> Any:
    """'Valider et envoyer'; refused with the blockers while there are any."""
    return invoices.submit_(invoice_id, s, user)


@ui.get("/directory/structures")
def ui_structures(
    s: SessionDep, user: WebUser, q: Annotated[str, Query(min_length=2)]
) -> Any:
    return directory.search(s, user, q, 10)


@ui.get("/me")
def ui_me(user: WebUser) -> Any:
    return me(user)


def install(app: FastAPI) -> None:
    """Add the pages, their JSON routes and the static files to ``app``."""
    from api.routes import words

    app.include_router(words.router)
    app.include_router(pages)
    app.include_router(ui)
    from api import web_works  # after the shared helpers it imports from here

    web_works.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
