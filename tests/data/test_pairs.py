"""Pair files: three formats, two column schemes, one-line errors naming file and row."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobfit.data.pairs import read_pairs
from jobfit.errors import DataError

ROWS = [
    {"resume": "Registered Nurse\nSkills: triage", "job": "Staff Nurse (RN)", "score": 1.0},
    {"resume": "Attorney\nSkills: contracts", "job": "Teacher (K-12)", "score": 0.0},
]


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    elif path.suffix == ".csv":
        with path.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
@pytest.mark.parametrize("seed_columns", [True, False])
def test_reads_every_format_and_scheme(tmp_path: Path, suffix: str, seed_columns: bool) -> None:
    rows = [
        {"sentence_0": r["resume"], "sentence_1": r["job"], "label": r["score"]}
        if seed_columns
        else r
        for r in ROWS
    ]
    ps = read_pairs(_write(tmp_path / f"p{suffix}", rows))
    assert ps.resumes == [r["resume"] for r in ROWS]
    assert ps.jobs == [r["job"] for r in ROWS]
    assert ps.scores == [1.0, 0.0]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"resume": "a", "job": "b", "score": 1.5},
            r"p.jsonl row 2: score 1.5 is outside \[0, 1\]; rescale",
        ),
        ({"resume": "a", "job": "b", "score": float("nan")}, r"p.jsonl row 2: score is NaN"),
        ({"resume": "  ", "job": "b", "score": 1.0}, r"p.jsonl row 2: column 'resume' is empty"),
        (
            {"resume": "a", "job": "b", "score": "high"},
            r"p.jsonl row 2: score 'high' is not a number",
        ),
    ],
)
def test_bad_rows_name_file_row_and_fix(
    tmp_path: Path, row: dict[str, object], message: str
) -> None:
    path = _write(tmp_path / "p.jsonl", [ROWS[0], row])
    with pytest.raises(DataError, match=message):
        read_pairs(path)


def test_missing_column_lists_what_was_found(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.csv", [{"resume": "a", "posting": "b", "score": 1.0}])
    with pytest.raises(
        DataError, match=r"missing column\(s\) job \(found: resume, posting, score\)"
    ):
        read_pairs(path)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        read_pairs(tmp_path / "nope.jsonl")
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(DataError, match="not a readable Parquet file"):
        read_pairs(bad)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"resume": "a"\n')
    with pytest.raises(DataError, match=r"broken\.jsonl row 1: not valid JSON"):
        read_pairs(broken)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("resume,job,score\ncaf\xe9,b,1\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"not UTF-8"):
        read_pairs(latin)
    (tmp_path / "p.xlsx").write_text("x")
    with pytest.raises(DataError, match=r"unsupported file type '\.xlsx'"):
        read_pairs(tmp_path / "p.xlsx")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(DataError, match="no pairs found"):
        read_pairs(empty)


def test_csv_with_byte_order_mark_and_broken_csv(tmp_path: Path) -> None:
    bom = tmp_path / "excel.csv"
    bom.write_bytes("\ufeffresume,job,score\nNurse,RN job,1\n".encode())
    assert read_pairs(bom).scores == [1.0]
    broken = tmp_path / "nul.csv"
    broken.write_bytes(b'resume,job,score\n"a\x00b,c,1\n')
    with pytest.raises(DataError, match=r"not valid CSV|column 'job' is empty|score"):
        read_pairs(broken)
