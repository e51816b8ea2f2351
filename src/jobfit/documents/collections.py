"""Loading many documents at once: a file, a folder of files, or a JSONL/CSV/Parquet collection."""

from __future__ import annotations

import csv
import difflib
import io
import json
import logging
import math
import re
from pathlib import Path
from typing import Any

from jobfit.documents.clean import clean_text
from jobfit.documents.model import Document, Failure, LoadResult
from jobfit.documents.readers import DOCUMENT_SUFFIXES, decode_bytes, read_document
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

TITLE_FIELD = "title"
"""A collection column that, when present, leads the text unless the text already opens with it."""

_TEXT_ALIASES = ("text", "content", "body", "description", "document", "resume", "job")
_ID_ALIASES = ("id", "doc_id", "document_id", "uid", "key", "name")

# A parsed row, or the message saying why the row could not be parsed.
_Row = tuple[int, dict[str, Any] | str]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise DataError(f"{path}: cannot be read ({err.strerror}); check permissions") from err


def _rows_jsonl(path: Path) -> tuple[list[str], list[_Row]]:
    text, _ = decode_bytes(_read_bytes(path))
    rows: list[_Row] = []
    columns: dict[str, None] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            rows.append((lineno, f"not valid JSON ({err.msg}); write one JSON object per line"))
            continue
        if not isinstance(row, dict):
            rows.append((lineno, f"expected a JSON object, got {type(row).__name__}"))
            continue
        columns.update(dict.fromkeys(row))
        rows.append((lineno, row))
    if rows and not columns:
        raise DataError(f"{path}: no line is a JSON object; write one JSON object per line")
    return list(columns), rows


