"""Collection files cut into blocks, and each block's rows as documents: the reading half of
`jobfit.index.ray_build`, run as Ray tasks.

A block is a byte range of a UTF-8 JSONL file that ends at a line break, one row group of a
Parquet file, or a whole file (CSV, whose quoted fields may span lines; JSONL in another
encoding). Its rows become `Document`s with the code of a plain load
(`jobfit.documents.collection_rows`), numbered as a plain load numbers them, so ids, texts,
metadata and sources are the same. `tally` then checks what a plain load checks (columns,
duplicate ids) on the driver, before anything is written.

Example:
    >>> import dataclasses, tempfile
    >>> p = Path(tempfile.mkdtemp()) / "jobs.jsonl"
    >>> _ = p.write_text("".join(f'{{"id": {i}, "text": "Welder {i}"}}\\n' for i in range(30)))
    >>> blocks = plan_blocks([p], block_bytes=256)
    >>> [(b.start, b.stop, b.first) for b in blocks]
    [(0, 240, 1), (240, 492, 9), (492, 748, 17), (748, 940, 25)]
    >>> stored = {"7": "hash of an older text"}
    >>> rows = [r for b in blocks for r in block_documents(dataclasses.asdict(b), stored, "text", "id", None)]
    >>> [(r["number"], r["id"], r["status"]) for r in rows][7:11]
    [(7, '6', 'added'), (8, '7', 'updated'), (9, '', 'columns'), (9, '8', 'added')]
    >>> lists, kept = tally([p], blocks, [light_row(r) for r in rows], "text", "id")
    >>> [len(lists[k]) for k in ("added", "updated", "unchanged")]
    [29, 1, 0]
"""

from __future__ import annotations

import codecs
import json
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from jobfit.documents.collection_rows import (
    check_collection,
    collection_row,
    collection_rows,
    duplicate_id,
    jsonl_rows,
)
from jobfit.documents.collections import COLLECTION_SUFFIXES
from jobfit.documents.model import Document, Failure
from jobfit.errors import ConfigError, DataError, JobfitError

__all__ = [
    "BLOCK_BYTES",
    "LIGHT",
    "TODO",
    "Block",
    "LightRow",
    "ReadReport",
    "block_documents",
    "light_row",
    "plan_blocks",
    "tally",
]

BLOCK_BYTES = 8 << 20
"""Target size of a JSONL block (a block ends at the first line break past it)."""
TODO = ("added", "updated")
"""The statuses of documents that are encoded."""


@dataclass(frozen=True)
class Block:
    """A piece of one collection file that one task reads: bytes ``[start, stop)`` of a
    JSONL file, row groups ``[start, stop)`` of a Parquet file, or (``stop`` -1) the whole
    file. ``first`` numbers its first row; ``path`` is the file as given (it names the rows)."""

    file: int
    path: str
    kind: str
    start: int
    stop: int
    first: int = 1
    encoding: str = "utf-8"


@dataclass(frozen=True)
class ReadReport:
    """What was read from one file: documents, rows that failed, and ``(id, language)`` of
    documents not in English."""

    path: Path
    documents: int
    failures: tuple[Failure, ...]
    foreign: tuple[tuple[str, str], ...]


def plan_blocks(paths: Sequence[Path], block_bytes: int = BLOCK_BYTES) -> list[Block]:
    """The blocks of collection files, in file and row order. A JSONL file is read once here
    to cut it at line breaks and number its lines; a JSONL file that is not UTF-8 (its
    encoding is guessed from the whole file) and a CSV file (quoted fields may span lines)
    are one block each.

    Raises:
        ConfigError: A path is not a JSONL, CSV or Parquet file.
        DataError: A Parquet file cannot be read.
    """
    blocks: list[Block] = []
    for i, path in enumerate(paths):
        kind = COLLECTION_SUFFIXES.get(path.suffix.lower())
        if kind is None or not path.is_file():
            raise ConfigError(
                f"{path} is not a JSONL, CSV or Parquet file; --engine ray reads collection "
                f"files ({', '.join(sorted(COLLECTION_SUFFIXES))}), so add folders and single "
                "documents with the default engine (--engine local)"
            )
        whole = Block(i, str(path), kind, 0, -1)
        found = (
            _jsonl_blocks(whole, block_bytes)
            if kind == "jsonl"
            else _parquet_blocks(whole)
            if kind == "parquet"
            else []
        )
        blocks += found or [whole]
    return blocks


def _jsonl_blocks(whole: Block, block_bytes: int) -> list[Block]:
    out: list[Block] = []
    offset, line, rest = 0, 1, b""
    with Path(whole.path).open("rb") as fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
            return []  # UTF-16/32: decoded whole, as a plain load does
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
        fh.seek(0)
        while True:
            chunk = fh.read(block_bytes)
            data = rest + chunk
            if not data:
                return out
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            if not cut:  # no line break yet: read on
                rest = data
                continue
            piece, rest = data[:cut], data[cut:]
            try:
                text = piece.decode(encoding)
            except UnicodeDecodeError:
                return []  # not UTF-8: one block, decoded as a plain load decodes it
            out.append(
                replace(whole, start=offset, stop=offset + cut, first=line, encoding=encoding)
            )
            offset, line, encoding = offset + cut, line + text.count("\n"), "utf-8"


