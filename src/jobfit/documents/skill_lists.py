"""Lists of skills in a sentence: which are alternatives ("Go or Java"), which are examples."""

from __future__ import annotations

import re

from jobfit.documents.vocabulary import SkillMention

__all__ = ["EXAMPLES_AFTER", "EXAMPLES_BEFORE", "skill_groups"]

_JOIN = re.compile(
    r",?\s*(or(?:\s+(?:another|other|any other|a similar|similar|an equivalent|equivalent|a comparable))?"
    r"|and/or|and|/|&)?\s*,?"
)
# "such as Manhattan or SAP EWM": examples the vocabulary lacks may come first (up to three,
# joined by commas or "or"; "and" may start a requirement of its own: "such as a clinic and Epic").
EXAMPLES_BEFORE = re.compile(
    r"(?:such as|e\.g\.|for example|like|including|i\.e\.)[\s,:(]*"
    r"(?:[\w.&+#-]+(?:\s+[\w.&+#-]+){0,2}?\s*(?:,|\bor\b|/)\s*){0,3}$",
    re.I,
)
EXAMPLES_AFTER = re.compile(
    r"^[\s,)]*(?:or|and/or)\s+(?:a\s+)?(?:similar|equivalent|comparable|other|another)\b", re.I
)


def skill_groups(mentions: list[SkillMention], text: str) -> list[tuple[list[SkillMention], bool]]:
    """Consecutive mentions joined by commas, "or", "and" or "/" as (group, any_of); "and" splits.

    Example:
        >>> from jobfit.documents.vocabulary import load_vocabulary
        >>> text = "Go or Java, Python and SQL, Epic or another EHR"
        >>> [([m.skill for m in g], alt) for g, alt in skill_groups(load_vocabulary().find(text), text)]
        [(['java'], False), (['python'], False), (['sql'], False), (['epic', 'emr'], True)]
    """
    groups: list[tuple[list[SkillMention], bool]] = []
    run: list[SkillMention] = []
    joins: list[str] = []

    def close() -> None:
        if not run:
            return
        alternatives = any(j in ("or", "/") for j in joins) and "and" not in joins
        if alternatives:
            groups.append((list(run), True))
        else:
            groups.extend(([m], False) for m in run)

    for m in mentions:
        if run:
            between = text[run[-1].end : m.start].strip().lower()
            join = _JOIN.fullmatch(between)
            word = (join.group(1) or ",") if join is not None else ""
            kind = {"and": "and", "&": "and", ",": ",", "/": "/"}.get(word, "or")
            # "A, B and C, D": a list ends at its "and"/"or"; the next comma starts another.
            ended = kind == "," and bool(joins) and joins[-1] in ("and", "or")
            if join is not None and len(between) <= 24 and not ended:
                joins.append(kind)
                run.append(m)
                continue
            close()
            run, joins = [], []
        run.append(m)
    close()
    return groups
