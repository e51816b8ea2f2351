"""One collection file's rows: reading JSONL, CSV and Parquet rows, and each row as a `Document`.

`jobfit.documents.collections` loads a whole file with these; a reader that splits a file
into blocks (``jobfit index add --engine ray``) calls them per block, so both give the same
documents.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import re
from pathlib import Path
from typing import Any

from jobfit.documents.clean import clean_text
from jobfit.documents.model import MAX_CHARS, Document, Failure, limit_chars
from jobfit.documents.readers import decode_bytes
from jobfit.errors import DataError

__all__ = [
    "TITLE_FIELD",
    "check_collection",
    "collection_row",
    "collection_rows",
    "duplicate_id",
    "jsonl_rows",
]

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
    return jsonl_rows(decode_bytes(_read_bytes(path))[0])


def jsonl_rows(text: str, first_line: int = 1) -> tuple[list[str], list[_Row]]:
    """The keys seen (in order) and the rows of JSONL ``text``, numbered by line from
    ``first_line``; a line that is not a JSON object is its row's error message.

    Example:
        >>> jsonl_rows('{"id": 1}\\n\\n[2]\\n', first_line=5)
        (['id'], [(5, {'id': 1}), (7, 'expected a JSON object, got list')])
        >>> jsonl_rows('{"text": "a\\u2028b"}\\r\\n')[1]
        [(1, {'text': 'a\\u2028b'})]
    """
    rows: list[_Row] = []
    columns: dict[str, None] = {}
    # JSON Lines ends records at "\n" only: str.splitlines would also split at U+2028 and
    # other separators, which JSON allows unescaped inside strings.
    for lineno, line in enumerate(text.split("\n"), start=first_line):
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


def collection_rows(path: Path, kind: str) -> tuple[list[str], list[_Row]]:
    """The columns and numbered rows of a collection file of ``kind`` (jsonl, csv, parquet)."""
    reader = {"jsonl": _rows_jsonl, "csv": _rows_csv, "parquet": _rows_parquet}[kind]
    return reader(path)


def check_collection(
    path: Path, kind: str, columns: list[str], rows: int, text_field: str, id_field: str
) -> None:
    """Raises the `DataError` of a collection with no usable rows or no text or id column."""
    if kind == "jsonl" and rows and not columns:
        raise DataError(f"{path}: no line is a JSON object; write one JSON object per line")
    if not rows:
        raise DataError(f"{path}: no rows; the collection is empty")
    _check_column(path, columns, text_field, "text", _TEXT_ALIASES)
    _check_column(path, columns, id_field, "id", _ID_ALIASES)


def duplicate_id(path: Path, doc_id: str, first: int, again: int) -> DataError:
    """The error of an id used on two rows of one collection."""
    return DataError(
        f"{path}: duplicate id {doc_id!r} on rows {first} and {again}; "
        "ids must be unique within a collection"
    )


def collection_row(
    path: Path,
    number: int,
    row: dict[str, Any] | str,
    text_field: str = "text",
    id_field: str = "id",
    max_chars: int | None = MAX_CHARS,
) -> tuple[str | None, Document | Failure]:
    """Row ``number`` of the collection at ``path`` as a `Document` (every column but the
    id and text lands in its metadata), or the `Failure` that says why it is not one; and
    its id when it has one (to check that ids are unique).

    Example:
        >>> collection_row(Path("jobs.jsonl"), 3, {"id": 7, "text": "MIG welding", "title": "Welder"})
        ('7', Document(id='7', text='Welder\\nMIG welding', source='jobs.jsonl row 3', metadata={'title': 'Welder'}))
    """
    where = f"{path} row {number}"
    if isinstance(row, str):
        return None, Failure(where, f"{where}: {row}")
    doc_id = _as_id(row.get(id_field))
    if doc_id is None:
        return None, Failure(
            where,
            f"{where}: {id_field!r} is missing or empty ({row.get(id_field)!r}); "
            "give every row a unique string or integer id",
        )
    raw = row.get(text_field)
    text = clean_text(raw) if isinstance(raw, str) else ""
    if not text:
        if text_field not in row:
            what = f"is missing (the row has {sorted(row)})"
        elif raw is None or isinstance(raw, str):
            what = "is empty"
        else:
            what = f"is not text ({raw!r})"
        return doc_id, Failure(
            where, f"{where} (id {doc_id!r}): {text_field!r} {what}; give it text or drop the row"
        )
    metadata = {k: v for k, v in row.items() if k not in (id_field, text_field)}
    text = _with_title(text, metadata.get(TITLE_FIELD))
    doc = Document(id=doc_id, text=text, source=where, metadata=metadata)
    return doc_id, limit_chars(doc, max_chars)


def _with_title(text: str, title: Any) -> str:
    """``text`` led by ``title`` unless its first line *is* that title.

    A posting's title often sits in its own column, and the title is the strongest signal
    of what the job is: the matcher reads it as the first line, as in a posting file. A
    first line that merely mentions it ("Alpine Bank is hiring a Corporate Trainer") does not
    count. Case, spacing and punctuation aside, the first line must equal the title, alone
    or before a separator ("Welder - Shop floor", "Nurse (nights)").

    Example:
        >>> _with_title("Corporate Trainer\\nTeach.", "corporate trainer")
        'Corporate Trainer\\nTeach.'
        >>> _with_title("Alpine Bank is hiring a Corporate Trainer.", "Corporate Trainer")
        'Corporate Trainer\\nAlpine Bank is hiring a Corporate Trainer.'
    """
    if not isinstance(title, str) or not title.strip():
        return text
    title = " ".join(title.split())
    first = next((line for line in text.splitlines() if line.strip()), "")
    key = _title_key(title)
    if key in (_title_key(first), _title_key(_TITLE_SUFFIX.split(first, maxsplit=1)[0])):
        return text
    return f"{title}\n{text}"


# What may follow a title on its own line: "Welder - Shop floor", "Nurse (nights)", "RN, ICU".
_TITLE_SUFFIX = re.compile(r"\s+[-\u2013\u2014|]\s+|\s*[,(]|\s+at\s+")


def _title_key(line: str) -> str:
    return " ".join(re.sub(r"[^\w+#]+", " ", line.casefold()).split())
