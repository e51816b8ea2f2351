"""Verb inflection that rewrites O*NET task statements into resume and job-posting voices."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Phraser", "Voice", "lower_first", "split_sentences"]

#: How a task statement is voiced: ``past`` ("Developed ..."), ``imperative`` ("Develop ..."),
#: ``you_will`` ("You will develop ..."), ``third`` ("Develops ...") or ``gerund`` ("Developing ...").
Voice = Literal["past", "imperative", "you_will", "third", "gerund"]

_VOWELS = frozenset("aeiou")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CONJUNCTIONS = frozenset({"and", "or", "and/or"})
_WORD_RE = re.compile(r"[a-z]+")
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "for",
        "in",
        "on",
        "with",
        "from",
        "their",
        "his",
        "her",
        "its",
        "such",
        "as",
        "any",
        "all",
        "new",
        "other",
        "each",
        "this",
        "these",
        "those",
        "by",
        "at",
        "into",
    ]
)


def split_sentences(text: str) -> list[str]:
    """Splits a paragraph into sentences at a full stop followed by a capital letter.

    Example:
        >>> split_sentences("Plan work. May supervise staff.")
        ['Plan work.', 'May supervise staff.']
    """
    return [s.strip() for s in _SENTENCE_RE.split(text.strip()) if s.strip()]


@dataclass(frozen=True)
class Phraser:
    """Inflects the leading verb (or verb list) of an imperative statement.

    ``verbs`` is the set of words known to be verbs (in practice the first words of all O*NET
    task statements); ``irregular_past`` maps a verb to its past tense; ``double_final`` lists
    verbs that double their last consonant (``plan`` -> ``planned``); ``not_adverbs`` lists
    words ending in ``-ly`` that are verbs (``apply``).

    Example:
        >>> p = Phraser(frozenset({"design", "develop", "modify", "plan"}), {}, frozenset({"plan"}))
        >>> p.rewrite("Design, develop and modify software.", "past")
        'Designed, developed and modified software.'
        >>> p.rewrite("Plan and develop budgets.", "gerund")
        'Planning and developing budgets.'
        >>> p.rewrite("Plan budgets.", "you_will")
        'You will plan budgets.'
    """

    verbs: frozenset[str]
    irregular_past: Mapping[str, str]
    double_final: frozenset[str]
    not_adverbs: frozenset[str] = frozenset()
    ambiguous: frozenset[str] = frozenset()
    _cache: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_statements(
        cls,
        statements: Iterable[str],
        irregular_past: Mapping[str, str],
        double_final: Iterable[str],
        not_adverbs: Iterable[str] = (),
        adjectives: Iterable[str] = (),
    ) -> Phraser:
        """Builds a phraser whose verbs are the first words of ``statements``.

        Verbs that the statements also use as nouns (twice after "the", "of", ...) or that are
        listed in ``adjectives`` are only inflected at the start, never inside a statement.

        Example:
            >>> p = Phraser.from_statements(["Write reports.", "Manually sort mail."], {"write": "wrote"}, [])
            >>> p.rewrite("Write reports.", "past"), p.rewrite("Manually sort mail.", "past")
            ('Wrote reports.', 'Manually sorted mail.')
        """
        skip = frozenset(not_adverbs)
        statements_list = list(statements)
        verbs: set[str] = set()
        for statement in statements_list:
            words = statement.split()
            if not words:
                continue
            first = words[0].rstrip(",").lower()
            if first.endswith("ly") and first not in skip and len(words) > 1:
                first = words[1].rstrip(",").lower()
            verbs.add(first)
        seen: dict[str, int] = {}
        for statement in statements_list:
            words = _WORD_RE.findall(statement.lower())
            for before, word in itertools.pairwise(words):
                if before in _DETERMINERS and word in verbs:
                    seen[word] = seen.get(word, 0) + 1
        ambiguous = {w for w, n in seen.items() if n >= 2} | set(adjectives)
        return cls(
            frozenset(verbs),
            dict(irregular_past),
            frozenset(double_final),
            skip,
            frozenset(ambiguous),
        )

    def is_adverb(self, word: str) -> bool:
        """Whether ``word`` is a leading ``-ly`` adverb such as ``Manually``."""
        low = word.lower()
        return low.endswith("ly") and low not in self.not_adverbs and low not in self.verbs

    def starts_with_verb(self, statement: str) -> bool:
        """Whether ``statement`` starts with a known verb (after an optional ``-ly`` adverb)."""
        words = statement.split()
        if not words:
            return False
        if self.is_adverb(words[0]) and len(words) > 1:
            words = words[1:]
        return words[0].rstrip(",").lower() in self.verbs

    def inflect(self, verb: str, voice: Voice) -> str:
        """Inflects one lowercase base-form verb.

        Example:
            >>> p = Phraser(frozenset(), {"write": "wrote"}, frozenset({"plan"}))
            >>> [p.inflect(v, "past") for v in ("write", "plan", "supply", "manage", "play")]
            ['wrote', 'planned', 'supplied', 'managed', 'played']
            >>> [p.inflect(v, "third") for v in ("teach", "supply", "analyze")]
            ['teaches', 'supplies', 'analyzes']
            >>> [p.inflect(v, "gerund") for v in ("write", "oversee", "plan", "tie")]
            ['writing', 'overseeing', 'planning', 'tying']
        """
        if voice in ("imperative", "you_will"):
            return verb
        if voice == "past":
            if verb in self.irregular_past:
                return self.irregular_past[verb]
            if verb in self.double_final:
                return verb + verb[-1] + "ed"
            if verb.endswith("e"):
                return verb + "d"
            if verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
                return verb[:-1] + "ied"
            return verb + "ed"
        if voice == "third":
            if verb == "have":
                return "has"
            if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
                return verb + "es"
            if verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
                return verb[:-1] + "ies"
            return verb + "s"
        if verb.endswith("ie"):
            return verb[:-2] + "ying"
        if verb in self.double_final:
            return verb + verb[-1] + "ing"
        if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
            return verb[:-1] + "ing"
        return verb + "ing"

    def _word(self, token: str, voice: Voice) -> str:
        comma = token.endswith(",")
        bare = token.rstrip(",")
        if bare.isupper() and len(bare) > 1:  # an acronym, not a verb
            return token
        out = self.inflect(bare.lower(), voice)
        if bare[:1].isupper():
            out = out[:1].upper() + out[1:]
        return out + ("," if comma else "")

    def _later_verbs(self, tokens: list[str], start: int, voice: Voice) -> None:
        """Inflects verbs that open later clauses (``..., and maintain records``) in place."""
        for i in range(max(start, 1), len(tokens)):
            prev, word = tokens[i - 1], tokens[i]
            bare = word.rstrip(",.").lower()
            if bare not in self.verbs or bare in self.ambiguous or word != word.lower():
                continue
            if word.endswith(",") and (i + 1 >= len(tokens) or tokens[i + 1] not in _CONJUNCTIONS):
                continue
            if not (prev.endswith(",") or prev.lower() in _CONJUNCTIONS):
                continue
            if self._infinitive(tokens, i):
                continue
            tail = "." if word.endswith(".") else ""
            tokens[i] = self._word(word.rstrip("."), voice) + tail
            before = tokens[i - 2] if i >= 2 else ""
            if (
                prev.lower() in _CONJUNCTIONS
                and before == before.lower()
                and before in self.verbs
                and i >= 3
                and (tokens[i - 3].endswith(",") or tokens[i - 3].lower() in _CONJUNCTIONS)
            ):
                tokens[i - 2] = self._word(before, voice)

    def _infinitive(self, tokens: list[str], i: int) -> bool:
        """Whether ``tokens[i]`` continues a ``to <verb>`` clause (``to plan, ... or evaluate``)."""
        j = i - 1
        while j >= 0 and (
            tokens[j].lower() in _CONJUNCTIONS
            or (tokens[j].endswith(",") and tokens[j].rstrip(",").lower() in self.verbs)
        ):
            j -= 1
        while j >= 0 and not tokens[j].endswith(","):
            if tokens[j].lower() == "to" and tokens[j + 1].rstrip(",").lower() in self.verbs:
                return True
            j -= 1
        return False

    def rewrite(self, statement: str, voice: Voice) -> str:
        """Rewrites the leading verb (and a coordinated verb list) of ``statement`` into ``voice``.

        Statements that do not start with a known verb are returned unchanged (``you_will``
        still prefixes them).
        """
        key = (statement, voice)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._rewrite(statement, voice)
        return found

    def _rewrite(self, statement: str, voice: Voice) -> str:
        tokens = statement.split(" ")
        start = 1 if len(tokens) > 1 and self.is_adverb(tokens[0]) else 0
        if self.starts_with_verb(statement) and voice not in ("imperative", "you_will"):
            tokens[start] = self._word(tokens[start], voice)
            i = start + 1
            if tokens[start].endswith(","):
                while i < len(tokens):
                    low = tokens[i].lower()
                    if low in _CONJUNCTIONS and i + 1 < len(tokens):
                        tokens[i + 1] = self._word(tokens[i + 1], voice)
                        break
                    if low.rstrip(",") not in self.verbs:
                        break
                    tokens[i] = self._word(tokens[i], voice)
                    nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
                    if not tokens[i].endswith(",") and nxt not in _CONJUNCTIONS:
                        break
                    i += 1
            elif (
                i + 1 < len(tokens)
                and tokens[i].lower() in _CONJUNCTIONS
                and tokens[i + 1].rstrip(",").lower() in self.verbs
            ):
                tokens[i + 1] = self._word(tokens[i + 1], voice)
            self._later_verbs(tokens, i + 1, voice)
        text = " ".join(tokens)
        if voice == "you_will":
            return "You will " + lower_first(text)
        return text


def lower_first(text: str) -> str:
    """Lowercases the first letter unless the first word is an acronym.

    Example:
        >>> lower_first("Analyze data"), lower_first("CAD drawings")
        ('analyze data', 'CAD drawings')
    """
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[:1].lower() + text[1:]
