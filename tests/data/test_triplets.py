"""Triplet files: read, and bad rows named with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobfit.data.triplets import read_triplets
from jobfit.errors import DataError


def test_reads_and_rejects_bad_rows(tmp_path: Path) -> None:
    good = tmp_path / "t.jsonl"
    good.write_text('{"anchor": "RN", "positive": "Nurse", "negative": "Welder"}\n')
    assert read_triplets(good)[0].job == "Nurse"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"anchor": "RN", "positive": "Nurse"}\n')
    with pytest.raises(DataError, match=r"bad\.jsonl row 1: missing or empty negative"):
        read_triplets(bad)
    listed = tmp_path / "list.jsonl"
    listed.write_text('["RN", "Nurse", "Welder"]\n')
    with pytest.raises(DataError, match="expected a JSON object, got list"):
        read_triplets(listed)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"anchor": "caf\xe9"}\n'.encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        read_triplets(latin)
