"""Per-occupation material for the O*NET generator: titles, tasks, skills, education and neighbours."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from jobfit.data.onet import Occupation, Onet, load_onet
from jobfit.data.phrasing import Phraser, split_sentences
from jobfit.documents.vocabulary import SkillVocabulary
from jobfit.errors import DataError

__all__ = [
    "TIER_RANK",
    "OccupationProfile",
    "OnetTemplates",
    "ProfileBook",
    "default_book",
    "generator_vocabulary",
    "load_onet_templates",
]

#: O*NET relatedness tiers, best first.
TIER_RANK: dict[str, int] = {"Primary-Short": 0, "Primary-Long": 1, "Supplemental": 2}

_WORD_RE = re.compile(r"[a-z]+")
_MAX_TITLE_CHARS = 60


@dataclass(frozen=True)
class OnetTemplates:
    """The phrasing data of ``onet_templates.json``; ``pick`` and ``items`` read it by key path.

    Example:
        >>> t = load_onet_templates()
        >>> len(t.items("first_names")) > 20, t.group("15")["name"]
        (True, 'Computer and Mathematical')
    """

    raw: dict[str, Any]
    _cache: dict[tuple[str, ...], list[str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def items(self, *path: str) -> list[str]:
        """Returns the list of strings at ``path`` (``items("section_headers", "skills")``).

        The list is shared between calls: do not modify it.
        """
        found = self._cache.get(path)
        if found is None:
            node: Any = self.raw
            for key in path:
                node = node[key]
            found = self._cache[path] = [str(x) for x in node]
        return found

    def group(self, major: str) -> dict[str, Any]:
        """Returns the settings of an SOC major group (``"15"``), or the management group."""
        groups: dict[str, Any] = self.raw["groups"]
        return dict(groups.get(major, groups["11"]))


@lru_cache(maxsize=1)
def load_onet_templates() -> OnetTemplates:
    """Loads the vendored ``onet_templates.json`` once.

    Raises:
        DataError: The file is missing or not valid JSON (reinstall jobfit).

    Example:
        >>> "experience" in load_onet_templates().raw["section_headers"]
        True
    """
    path = resources.files("jobfit.data.resources").joinpath("onet_templates.json")
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(
            f"the O*NET templates {path} are unreadable ({err}); reinstall jobfit"
        ) from err
    return OnetTemplates(raw)


@dataclass(frozen=True)
class OccupationProfile:
    """What the renderers need about one occupation.

    ``statements`` are the description's sentences that start with a verb (a leading "May"
    removed), ``skills`` the vocabulary skills found in its description and tasks, ``levels``
    the education levels it plausibly needs and ``fields`` the study fields that fit it best.
    """

    code: str
    title: str
    major: str
    titles: tuple[str, ...]
    reported_titles: tuple[str, ...]
    tasks: tuple[str, ...]
    statements: tuple[str, ...]
    skills: tuple[str, ...]
    levels: tuple[str, ...]
    fields: tuple[str, ...]
    group_skills: tuple[str, ...] = field(default=())
    certifications: tuple[str, ...] = field(default=())


def _words(text: str, stop: frozenset[str]) -> set[str]:
    return {w.rstrip("s") for w in _WORD_RE.findall(text.lower()) if w not in stop and len(w) > 2}


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD_RE.findall(text.lower()) if len(w) > 3}


def _best_fields(fields: Sequence[str], text: str) -> tuple[str, ...]:
    stems = _stems(text)
    scored = [(len(_stems(f) & stems), f) for f in fields]
    best = max((s for s, _ in scored), default=0)
    if best == 0:
        return tuple(fields)
    return tuple(f for s, f in scored if s == best)


class ProfileBook:
    """Occupation profiles built lazily, plus the link and similarity tables between codes.

    Only occupations with task statements are usable (O*NET's "All Other" codes have none).

    Example:
        >>> book = ProfileBook()
        >>> p = book.profile("15-1252.00")
        >>> p.major, len(p.tasks) > 5, "15-1252.00" in book.usable
        ('15', True, True)
        >>> book.link("15-1252.00", "15-1211.00")
        'Primary-Short'
    """

    def __init__(
        self,
        onet: Onet | None = None,
        templates: OnetTemplates | None = None,
        vocabulary: SkillVocabulary | None = None,
    ) -> None:
        self.onet = onet if onet is not None else load_onet()
        self.templates = templates if templates is not None else load_onet_templates()
        self.vocabulary = vocabulary if vocabulary is not None else generator_vocabulary()
        raw = self.templates.raw
        self.phraser = Phraser.from_statements(
            (task for occ in self.onet for task in occ.tasks),
            raw["irregular_past"],
            raw["double_final"],
            raw["not_adverbs"],
            raw["adjective_verbs"],
        )
        self.usable: tuple[str, ...] = tuple(occ.code for occ in self.onet if occ.tasks)
        usable = set(self.usable)
        self._links: dict[str, dict[str, str]] = {code: {} for code in self.usable}
        for occ in self.onet:
            if occ.code not in usable:
                continue
            for rel in occ.related:
                if rel.code not in usable or rel.code == occ.code:
                    continue
                for a, b in ((occ.code, rel.code), (rel.code, occ.code)):
                    old = self._links[a].get(b)
                    if old is None or TIER_RANK[rel.tier] < TIER_RANK[old]:
                        self._links[a][b] = rel.tier
        stop = frozenset(raw["stopwords"])
        self._title_words = {c: _words(self.onet[c].title, stop) for c in self.usable}
        self._by_word: dict[str, list[str]] = {}
        self._by_major: dict[str, list[str]] = {}
        for code in self.usable:
            self._by_major.setdefault(code[:2], []).append(code)
            for word in sorted(self._title_words[code]):
                self._by_word.setdefault(word, []).append(code)
        self._similar: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._profiles: dict[str, OccupationProfile] = {}

    def link(self, a: str, b: str) -> str | None:
        """Returns the best relatedness tier between two codes (either direction), or None."""
        return self._links.get(a, {}).get(b)

    def links(self, code: str, pool: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """Returns ``(other, tier)`` for the codes linked to ``code``, best tier first, then by code."""
        allowed = None if pool is None else set(pool)
        found = [
            (o, t) for o, t in self._links.get(code, {}).items() if allowed is None or o in allowed
        ]
        return sorted(found, key=lambda ot: (TIER_RANK[ot[1]], ot[0]))

    def similar(self, code: str, pool: Sequence[str]) -> tuple[list[str], list[str]]:
        """Returns unlinked codes of ``pool`` that share a title word, and those in the same major group.

        Both lists keep ``pool``'s order and exclude ``code`` itself and its linked codes.
        """
        found = self._similar.get(code)
        if found is None:
            linked = self._links.get(code, {})
            words = self._title_words.get(code, set())
            lex = {o for w in words for o in self._by_word.get(w, ())}
            lex -= {code, *linked}
            grp = {o for o in self._by_major.get(code[:2], ()) if o != code and o not in linked}
            found = self._similar[code] = (frozenset(lex), frozenset(grp))
        lex_all, grp_all = found
        return [o for o in pool if o in lex_all], [o for o in pool if o in grp_all]

    def profile(self, code: str) -> OccupationProfile:
        """Returns the (cached) profile of ``code``."""
        found = self._profiles.get(code)
        if found is None:
            found = self._build(self.onet.get(code))
            self._profiles[code] = found
        return found

    def _build(self, occ: Occupation) -> OccupationProfile:
        major = occ.code[:2]
        group = self.templates.group(major)
        titles = tuple(t for t in occ.titles if len(t) <= _MAX_TITLE_CHARS) or (occ.title,)
        reported = tuple(t for t in occ.reported_titles if len(t) <= _MAX_TITLE_CHARS)
        statements = []
        for sentence in split_sentences(occ.description):
            text = sentence[4:] if sentence.startswith("May ") else sentence
            text = text[:1].upper() + text[1:]
            if self.phraser.starts_with_verb(text) and len(text.split()) >= 4:
                statements.append(text)
        if not statements:
            statements = list(occ.tasks[:2])
        text = occ.description + " " + " ".join(occ.tasks)
        skills = tuple(self.vocabulary.skills_in(text))
        levels: list[str] = list(group["levels"])
        fields: list[str] = list(group["fields"])
        low_title = occ.title.lower()
        for keys, over_levels, over_fields in self.templates.raw["title_overrides"]:
            if any(k in low_title for k in keys):
                levels = list(over_levels)
                fields = list(over_fields) or fields
                break
        return OccupationProfile(
            code=occ.code,
            title=occ.title,
            major=major,
            titles=titles,
            reported_titles=reported,
            tasks=occ.tasks,
            statements=tuple(statements),
            skills=skills,
            levels=tuple(levels),
            fields=_best_fields(fields, occ.title + " " + occ.description),
            group_skills=tuple(group["skills"]),
            certifications=tuple(group["certifications"]),
        )


@lru_cache(maxsize=1)
def generator_vocabulary() -> SkillVocabulary:
    """The skill list the generator writes into documents, frozen apart from the matching
    vocabulary (``generator_skills.txt``), so that growing what explanations recognise does
    not change the training data, and a recipe trains the same model release after release.

    Example:
        >>> len(generator_vocabulary()) > 500
        True
    """
    from importlib import resources

    text = (
        resources.files("jobfit.data.resources").joinpath("generator_skills.txt").read_text("utf-8")
    )
    return SkillVocabulary.from_lines(text.splitlines())


@lru_cache(maxsize=1)
def default_book() -> ProfileBook:
    """The profile book of the vendored O*NET data, templates and vocabulary, built once.

    Example:
        >>> default_book() is default_book()
        True
    """
    return ProfileBook()
