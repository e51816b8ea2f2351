"""The API's document and match routes, shared by jobs and resumes, and their dependencies
(the engine, the API key check, uploads read within the size limit).

Example:
    >>> valid_id("job-1"), _new_id("job").startswith("job-")
    (True, True)
"""

from __future__ import annotations

import hmac
import os
import uuid
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jobfit.documents.model import Document
from jobfit.index.records import Kind
from jobfit.service.engine import Engine, language_of
from jobfit.service.errors import ApiError
from jobfit.service.schemas import (
    AddResponse,
    DocumentIn,
    DocumentOut,
    DocumentPage,
    DocumentUpdate,
    MatchRequest,
    MatchResponse,
    Metadata,
    valid_id,
)
from jobfit.service.uploads import max_upload_bytes, upload_document

__all__ = ["EngineDep", "auth", "document_routes", "match", "match_file_route"]


def _new_id(kind: Kind) -> str:
    return f"{kind}-{uuid.uuid4().hex[:12]}"


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def auth(request: Request) -> None:
    """With ``$JOBFIT_API_KEY`` set, the request must carry it (``X-API-Key`` or ``Bearer``)."""
    key = os.environ.get("JOBFIT_API_KEY")
    if not key:
        return
    given = request.headers.get("x-api-key") or ""
    bearer = request.headers.get("authorization") or ""
    if not given and bearer.lower().startswith("bearer "):
        given = bearer[7:].strip()
    if not hmac.compare_digest(given.encode(), key.encode()):
        raise ApiError(
            401,
            "unauthorized",
            "missing or wrong API key; send it as the X-API-Key header "
            "(or Authorization: Bearer KEY)",
        )


EngineDep = Annotated[Engine, Depends(_engine)]


def _metadata(
    title: str | None, company: str | None, location: str | None, tags: str | None
) -> Metadata:
    tag_list = [t.strip() for t in (tags or "").split(",") if t.strip()]
    return Metadata(title=title, company=company, location=location, tags=tag_list)


async def _read_upload(file: UploadFile) -> bytes:
    limit = max_upload_bytes()
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ApiError(
            413,
            "upload_too_large",
            f"the upload is over {limit // (1024 * 1024)} MB; send a smaller file, or raise "
            "JOBFIT_MAX_UPLOAD_MB on the server",
        )
    return data


def _check_id(doc_id: str | None) -> None:
    if doc_id is not None and not valid_id(doc_id):
        raise ApiError(
            422,
            "invalid_id",
            f"id {doc_id[:60]!r} is not allowed; use up to 128 letters, digits and . _ : @ -",
        )


async def match(
    engine: Engine, body: MatchRequest, kind: Kind, doc: Document | None = None
) -> dict[str, Any]:
    q_kind: Kind = "resume" if kind == "job" else "job"
    if doc is None:
        doc = (
            engine.stored(q_kind, body.id)
            if body.id is not None
            else Document("query", body.text or "", "request")
        )
    if body.where:
        from jobfit.index.filters import parse_filter

        parse_filter(body.where)  # a bad filter is a 400 before any model work
    ranking, shown = await engine.run(engine.match, doc, kind, body.top_k, body.where, body.explain)
    return {**ranking.to_dict(), "query_text": doc.text, "documents": shown}


