"""Resume sections: which heading (Summary, Experience, Skills, ...) each line sits under."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["HEADER", "SectionLine", "heading", "resume_sections"]

HEADER = "header"
"""The section of the lines above the first heading: name, contact data, a headline."""

# Heading phrases as resumes write them, by section, "|"-separated. Compared after lower-casing,
# "&" -> "and" and dropping everything but letters and spaces.
_HEADINGS: dict[str, str] = {
    "summary": (
        "summary|professional summary|career summary|executive summary|profile|"
        "professional profile|career profile|objective|career objective|"
        "professional objective|about me|summary of qualifications|overview|"
        "personal statement|introduction"
    ),
    "experience": (
        "experience|work experience|professional experience|relevant experience|"
        "employment|employment history|work history|career history|"
        "professional background|positions held|experience details|company details|"
        "professional history|military experience|teaching experience|industry experience|"
        "related experience|work experience details"
    ),
    "skills": (
        "skills|core competencies|competencies|technical skills|key skills|"
        "areas of expertise|expertise|skills and abilities|highlights|skill highlights|"
        "qualifications|key qualifications|computer skills|it skills|"
        "technical qualifications|strengths|key strengths|tools|technologies|"
        "technical expertise|skill set|skills summary|skill details"
    ),
    "education": (
        "education|education and training|academic background|education and credentials|"
        "education details|academic qualifications|educational background|training|"
        "academics|education and certifications"
    ),
    "certifications": (
        "certifications|certification|licenses and certifications|"
        "certifications and licenses|credentials|licenses|licensure"
    ),
    "other": (
        "accomplishments|achievements|awards|honors|honors and awards|projects|"
        "project details|publications|presentations|languages|interests|hobbies|"
        "references|activities|affiliations|professional affiliations|"
        "volunteer experience|volunteer work|community service|additional information|"
        "personal details|personal information|leadership|memberships"
    ),
}
_BY_PHRASE = {p: name for name, phrases in _HEADINGS.items() for p in phrases.split("|")}
_NOT_LETTERS = re.compile(r"[^a-z ]+")


@dataclass(frozen=True)
class SectionLine:
    """One non-empty line of a resume and the section it sits under."""

    text: str
    section: str


def heading(line: str) -> str | None:
    """The section a line opens, if it is a heading (``"== WORK HISTORY =="``), else ``None``.

    Example:
        >>> heading("PROFESSIONAL EXPERIENCE:"), heading("Skills & Abilities"), heading("Nurse")
        ('experience', 'skills', None)
    """
    key = _NOT_LETTERS.sub(" ", line.lower().replace("&", " and ")).split()
    if not key or len(key) > 5:
        return None
    return _BY_PHRASE.get(" ".join(key))


def _opens(line: str) -> tuple[str | None, str]:
    """The section ``line`` opens and what follows the heading on the same line, if anything.

    "Skills: python, sql" opens Skills and keeps "python, sql"; a line that is not a heading
    and does not start with one followed by a colon opens nothing.
    """
    opened = heading(line)
    if opened is not None:
        return opened, ""
    head, colon, rest = line.partition(":")
    if colon and rest.strip():
        opened = heading(head)
        if opened is not None:
            return opened, rest.strip()
    return None, line


def resume_sections(text: str, max_lines: int | None = None) -> list[SectionLine]:
    """The non-empty lines of ``text`` (headings left out), each with its section.

    Lines above the first heading are in :data:`HEADER`. Documents without any heading come
    back with every line in :data:`HEADER`. A heading may start a line and be followed by a
    colon and text ("Skills: python, sql"): the text is a line of that section. Under an
    experience heading, headings such as "Achievements" or "Projects" are read as a job's
    sub-headings and keep the section.

    Args:
        text: The resume's text.
        max_lines: Read at most this many non-empty lines (headings count).

    Example:
        >>> [(x.section, x.text) for x in resume_sections("Jo Roe\\nSummary\\nCalm.\\nEXPERIENCE\\nNurse")]
        [('header', 'Jo Roe'), ('summary', 'Calm.'), ('experience', 'Nurse')]
    """
    out: list[SectionLine] = []
    section = HEADER
    seen = 0
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if max_lines is not None and seen > max_lines:
            break
        opened, rest = _opens(line)
        if opened is not None:
            # "Achievements" or "Projects" inside a job is a sub-heading, not a new section.
            if not (section == "experience" and opened == "other"):
                section = opened
            if not rest:
                continue
            line = rest
        out.append(SectionLine(line, section))
    return out
