"""Loading many documents at once: a file, a folder of files, or a JSONL/CSV/Parquet collection."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from jobfit.documents.collection_rows import (
    TITLE_FIELD,
    check_collection,
    collection_row,
    collection_rows,
    duplicate_id,
)
from jobfit.documents.model import MAX_CHARS, Document, Failure, LoadResult
from jobfit.documents.readers import DOCUMENT_SUFFIXES, read_document
from jobfit.errors import DataError, DocumentError

__all__ = ["COLLECTION_SUFFIXES", "TITLE_FIELD", "load_documents"]

logger = logging.getLogger(__name__)

COLLECTION_SUFFIXES: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
"""Collection file suffixes (one document per row) and the format each is read as."""


def _load_collection(
    path: Path, kind: str, text_field: str, id_field: str, max_chars: int | None = MAX_CHARS
) -> LoadResult:
    columns, rows = collection_rows(path, kind)
    check_collection(path, kind, columns, len(rows), text_field, id_field)
    documents: list[Document] = []
    failures: list[Failure] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        doc_id, found = collection_row(path, number, row, text_field, id_field, max_chars)
        if doc_id is not None:
            if doc_id in seen:
                raise duplicate_id(path, doc_id, seen[doc_id], number)
            seen[doc_id] = number
        if isinstance(found, Document):
            documents.append(found)
        else:
            failures.append(found)
    return LoadResult(documents, failures, entries=1, collections={str(path): len(documents)})


_HIDDEN = (".", "~$")


def _read_entry(
    entry: Path, max_chars: int | None, text_field: str, id_field: str, recursive: bool
) -> LoadResult:
    """One folder entry: a document, a collection, a subfolder, or a reason it was not read."""
    if entry.name.startswith(_HIDDEN):  # .DS_Store, ~$cv.docx: never documents
        return LoadResult([], [], [], 1, ignored=[str(entry)])
    if entry.is_dir():
        if recursive:
            return _load_folder(entry, max_chars, text_field, id_field, recursive)
        return LoadResult(
            [],
            [],
            [Failure(str(entry), f"{entry}: not read: a subfolder (pass --recursive to read it)")],
            1,
        )
    if not entry.is_file():
        return LoadResult(
            [], [], [Failure(str(entry), f"{entry}: not read: not a regular file")], 1
        )
    suffix = entry.suffix.lower()
    if suffix in COLLECTION_SUFFIXES:
        try:
            rows = _load_collection(
                entry, COLLECTION_SUFFIXES[suffix], text_field, id_field, max_chars
            )
        except DataError as err:
            return LoadResult([], [Failure(str(entry), str(err))], [], 1)
        logger.info("%s: read as a collection, %d document(s)", entry, len(rows.documents))
        return LoadResult(
            rows.documents, rows.failures, [], 1, collections={str(entry): len(rows.documents)}
        )
    if suffix in DOCUMENT_SUFFIXES:
        try:
            return LoadResult([read_document(entry, max_chars)], [], [], 1)
        except DocumentError as err:
            logger.info("skipped %s", err)
            return LoadResult([], [Failure(str(entry), str(err))], [], 1)
    kinds = ", ".join(sorted({*DOCUMENT_SUFFIXES, *COLLECTION_SUFFIXES}))
    what = _what_is(entry)
    return LoadResult(
        [],
        [],
        [
            Failure(
                str(entry),
                f"{entry}: not read: unsupported file type {suffix or '(no suffix)'!r}{what}; "
                f"supported: {kinds}",
            )
        ],
        1,
    )


def _what_is(path: Path) -> str:
    """`` (what its content is)`` when the detector knows and it is not what the suffix says."""
    from jobfit.documents.filetypes import describe

    try:
        with path.open("rb") as fh:
            what = describe(fh.read(8192))
    except OSError:
        return ""
    if not what or (path.suffix and what.lower().endswith(f"({path.suffix.lower()})")):
        return ""
    return f" (its content looks like a {what})"


def _load_folder(
    path: Path,
    max_chars: int | None = MAX_CHARS,
    text_field: str = "text",
    id_field: str = "id",
    recursive: bool = False,
) -> LoadResult:
    try:
        entries = sorted(path.iterdir(), key=lambda p: p.name)
    except OSError as err:
        raise DataError(
            f"{path}: cannot list the folder ({err.strerror}); check permissions"
        ) from err
    if not entries:
        raise DataError(f"{path}: the folder is empty; put resumes or postings in it")
    out = LoadResult([], [])
    for entry in entries:
        part = _read_entry(entry, max_chars, text_field, id_field, recursive)
        out.documents.extend(part.documents)
        out.failures.extend(part.failures)
        out.skipped.extend(part.skipped)
        out.collections.update(part.collections)
        out.ignored.extend(part.ignored)
        out = replace(out, entries=out.entries + part.entries)
    return _unique_ids(out)


def _unique_ids(result: LoadResult) -> LoadResult:
    """Documents of a folder keep their ids; a repeated id (a file name, or a row id of a
    collection inside the folder) is a failure for every copy after the first."""
    seen: dict[str, str] = {}
    kept: list[Document] = []
    failures = list(result.failures)
    for doc in result.documents:
        if doc.id in seen:
            failures.append(
                Failure(
                    doc.source,
                    f"{doc.source}: id {doc.id!r} is already used by {seen[doc.id]}; ids must "
                    "be unique across the folder, rename the file or the row id",
                )
            )
            continue
        seen[doc.id] = doc.source
        kept.append(doc)
    return replace(result, documents=kept, failures=failures)


def load_documents(
    source: str | Path,
    text_field: str = "text",
    id_field: str = "id",
    recursive: bool = False,
    max_chars: int | None = MAX_CHARS,
) -> LoadResult:
    """Loads resumes or job postings from a file, a folder, or a collection file.

    ``source`` may be one document file (see `read_document`), a collection
    (``.jsonl``/``.csv``/``.parquet``, one document per row: ``id_field`` gives the id,
    ``text_field`` the text, every other column lands in ``metadata``), or a folder. A folder
    accounts for every entry, sorted by name: document files are read, collection files are
    read as collections, and everything else is listed in ``skipped`` with the reason
    (hidden files and Office lock files, unsupported types named by their content,
    subfolders unless ``recursive``). ``LoadResult.summary`` counts them so that they add up.
    A ``title`` column leads the text (as its first line) unless the first line is that
    title. Rows are numbered from 1 (JSONL by line, CSV by record after the header, Parquet
    by row). A file or row that cannot be used becomes a `Failure` and the rest still loads.
    Every text is cut at ``max_chars`` with a warning (`limit_chars`).

    Args:
        source: A document file, a folder of documents, or a collection file.
        text_field: The collection column holding the text.
        id_field: The collection column holding the id.
        recursive: Read subfolders of a folder too.
        max_chars: The longest text kept per document; ``None`` or 0 keeps everything.

    Returns:
        The documents in a deterministic order (folder: by name; collection: by row), the
        failures and the entries not read, each naming its file or row and the fix.

    Raises:
        DataError: ``source`` is missing or of an unsupported type, a folder is empty, or a
            collection given directly is unreadable, empty, lacks the text or id column, or
            repeats an id.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "jobs.jsonl"
        >>> _ = p.write_text('{"id": "j1", "text": "Nurse", "city": "Leeds"}\\n{"id": "j2", "text": " "}\\n'
        ...                  '{"id": "j3", "title": "Welder", "text": "MIG and TIG."}\\n')
        >>> result = load_documents(p)
        >>> [(d.id, d.text, d.metadata) for d in result.documents]
        [('j1', 'Nurse', {'city': 'Leeds'}), ('j3', 'Welder\\nMIG and TIG.', {'title': 'Welder'})]
        >>> result.failures[0].error.endswith("'text' is empty; give it text or drop the row")
        True
        >>> _ = (p.parent / "cv.doc").write_bytes(b"old Word file")
        >>> [f.error.split(": ", 1)[1][:40] for f in load_documents(p.parent).skipped]
        ["not read: unsupported file type '.doc'; "]
    """
    path = Path(source)
    if not path.exists():
        raise DataError(f"document source {str(path)!r} does not exist; check the path")
    if path.is_dir():
        return _load_folder(path, max_chars, text_field, id_field, recursive)
    suffix = path.suffix.lower()
    if suffix in COLLECTION_SUFFIXES:
        kind = COLLECTION_SUFFIXES[suffix]
        return _load_collection(path, kind, text_field, id_field, max_chars)
    if suffix in DOCUMENT_SUFFIXES:
        try:
            return LoadResult([read_document(path, max_chars)], [], entries=1)
        except DocumentError as err:
            logger.info("skipped %s", err)
            return LoadResult([], [Failure(str(path), str(err))], entries=1)
    raise DataError(
        f"{path}: unsupported file type {suffix or '(no suffix)'!r}{_what_is(path)}; give a "
        f"document ({', '.join(sorted(DOCUMENT_SUFFIXES))}), a collection "
        f"({', '.join(sorted(COLLECTION_SUFFIXES))}) or a folder of documents"
    )
