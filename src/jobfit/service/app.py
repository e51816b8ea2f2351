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

import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from swagger_ui_bundle import swagger_ui_path

from jobfit import __version__
from jobfit.documents.model import Document
from jobfit.errors import ConfigError, DocumentError, IndexError_, JobfitError
from jobfit.index.index import Index
from jobfit.index.records import Kind
from jobfit.service.engine import Busy, Engine, NotFound, language_of
from jobfit.service.errors import ApiError, error_response, validation_message
from jobfit.service.routes import EngineDep, auth, document_routes, match, match_file_route
from jobfit.service.schemas import (
    ExplainRequest,
    Health,
    MatchRequest,
    MatchResponse,
)
from jobfit.service.uploads import max_upload_bytes

__all__ = ["create_app"]

logger = logging.getLogger("jobfit.service")
STATIC = Path(__file__).parent / "static"
_PLURAL: dict[str, Kind] = {"jobs": "job", "resumes": "resume"}


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
        docs_url=None,  # FastAPI's pages load Swagger UI from a CDN; ours serves it locally
        redoc_url=None,
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

    api = [Depends(auth)]

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
        document_routes(app, plural, kind, api, _add)

    @app.post("/v1/match/jobs", response_model=MatchResponse, dependencies=api, tags=["match"])
    async def match_jobs(body: MatchRequest, engine: EngineDep) -> dict[str, Any]:
        """Ranked jobs for a stored resume (``id``) or a resume's ``text``."""
        return await match(engine, body, "job")

    @app.post("/v1/match/resumes", response_model=MatchResponse, dependencies=api, tags=["match"])
    async def match_resumes(body: MatchRequest, engine: EngineDep) -> dict[str, Any]:
        """Ranked resumes for a stored job (``id``) or a posting's ``text``."""
        return await match(engine, body, "resume")

    for plural, kind in _PLURAL.items():
        match_file_route(app, plural, kind, api)

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

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="jobfit API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},  # no call to swagger.io
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
    return app
