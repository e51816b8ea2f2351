"""Requirement verdicts: a posting's typed requirement against a resume's profile, with a reason."""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.credentials import CLEARANCE_LEVELS, words_of
from jobfit.documents.passages import Passage
from jobfit.documents.requirements import RequirementItem
from jobfit.documents.vocabulary import load_vocabulary
from jobfit.matching.credential_checks import (
    QUALIFICATION_THRESHOLD,
    check_credential,
    check_degree,
)
from jobfit.matching.evidence import (
    EncodedResume,
    Evidence,
    Verdict,
    best_passage,
    held_names,
    make_evidence,
    passage_at,
    required_coverage,
)
from jobfit.matching.experience_checks import check_years

__all__ = ["EncodedResume", "Evidence", "Verdict", "held_names", "judge", "required_coverage"]

SKILL_THRESHOLD = 0.62
"""Cosine from which a passage makes an unnamed skill "unclear" rather than "not met"."""
UNCLEAR_THRESHOLD = 0.50
"""Cosine from which a qualification line that is not met is "unclear" instead."""

_BASIC = re.compile(
    r"\b(?:basic|conversational|elementary|beginner|limited|learning to|"
    r"familiar(?:ity)? with|growing|exposure to|introductory)\b",
    re.IGNORECASE,
)
_EXPERT = re.compile(
    r"\b(?:expert|advanced|extensive|mastery|strong command|solid|strong|proficien\w+|"
    r"deep (?:knowledge|expertise|understanding|familiarity|experience))\b",
    re.IGNORECASE,
)


def _named_alternative(item: RequirementItem, r: EncodedResume) -> tuple[str, str] | None:
    """A tool the posting lists as an alternative to ``item`` ("X, Y or Z", "X or a similar
    Y") that the resume names, though the vocabulary does not know it: (the tool, its line)."""
    clause = item.clause
    at = clause.find(item.text)
    if at < 0 or not re.search(r"\bor\b|/", clause):
        return None
    # The list around the item: from the last "such as"/"with"/":" before it to the end of the list.
    start = max(clause.rfind(w, 0, at) for w in (":", "such as", "with", "like", "("))
    region = clause[max(0, start) : at + len(item.text) + 80]
    parts = [p.strip(" ,:(") for p in re.split(r",|\bor\b|/|\bsuch as\b|\bwith\b|\blike\b", region)]
    text = r.profile.text
    for part in parts:
        words = part.split()
        if not part or part.lower() == item.text.lower() or not 1 <= len(words) <= 3:
            continue
        if not part[:1].isupper():  # tools are named with capitals ("Anaplan", "GitHub Actions")
            continue
        m = re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text)
        if m:
            return part, passage_at(r.profile, m.start())
    return None


def _skill(
    item: RequirementItem,
    r: EncodedResume,
    held: dict[str, str],
    best: tuple[Passage | None, float],
) -> Evidence:
    for name in item.names:
        # More specific skills show a general one ("patient assessment" shows assessment);
        # credentials do not ("teaching certificate" is not teaching).
        shown_by = held.get(name) or next(
            (
                s
                for s in r.profile.skills
                if f" {name} " in f" {s} " and s != name and s not in load_vocabulary().credentials
            ),
            None,
        )
        if shown_by is not None and shown_by in r.profile.skills:
            passage = passage_at(r.profile, r.profile.skills[shown_by])
            how = "named" if shown_by == name else f"named as {shown_by}"
            if (
                _EXPERT.search(item.clause)
                and _BASIC.search(passage)
                and not _EXPERT.search(passage)
            ):
                reason = f"{how}, at a basic level: \u201c{passage[:80]}\u201d; {item.clause} asked"
                return make_evidence(item, "not met", "exact", passage, best[1], reason)
            return make_evidence(
                item, "met", "exact", passage, best[1], f"{how}: \u201c{passage[:80]}\u201d"
            )
    other = _named_alternative(item, r)
    if other is not None:  # "Hyperion, Anaplan or Adaptive Insights": Anaplan is named
        word, passage = other
        return make_evidence(
            item,
            "met",
            "exact",
            passage,
            best[1],
            f"names {word}, an alternative the posting lists",
        )
    closest, sim = best
    text = closest.text if closest else None
    wanted = " or ".join(item.names)
    if item.examples and sim >= SKILL_THRESHOLD:
        return make_evidence(
            item,
            "unclear",
            "none",
            text,
            sim,
            f"names none of the examples given ({wanted}); check for a similar tool",
        )
    if sim >= SKILL_THRESHOLD:
        return make_evidence(
            item,
            "unclear",
            "semantic",
            text,
            sim,
            f"{wanted} not named; a similar passage ({sim:.2f})",
        )
    return make_evidence(item, "not met", "none", text, sim, f"{wanted} not named in the resume")


def _shares_word(a: str, b: str) -> bool:
    return bool(words_of(a) & words_of(b))


