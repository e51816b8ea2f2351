"""Reading (resume, job, negative job) triplets for MultipleNegativesRankingLoss."""

from __future__ import annotations

from pathlib import Path

from jobfit.data.onet_generator import Triplet
from jobfit.data.pairs import iter_jsonl_rows
from jobfit.errors import DataError

__all__ = ["read_triplets"]

COLUMNS = ("anchor", "positive", "negative")


def read_triplets(path: str | Path) -> list[Triplet]:
    """Reads a JSONL file with ``anchor`` (resume), ``positive`` (job), ``negative`` (job).

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.jsonl"
        >>> _ = p.write_text('{"anchor": "RN", "positive": "Nurse", "negative": "Welder"}\\n')
        >>> read_triplets(p)[0].negative_job
        'Welder'
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"triplet file {str(path)!r} does not exist; check the path")
    out: list[Triplet] = []
    try:
        for lineno, row in iter_jsonl_rows(path):
            missing = [c for c in COLUMNS if not isinstance(row.get(c), str) or not row[c].strip()]
            if missing:
                raise DataError(
                    f"{path} row {lineno}: missing or empty {', '.join(missing)}; "
                    "each row needs anchor (resume), positive (job) and negative (job) texts"
                )
            out.append(Triplet(row["anchor"], row["positive"], row["negative"]))
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text ({err.reason}); save the file as UTF-8") from err
    if not out:
        raise DataError(f"{path}: no triplets found; the file is empty")
    return out
