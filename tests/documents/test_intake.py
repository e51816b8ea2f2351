"""Robust intake: file types by content, languages, the length limit, and linear cost."""

from __future__ import annotations

import logging
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from jobfit.data.onet_generator import generate_onet_triplets
from jobfit.documents import read_document
from jobfit.documents.language import detect_language
from jobfit.documents.profile import read_job, read_resume
from jobfit.encoding.encoder import HashEncoder
from jobfit.encoding.windows import split_windows
from jobfit.errors import DocumentError
from jobfit.matching.explain import explain_pair
from jobfit.matching.report import explanation_text

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"This program cannot be run in DOS mode"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64

GERMAN_JOB = (
    "Pflegefachkraft (m/w/d) Intensivstation\n"
    "Ihre Aufgaben:\n- Pflege und Betreuung von Patientinnen und Patienten auf der Intensivstation\n"
    "- Dokumentation der Pflegemaßnahmen\n"
    "Ihr Profil:\n- Abgeschlossene Ausbildung als Pflegefachkraft\n"
    "- Mindestens zwei Jahre Berufserfahrung in der Intensivpflege\n"
    "Wir bieten:\n- Eine unbefristete Stelle und ein kollegiales Team\n"
)
ENGLISH_JOB = (
    "ICU Registered Nurse\nRequirements:\n- Active RN license\n- 2+ years of ICU experience\n"
    "- BLS certification\nYou will care for critically ill patients on a busy unit.\n"
)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("cv.pdf", EXE, "not a PDF: its content looks like a Windows Executable"),
        ("cv.docx", PNG, "not a DOCX: its content looks like a Portable Network Graphics"),
        ("cv.txt", EXE, "not a text file: its content looks like a Windows Executable"),
        ("cv.md", PNG, "not a markdown file: its content looks like a Portable Network"),
    ],
)
def test_a_renamed_file_is_named_as_what_it_is(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=says):
        read_document(path)


def test_a_zip_renamed_pdf_and_text_that_opens_like_a_signature(tmp_path: Path) -> None:
    archive = tmp_path / "cv.pdf"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("resume.txt", "Nurse")
    with pytest.raises(
        DocumentError, match=r"not a PDF: its content looks like a .*(zip|ZIP|Office)"
    ):
        read_document(archive)
    # text is never judged by its first bytes: these open like a bitmap, an MP3, an .exe
    for i, first in enumerate(("BMW Group", "ID3 Systems", "MZ Logistics")):
        path = tmp_path / f"cv{i}.txt"
        path.write_text(f"{first}\nWarehouse supervisor, 8 years.", encoding="utf-8")
        assert read_document(path).text.startswith(first)


def test_languages_are_detected_only_when_clear() -> None:
    assert detect_language(GERMAN_JOB) == "de"
    assert detect_language(ENGLISH_JOB) == "en"
    spanish = (
        "Enfermera con cinco años de experiencia en cuidados intensivos, responsable de la "
        "atención de pacientes críticos y de la coordinación del equipo de turno."
    )
    french = (
        "Infirmière diplômée d'État avec cinq ans d'expérience en réanimation, chargée des "
        "soins aux patients et de la coordination de l'équipe de nuit."
    )
    assert detect_language(spanish) == "es"
    assert detect_language(french) == "fr"
    assert detect_language("Python, SQL, AWS, Docker") == "und"


def test_a_posting_in_another_language_is_not_reported_as_zero_of_zero() -> None:
    profile = read_job(GERMAN_JOB)
    assert profile.language == "de"
    assert profile.requirements == ()
    assert read_job(ENGLISH_JOB).requirements  # the English one is read as before
    resume = (
        "Registered nurse with five years of ICU experience, caring for critically ill "
        "patients on a busy unit. Active RN license and BLS certification."
    )
    e = explain_pair(resume, GERMAN_JOB, HashEncoder(), 0.5)
    assert not e.requirements_read
    assert e.to_dict()["language"] == {"resume": "en", "job": "de"}
    report = explanation_text("cv", "job", e)
    assert "requirements not read: the posting is in German" in report
    assert "0 of 0" not in report
    assert read_resume(GERMAN_JOB).language == "de"


def test_a_document_over_the_limit_is_cut_with_a_notice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Welder\n" + "MIG and TIG welding on site.\n" * 2000, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        doc = read_document(path, max_chars=1000)
    assert len(doc.text) <= 1000
    assert doc.text.startswith("Welder\nMIG")
    assert doc.metadata["truncated_from"] == len(path.read_text(encoding="utf-8").strip())
    assert "over the limit of 1,000" in caplog.text
    assert "--max-chars" in caplog.text
    assert "truncated_from" not in read_document(path, max_chars=0).metadata
    assert "truncated_from" not in read_document(path).metadata  # under the default limit


def _varied_text(chars: int) -> str:
    """Generated resumes and postings end to end: varied lines, sections, dates, skills."""
    triplets = generate_onet_triplets(seed=3, n=120)
    text = "\n\n".join(f"{t.resume}\n\n{t.job}" for t in triplets)
    while len(text) < chars:
        text += "\n\n" + text
    return text[:chars]


def _seconds(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.slow
def test_reading_windowing_requirements_and_explanations_grow_linearly(
    tmp_path: Path,
) -> None:
    """Costs at 0.1, 1 and 4 MB: a 10x (4x) larger input may cost at most 25x (10x) more,
    where a quadratic step would cost 100x (16x). Growth, not absolute time, is checked."""
    encoder = HashEncoder()
    job = "Welder\nRequirements:\n- 3+ years of MIG welding\n- Forklift certification\n"
    sizes = {"0.1": 100_000, "1": 1_000_000, "4": 4_000_000}
    times: dict[str, dict[str, float]] = {}
    for label, n in sizes.items():
        text = _varied_text(n)
        path = tmp_path / f"{label}.txt"
        path.write_text(text, encoding="utf-8")
        repeat = 3 if n <= 1_000_000 else 1
        times[label] = {
            "read": _seconds(lambda p=path: read_document(p, max_chars=0), repeat),
            "windows": _seconds(lambda t=text: split_windows(t, encoder), repeat),
            "requirements": _seconds(lambda t=text: read_job(t), repeat),
            "explain": _seconds(lambda t=text: explain_pair(t, job, encoder, 0.5), repeat),
        }
    for step in times["1"]:
        small, mid, big = (max(times[k][step], 1e-3) for k in ("0.1", "1", "4"))
        assert mid / small < 25, (step, times)
        assert big / mid < 10, (step, times)


def test_passages_run_across_a_pdf_line_wrap() -> None:
    from jobfit.documents.passages import split_passages

    resume = (
        "Experience\n"
        "- Built streaming pipelines for payments data with Kafka Streams, Apache\n"
        "Flink, dbt and Airflow on AWS.\n"
        "- Led a team of four engineers.\n"
        "Skills\nPython\nSQL\n"
    )
    texts = [p.text for p in split_passages(resume)]
    joined = (
        "Built streaming pipelines for payments data with Kafka Streams, Apache Flink, dbt "
        "and Airflow on AWS."
    )
    assert joined in texts
    assert "Led a team of four engineers." in texts
    assert "Python" not in " ".join(texts)  # one-word lines stay out, not glued together
    e = explain_pair(resume, "Requirements:\n- Apache Flink", HashEncoder(), 0.5)
    assert next(x.passage for x in e.met).endswith("Apache Flink, dbt and Airflow on AWS.")