def _parquet_blocks(whole: Block) -> list[Block]:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(whole.path).metadata
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError, ... on damaged files
        raise DataError(f"{whole.path}: not a readable Parquet file ({err}); re-export it") from err
    out, first = [], 1
    for group in range(meta.num_row_groups):
        out.append(replace(whole, start=group, stop=group + 1, first=first))
        first += meta.row_group(group).num_rows
    return out if len(out) > 1 else []


def _block_rows(block: Block) -> tuple[list[str], list[tuple[int, dict[str, Any] | str]]]:
    path = Path(block.path).resolve()
    if block.stop < 0:
        return collection_rows(path, block.kind)
    if block.kind == "jsonl":
        with path.open("rb") as fh:
            fh.seek(block.start)
            data = fh.read(block.stop - block.start)
        return jsonl_rows(data.decode(block.encoding), block.first)
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read_row_groups(list(range(block.start, block.stop)))
    return list(table.column_names), list(enumerate(table.to_pylist(), start=block.first))


def block_documents(
    item: dict[str, Any],
    stored: dict[str, str],
    text_field: str,
    id_field: str,
    max_chars: int | None,
) -> list[dict[str, Any]]:
    """A block's rows as documents with their status against the store (a Ray task).

    One row per collection row (``doc`` holds the pickled document to encode, ``meta`` an
    unchanged one without its text), and one ``columns`` row with the block's columns; or
    one ``error`` row holding the `JobfitError` that reading the block raised."""
    from jobfit.documents.language import detect_language, reads_english

    block = Block(**item)
    try:
        columns, rows = _block_rows(block)
    except JobfitError as err:  # Ray would keep only its text: pass it on as a row
        return [_row(block, block.first, "", "error", str(err), meta=pickle.dumps(err))]
    out = [_row(block, block.first, "", "columns", json.dumps(columns))]
    for number, row in rows:
        doc_id, found = collection_row(
            Path(block.path), number, row, text_field, id_field, max_chars
        )
        if isinstance(found, Failure):
            out.append(_row(block, number, doc_id or "", "failed", found.error))
            continue
        known = stored.get(found.id)
        status = "unchanged" if known == found.content_hash else TODO[known is not None]
        code = detect_language(found.text)
        todo = status != "unchanged"
        out.append(
            _row(
                block,
                number,
                found.id,
                status,
                "" if reads_english(code) else code,
                pickle.dumps(found) if todo else b"",
                b"" if todo else pickle.dumps(replace(found, text="")),
            )
        )
    return out


def _row(
    block: Block,
    number: int,
    doc_id: str,
    status: str,
    message: str,
    doc: bytes = b"",
    meta: bytes = b"",
) -> dict[str, Any]:
    return {
        "file": block.file,
        "number": number,
        "id": doc_id,
        "status": status,
        "message": message,
        "doc": doc,
        "meta": meta,
    }


class LightRow(NamedTuple):
    """A converted row without its document: what the driver checks and counts."""

    file: int
    number: int
    status: str
    id: str
    message: str
    meta: bytes


LIGHT = list(LightRow._fields)
"""The columns of the converted rows the driver reads."""


def light_row(row: dict[str, Any]) -> LightRow:
    """The `LightRow` of a row `block_documents` made."""
    return LightRow(*(row[name] for name in LightRow._fields))


def tally(
    paths: Sequence[Path],
    blocks: Sequence[Block],
    light: Sequence[LightRow],
    text_field: str,
    id_field: str,
    on_read: Callable[[ReadReport], None] | None = None,
) -> tuple[dict[str, list[str]], list[Document]]:
    """Checks the converted rows of each file as a plain load does (raising its
    `DataError`s) and returns the ids ``added``, ``updated`` and ``unchanged`` in file and
    row order, and the unchanged documents (metadata only, no text)."""
    ordered = sorted(light, key=lambda r: (r.file, r.number, r.status != "columns"))
    lists: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": []}
    kept: list[Document] = []
    by_file: dict[int, list[LightRow]] = {}
    for r in ordered:
        by_file.setdefault(r.file, []).append(r)
    for file, path in enumerate(paths):
        rows = by_file.get(file, [])
        columns: dict[str, None] = {}
        for r in rows:
            if r.status == "error":
                raise pickle.loads(r.meta)
            if r.status == "columns":
                columns.update(dict.fromkeys(json.loads(r.message)))
        data = [r for r in rows if r.status not in ("columns", "error")]
        kind = next(b.kind for b in blocks if b.file == file)
        check_collection(path, kind, list(columns), len(data), text_field, id_field)
        seen: dict[str, int] = {}
        failures: list[Failure] = []
        foreign: list[tuple[str, str]] = []
        for r in data:
            if r.id:
                if r.id in seen:
                    raise duplicate_id(path, r.id, seen[r.id], r.number)
                seen[r.id] = r.number
            if r.status == "failed":
                failures.append(Failure(f"{path} row {r.number}", r.message))
                continue
            lists[r.status].append(r.id)
            if r.message:
                foreign.append((r.id, r.message))
            if r.meta:
                kept.append(pickle.loads(r.meta))
        if on_read is not None:
            documents = len(data) - len(failures)
            on_read(ReadReport(path, documents, tuple(failures), tuple(foreign)))
    return lists, kept
