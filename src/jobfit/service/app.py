"""The HTTP API (``/v1``, OpenAPI at ``/docs``) and the web page, as one FastAPI app.

Nothing heavy happens at import: `create_app` takes a function that opens the index, and the
model loads when the app starts (the lifespan), in the worker pool. Errors are JSON,
``{"error": {"status", "type", "message"}}``, with a message that says what to do; a 500
never shows a traceback, and logs carry ids, sizes and timings, never document text.

Example:
    >>> import tempfile
    >>> from fastapi.testclient import TestClient
    >>> from jobfit.encoding.encoder import HashEncoder
    >>> from jobfit.index.index import Index
    >>> from jobfit.matching.matcher import Matcher
    >>> app = create_app(lambda: Index(tempfile.mkdtemp(), Matcher(encoder=HashEncoder(), cache=False)))
    >>> with TestClient(app) as client:
    ...     client.post("/v1/jobs", json={"id": "rn", "text": "Registered Nurse\\nICU"}).json()["status"]
    ...     client.get("/v1/jobs/nope").status_code
    'added'
    404
"""

from __future__ import annotations

import hmac
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from jobfit import __version__
from jobfit.documents.model import Document
from jobfit.errors import ConfigError, DocumentError, IndexError_, JobfitError
from jobfit.index.index import Index
from jobfit.index.records import Kind
from jobfit.service.engine import Busy, Engine, NotFound, language_of
from jobfit.service.errors import ApiError, error_response, validation_message
from jobfit.service.schemas import (
    AddResponse,
    DocumentIn,
    DocumentOut,
    DocumentPage,
    DocumentUpdate,
    ExplainRequest,
    Health,
    MatchRequest,
    MatchResponse,
    Metadata,
    valid_id,
)
from jobfit.service.uploads import max_upload_bytes, upload_document

__all__ = ["create_app"]

logger = logging.getLogger("jobfit.service")
STATIC = Path(__file__).parent / "static"
_PLURAL: dict[str, Kind] = {"jobs": "job", "resumes": "resume"}


def _new_id(kind: Kind) -> str:
    return f"{kind}-{uuid.uuid4().hex[:12]}"


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _auth(request: Request) -> None:
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


def _known(status: int, kind: str) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, err: Exception) -> Response:
        return error_response(status, kind, str(err.args[0]) if err.args else kind)

    return handle


