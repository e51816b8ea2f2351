"""Reading and validating (resume, job, score) pair files: JSONL, CSV or Parquet, two column schemes."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobfit.errors import DataError

__all__ = ["COLUMN_SCHEMES", "PairSet", "iter_jsonl_rows", "read_pairs"]

COLUMN_SCHEMES: tuple[tuple[str, str, str], ...] = (
    ("sentence_0", "sentence_1", "label"),
    ("resume", "job", "score"),
)
"""Accepted column names: the seed card's, and jobfit's own words."""

SUFFIXES = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}


@dataclass(frozen=True)
class PairSet:
    """Validated pairs, column-wise.

    Example:
        >>> ps = PairSet(resumes=["Data Scientist"], jobs=["Data Scientist (Product)"], scores=[1.0])
        >>> len(ps), ps.to_columns()["label"]
        (1, [1.0])
    """

    resumes: list[str]
    jobs: list[str]
    scores: list[float]
    source: str = "<memory>"

    def __len__(self) -> int:
        return len(self.scores)

    @classmethod
    def from_pairs(cls, pairs: Iterable[Any], source: str = "<memory>") -> PairSet:
        """Builds a set from objects with ``resume``, ``job`` and ``score`` attributes."""
        items = list(pairs)
        return cls(
            [p.resume for p in items],
            [p.job for p in items],
            [float(p.score) for p in items],
            source,
        )

    def to_columns(self) -> dict[str, list[Any]]:
        """Returns the seed's column layout, as the trainer expects it."""
        return {"sentence_0": self.resumes, "sentence_1": self.jobs, "label": self.scores}


def iter_jsonl_rows(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    """Yields ``(line number, object)`` for each non-blank line; bad JSON is a DataError."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise DataError(
                    f"{path} row {lineno}: not valid JSON ({err.msg}); write one JSON object per line"
                ) from err
            if not isinstance(row, dict):
                raise DataError(
                    f"{path} row {lineno}: expected a JSON object, got {type(row).__name__}"
                )
            yield lineno, row


def _rows_csv(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            for row in reader:
                yield reader.line_num, dict(row)
        except csv.Error as err:
            raise DataError(
                f"{path} line {reader.line_num}: not valid CSV ({err}); re-export it as UTF-8 CSV"
            ) from err


def read_parquet(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """The column names and rows of a Parquet file; a damaged file is a DataError."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError, ... on damaged files
        raise DataError(f"{path}: not a readable Parquet file ({err}); re-export it") from err
    return list(table.column_names), table.to_pylist()


def _rows_parquet(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    yield from enumerate(read_parquet(path)[1], start=1)


def _pick_scheme(path: Path, columns: Sequence[str]) -> tuple[str, str, str]:
    for scheme in COLUMN_SCHEMES:
        if all(c in columns for c in scheme):
            return scheme
    wanted = " or ".join("/".join(s) for s in COLUMN_SCHEMES)
    best = max(COLUMN_SCHEMES, key=lambda s: sum(c in columns for c in s))
    missing = [c for c in best if c not in columns]
    raise DataError(
        f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(columns) or 'none'}); "
        f"pairs need the columns {wanted}"
    )


def _score(path: Path, row_no: int, value: Any) -> float:
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise DataError(
            f"{path} row {row_no}: score {value!r} is not a number; use a float in [0, 1]"
        ) from None
    if math.isnan(score):
        raise DataError(f"{path} row {row_no}: score is NaN; use a float in [0, 1] or drop the row")
    if not 0.0 <= score <= 1.0:
        raise DataError(
            f"{path} row {row_no}: score {score} is outside [0, 1]; rescale scores to [0, 1]"
        )
    return score


def read_pairs(path: str | Path) -> PairSet:
    """Reads and validates a pair file (JSONL, CSV or Parquet).

    Columns are either ``sentence_0``/``sentence_1``/``label`` (the seed's) or
    ``resume``/``job``/``score``. Rows are numbered from 1 (JSONL lines, Parquet rows) or
    by CSV line (the header is line 1).

    Raises:
        DataError: The file is missing or unreadable, a column is missing, a text is empty,
            or a score is NaN or outside [0, 1]. The message names the file and row.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "pairs.jsonl"
        >>> _ = p.write_text('{"resume": "Nurse", "job": "RN", "score": 1}\\n')
        >>> read_pairs(p).scores
        [1.0]
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"pair file {str(path)!r} does not exist; check the path")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DataError(
            f"{path}: unsupported file type {path.suffix!r}; use .jsonl, .csv or .parquet"
        )
    reader = {"jsonl": iter_jsonl_rows, "csv": _rows_csv, "parquet": _rows_parquet}[kind]
    resumes: list[str] = []
    jobs: list[str] = []
    scores: list[float] = []
    scheme: tuple[str, str, str] | None = None
    try:
        for row_no, row in reader(path):
            if scheme is None:
                scheme = _pick_scheme(path, list(row))
            r_col, j_col, s_col = scheme
            for col in scheme:
                if col not in row:
                    raise DataError(
                        f"{path} row {row_no}: missing column {col!r}; every row needs {', '.join(scheme)}"
                    )
            for col in (r_col, j_col):
                value = row[col]
                if not isinstance(value, str) or not value.strip():
                    raise DataError(
                        f"{path} row {row_no}: column {col!r} is empty; give every pair a non-empty text"
                    )
            resumes.append(row[r_col])
            jobs.append(row[j_col])
            scores.append(_score(path, row_no, row[s_col]))
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text ({err.reason}); save the file as UTF-8") from err
    except OSError as err:
        raise DataError(f"{path}: cannot be read ({err.strerror}); check permissions") from err
    if not scores:
        raise DataError(f"{path}: no pairs found; the file is empty")
    return PairSet(resumes, jobs, scores, str(path))
