"""Deposit a file, read a document, list and filter, the original file, a page as PNG."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response

from api.auth import require
from api.deps import ServiceDep, SessionDep, UserDep
from api.errors import ApiError, body
from api.pages import render_page
from api.schemas import (
    DepositAnswer,
    DocumentPublic,
    DocumentSummary,
    base_url,
    document_public,
    document_summary,
)
from api.uploads import Upload, receive
from ingest.contract import Extraction, Notice
from models.db import session
from models.documents import Document, latest_extraction
from models.processing import claim, finish, invoice_of, register, run_owner
from models.tenancy import DocumentFilter, list_documents, visible_document
from models.users import Role, User
from models.workflow import DocumentStatus, InvoiceStatus


class DocumentNotReady(ApiError):
    code = "document_not_ready"
    status = 409
    message = "Pages are shown once the document has been read."


class DepositedByAnother(ApiError):
    code = "deposited_by_another_supplier"
    status = 409
    message = (
        "These exact bytes were deposited for another supplier: an invoice is "
        "deposited by its own supplier. Check that you sent the right file."
    )


router = APIRouter(prefix="/api/documents", tags=["documents"])
Depositor = Annotated[User, Depends(require(Role.SUPPLIER, Role.ADMIN))]


@router.post(
    "",
    status_code=202,
    response_model=DepositAnswer,
    responses={
        200: {"description": "The same bytes were deposited before: that document."},
        413: {"description": "Larger than INGEST_MAX_UPLOAD_BYTES (too_large)."},
        422: {"description": "Not a PDF nor an XML invoice, or empty: kept, failed."},
    },
)
async def deposit(request: Request, service: ServiceDep, user: Depositor) -> Response:
    """Deposit an invoice (multipart field ``file``); it is processed in the background.

    A supplier deposits for its own SIRET; an admin may name one in a ``siret`` field.
    """
    upload = await receive(
        request.stream(),
        request.headers.get("content-type", ""),
        request.headers.get("content-length"),
        service.blobs,
        service.config.max_upload_bytes,
    )
    document, is_new = await run_in_threadpool(_record, service, user, upload)
    if (
        not is_new
        and user.role == Role.SUPPLIER
        and (document.depositor_siret != user.siret)
    ):
        # Another tenant's document: neither its id nor its status is said.
        raise DepositedByAnother()
    answer = DepositAnswer(
        id=document.id or 0, sha256=document.sha256, status=document.status
    )
    if document.status == DocumentStatus.FAILED and document.error_code in (
        "not_a_pdf",
        "empty_file",
    ):
        problem = body(
            document.error_code, document.error_message or "", **answer.model_dump()
        )
        return JSONResponse(problem, status_code=422)
    if is_new:
        await run_in_threadpool(service.dispatcher.enqueue, answer.id)
    return JSONResponse(answer.model_dump(), status_code=202 if is_new else 200)


def _record(service: ServiceDep, user: User, upload: Upload) -> tuple[Document, bool]:
    """The document row for the upload; a file the pipeline would refuse outright is
    kept and failed at once with its code."""
    siret = (
        user.siret if user.role == Role.SUPPLIER else upload.fields.get("siret") or None
    )
    with session(service.engine) as s:
        document, is_new = register(
            s, service.blobs, upload.sha256, upload.size, filename=upload.filename,
            deposited_by=user.name, depositor_siret=siret,
        )  # fmt: skip
        refusal = upload.refusal()
        if is_new and refusal is not None and document.id is not None:
            owner = run_owner()
            if claim(s, owner, service.config.lease_s, document.id) is not None:
                notice = Notice(code=refusal.code, message=refusal.describe())
                finish(
                    s,
                    document.id,
                    owner,
                    Extraction(sha256=upload.sha256, error=notice),
                )
            s.refresh(document)
        return document, is_new


@router.get("", response_model=list[DocumentSummary])
def list_(
    s: SessionDep,
    user: UserDep,
    status: DocumentStatus | None = None,
    invoice_status: InvoiceStatus | None = None,
    supplier: Annotated[str | None, Query(description="The supplier's SIRET.")] = None,
    structure: Annotated[
        str | None, Query(description="The recipient's SIRET.")
    ] = None,
    has_blockers: bool | None = None,
    order: Annotated[str, Query(pattern="^(newest|confidence)$")] = "newest",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[DocumentSummary]:
    """The documents you may see, newest first or least confident first, filtered."""
    wanted = DocumentFilter(
        status=status, invoice_status=invoice_status, supplier_siret=supplier,
        structure_siret=structure, has_blockers=has_blockers,
        least_confident_first=order == "confidence", limit=limit, offset=offset,
    )  # fmt: skip
    return [document_summary(d, i) for d, i in list_documents(s, user, wanted)]


@router.get("/{document_id}", response_model=DocumentPublic)
def read(
    document_id: int, s: SessionDep, user: UserDep, service: ServiceDep
) -> DocumentPublic:
    """Status, extraction (fields, VAT lines, signature report), match and warnings."""
    document = visible_document(s, user, document_id)
    record = latest_extraction(s, document)
    invoice = invoice_of(s, document_id)
    return document_public(
        document, invoice, record.data if record else None, base_url(service.config)
    )


@router.get("/{document_id}/file", response_class=FileResponse)
def original(
    document_id: int, s: SessionDep, user: UserDep, service: ServiceDep
) -> FileResponse:
    """The file as deposited, byte for byte."""
    document = visible_document(s, user, document_id)
    kind = "application/pdf" if document.filename.lower().endswith(".pdf") else None
    return FileResponse(
        service.blobs.path(document.sha256),
        media_type=kind or "application/octet-stream",
        filename=f"{document.id}-{document.sha256[:12]}.pdf" if kind else None,
    )


@router.get(
    "/{document_id}/pages/{number}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def page_png(
    document_id: int,
    number: int,
    s: SessionDep,
    user: UserDep,
    service: ServiceDep,
    width: Annotated[int | None, Query(ge=50, description="Pixels; capped.")] = None,
) -> Response:
    """Page ``number`` (from 1) as a PNG, for the correction screen."""
    document = visible_document(s, user, document_id)
    if document.status != DocumentStatus.DONE:
        # Only a file the pipeline's inspection passed is handed to the renderer.
        raise DocumentNotReady(f"It is {document.status}.", status=str(document.status))
    png = render_page(
        service.blobs.path(document.sha256), number, width, service.config.max_page_px
    )
    return Response(
        png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"}
    )
