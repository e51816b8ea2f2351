"""Resume sections: headings recognised as people write them, lines assigned to sections."""

from __future__ import annotations

import pytest

from jobfit.documents.sections import HEADER, heading, resume_sections


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("EXPERIENCE", "experience"),
        ("Professional Experience:", "experience"),
        ("== Work History ==", "experience"),
        ("--- EMPLOYMENT HISTORY ---", "experience"),
        ("## Skills & Abilities", "skills"),
        ("Highlights", "skills"),
        ("Summary of Qualifications", "summary"),
        ("Education Details", "education"),
        ("Licenses & Certifications", "certifications"),
        ("Volunteer Experience", "other"),
        ("Skill Details", "skills"),
    ],
)
def test_headings(line: str, section: str) -> None:
    assert heading(line) == section


@pytest.mark.parametrize(
    "line", ["Registered Nurse", "Experience with Python and SQL", "", "Skills: Python, SQL"]
)
def test_lines_that_are_not_headings(line: str) -> None:
    assert heading(line) is None


def test_lines_take_the_section_of_the_heading_above_them() -> None:
    text = "Jane Roe\n\nNurse\nSUMMARY\nCaring.\n\nExperience\nCharge Nurse\n2019 - Present\nSkills\nTriage"
    got = [(x.section, x.text) for x in resume_sections(text)]
    assert got == [
        (HEADER, "Jane Roe"),
        (HEADER, "Nurse"),
        ("summary", "Caring."),
        ("experience", "Charge Nurse"),
        ("experience", "2019 - Present"),
        ("skills", "Triage"),
    ]
    assert [x.text for x in resume_sections(text, max_lines=3)] == ["Jane Roe", "Nurse"]


def test_a_text_without_headings_is_all_header() -> None:
    parts = resume_sections("Registered Nurse\nTriage and charting.")
    assert {x.section for x in parts} == {HEADER}
    assert len(parts) == 2


def test_a_heading_with_text_after_a_colon_opens_its_section() -> None:
    text = (
        "Software Backend Engineer\nSummary: Builds APIs.\nSkills: python, sql\n"
        "Experience: Backend Engineer, Acme 2019 - Present\nRole: Developer"
    )
    got = [(x.section, x.text) for x in resume_sections(text)]
    assert got == [
        (HEADER, "Software Backend Engineer"),
        ("summary", "Builds APIs."),
        ("skills", "python, sql"),
        ("experience", "Backend Engineer, Acme 2019 - Present"),
        ("experience", "Role: Developer"),  # "Role" is no heading
    ]
    assert heading("Skills: python, sql") is None  # heading() reads whole lines only
