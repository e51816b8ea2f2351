"""A document read once into structure: a resume's profile and a posting's profile."""

from __future__ import annotations

import bisect
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
from jobfit.documents.language import ENGLISH, detect_language, reads_english
from jobfit.documents.passages import Passage, split_passages
from jobfit.documents.requirements import RequirementItem, read_requirements
from jobfit.documents.sections import HEADER, SectionLine, resume_sections
from jobfit.documents.vocabulary import (
    SkillMention,
    SkillVocabulary,
    load_vocabulary,
    usable_mentions,
)

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
# A header line that is a name or contact data ("ROSA MARTINEZ", "jo@x.org | 555-0100").
_CONTACT_OR_NAME = re.compile(
    r"@|https?:|www\.|linkedin|\d{3}[-. )]\d{3}|^\s*[A-Z][A-Za-z'.-]+(?:\s+[A-Z][A-Za-z'.-]+){0,3}\s*$|^[A-Z\s.'-]+$"
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:my|our|their|outside|external|with (?:the|our))\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)


def _segment(text: str, m: SkillMention, prev_end: int, next_start: int, lo: int, hi: int) -> str:
    """The stretch of a line that belongs to one credential mention.

    It runs from the end of the credential before it on the line (at most 80 characters
    back) to the start of the next one, or to a comma or semicolon outside parentheses that
    starts a new capitalised item ("CPA (active, Ohio), CMA (in progress)": the CPA's stretch
    ends before "CMA"), at most 160 characters on. A part after a comma or semicolon that
    states a status ("CPA, Expected 2027", "Series 7; registration lapsed") stays with it.
    """
    start = max(lo, m.start - 80, prev_end)
    limit = min(hi, m.end + 160, next_start)
    depth = 0
    end = limit
    for i in range(m.end, limit):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;|" and depth == 0:
            chunk = re.split(r"[,;|\n]", text[i + 1 : i + 80], maxsplit=1)[0].strip()
            # ", CMA (in progress)" starts another credential; ", American Heart Association
            # (expired 2025)" is this one's issuer and status.
            new_item = bool(re.match(r"[A-Z]{2,}\b", chunk)) and not _STATUS.match(chunk)
            if not new_item and _STATUS.search(chunk):  # "Series 7; registration lapsed 2017"
                continue
            if ch == "|" or new_item or (ch == ";" and not chunk[:1].islower()):
                end = i
                break
    return text[start:end]


_JOINED = re.compile(r"\s*(?:/|&|and|,)?\s*")
_STATUS = re.compile(
    r"(?<!\w)(?:expected|pending|passed|in progress|candidate|exam|expired|lapsed|scheduled|active|"
    r"current|valid|inactive|eligible|anticipated)\b",
    re.IGNORECASE,
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
    language: str = ENGLISH


@dataclass(frozen=True)
class JobProfile:
    """A posting read once: its title line, its typed requirements and its language.

    A posting in a language other than English has no requirements: the reader knows
    English phrasing only, and "0 of 0 met" would be a confident mistake.
    """

    text: str
    title: str
    requirements: tuple[RequirementItem, ...]
    language: str = ENGLISH


def _line_start(text: str, pos: int, newlines: list[int]) -> int:
    """Where the line holding ``pos`` starts, by bisecting the newline offsets (no rescans)."""
    i = bisect.bisect_left(newlines, pos)
    return newlines[i - 1] + 1 if i else 0


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
    header = {x.text for x in sections if x.section == HEADER}
    passages = tuple(
        p
        for p in split_passages(text)
        if not is_heading_like(p.text)
        and not (p.text in header and _CONTACT_OR_NAME.search(p.text))
    )[:MAX_PASSAGES]
    skills: dict[str, int] = {}
    credentials: list[HeldCredential] = []
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    mentions = usable_mentions(vocab, text)
    lines: dict[int, tuple[str, bool]] = {}  # line start -> (line, heading-like), once per line
    creds = [m for m in mentions if m.skill in vocab.credentials]
    cred_index = {id(m): i for i, m in enumerate(creds)}
    for m in mentions:
        line_start = _line_start(text, m.start, newlines)
        if line_start not in lines:
            end = text.find("\n", m.start)
            line = text[line_start : end if end >= 0 else len(text)]
            lines[line_start] = (line, is_heading_like(line))
        line, heading_line = lines[line_start]
        if heading_line:
            continue
        if m.skill in vocab.credentials:
            before = text[max(line_start, m.start - 60) : m.start]
            if _SOMEONE_ELSE.search(before):  # "hand my CPA a trial balance": another person's
                continue
            # The credential's own stretch of the line: from the one before it to the next
            # ("CPA (active, Ohio), CMA (in progress)": only the CMA is in progress).
            # Credentials joined by "/", "&" or "and" share their status ("CPR/BLS - expired").
            i = j = cred_index[id(m)]
            while j + 1 < len(creds) and _JOINED.fullmatch(text[creds[j].end : creds[j + 1].start]):
                j += 1
            prev_end = creds[i - 1].end if i and creds[i - 1].end <= m.start else 0
            if i and _JOINED.fullmatch(text[creds[i - 1].end : m.start]):
                prev_end = 0
            next_start = creds[j + 1].start if j + 1 < len(creds) else len(text)
            segment = _segment(text, m, prev_end, next_start, line_start, line_start + len(line))
            states, compact = find_states(segment)
            if not states:
                states, compact = find_states(line[:400])
            held = m.skill == "nclex" or not is_partial(segment)
            after = _ISSUER.search(text[m.end : m.end + 120].split("\n", 1)[0])
            issuer = after.group(1).strip() if after and not find_states(after.group(1))[0] else ""
            credentials.append(
                HeldCredential(
                    m.skill, line.strip(" -*\u2022\t")[:300], m.start, held, states, compact, issuer
                )
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
    # "Active Secret clearance (TS/SCI eligible)": the eligible part is not held.
    clearance = max(
        (
            clearance_level(part if "clearance" in part.lower() else f"{part} clearance")
            for x in clearance_lines
            for part in re.split(r"[,;()]", x)
            if part.strip() and not re.search(r"eligib|expired|lapsed|inactive|none", part, re.I)
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
        language=detect_language(text),
    )


def read_job(text: str, vocabulary: SkillVocabulary | None = None) -> JobProfile:
    """Reads a posting once into its profile.

    Example:
        >>> p = read_job("Staff Accountant\\nRequirements:\\n- Active CPA license\\n- 3+ years of accounting")
        >>> p.title, [(r.kind, r.text) for r in p.requirements]
        ('Staff Accountant', [('license', 'Active CPA license'), ('years', '3+ years of accounting')])
    """
    title = text.strip().split("\n", 1)[0].strip()
    language = detect_language(text)
    if not reads_english(language):
        return JobProfile(text, title, (), language)
    return JobProfile(text, title, tuple(read_requirements(text, vocabulary)), language)