def judge(
    item: RequirementItem,
    resume: EncodedResume,
    vector: NDArray[np.float32] | None = None,
    field_vector: NDArray[np.float32] | None = None,
    equivalent_ok: bool = True,
) -> Evidence:
    """The verdict on one requirement for one resume, with its reason and passage.

    Skills are met when the resume names them (synonyms and more specific skills count:
    "Epic" shows an EMR, "patient assessment" shows assessment); licences and
    certifications when the resume holds them (not "candidate", "in progress" or
    "expired"), from the state asked for where one is; degrees by level and field
    (a higher degree meets a lower one); years from the dates of the jobs that match the
    field, overlaps counted once; clearances by level. Physical and schedule conditions are
    "unclear" unless the resume speaks to them. Other lines are met by a similar passage
    that shares a content word.

    Args:
        item: The requirement.
        resume: The encoded resume profile.
        vector: The requirement text's vector (for similarity).
        field_vector: The vector of a years requirement's field.
        equivalent_ok: Whether experience may stand in for a degree where the posting
            accepts it; pass ``False`` when the posting's own years requirement is not met.

    Example:
        >>> import datetime as dt
        >>> from jobfit.documents.profile import read_job, read_resume
        >>> job = read_job("Data Engineer\\nRequirements:\\n- 7+ years of experience in data engineering")
        >>> cv = read_resume("EXPERIENCE\\nData Engineer | Acme | 2022 - 2024", dt.date(2026, 1, 1))
        >>> judge(job.requirements[0], EncodedResume(cv, np.zeros((0, 4)), np.zeros((0, 4)))).reason
        '2 years of data engineering (2022 - 2024); 7 required'
    """
    best = best_passage(resume, vector)
    held = resume.held
    kind = item.kind
    if kind == "skill":
        return _skill(item, resume, held, best)
    if kind in ("license", "certification"):
        return check_credential(item, resume, held, best)
    if kind == "degree":
        return check_degree(item, resume, best, equivalent_ok)
    if kind == "years":
        return check_years(item, resume, field_vector, best)
    closest, sim = best
    text = closest.text if closest else None
    if kind == "clearance":
        have = resume.profile.clearance
        want = CLEARANCE_LEVELS[max(1, item.level)]
        if have >= item.level:
            return make_evidence(
                item,
                "met",
                "structured",
                text,
                sim,
                f"holds {CLEARANCE_LEVELS[have]}; {want} required",
            )
        if item.obtainable:
            return make_evidence(
                item,
                "unclear",
                "structured",
                text,
                sim,
                f"no active clearance named; the posting accepts the ability to obtain {want}",
            )
        have_text = CLEARANCE_LEVELS[have] if have else "no active clearance named"
        return make_evidence(
            item, "not met", "structured", text, sim, f"{have_text}; {want} required"
        )
    if kind == "language":
        found = sorted(set(item.names) & resume.profile.languages)
        fluent = re.search(r"fluen|bilingual|native|proficien", item.text, re.I)
        # The words beside each language ("English (native), Spanish (conversational)").
        levels = [
            m.group()
            for n in found
            for m in re.finditer(
                rf"[^,;|\n]{{0,30}}\b{n}\b[^,;|\n]{{0,30}}", resume.profile.text, re.I
            )
        ]
        if (
            found
            and fluent
            and levels
            and all(
                _BASIC.search(x) and not re.search(r"fluen|bilingual|native", x, re.I)
                for x in levels
            )
        ):
            return make_evidence(
                item,
                "not met",
                "exact",
                levels[0].strip(),
                sim,
                f"names {found[0].title()} at a basic level: \u201c{levels[0].strip()[:60]}\u201d",
            )
        if found:
            return make_evidence(
                item, "met", "exact", text, sim, f"names {', '.join(found).title()}"
            )
        return make_evidence(
            item,
            "not met",
            "none",
            text,
            sim,
            f"{' or '.join(item.names).title()} not named in the resume",
        )
    if kind == "condition":
        if (
            closest is not None
            and sim >= QUALIFICATION_THRESHOLD
            and _shares_word(item.text, closest.text)
        ):
            return make_evidence(
                item, "met", "semantic", text, sim, f"a similar passage ({sim:.2f})"
            )
        return make_evidence(
            item, "unclear", "none", text, sim, "a resume rarely says; confirm with the candidate"
        )
    # Any other line: met by name when it names only skills the resume has, else by similarity.
    if (
        closest is not None
        and sim >= QUALIFICATION_THRESHOLD
        and _shares_word(item.text, closest.text)
    ):
        return make_evidence(item, "met", "semantic", text, sim, f"a similar passage ({sim:.2f})")
    if sim >= UNCLEAR_THRESHOLD:
        return make_evidence(
            item, "unclear", "semantic", text, sim, f"a partly similar passage ({sim:.2f})"
        )
    return make_evidence(
        item, "not met", "none", text, sim, f"nothing similar in the resume (closest {sim:.2f})"
    )
