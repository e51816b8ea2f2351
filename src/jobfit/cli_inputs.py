"""The command line's document intake: load inputs, say what was not read and why, pick one.

Kept apart from `jobfit.cli` so that the commands module stays about commands; everything
here prints to stderr and raises `JobfitError` with the fix, never a traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import typer

from jobfit.errors import JobfitError

__all__ = ["load_inputs", "pick_document", "warn_languages"]

logger = logging.getLogger("jobfit")


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
    for f in result.failures:
        typer.echo(f"skipped {what}: {f.error}", err=True)
    for f in result.skipped:
        typer.echo(f.error, err=True)
    bad = len(result.failures) + len(result.skipped)
    if source.is_dir() and (bad or result.collections or result.ignored):
        typer.echo(result.summary(str(source)), err=True)
    if not result.documents:
        raise JobfitError(
            f"no {what} could be read from {source} (reasons above); fix or remove those "
            "files, or point to a folder or file of resumes/postings"
        )
    if bad and not source.is_dir():
        typer.echo(
            f"{bad} of {bad + len(result.documents)} {what}(s) in {source} failed and were skipped",
            err=True,
        )
    warn_languages(result.documents, what)
    return result.documents, bad


def warn_languages(docs: list[Any], what: str, show: int = 10) -> None:
    """One stderr line per document not in English (the first ``show``, then a count)."""
    from jobfit.documents.language import detect_language, language_name, reads_english

    foreign = [(d, detect_language(d.text)) for d in docs]
    foreign = [(d, code) for d, code in foreign if not reads_english(code)]
    for d, code in foreign[:show]:
        typer.echo(
            f"warning: {what} {d.id} is in {language_name(code)} ({code}); jobfit's model and "
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
