"""The command line: light verbs stay light, user mistakes end in one line and exit 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

JOBFIT = [sys.executable, "-m", "jobfit.cli"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JOBFIT, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_help_lists_verbs_and_does_not_import_torch() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom jobfit.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\nprint(r.output)\n"
        "print('HEAVY', [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for verb in ("generate", "train", "evaluate"):
        assert verb in out
    assert "HEAVY []" in out


def test_generate_writes_splits_and_prints_paths(tmp_path: Path) -> None:
    r = run(
        "generate",
        "--out",
        str(tmp_path / "d"),
        "--seed",
        "5",
        "--train-size",
        "8",
        "--val-size",
        "5",
        "--test-size",
        "4",
    )
    assert r.returncode == 0, r.stderr
    paths = json.loads(r.stdout)
    assert sorted(paths) == ["test", "train", "val"]
    assert len(Path(paths["train"]).read_text().splitlines()) == 8


def test_bad_pairs_file_is_one_line_error_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"resume": "a", "job": "b", "score": 2}\n')
    r = run("evaluate", "--pairs", str(bad))
    assert r.returncode == 1
    assert (
        r.stderr.strip()
        == f"Error: {bad} row 1: score 2.0 is outside [0, 1]; rescale scores to [0, 1]"
    )
    assert "Traceback" not in r.stderr
    r = run(
        "train",
        "--train",
        str(tmp_path / "missing.csv"),
        "--val",
        str(bad),
        "--out",
        str(tmp_path / "m"),
    )
    assert r.returncode == 1
    assert "does not exist; check the path" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_model_directory_is_a_clear_error(tmp_path: Path) -> None:
    pairs = tmp_path / "p.jsonl"
    pairs.write_text('{"resume": "a", "job": "b", "score": 1}\n')
    r = run("evaluate", "--pairs", str(pairs), "--model", str(tmp_path / "nomodel"))
    assert r.returncode == 1
    assert "model directory" in r.stderr
    assert "does not exist" in r.stderr
    assert "Traceback" not in r.stderr


def test_generate_checks_options_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "d"
    r = run("generate", "--out", str(out), "--triplets", "5")
    assert r.returncode == 1
    assert "--triplets needs --recipe onet" in r.stderr
    assert not out.exists()


def test_broken_calibration_file_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from jobfit.errors import ModelError
    from jobfit.matching.explain import Calibration

    (tmp_path / "jobfit_calibration.json").write_text("{not json")
    with pytest.raises(ModelError, match=r"jobfit_calibration\.json is unreadable"):
        Calibration.for_model(tmp_path)


def test_usage_mistakes_are_one_message_without_traceback(tmp_path: Path) -> None:
    cases = {
        ("rank",): "give --resumes and --jobs",
        ("nosuch",): "No such command 'nosuch'",
        ("evaluate", "--pairs", "p.jsonl", "--k", "abc"): "Invalid value for '--k'",
    }
    for args, message in cases.items():
        r = run(*args, cwd=tmp_path)
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr, (args, r.stderr)


def test_generate_into_a_file_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "taken.txt"
    target.write_text("keep me", encoding="utf-8")
    r = run("generate", "--out", str(target), "--train-size", "4")
    assert r.returncode == 1, r.stderr
    assert "is a file; give a directory" in r.stderr
    assert "Traceback" not in r.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_when_every_input_fails_the_command_stops_before_loading_a_model(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf")
    jobs = tmp_path / "job.txt"
    jobs.write_text("Registered Nurse\nPatient care.", encoding="utf-8")
    r = run("rank", "--resumes", str(bad), "--jobs", str(jobs), "--model", str(tmp_path / "nope"))
    assert r.returncode == 1, r.stderr
    assert "no resume could be read from" in r.stderr
    assert "does not exist" not in r.stderr  # stopped before the model was looked up
    assert r.stdout == ""


def test_unknown_backend_fails_before_any_document_is_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf")
    for args in (
        ("embed", "--input", str(bad), "--out", str(tmp_path / "v.npy")),
        ("explain", str(bad), str(bad)),
        ("rank", "--resumes", str(bad), "--jobs", str(bad)),
    ):
        r = run(*args, "--backend", "tf")
        assert r.returncode == 1, (args, r.stderr)
        assert "backend 'tf' is not known" in r.stderr, (args, r.stderr)
        assert "bad.pdf" not in r.stderr, (args, r.stderr)  # no document was read


def test_train_refuses_an_averaging_share_outside_0_to_1(tmp_path: Path) -> None:
    out = tmp_path / "m"
    r = run("train", "--recipe", "default", "--average-with-base", "1.5", "--out", str(out))
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "Error: invalid training option: --average-with-base 1.5: "
        "input should be less than or equal to 1"
    )
    assert not out.exists()
