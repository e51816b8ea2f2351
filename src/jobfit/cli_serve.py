"""`jobfit serve`: the HTTP API and the web page over a store (see `jobfit.service`)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["serve"]


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every one).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    index: Annotated[
        str | None,
        typer.Option(
            "--index",
            help="Store: a directory (default $JOBFIT_HOME/index), a .db file (Milvus Lite) "
            "or http://host:19530 (Milvus).",
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Model directory or 'base' (default: best trained here).")
    ] = None,
    backend: Annotated[
        str | None, typer.Option(help="torch, onnx or onnx-int8 (default: $JOBFIT_BACKEND).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Model threads (default $JOBFIT_WORKERS or 1).")
    ] = None,
    examples: Annotated[
        bool,
        typer.Option(
            help="Fill an empty store with 200 generated example postings and 40 resumes."
        ),
    ] = False,
) -> None:
    """Serve the API (/v1, docs at /docs) and the web page (/) until Ctrl-C or SIGTERM.

    Settings: JOBFIT_API_KEY (require a key), JOBFIT_MAX_UPLOAD_MB (default 10),
    JOBFIT_MAX_TOP_K (100), JOBFIT_QUEUE (model calls in flight before 503, 64).

    Example: jobfit serve --index store/ --port 8000
    """
    from jobfit.cli_inputs import _quiet_libraries, _start_encoding_command
    from jobfit.service.server import serve as run

    _start_encoding_command(backend)
    _quiet_libraries(False)
    typer.echo(f"serving on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops", err=True)
    run(host, port, index, model, backend, workers, examples)
