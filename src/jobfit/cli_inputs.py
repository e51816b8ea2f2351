"""The command line's shared steps: quiet the libraries, load the model, load inputs and say
what was not read and why, pick one document.

Kept apart from `jobfit.cli` so that the commands module stays about commands; everything
here prints to stderr and raises `JobfitError` with the fix, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from jobfit.errors import JobfitError

__all__ = [
    "load_inputs",
    "pick_document",
    "require_documents",
    "tell_failures",
    "warn_foreign",
    "warn_languages",
]

logger = logging.getLogger("jobfit")


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def _quiet_libraries(show_progress: bool) -> None:
    """Silences third-party progress bars and chatter unless a terminal is attached."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if not show_progress:
        os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
        os.environ["TQDM_DISABLE"] = "1"
    for name in (
        "transformers",
        "sentence_transformers",
        "datasets",
        "accelerate",
        "httpx",
        "pypdf",
    ):
        logging.getLogger(name).setLevel(logging.ERROR)
    # transformers reads these when it is first imported; importing it here just to set
    # them would cost a second on commands that never need it (the default ONNX path).
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    transformers = sys.modules.get("transformers")
    if transformers is not None:  # already imported (e.g. by a test): set them directly
        transformers.logging.set_verbosity_error()
        if not show_progress:
            transformers.logging.disable_progress_bar()


def _start_encoding_command(backend: str | None) -> None:
    """What every command that encodes does first: quiet the libraries, and fail on an
    unknown backend before any document is read."""
    from jobfit.encoding.backends import resolve_backend

    _quiet_libraries(_interactive())
    resolve_backend(backend)


def _date(today: str | None) -> Any:
    import datetime as dt

    if today is None:
        return None
    try:
        return dt.date.fromisoformat(today)
    except ValueError as err:
        raise JobfitError(
            f"--today {today!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30"
        ) from err


def _matcher(model: str | None, backend: str | None, today: str | None = None) -> Any:
    from jobfit.matching.matcher import Matcher

    matcher = Matcher(model, backend=backend, show_progress=_interactive(), today=_date(today))
    typer.echo(f"model: {matcher.model_description}", err=True)
    return matcher


def load_inputs(
    source: Path, what: str, recursive: bool = False, max_chars: int | None = None
) -> tuple[list[Any], int]:
    """Loads documents, says on stderr what was not read and why, and counts the skips."""
    import time

    from jobfit.documents import load_documents
    from jobfit.documents.model import MAX_CHARS

    started = time.perf_counter()
    limit = MAX_CHARS if max_chars is None else max_chars
    result = load_documents(source, recursive=recursive, max_chars=limit)
    logger.debug(
        "read %d %s(s) from %s in %.2f s",
        len(result.documents),
        what,
        source,
        time.perf_counter() - started,
    )
    tell_failures(what, result.failures)
    for f in result.skipped:
        typer.echo(f.error, err=True)
    bad = len(result.failures) + len(result.skipped)
    if source.is_dir() and (bad or result.collections or result.ignored):
        typer.echo(result.summary(str(source)), err=True)
    require_documents(source, what, len(result.documents), bad)
    warn_languages(result.documents, what)
    return result.documents, bad


def tell_failures(what: str, failures: Sequence[Any]) -> None:
    """One stderr line per file or row that could not be read, with the reason."""
    for f in failures:
        typer.echo(f"skipped {what}: {f.error}", err=True)


def require_documents(source: Path, what: str, documents: int, bad: int) -> None:
    """Raises when nothing could be read from ``source``; else says how many were skipped."""
    if not documents:
        raise JobfitError(
            f"no {what} could be read from {source} (reasons above); fix or remove those "
            "files, or point to a folder or file of resumes/postings"
        )
    if bad and not source.is_dir():
        typer.echo(
            f"{bad} of {bad + documents} {what}(s) in {source} failed and were skipped",
            err=True,
        )


def warn_languages(docs: list[Any], what: str, show: int = 10) -> None:
    """One stderr line per document not in English (the first ``show``, then a count)."""
    from jobfit.documents.language import detect_language, reads_english

    found = [(d.id, detect_language(d.text)) for d in docs]
    warn_foreign([(i, code) for i, code in found if not reads_english(code)], what, show)


def warn_foreign(foreign: Sequence[tuple[str, str]], what: str, show: int = 10) -> None:
    """The warnings of `warn_languages` for ``(id, language code)`` pairs already detected."""
    from jobfit.documents.language import language_name

    for doc_id, code in foreign[:show]:
        typer.echo(
            f"warning: {what} {doc_id} is in {language_name(code)} ({code}); jobfit's model and "
            "requirement reader are English, so its ranking and fit are unreliable",
            err=True,
        )
    if len(foreign) > show:
        typer.echo(f"warning: {len(foreign) - show} more {what}(s) not in English", err=True)


def pick_document(path: Path, doc_id: str | None, role: str, max_chars: int | None = None) -> Any:
    """One document: the file at ``path``, or the row ``doc_id`` of a collection file."""
    from jobfit.documents import load_documents, read_document
    from jobfit.documents.collections import COLLECTION_SUFFIXES
    from jobfit.documents.model import MAX_CHARS

    option = f"--{role}-id"
    limit = MAX_CHARS if max_chars is None else max_chars
    if path.is_dir():
        flag = "--resumes" if role == "resume" else "--jobs"
        raise JobfitError(
            f"{path} is a folder; explain takes one {role} file, or a JSONL/CSV/Parquet file "
            f"with {option}. To compare a whole folder, run: jobfit rank {flag} {path} ..."
        )
    if path.suffix.lower() not in COLLECTION_SUFFIXES:
        if doc_id is not None:
            raise JobfitError(
                f"{option} picks a row of a JSONL/CSV/Parquet file; {path} is a single "
                f"document, so drop {option}"
            )
        return read_document(path, limit)
    loaded = load_documents(path, max_chars=limit)
    docs = loaded.documents
    if doc_id is None:
        if len(docs) == 1:
            return docs[0]
        first = docs[0].id if docs else "ID"
        raise JobfitError(
            f"{path} holds {len(docs)} documents; pick one with {option}, e.g. {option} {first}"
        )
    for doc in docs:
        if doc.id == doc_id:
            return doc
    for failure in loaded.failures:  # the row is there but could not be used: say why
        if f"(id {doc_id!r})" in failure.error:
            raise JobfitError(failure.error)
    some = ", ".join(d.id for d in docs[:5])
    raise JobfitError(f"no row with id {doc_id!r} in {path}; its ids start with: {some}")