def create_app(
    open_index: Callable[[], Index], workers: int | None = None, queue_limit: int | None = None
) -> FastAPI:
    """The service over the index that ``open_index`` opens (called once, at start-up).

    Args:
        open_index: Opens the store with the model to serve.
        workers: Model threads (default ``$JOBFIT_WORKERS`` or 1).
        queue_limit: Model calls in flight before 503 (default ``$JOBFIT_QUEUE`` or 64).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started = time.perf_counter()
        index = await run_in_threadpool(open_index)
        engine = Engine(
            index,
            workers or int(os.environ.get("JOBFIT_WORKERS", "1")),
            queue_limit or int(os.environ.get("JOBFIT_QUEUE", "64")),
        )
        await engine.run(engine.warm_up)
        app.state.engine = engine
        logger.info(
            "ready in %.1f s: model %s, store %s",
            time.perf_counter() - started,
            index.matcher.model_name,
            index.store.uri,
        )
        try:
            yield
        finally:
            engine.close()

    app = FastAPI(
        title="jobfit",
        version=__version__,
        description="Match resumes to job postings: store, rank and explain. Errors are "
        '`{"error": {"status", "type", "message"}}`.',
        lifespan=lifespan,
    )
    app.state.engine = None

    @app.middleware("http")
    async def log_requests(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        rid = uuid.uuid4().hex[:12]
        started = time.perf_counter()
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > max_upload_bytes() + 65536:
            response: Response = error_response(
                413,
                "upload_too_large",
                f"the request is {int(size) // (1024 * 1024)} MB, over the "
                f"{max_upload_bytes() // (1024 * 1024)} MB limit; send a smaller file",
            )
        else:
            response = await call_next(request)
        response.headers["X-Request-Id"] = rid
        logger.info(
            "%s %s %s %s bytes in %.0f ms id=%s",
            request.method,
            request.url.path,
            response.status_code,
            size or 0,
            1000 * (time.perf_counter() - started),
            rid,
        )
        return response

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, err: ApiError) -> Response:
        return error_response(err.status, err.kind, err.message, err.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> Response:
        return error_response(422, "invalid_request", validation_message(err.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> Response:
        message = (
            f"no such endpoint {request.method} {request.url.path}; see /docs for the API"
            if err.status_code in (404, 405)
            else str(err.detail)
        )
        return error_response(err.status_code, "http_error", message)

    _KNOWN: list[tuple[type[Exception], int, str]] = [
        (NotFound, 404, "not_found"),
        (DocumentError, 422, "unreadable_document"),
        (ConfigError, 400, "bad_parameter"),
        (IndexError_, 409, "store_error"),
        (JobfitError, 400, "bad_request"),
    ]
    for cls, status, kind in _KNOWN:
        app.add_exception_handler(cls, _known(status, kind))

    @app.exception_handler(Busy)
    async def _busy(request: Request, err: Busy) -> Response:
        return error_response(503, "busy", str(err), {"Retry-After": str(err.retry_after)})

    @app.exception_handler(ValidationError)
    async def _invalid_model(request: Request, err: ValidationError) -> Response:
        return error_response(422, "invalid_request", validation_message(err.errors()))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> Response:
        logger.error("unexpected %s on %s %s", type(err).__name__, request.method, request.url.path)
        return error_response(
            500, "internal", "the server failed on this request; it is logged, please report it"
        )

    api = [Depends(_auth)]

    @app.get("/v1/health", response_model=Health, tags=["service"])
    async def health(engine: EngineDep) -> dict[str, Any]:
        """Model, weights, store and sizes; needs no API key."""
        index = engine.index
        counts = await run_in_threadpool(
            lambda: (index.store.count("resume"), index.store.count("job"))
        )
        return {
            "status": "ok",
            "version": __version__,
            "model": index.matcher.model_name,
            "weights_hash": index.matcher.weights_hash,
            "backend": index.store.uri.split(":", 1)[0],
            "store": index.store.uri,
            "resumes": counts[0],
            "jobs": counts[1],
            "workers": engine.workers,
            "queue_limit": engine.queue_limit,
        }

    async def _add(engine: Engine, kind: Kind, doc: Document) -> dict[str, Any]:
        status = await engine.run(engine.add, doc, kind)
        return {
            "id": doc.id,
            "kind": kind,
            "status": status,
            "language": language_of(doc.text),
            "chars": len(doc.text),
        }

    for plural, kind in _PLURAL.items():
        _routes(app, plural, kind, api, _add)

    @app.post("/v1/match/jobs", response_model=MatchResponse, dependencies=api, tags=["match"])
    async def match_jobs(body: MatchRequest, engine: EngineDep) -> dict[str, Any]:
        """Ranked jobs for a stored resume (``id``) or a resume's ``text``."""
        return await _match(engine, body, "job")

    @app.post("/v1/match/resumes", response_model=MatchResponse, dependencies=api, tags=["match"])
    async def match_resumes(body: MatchRequest, engine: EngineDep) -> dict[str, Any]:
        """Ranked resumes for a stored job (``id``) or a posting's ``text``."""
        return await _match(engine, body, "resume")

    for plural, kind in _PLURAL.items():
        _match_file_route(app, plural, kind, api)

    @app.post("/v1/explain", dependencies=api, tags=["match"])
    async def explain(body: ExplainRequest, engine: EngineDep) -> dict[str, Any]:
        """One pair's fit, requirements met and missing, knockouts, with both texts."""
        resume = (
            engine.stored("resume", body.resume_id)
            if body.resume_id
            else Document("resume", body.resume_text or "", "request")
        )
        job = (
            engine.stored("job", body.job_id)
            if body.job_id
            else Document("job", body.job_text or "", "request")
        )
        e = await engine.run(engine.explain, resume, job)
        return {
            "resume_id": resume.id,
            "job_id": job.id,
            **e.to_dict(),
            "resume_text": resume.text,
            "job_text": job.text,
        }

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


async def _match(
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


def _routes(
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


def _match_file_route(app: FastAPI, plural: str, kind: Kind, api: list[Any]) -> None:
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
        file: Annotated[UploadFile, File(description=f"A {what}: PDF, DOCX, HTML or text.")],
        top_k: Annotated[int, Form(ge=1)] = 10,
        where: Annotated[str | None, Form(max_length=1000)] = None,
    ) -> dict[str, Any]:
        doc = upload_document(await _read_upload(file), file.filename, "upload")
        body = MatchRequest(text=doc.text, top_k=top_k, where=where)
        return await _match(engine, body, kind, doc)