def _rows_csv(path: Path) -> tuple[list[str], list[_Row]]:
    text, _ = decode_bytes(_read_bytes(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[_Row] = []
    try:
        columns = list(reader.fieldnames or [])
        for number, row in enumerate(reader, start=1):
            if None in row:
                rows.append(
                    (number, "has more fields than the header; quote fields that contain commas")
                )
            else:
                rows.append((number, dict(row)))
    except csv.Error as err:
        raise DataError(
            f"{path}: not valid CSV near line {reader.line_num} ({err}); re-export it"
        ) from err
    return columns, rows


def _rows_parquet(path: Path) -> tuple[list[str], list[_Row]]:
    from jobfit.data.pairs import read_parquet

    columns, rows = read_parquet(path)
    return columns, list(enumerate(rows, start=1))


def _check_column(
    path: Path, columns: list[str], name: str, role: str, aliases: tuple[str, ...]
) -> None:
    if name in columns:
        return
    close = difflib.get_close_matches(name, columns, n=1) or [a for a in aliases if a in columns]
    hint = (
        f"did you mean {close[0]!r}? pass {role}_field={close[0]!r}"
        if close
        else (f"name the {role} column {name!r} or pass {role}_field=<column>")
    )
    found = ", ".join(repr(c) for c in columns) or "none"
    raise DataError(f"{path}: no {role} column {name!r} (found: {found}); {hint}")


def _as_id(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, int | str):
        return str(value).strip() or None
    return None


def _load_collection(path: Path, kind: str, text_field: str, id_field: str) -> LoadResult:
    reader = {"jsonl": _rows_jsonl, "csv": _rows_csv, "parquet": _rows_parquet}[kind]
    columns, rows = reader(path)
    if not rows:
        raise DataError(f"{path}: no rows; the collection is empty")
    _check_column(path, columns, text_field, "text", _TEXT_ALIASES)
    _check_column(path, columns, id_field, "id", _ID_ALIASES)
    documents: list[Document] = []
    failures: list[Failure] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        where = f"{path} row {number}"
        if isinstance(row, str):
            failures.append(Failure(where, f"{where}: {row}"))
            continue
        doc_id = _as_id(row.get(id_field))
        if doc_id is None:
            failures.append(
                Failure(
                    where,
                    f"{where}: {id_field!r} is missing or empty ({row.get(id_field)!r}); "
                    "give every row a unique string or integer id",
                )
            )
            continue
        if doc_id in seen:
            raise DataError(
                f"{path}: duplicate id {doc_id!r} on rows {seen[doc_id]} and {number}; "
                "ids must be unique within a collection"
            )
        seen[doc_id] = number
        raw = row.get(text_field)
        text = clean_text(raw) if isinstance(raw, str) else ""
        if not text:
            if text_field not in row:
                what = f"is missing (the row has {sorted(row)})"
            elif raw is None or isinstance(raw, str):
                what = "is empty"
            else:
                what = f"is not text ({raw!r})"
            failures.append(
                Failure(
                    where,
                    f"{where} (id {doc_id!r}): {text_field!r} {what}; give it text or drop the row",
                )
            )
            continue
        metadata = {k: v for k, v in row.items() if k not in (id_field, text_field)}
        text = _with_title(text, metadata.get(TITLE_FIELD))
        documents.append(Document(id=doc_id, text=text, source=where, metadata=metadata))
    return LoadResult(documents, failures)


def _with_title(text: str, title: Any) -> str:
    """``text`` led by ``title`` unless its first line already names it.

    A posting's title often sits in its own column, and the title is the strongest signal
    of what the job is: the matcher reads it as the first line, as in a posting file.
    """
    if not isinstance(title, str) or not title.strip():
        return text
    title = " ".join(title.split())
    first = next((line for line in text.splitlines() if line.strip()), "")
    if re.search(rf"(?<!\w){re.escape(title.casefold())}(?!\w)", first.casefold()):
        return text
    return f"{title}\n{text}"


def _load_folder(path: Path) -> LoadResult:
    try:
        entries = sorted(path.iterdir(), key=lambda p: p.name)
    except OSError as err:
        raise DataError(
            f"{path}: cannot list the folder ({err.strerror}); check permissions"
        ) from err
    files = [
        p
        for p in entries
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and p.suffix.lower() in DOCUMENT_SUFFIXES
    ]
    if not files:
        raise DataError(
            f"{path}: no documents in this folder (looked for {', '.join(sorted(DOCUMENT_SUFFIXES))} "
            "files at the top level; subfolders are not searched)"
        )
    documents: list[Document] = []
    failures: list[Failure] = []
    for file in files:
        try:
            documents.append(read_document(file))
        except DocumentError as err:
            logger.info("skipped %s", err)
            failures.append(Failure(str(file), str(err)))
    return LoadResult(documents, failures)


def load_documents(
    source: str | Path, text_field: str = "text", id_field: str = "id"
) -> LoadResult:
    """Loads resumes or job postings from a file, a folder, or a collection file.

    ``source`` may be one document file (see `read_document`), a folder (its top-level
    document files, sorted by name; hidden files, Office lock files and other types are
    skipped; subfolders are not searched) or a collection, ``.jsonl``/``.csv``/``.parquet``,
    with one document per row: ``id_field`` gives the id, ``text_field`` the text, and every
    other column lands in ``metadata``. A ``title`` column leads the text (as its first line)
    unless the text's first line already contains it. Rows are numbered from 1 (JSONL by line, CSV by
    record after the header, Parquet by row). A file or row that cannot be used becomes a
    `Failure` and the rest still loads.

    Args:
        source: A document file, a folder of documents, or a collection file.
        text_field: The collection column holding the text.
        id_field: The collection column holding the id.

    Returns:
        The documents in a deterministic order (folder: by name; collection: by row) and
        the failures, each naming its file or row and the fix.

    Raises:
        DataError: ``source`` is missing or of an unsupported type, a folder holds no
            documents, or a collection is unreadable, empty, lacks the text or id column,
            or repeats an id.

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
    """
    path = Path(source)
    if not path.exists():
        raise DataError(f"document source {str(path)!r} does not exist; check the path")
    if path.is_dir():
        return _load_folder(path)
    suffix = path.suffix.lower()
    if suffix in COLLECTION_SUFFIXES:
        return _load_collection(path, COLLECTION_SUFFIXES[suffix], text_field, id_field)
    if suffix in DOCUMENT_SUFFIXES:
        try:
            return LoadResult([read_document(path)], [])
        except DocumentError as err:
            logger.info("skipped %s", err)
            return LoadResult([], [Failure(str(path), str(err))])
    raise DataError(
        f"{path}: unsupported file type {suffix or '(no suffix)'!r}; give a document "
        f"({', '.join(sorted(DOCUMENT_SUFFIXES))}), a collection "
        f"({', '.join(sorted(COLLECTION_SUFFIXES))}) or a folder of documents"
    )