def document_routes(
    app: FastAPI,
    plural: str,
    kind: Kind,
    api: list[Any],
    add: Callable[[Engine, Kind, Document], Awaitable[dict[str, Any]]],
) -> None:
    """Add, upload, update, get, list and delete for ``/v1/{plural}``."""
    tag: list[str | Enum] = [plural]

    @app.post(
        f"/v1/{plural}",
        status_code=201,
        response_model=AddResponse,
        dependencies=api,
        tags=tag,
        name=f"add_{kind}",
    )
    async def add_json(body: DocumentIn, engine: EngineDep) -> dict[str, Any]:
        meta = body.metadata.model_dump(exclude_none=True)
        doc = Document(body.id or _new_id(kind), body.text, meta.get("source") or "api", meta)
        return await add(engine, kind, doc)

    @app.post(
        f"/v1/{plural}/file",
        status_code=201,
        response_model=AddResponse,
        dependencies=api,
        tags=tag,
        name=f"upload_{kind}",
    )
    async def add_file(
        engine: EngineDep,
        file: Annotated[UploadFile, File(description="PDF, DOCX, HTML or plain text.")],
        id: Annotated[str | None, Form()] = None,
        title: Annotated[str | None, Form(max_length=300)] = None,
        company: Annotated[str | None, Form(max_length=300)] = None,
        location: Annotated[str | None, Form(max_length=300)] = None,
        tags: Annotated[str | None, Form(description="Comma-separated.")] = None,
    ) -> dict[str, Any]:
        _check_id(id)
        data = await _read_upload(file)
        doc = upload_document(data, file.filename, id or _new_id(kind))
        meta = {
            **doc.metadata,
            **_metadata(title, company, location, tags).model_dump(exclude_none=True),
        }
        return await add(engine, kind, Document(doc.id, doc.text, doc.source, meta))

    @app.put(
        f"/v1/{plural}/{{doc_id}}",
        response_model=AddResponse,
        dependencies=api,
        tags=tag,
        name=f"update_{kind}",
    )
    async def update(doc_id: str, body: DocumentUpdate, engine: EngineDep) -> dict[str, Any]:
        _check_id(doc_id)
        meta = body.metadata.model_dump(exclude_none=True) if body.metadata else None
        status = await engine.run(engine.update, kind, doc_id, body.text, meta)
        text = body.text if body.text is not None else engine.stored(kind, doc_id).text
        return {
            "id": doc_id,
            "kind": kind,
            "status": status,
            "language": language_of(text),
            "chars": len(text),
        }

    @app.get(
        f"/v1/{plural}/{{doc_id}}",
        response_model=DocumentOut,
        dependencies=api,
        tags=tag,
        name=f"get_{kind}",
    )
    async def get(doc_id: str, engine: EngineDep) -> dict[str, Any]:
        _check_id(doc_id)
        return await run_in_threadpool(engine.get, kind, doc_id)

    @app.get(
        f"/v1/{plural}",
        response_model=DocumentPage,
        dependencies=api,
        tags=tag,
        name=f"list_{kind}",
    )
    async def page(
        engine: EngineDep,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
        where: Annotated[str | None, Query(max_length=1000)] = None,
    ) -> dict[str, Any]:
        return await run_in_threadpool(engine.page, kind, limit, offset, where)

    @app.delete(
        f"/v1/{plural}/{{doc_id}}",
        status_code=204,
        dependencies=api,
        tags=tag,
        name=f"delete_{kind}",
    )
    async def delete(doc_id: str, engine: EngineDep) -> Response:
        """Deletes the document and erases its text and vectors from the store's files."""
        _check_id(doc_id)
        await engine.run(engine.delete, kind, doc_id)
        return Response(status_code=204)


def match_file_route(app: FastAPI, plural: str, kind: Kind, api: list[Any]) -> None:
    """``POST /v1/match/{plural}/file``: match an uploaded document (nothing is stored)."""
    what = "resume" if kind == "job" else "posting"

    @app.post(
        f"/v1/match/{plural}/file",
        response_model=MatchResponse,
        dependencies=api,
        tags=["match"],
        name=f"match_{plural}_file",
        description=f"Ranked {plural} for an uploaded {what} (it is not stored).",
    )
    async def match_file(
        engine: EngineDep,
        file: Annotated[UploadFile, File(description="PDF, DOCX, HTML or plain text.")],
        top_k: Annotated[int, Form(ge=1)] = 10,
        where: Annotated[str | None, Form(max_length=1000)] = None,
    ) -> dict[str, Any]:
        doc = upload_document(await _read_upload(file), file.filename, "upload")
        body = MatchRequest(text=doc.text, top_k=top_k, where=where)
        return await match(engine, body, kind, doc)
