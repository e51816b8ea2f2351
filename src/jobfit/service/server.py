"""`jobfit serve`: the API and the web page on uvicorn, one process, model loaded once.

uvicorn stops on SIGTERM or Ctrl-C: it stops accepting connections, lets the requests in
flight finish (up to ``GRACE`` seconds), then the app's shutdown waits for the model work
in its pool. Access lines are the app's own (method, path, status, size, time, request id),
never a query string or a body.

Example:
    >>> import inspect
    >>> list(inspect.signature(serve).parameters)[:3]
    ['host', 'port', 'index']
"""

from __future__ import annotations

import logging
import signal
import sys

__all__ = ["GRACE", "serve"]

GRACE = 30
"""Seconds requests in flight get to finish after SIGTERM."""


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    index: str | None = None,
    model: str | None = None,
    backend: str | None = None,
    workers: int | None = None,
    examples: bool = False,
) -> None:
    """Serves the store at ``index`` (default ``$JOBFIT_HOME/index``) with ``model`` (default:
    the best trained here) until SIGTERM; ``examples`` fills an empty store with generated
    example postings and resumes first."""
    import uvicorn

    from jobfit.index.index import Index
    from jobfit.matching.matcher import Matcher
    from jobfit.service.app import create_app

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log = logging.getLogger("jobfit.service")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False

    def open_index() -> Index:
        # no embedding cache on disk: resumes are personal data, and DELETE must erase them
        matcher = Matcher(model, backend=backend, cache=False)
        log.info("model: %s", matcher.model_description)
        idx = Index(index, matcher)
        if examples and not (idx.store.count("job") or idx.store.count("resume")):
            from jobfit.service.examples import example_documents

            jobs, resumes = example_documents()
            log.info(
                "empty store: adding %d example postings and %d resumes", len(jobs), len(resumes)
            )
            idx.add(jobs, "job")
            idx.add(resumes, "resume")
        return idx

    app = create_app(open_index, workers=workers)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level="info",
        timeout_graceful_shutdown=GRACE,
    )
    # uvicorn finishes the requests in flight, then re-raises SIGTERM: exit 0 on it then,
    # as a clean stop should
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.Server(config).run()
