"""A document read once into structure: a resume's profile and a posting's profile."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from jobfit.documents.credentials import (
    Degree,
    clearance_level,
    find_degrees,
    find_languages,
    find_states,
    is_partial,
)
from jobfit.documents.experience import ExperienceEntry, experience_entries, total_months
from jobfit.documents.passages import Passage, split_passages
from jobfit.documents.requirements import RequirementItem, read_requirements
from jobfit.documents.sections import SectionLine, resume_sections
from jobfit.documents.vocabulary import SkillVocabulary, load_vocabulary, usable_mentions

__all__ = ["HeldCredential", "JobProfile", "ResumeProfile", "read_job", "read_resume"]

MAX_PASSAGES = 300
_HEADING_WORDS = re.compile(
    r"(?:skills|experience|summary|education|certifications|qualifications|profile|highlights|"
    r"expertise|competencies|projects|history|background|awards|languages|licen[cs]es|"
    r"objective|overview|tools|technologies)\s*:?\s*$",
    re.IGNORECASE,
)
_STATED_YEARS = re.compile(
    r"\b(?P<n>\d{1,2})\+?\s*(?:years?|yrs?)\b(?:\s+of)?(?P<what>(?:\s+[\w/&-]+){0,5}?)\s+(?:experience|exp)\b",
    re.IGNORECASE,
)


_ISSUER = re.compile(
    r"^[^,\n]*?(?:,|\s-\s|\s\u2013\s|\bfrom\b|\bby\b|\()\s*(?:the\s+)?((?:[A-Z][\w&.-]*\s?){1,6})"
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:my|our|their|outside|external|with (?:the|an|a|our))\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)


def is_heading_like(line: str) -> bool:
    """A short title-like line that names a section ("Instructional Design Skills"): never evidence.

    Example:
        >>> is_heading_like("Instructional Design Skills"), is_heading_like("Designed 40 courses in Storyline")
        (True, False)
    """
    words = line.split()
    return (
        0 < len(words) <= 5 and not re.search(r"[.;,]", line) and bool(_HEADING_WORDS.search(line))
    )


@dataclass(frozen=True)
class HeldCredential:
    """A licence or certification a resume names: canonical name, the line, states, and status.

    ``held`` is ``False`` when the line says it is not (yet) held ("CPA candidate, passed
    two sections"); ``states`` are the US states the line names; ``issuer`` the body named
    after it ("BLS, American Heart Association"), where there is one.
    """

    name: str
    line: str
    start: int
    held: bool
    states: frozenset[str] = frozenset()
    compact: bool = False
    issuer: str = ""


@dataclass(frozen=True)
class ResumeProfile:
    """A resume read once: sections, passages, skills, credentials, degrees and experience.

    ``skills`` maps each canonical skill the resume names (headings and proper names left
    out) to the offset of its first mention, ``skill_roles`` to the experience entries whose
    text names it (where it was used); ``months`` is the total experience, overlapping roles
    counted once.
    """

    text: str
    sections: tuple[SectionLine, ...]
    passages: tuple[Passage, ...]
    skills: dict[str, int] = field(hash=False)
    credentials: tuple[HeldCredential, ...]
    degrees: tuple[Degree, ...]
    experience: tuple[ExperienceEntry, ...]
    months: int
    clearance: int
    languages: frozenset[str]
    stated_years: tuple[tuple[float, str], ...]
    today: dt.date
    skill_roles: dict[str, tuple[int, ...]] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class JobProfile:
    """A posting read once: its title line and its typed requirements."""

    text: str
    title: str
    requirements: tuple[RequirementItem, ...]


def _line_at(text: str, pos: int) -> tuple[int, str]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, text[start : end if end >= 0 else len(text)]


def read_resume(
    text: str, today: dt.date | None = None, vocabulary: SkillVocabulary | None = None
) -> ResumeProfile:
    """Reads a resume once into its profile.

    Args:
        text: The resume text.
        today: The date "Present" stands for; today by default (pass one to reproduce).
        vocabulary: The skill vocabulary; the vendored one by default.

    Example:
        >>> p = read_resume(
        ...     "Ana Diaz\\nEXPERIENCE\\nData Engineer | Acme | Jan 2020 - Present\\n- Spark, Kafka\\n"
        ...     "EDUCATION\\nM.S. Computer Science\\nCERTIFICATIONS\\nCPA candidate (passed FAR)",
        ...     today=dt.date(2026, 1, 15),
        ... )
        >>> p.months, [d.name for d in p.degrees], [(c.name, c.held) for c in p.credentials]
        (73, ["master's degree in Computer Science"], [("master's degree", True), ('cpa', False)])
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    day = today or dt.date.today()
    sections = tuple(resume_sections(text))
    passages = tuple(p for p in split_passages(text) if not is_heading_like(p.text))[:MAX_PASSAGES]
    skills: dict[str, int] = {}
    credentials: list[HeldCredential] = []
    for m in usable_mentions(vocab, text):
        _, line = _line_at(text, m.start)
        if is_heading_like(line):
            continue
        if m.skill in vocab.credentials:
            before = text[text.rfind("\n", 0, m.start) + 1 : m.start]
            if _SOMEONE_ELSE.search(before):  # "hand my CPA a trial balance": another person's
                continue
            states, compact = find_states(line)
            held = m.skill == "nclex" or not is_partial(line)
            end = text.find("\n", m.end)
            after = _ISSUER.search(text[m.end : end if end >= 0 else len(text)])
            issuer = after.group(1).strip() if after and not find_states(after.group(1))[0] else ""
            credentials.append(
                HeldCredential(m.skill, line.strip(), m.start, held, states, compact, issuer)
            )
            if not held:
                continue
        skills.setdefault(m.skill, m.start)
    entries = tuple(experience_entries(text, day, sections))
    roles: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for skill in dict.fromkeys(x.skill for x in usable_mentions(vocab, entry.text)):
            roles.setdefault(skill, []).append(i)
    clearance_lines = [
        x.text for x in sections if re.search(r"clearance|ts\s*/\s*sci|top secret", x.text, re.I)
    ]
    clearance = max(
        (
            clearance_level(x)
            for x in clearance_lines
            if not re.search(r"eligib|expired|lapsed|inactive", x, re.I)
        ),
        default=0,
    )
    stated = tuple(
        (float(m.group("n")), " ".join(m.group("what").split()))
        for m in _STATED_YEARS.finditer(text)
    )
    return ResumeProfile(
        text=text,
        sections=sections,
        passages=passages,
        skills=skills,
        credentials=tuple(credentials),
        degrees=tuple(d for d in find_degrees(text) if not is_partial(_line_at(text, d.start)[1])),
        experience=entries,
        months=total_months(e.dates for e in entries),
        clearance=clearance,
        languages=find_languages(text),
        stated_years=stated,
        today=day,
        skill_roles={k: tuple(v) for k, v in roles.items()},
    )


def read_job(text: str, vocabulary: SkillVocabulary | None = None) -> JobProfile:
    """Reads a posting once into its profile.

    Example:
        >>> p = read_job("Staff Accountant\\nRequirements:\\n- Active CPA license\\n- 3+ years of accounting")
        >>> p.title, [(r.kind, r.text) for r in p.requirements]
        ('Staff Accountant', [('license', 'Active CPA license'), ('years', '3+ years of accounting'), ('skill', 'accounting')])
    """
    title = text.strip().split("\n", 1)[0].strip()
    return JobProfile(text, title, tuple(read_requirements(text, vocabulary)))
