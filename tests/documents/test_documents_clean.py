"""Tests for clean_text and remove_repeated_lines."""

from __future__ import annotations

import pytest

from jobfit.documents import clean_text
from jobfit.documents.clean import remove_repeated_lines


def test_mojibake_is_repaired_and_inline_bullet_normalised() -> None:
    assert clean_text("Ã©cole â€™ â€¢ Python") == "école \u2019 - Python"


@pytest.mark.parametrize(
    "bullet", ["\u2022", "\u25cf", "\u25aa", "\u25e6", "-", "*", "\u27a2", "\uf0b7", "\uf0a7"]
)
def test_bullets_at_line_start_become_dash(bullet: str) -> None:
    assert clean_text(f"Skills\n  {bullet}  Python\n{bullet} SQL") == "Skills\n- Python\n- SQL"


def test_ascii_dash_or_star_without_space_is_not_a_bullet() -> None:
    assert clean_text("-5% churn\n*args and **kwargs") == "-5% churn\n*args and **kwargs"


def test_lone_bullet_line_joins_the_next_line() -> None:
    assert clean_text("\u2022\nPython\n\u25cf\nSQL") == "- Python\n- SQL"


def test_whitespace_blank_lines_and_control_chars() -> None:
    raw = "  Jane\t\tDoe \r\n\r\n\r\n\r\nData\u00a0Engineer\u200b\x07\fLeeds\u00ad \ufb01nance "
    assert clean_text(raw) == "Jane Doe\n\nData Engineer\nLeeds finance"


def test_hyphenated_line_breaks_are_joined_only_when_safe() -> None:
    text = "Project manage-\nment of teams\nSelf-\nmotivated, self-motivated\nwell-\nknown brand"
    assert clean_text(text) == (
        "Project management\nof teams\nSelf-motivated,\nself-motivated\nwell-\nknown brand"
    )


def test_hyphenated_word_joined_when_the_word_appears_elsewhere() -> None:
    assert clean_text("web devel-\nopment\nfull-stack development") == (
        "web development\nfull-stack development"
    )


def test_soft_hyphen_at_line_end_joins_the_word() -> None:
    assert clean_text("experi\u00ad\nence") == "experience"


def test_clean_text_is_idempotent_and_empty_stays_empty() -> None:
    messy = "Ã©cole\n\n\n\u2022 Python  \u2022  SQL\n\uf0b7\nR\nmanage-\nment"
    once = clean_text(messy)
    assert clean_text(once) == once
    assert clean_text(" \n\t\u200b\n ") == ""


def test_repeated_headers_and_page_numbers_are_removed() -> None:
    bodies = [
        ["Summary", "Data engineer", "Shared body line", "Python 8 years", "Leeds", "Remote"],
        ["Experience", "Shopwise", "Shared body line", "Kafka 4 years", "Spark", "Airflow"],
        ["Education", "MSc", "Shared body line", "Leeds 2015", "Awards", "Hobbies"],
    ]
    pages = [
        "\n".join(["ACME Corp", "Jane Doe - CV", *body, f"Page {i} of 3"])
        for i, body in enumerate(bodies, start=1)
    ]
    # The top two lines and the footer repeat on every page; the body, even the shared
    # line and the lines with digits, sits in the middle or differs, so it survives.
    assert remove_repeated_lines(pages) == ["\n".join(body) for body in bodies]


def test_a_line_on_too_few_pages_is_kept() -> None:
    pages = ["Draft\nAlpha", "Beta", "Gamma"]  # "Draft" on 1 of 3 pages, below 60%
    assert remove_repeated_lines(pages) == pages


def test_a_single_page_is_unchanged() -> None:
    assert remove_repeated_lines(["Page 1 of 1\nJane"]) == ["Page 1 of 1\nJane"]
