"""Requirements of a job posting: its skills and qualification lines, in document order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from jobfit.documents.vocabulary import SkillVocabulary, hard_skills, load_vocabulary

__all__ = ["Requirement", "asks_for_years", "extract_requirements", "implied_credentials"]


@dataclass(frozen=True)
class Requirement:
    """One requirement of a job: a skill (``skill`` set) or a qualification line (``skill`` None)."""

    text: str
    kind: Literal["skill", "qualification"]
    skill: str | None = None


_SECTION = r"(?:requirements?|qualifications?|skills?|education|experience|competenc(?:y|ies)|certifications?|licen[cs](?:es?|ure)|must[ -]haves?|nice[ -]to[ -]haves?|what (?:you|we)['\u2019]?(?:ll| will)? (?:need|bring)|what you bring|what we(?:['\u2019]re| are) looking for|who you are|you have|about you)"
_REQ_HEADING = re.compile(
    rf"(?:(?:key|minimum|basic|preferred|required|desired|additional|your|job|technical|the)\s+)*"
    rf"{_SECTION}(?:\s*(?:and|&|/|,)\s*(?:(?:preferred|required)\s+)?{_SECTION})*\s*",
    re.IGNORECASE,
)
_OTHER_SECTION = re.compile(
    r"(?:why\b|benefits|perks|what we offer|we offer|about (?:us|the)|compensation|"
    r"salary|pay\b|our culture|who we are|responsibilities|duties|what you['\u2019]?(?:ll| will)? do|"
    r"location|schedule|equal (?:employment )?opportunity|how to apply)",
    re.IGNORECASE,
)
_QUALIFICATION = re.compile(
    r"\b(?:\d+\s*\+?\s*(?:-|to)?\s*\d*\s*\+?\s*years?|(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten)\s*\+?\s*(?:\(\d+\)\s*)?years?|years?\s+(?:of\s+)?(?:\w+\s+){0,3}experience|"
    r"bachelor|master['\u2019]?s|mba|ph\.?\s?d|doctorate|associate['\u2019]?s? degree|degree|diploma|"
    r"\bged\b|licen[cs]e|licensure|licensed|certification|certificate|certified|credential|"
    r"clearance|registered nurse|\brn\b|cpa|cdl|bls|acls|cpr)",
    re.IGNORECASE,
)
# Outside a requirements section a line is a requirement if it asks for something ("RN
# license required"), or if it is a short line naming a credential ("Class A CDL with a clean
# MVR") that is not the title and does not speak for the employer ("St. Mary's is hiring an
# RN", "our RNs", "tuition help toward your BSN").
_ASKS = re.compile(
    r"\b(?:requir\w*|must|need\w*|prefer\w*|minimum|plus|valid|active|current|obtain|hold|"
    r"possess\w*|eligib\w*|equivalent)\b",
    re.IGNORECASE,
)
_EMPLOYER = re.compile(
    r"\b(?:we|we're|our|us|join|hiring|offers?|benefits?|tuition|reimburse\w*|help|company|"
    r"hospital|clinic|founded|since)\b",
    re.IGNORECASE,
)
_SHORT_CREDENTIAL_WORDS = 12
_BULLET = re.compile(
    r"^\s*(?:[-*\u2022\u00b7\u25aa\u25cf\u2013\u2014>]+|\(?\d{1,2}[.)]|[a-z][.)](?=\s))\s*"
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s+[\u2022\u00b7\u25aa\u25cf]\s+")
_HEADING_MAX_WORDS = 6
_MIN_CHARS = 8
_MAX_CHARS = 300


_EEO = re.compile(r"equal (?:employment )?opportunity|\beoe\b|affirmative action", re.IGNORECASE)


def _segments(job_text: str) -> list[tuple[str, bool, bool]]:
    """Splits a job into (segment, in_requirement_section, in_other_section) in document order.

    Other sections are the ones that say nothing about the candidate: benefits, pay, about
    the company, how to apply, and equal-opportunity statements.
    """
    out: list[tuple[str, bool, bool]] = []
    in_section = False
    other = False
    for raw_line in job_text.splitlines():
        bullet = _BULLET.match(raw_line)
        line = raw_line[bullet.end() :].strip() if bullet else raw_line.strip()
        if not line:
            continue
        head, colon, rest = line.partition(":")
        head = head.strip()
        may_head = (
            not (bullet and bullet.group().strip()) and len(head.split()) <= _HEADING_MAX_WORDS
        )
        if may_head and (colon or not line.endswith(".")):
            if _REQ_HEADING.fullmatch(head):
                in_section, other = True, False
                line = rest.strip()
            elif _OTHER_SECTION.match(head) and (colon or line == head):
                in_section = False
                other = not head.lower().startswith(("responsibilities", "duties", "what you"))
                line = rest.strip()
        if not line:
            continue
        parts = _SENTENCE.split(line) if len(line) > _MAX_CHARS else [line]
        eeo = bool(_EEO.search(line))
        out.extend(
            (_BULLET.sub("", p).strip(), in_section, other or eeo) for p in parts if p.strip()
        )
    return out


_YEARS = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*\+?\s*(?:\(\d+\)\s*)?"
    r"(?:(?:-|to)\s*\d+\s*\+?\s*)?years?\b(?!\s+(?:of\s+age|old)\b)"
    r"(?=\s+(?:[\w'-]+\s+){0,3}?(?:experience|exp)\b|\s+(?:of|in|as|with|working|managing|leading)\b)",
    re.IGNORECASE,
)


def asks_for_years(text: str) -> bool:
    """Whether a requirement asks for years of experience ("5+ years of Python").

    Example:
        >>> asks_for_years("3-5 years of SQL"), asks_for_years("Two (2) years in retail")
        (True, True)
        >>> asks_for_years("Must be 18 years of age"), asks_for_years("4-year degree")
        (False, False)
    """
    return _YEARS.search(text) is not None


# A credential that implies others: a higher degree meets a lower one, a Class A CDL a
# Class B one, a Top Secret clearance a Secret one.
_IMPLIES: dict[str, tuple[str, ...]] = {
    "phd": ("master's degree",),
    "mba": ("master's degree",),
    "msn": ("master's degree", "bsn"),
    "master's degree": ("bachelor's degree",),
    "bsn": ("bachelor's degree",),
    "bachelor's degree": ("associate degree",),
    "associate degree": ("high school diploma",),
    "class a cdl": ("class b cdl",),
    "class b cdl": ("cdl",),
    "top secret clearance": ("secret clearance",),
    "secret clearance": ("security clearance",),
    "comptia a+": ("comptia",),
    "comptia network+": ("comptia",),
    "comptia security+": ("comptia",),
}


def implied_credentials(skills: Iterable[str]) -> dict[str, str]:
    """Every skill held, given ``skills``: each maps to the named skill that shows it.

    Example:
        >>> implied_credentials(["mba", "python"])["high school diploma"]
        'mba'
    """
    out: dict[str, str] = {}
    for skill in skills:
        stack = [skill]
        while stack:
            current = stack.pop()
            if current not in out:
                out[current] = skill
                stack.extend(_IMPLIES.get(current, ()))
    return out


def _asks_outside(text: str, vocab: SkillVocabulary, title: bool) -> bool:
    """Whether a line outside any requirements section still states a requirement."""
    if _ASKS.search(text) or asks_for_years(text):
        return True
    if title or _EMPLOYER.search(text) or len(text.split()) > _SHORT_CREDENTIAL_WORDS:
        return False
    return any(s in vocab.credentials for s in vocab.skills_in(text))


def extract_requirements(
    job_text: str,
    *,
    max_skills: int = 25,
    max_qualifications: int = 10,
    include_soft: bool = False,
    vocabulary: SkillVocabulary | None = None,
) -> list[Requirement]:
    """Returns a job's requirements: its distinct skills, then its qualification lines.

    Skills come first, canonical and in first-mention order (soft skills only with
    ``include_soft``). Qualification lines are lines or sentences that ask for years of
    experience, a degree, a licence or a certification, plus other lines of requirement-like
    sections ("Requirements", "Qualifications", "What you'll need", ...) that are more than a
    list of skills. Lines naming years/degrees/licences win when there are more than
    ``max_qualifications``; the result keeps document order.

    Args:
        job_text: The job posting text.
        max_skills: At most this many skill requirements.
        max_qualifications: At most this many qualification lines.
        include_soft: Also list soft skills (communication, leadership, ...).
        vocabulary: The vocabulary to use; the vendored one by default.

    Example:
        >>> reqs = extract_requirements(
        ...     "Nurse\\nRequirements:\\n- BSN degree\\n- 2+ years in an ICU\\n- Epic, BLS"
        ... )
        >>> [r.skill for r in reqs if r.kind == "skill"]
        ['bsn', 'icu', 'epic', 'bls']
        >>> [r.text for r in reqs if r.kind == "qualification"]
        ['BSN degree', '2+ years in an ICU', 'Epic, BLS']
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    segments = _segments(job_text)
    # Skills named in benefits, company or equal-opportunity text are not asked of anyone.
    asked = "\n".join(seg for seg, _, other in segments if not other)
    skills = vocab.skills_in(asked) if include_soft else hard_skills(asked, vocab)
    requirements = [Requirement(text=s, kind="skill", skill=s) for s in skills[:max_skills]]

    candidates: list[tuple[int, int, str]] = []  # (priority, position, text)
    seen: set[str] = set()
    for position, (segment, in_section, other) in enumerate(segments):
        text = segment.strip().rstrip(";,")
        key = " ".join(text.casefold().split())
        if other or key in seen or not _MIN_CHARS <= len(text) <= _MAX_CHARS:
            continue
        if _QUALIFICATION.search(text) and (
            in_section or _asks_outside(text, vocab, position == 0)
        ):
            priority = 0
        elif in_section and len(vocab.find(text)) < 2:
            priority = 1
        else:
            continue
        seen.add(key)
        candidates.append((priority, position, text))
    chosen = sorted(sorted(candidates)[:max_qualifications], key=lambda c: c[1])
    requirements += [Requirement(text=text, kind="qualification") for _, _, text in chosen]
    return requirements
