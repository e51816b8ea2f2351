"""Skill vocabulary matching and requirement extraction from job and resume texts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from jobfit.errors import DataError

__all__ = [
    "Requirement",
    "SkillMention",
    "SkillVocabulary",
    "asks_for_years",
    "extract_requirements",
    "hard_skills",
    "implied_credentials",
    "load_vocabulary",
    "names_only_skills",
    "resume_skills",
]

_SEP = "\x00"  # a space or hyphen inside a term: matches any run of whitespace and hyphens
_APOS = "\x01"  # an apostrophe inside a term: optional, straight or curly
_SEP_RE = re.compile(r"[\s\-]+")
_APOS_RE = re.compile(r"['\u2019]")
_BEFORE = r"(?<![\w.+#@\-])"
_AFTER = r"(?![\w+#@])(?!\.\w)"
_LETTER_GLUE = "/&-'.\u2019"


@dataclass(frozen=True)
class SkillMention:
    """One occurrence of a skill in a text: the canonical ``skill`` and ``text[start:end]``."""

    skill: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Requirement:
    """One requirement of a job: a skill (``skill`` set) or a qualification line (``skill`` None)."""

    text: str
    kind: Literal["skill", "qualification"]
    skill: str | None = None


def _key(form: str) -> str:
    """Normalises a term or a matched surface so that both look the same."""
    return _APOS_RE.sub(_APOS, _SEP_RE.sub(_SEP, form.strip()))


class _Node:
    """A node of the character trie that the vocabulary's regex is built from."""

    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False

    def pattern(self) -> str:
        """Returns a regex for the keys below this node; greedy, so longer keys are tried first."""
        alts = []
        for ch in sorted(self.children):
            if ch == _SEP:
                atom = r"[\s\-]+"
            elif ch == _APOS:
                atom = "['\u2019]?"
            else:
                atom = re.escape(ch)
            alts.append(atom + self.children[ch].pattern())
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if self.terminal else body


def _trie_pattern(keys: Iterable[str]) -> str:
    """Returns a regex that matches any of ``keys``, preferring the longest at each position."""
    root = _Node()
    for key in keys:
        node = root
        for ch in key:
            node = node.children.setdefault(ch, _Node())
        node.terminal = True
    return root.pattern()


def _loose_letter(text: str, start: int, end: int) -> bool:
    """Tells whether a one-letter match (``C``, ``R``) touches ``/&-'.`` and so is not a skill."""
    if end - start != 1:
        return False
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before in _LETTER_GLUE or after in _LETTER_GLUE


