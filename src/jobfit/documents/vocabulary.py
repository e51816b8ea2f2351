"""The skill vocabulary: skills, tools and credentials found in a text by one compiled regex."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jobfit.errors import DataError

__all__ = [
    "SkillMention",
    "SkillVocabulary",
    "load_vocabulary",
    "resume_skills",
    "usable_mentions",
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


# A term with another sense in some company: "EMR" beside AWS services is Elastic MapReduce,
# not a medical record; an "epic" beside Jira and sprints is a backlog item, not Epic Systems.
_OTHER_SENSE: dict[str, re.Pattern[str]] = {
    "emr": re.compile(
        r"\b(?:aws|amazon|s3|glue|spark|hadoop|ec2|redshift|athena|lambda|kinesis|databricks|"
        r"hive|presto|cluster|mapreduce|dynamodb)\b",
        re.IGNORECASE,
    ),
    "epic": re.compile(r"\b(?:jira|agile|scrum|user stor\w*|sprints?|backlog|kanban)\b", re.I),
}
_CAPITALISED = re.compile(r"[A-Z][\w&'\u2019.-]*")


def _in_proper_name(text: str, mention: SkillMention) -> bool:
    """Whether a generic skill word is part of a capitalised name ("Great Basin Logistics",
    "AWS Certified Data Analytics") rather than a skill asked for or shown.

    A name is a run of at least three capitalised words ending in the mention, a mention
    right after "Certified", or one followed by a company word ("Inc", "Systems").
    """
    surface = mention.surface
    if not surface[:1].isupper() or surface.isupper() or mention.skill != mention.skill.lower():
        return False
    line_start = max(text.rfind("\n", 0, mention.start) + 1, mention.start - 120)
    before = text[line_start : mention.start]
    words = re.findall(r"[\w&'\u2019.-]+|[^\w\s]", before)
    run = 0
    for word in reversed(words):
        if not _CAPITALISED.fullmatch(word):
            break
        if word in ("Certified", "Certificate", "Certification") and run == 0:
            return True
        run += 1
    if run >= 2:
        return True
    after = re.match(r"\s+([\w&'\u2019.-]+)", text[mention.end :])
    return after is not None and after.group(1) in _COMPANY_WORDS


_COMPANY_WORDS = frozenset(
    "Inc Inc. LLC Corp Corp. Co. Group Company Solutions Systems Partners Services "  # noqa: SIM905
    "Certification Certificate Associates Technologies".split()
)


def usable_mentions(vocabulary: SkillVocabulary, text: str) -> list[SkillMention]:
    """The mentions of ``text`` that name a skill in its own sense, not inside a proper name.

    Example:
        >>> v = load_vocabulary()
        >>> [m.skill for m in usable_mentions(v, "Great Basin Logistics hires drivers who know logistics")]
        ['logistics']
        >>> [m.skill for m in usable_mentions(v, "AWS (S3, Glue, EMR); Epic EHR charting")]
        ['aws', 's3', 'epic', 'charting']
    """
    out = []
    for m in vocabulary.find(text):
        other = _OTHER_SENSE.get(m.skill)
        if other is not None:
            line_start = max(text.rfind("\n", 0, m.start) + 1, m.start - 200)
            line_end = text.find("\n", m.end, m.end + 200)
            line = text[line_start : line_end if line_end >= 0 else m.end + 200]
            if other.search(line):
                continue
        if m.skill not in vocabulary.credentials and _in_proper_name(text, m):
            continue
        out.append(m)
    return out