class SkillVocabulary:
    """A set of canonical skills with their aliases, matched in one compiled regex.

    Matching ignores case (except for entries written with an uppercase letter, such as
    ``C`` or ``R``), respects word boundaries (so ``c++``, ``c#``, ``.net`` and ``node.js``
    work), treats spaces and hyphens alike, makes apostrophes optional, prefers the longest
    term at each position and never returns overlapping mentions.

    Example:
        >>> vocab = SkillVocabulary.from_lines(["c++ | cpp", "C", "javascript | js", "- the rest"])
        >>> [(m.skill, m.surface) for m in vocab.find("C and C++ and JS, the rest")]
        [('c', 'C'), ('c++', 'C++'), ('javascript', 'JS')]
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, tuple[str, ...], bool]],
        blocks: Iterable[str] = (),
        credentials: Iterable[str] = (),
    ) -> None:
        """Builds the matcher.

        Args:
            entries: ``(canonical, forms, soft)`` per skill; ``forms`` are the ways it is written.
            blocks: Phrases that are not skills; a match inside one of them is dropped.
            credentials: Canonical names of licences, certifications and degrees: held or not,
                never "similar" (an explanation meets them only when the resume names them).
        """
        self._fold: dict[str, str | None] = {}
        self._exact: dict[str, str | None] = {}
        self._patterns: dict[bool, set[str]] = {False: set(), True: set()}
        self._skills: set[str] = set()
        self._soft: set[str] = set()
        for canonical, forms, soft in entries:
            self._skills.add(canonical)
            if soft:
                self._soft.add(canonical)
            for form in forms:
                self._add(form, canonical)
        for phrase in blocks:
            self._add(phrase, None)
        self._credentials = frozenset(credentials) & frozenset(self._skills)
        fold = _trie_pattern(sorted(self._patterns[False]))
        exact = _trie_pattern(sorted(self._patterns[True]))
        branches = [f"(?P<fold>(?i:{fold}))"] if fold else []
        branches += [f"(?P<exact>{exact})"] if exact else []
        body = "|".join(branches) or r"(?!x)x"
        self._regex = re.compile(f"{_BEFORE}(?:{body}){_AFTER}")

    def _add(self, form: str, canonical: str | None) -> None:
        pattern = _key(form)
        if not pattern:
            return
        exact = pattern.lower() != pattern
        self._patterns[exact].add(pattern)
        lookup = pattern.replace(_APOS, "")
        (self._exact if exact else self._fold).setdefault(lookup, canonical)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> SkillVocabulary:
        """Parses ``skills.txt``: ``canonical | alias``, ``[soft] ...``, ``[credential] ...``, ``- phrase``.

        Raises:
            DataError: A line has an empty entry.

        Example:
            >>> SkillVocabulary.from_lines(["[soft] communication", "sql"]).soft
            frozenset({'communication'})
            >>> SkillVocabulary.from_lines(["[credential] cpa | certified public accountant"]).credentials
            frozenset({'cpa'})
        """
        entries: list[tuple[str, tuple[str, ...], bool]] = []
        blocks: list[str] = []
        credentials: list[str] = []
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("- "):
                blocks.append(line[2:].strip())
                continue
            soft = line.startswith("[soft] ")
            if soft:
                line = line[len("[soft] ") :]
            credential = line.startswith("[credential] ")
            if credential:
                line = line[len("[credential] ") :]
            forms = tuple(f.strip() for f in line.split("|"))
            if not all(forms):
                raise DataError(
                    f"skill vocabulary line {number}: empty entry in {raw!r}; remove the stray '|'"
                )
            entries.append((forms[0].lower(), forms, soft))
            if credential:
                credentials.append(forms[0].lower())
        return cls(entries, blocks, credentials)

    @property
    def skills(self) -> frozenset[str]:
        """All canonical skill names."""
        return frozenset(self._skills)

    @property
    def soft(self) -> frozenset[str]:
        """The canonical names of soft skills (communication, leadership, ...)."""
        return frozenset(self._soft)

    @property
    def credentials(self) -> frozenset[str]:
        """The canonical names of licences, certifications and degrees (cpa, rn, mba, ...)."""
        return self._credentials

    def __len__(self) -> int:
        return len(self._skills)

    def __contains__(self, skill: object) -> bool:
        return skill in self._skills

    def find(self, text: str) -> list[SkillMention]:
        """Returns the skill mentions in ``text``, by position, without overlaps.

        Example:
            >>> [m.skill for m in load_vocabulary().find("Skills: c++, java, K8s and CI/CD")]
            ['c++', 'java', 'kubernetes', 'ci/cd']
        """
        mentions: list[SkillMention] = []
        for match in self._regex.finditer(text):
            surface = match.group()
            key = _key(surface).replace(_APOS, "")
            if match.lastgroup == "exact":
                skill = self._exact.get(key)
            else:
                skill = self._fold.get(key.lower())
            if skill is not None and not _loose_letter(text, match.start(), match.end()):
                mentions.append(SkillMention(skill, match.start(), match.end(), surface))
        return mentions

    def skills_in(self, text: str) -> list[str]:
        """Returns the distinct canonical skills of ``text`` in first-mention order.

        Example:
            >>> load_vocabulary().skills_in("Python, SQL and python again")
            ['python', 'sql']
        """
        return list(dict.fromkeys(m.skill for m in self.find(text)))


@lru_cache(maxsize=1)
def load_vocabulary() -> SkillVocabulary:
    """Loads the vendored skill vocabulary (``skills.txt``) once and caches it.

    Example:
        >>> vocab = load_vocabulary()
        >>> "kubernetes" in vocab, len(vocab) > 500
        (True, True)
    """
    text = resources.files("jobfit.data.resources").joinpath("skills.txt").read_text("utf-8")
    return SkillVocabulary.from_lines(text.splitlines())


def resume_skills(resume_text: str, vocabulary: SkillVocabulary | None = None) -> set[str]:
    """Returns the canonical skills present in a resume (soft skills included).

    Example:
        >>> sorted(resume_skills("Skills: JS, React.js, registered nurse (RN)"))
        ['javascript', 'react', 'registered nurse']
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    return {m.skill for m in vocab.find(resume_text)}


# Requirement extraction ---------------------------------------------------------------

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


_FILLER = frozenset(
    "a an the and or plus is are be required preferred desired strongly highly nice to have "  # noqa: SIM905
    "with in of experience knowledge proficiency proficient familiarity familiar active valid "
    "current certification certified license licensed degree strong solid working must".split()
)


def names_only_skills(text: str, vocabulary: SkillVocabulary | None = None) -> bool:
    """Whether ``text`` says little beyond the skills it names ("CPA a plus", "Epic, BLS").

    At most three words are left once the skills and filler words are taken out.

    Example:
        >>> names_only_skills("CPA a plus"), names_only_skills("Lift 50 lbs, supervise staff, use Excel")
        (True, False)
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    rest = list(text)
    for m in vocab.find(text):
        rest[m.start : m.end] = " " * (m.end - m.start)
    words = re.findall(r"[^\W\d_]+|\d+", "".join(rest).lower())
    return len([w for w in words if w not in _FILLER]) <= 3


def hard_skills(text: str, vocabulary: SkillVocabulary | None = None) -> list[str]:
    """The distinct non-soft skills ``text`` names, in order of first mention.

    Example:
        >>> hard_skills("CPA a plus; strong communication and Excel")
        ['cpa', 'microsoft excel']
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    return [s for s in vocab.skills_in(text) if s not in vocab.soft]


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
