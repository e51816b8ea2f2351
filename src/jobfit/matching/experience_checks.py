"""Verdicts on years of experience: the dates of the jobs that match the field, overlaps once."""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.credentials import words_of
from jobfit.documents.experience import total_months
from jobfit.documents.passages import Passage
from jobfit.documents.requirements import RequirementItem
from jobfit.documents.vocabulary import load_vocabulary
from jobfit.matching.credential_checks import field_words
from jobfit.matching.evidence import (
    EncodedResume,
    Evidence,
    Verdict,
    make_evidence,
    passage_at,
    years_text,
)

__all__ = ["FIELD_THRESHOLD", "YEARS_SLACK_MONTHS", "check_years"]

FIELD_THRESHOLD = 0.75
"""Cosine from which a job's title counts toward years of experience in a field."""
YEARS_SLACK_MONTHS = 3


_GENERIC_FIELD = frozenset(words_of("licensed certified senior professional registered staff lead"))
_ABBREVIATIONS = (
    (re.compile(r"\bHR\b"), "human resources"),
    (re.compile(r"\bIT\b"), "information technology"),
    (re.compile(r"\bQA\b"), "quality assurance"),
    (re.compile(r"\bFP&A\b"), "financial planning analysis"),
    (re.compile(r"\bSDE\b"), "software development engineer"),
    (re.compile(r"\bSWE\b"), "software engineer"),
)


def _expand(text: str) -> str:
    for pattern, words in _ABBREVIATIONS:
        text = pattern.sub(words, text)
    return text


# Head words that say little alone ("development", "service"): the word before them counts too.
_GENERIC_HEADS = frozenset(
    words_of(
        "development engineering management design support service operations analysis administration work sales"
    )
)
_SAME_HEAD = {
    "develop": {"develop", "engin", "programm", "architect", "sde", "swe"},
    "engin": {"engin", "develop", "architect", "sde", "swe"},
}
# "data engineering" also needs an engineer or developer (the head's family), not any job with
# "data" in it (a Data Analyst).
_ALTERNATIVES = re.compile(r",|\bor\b|/")


def _head_words(phrase: str) -> list[set[str]]:
    """The words a job's header must hold for a field: its head noun, or the word before a
    generic head ("backend development" needs "backend": a Backend Engineer counts), with
    the head's own family where titles name it ("data engineering": an engineer or developer).

    Example:
        >>> _head_words("acute care nursing"), _head_words("customer service")
        ([{'nurs'}], [{'custom'}])
        >>> [sorted(x) for x in _head_words("backend development")]
        [['backend'], ['architect', 'develop', 'engin', 'programm', 'sde', 'swe']]
    """
    words = [
        sorted(words_of(w))[0] for w in re.findall(r"[A-Za-z][A-Za-z+#]*", phrase) if words_of(w)
    ]
    if not words:
        return []
    head = words[-1]
    if head in _GENERIC_HEADS and len(words) > 1:
        need = [_SAME_HEAD.get(words[-2], {words[-2]})]
        return need + ([_SAME_HEAD[head]] if head in _SAME_HEAD else [])
    return [_SAME_HEAD.get(head, {head})]


def _acronyms(phrase: str) -> list[str]:
    """The capitalised abbreviations of a phrase ("ICU", "OTR"): specific, so a job must name them."""
    return re.findall(r"\b[A-Z]{2,}\b", phrase)


# "supervisory experience in a warehouse", "experience supervising teams": the rank is asked of
# the job, not of the field ("managerial accounting" and "leadership development" are fields).
# Words that say who is supervised, not in what field ("experience supervising staff").
_PEOPLE_WORDS = (
    r"(?:staff|teams?|employees|people|personnel|associates|workers|crews?|others|direct reports)"
)
_RANK_ASKED = re.compile(
    r"\b(?:supervisory|managerial|leadership)\s+(?:experience|role|position|capacity)"
    rf"|\bexperience\s+(?:supervising|managing|leading)\s+(?:\w+\s+){{0,5}}?{_PEOPLE_WORDS}\b",
    re.I,
)
_RANK_WORD = re.compile(
    r"\b(?:supervisory|supervising|managerial|managing|leadership|leading)\b", re.I
)
_RANK_TITLE_WORDS = frozenset(
    [
        "supervisor",
        "supervisors",
        "lead",
        "leader",
        "foreman",
        "forewoman",
        "superintendent",
        "director",
        "manager",
        "charge",
        "chief",
        "head",
        "captain",
        "lieutenant",
        "sergeant",
        "president",
        "owner",
        "principal",
        "chef",
    ]
)
# Titles with a rank word that rank over no one.
_NOT_RANK = re.compile(
    r"\blead generation\b|\bhead start\b|\b(?:case|account|care|relationship|property)\s+manager\b",
    re.I,
)
_PEOPLE = re.compile(rf"\b{_PEOPLE_WORDS}\b", re.I)
_HELPERS = frozenset({"aide", "aides", "helper", "helpers"})
# Practices whose aides assist a licensed practitioner rather than practise themselves.
_PRACTICES = words_of(
    "therapy nursing pharmacy dental dentistry veterinary radiology surgery teaching"
)


def _relevant(
    item: RequirementItem, r: EncodedResume, field_vector: NDArray[np.float32] | None
) -> list[int]:
    """Indices of the resume's jobs that count toward the years ``item`` asks for; with a
    rank in the field ("supervisory", "leadership"), only jobs titled with a rank count."""
    ranked = bool(_RANK_ASKED.search(item.text))
    field = _PEOPLE.sub(" ", _RANK_WORD.sub(" ", item.field)) if ranked else item.field
    jobs = [i for i in _in_field(field, r, field_vector) if not _helps(r, i, field)]
    if not ranked:
        return jobs
    # a supervisor's job counts when it names the field, or one of the field's words
    # ("supervising warehouse or distribution center teams": a Shift Lead at Atlas Distribution)
    named = words_of(_expand(field)) - _GENERIC_FIELD
    return [
        i
        for i, e in enumerate(r.profile.experience)
        if _ranked_title(e.title)
        and (i in jobs or named & words_of(_expand(f"{e.title} {e.employer}")))
    ]


def _ranked_title(title: str) -> bool:
    """Whether a job title names a rank over people ("Warehouse Supervisor II", "Charge
    Nurse", "Lead Warehouse Associate"), not a rank word that ranks over no one ("Lead
    Generation Specialist", "Head Start Teacher", "Case Manager").

    Example:
        >>> titles = ("Area Supervisor", "Charge Nurse", "Head Start Teacher", "Case Manager")
        >>> [_ranked_title(t) for t in titles]
        [True, True, False, False]
    """
    words = set(re.findall(r"[a-z]+", title.lower()))
    return bool(words & _RANK_TITLE_WORDS) and not _NOT_RANK.search(title)


def _practice(words: frozenset[str]) -> frozenset[str]:
    """A practitioner's words with their practice's: a Physical Therapist's header holds
    "physical therapy" (not the other way round: a Pharmacy Technician is no pharmacist).

    Example:
        >>> sorted(_practice(words_of("Physical Therapist")))
        ['physic', 'therap', 'therapy']
    """
    return words | {w + "y" for w in words if w.endswith(("ap", "ac"))}


def _helps(r: EncodedResume, i: int, field: str) -> bool:
    """Whether job ``i`` is an aide's or helper's in a clinical or teaching practice, not the
    practice itself ("Physical Therapy Aide" has no physical therapy years; a Home Health
    Aide or a Legislative Aide keeps the years of its own field)."""
    words = re.findall(r"[A-Za-z]+", r.profile.experience[i].title.lower())
    heads = [re.findall(r"[A-Za-z]+", a)[-1:] for a in _ALTERNATIVES.split(field)]
    return (
        bool(words)
        and words[-1] in _HELPERS
        and words[-1] not in field.lower()
        # the field is the practice itself ("physical therapy"), not a place ("a clinical
        # environment", "a nursing home") where aides work too
        and any(h and words_of(h[0]) & _PRACTICES for h in heads)
    )


def _in_field(field: str, r: EncodedResume, field_vector: NDArray[np.float32] | None) -> list[int]:
    """Indices of the resume's jobs in ``field``.

    A job counts when its header (title and employer) holds every content word of one of
    the field's alternatives ("data engineering" in "Senior Data Engineer"), or when its
    text names every skill of a field made of skills ("Python"), or when its header holds the
    field without its skills and its text names one of them ("software development in
    Python or Go": a Software Engineer role that used Go), or when its title is very close
    to the field in meaning and shares a word with it.
    """
    fields = [f - _GENERIC_FIELD or f for f in field_words(_expand(field))]
    if not fields:
        return list(range(len(r.profile.experience)))
    vocab = load_vocabulary()
    wanted = vocab.skills_in(field)
    rest = field
    for m in vocab.find(field):
        rest = rest.replace(m.surface, " ")
    only_skills = bool(wanted) and not (words_of(rest) - _GENERIC_FIELD)
    # "software development in Python or Go": the field without its skills, used with one of them
    first = min((field.find(m.surface) for m in vocab.find(field)), default=-1)
    lead = field[:first] if first > 0 else ""
    rest_heads = _head_words(lead) if wanted and words_of(lead) - _GENERIC_FIELD else []
    alternatives = [
        (a, _head_words(a))
        for a in _ALTERNATIVES.split(_expand(field))
        if words_of(a) - _GENERIC_FIELD
    ]
    out = []
    for i, entry in enumerate(r.profile.experience):
        header = _practice(
            words_of(_expand(f"{entry.title} {entry.employer} {entry.text.split(chr(10), 1)[0]}"))
        )
        lexical = any(f <= header for f in fields) or any(
            heads
            and all(h & header for h in heads)
            and all(a.lower() in entry.text.lower() for a in _acronyms(alt))
            for alt, heads in alternatives
        )
        named = set(vocab.skills_in(entry.text))
        skills = only_skills and set(wanted) <= named
        field_and_skill = (
            bool(rest_heads) and all(h & header for h in rest_heads) and bool(set(wanted) & named)
        )
        semantic = (
            field_vector is not None
            and len(r.titles) > i
            and float(r.titles[i] @ field_vector) >= FIELD_THRESHOLD
            and any(f & header for f in fields)
        )
        if lexical or skills or field_and_skill or semantic:
            out.append(i)
    return out


def check_years(
    item: RequirementItem,
    r: EncodedResume,
    field_vector: NDArray[np.float32] | None,
    best: tuple[Passage | None, float],
) -> Evidence:
    need = item.years or 0.0
    what = item.field or "experience"
    stated = _stated_years(item, r, strict=bool(r.profile.experience))
    if not r.profile.experience:
        if stated is not None:
            n = stated
            verdict: Verdict = "met" if n >= need else "not met"
            return make_evidence(
                item,
                verdict,
                "structured",
                None,
                0.0,
                f"states {years_text(n)} years; {years_text(need)} required",
            )
        return make_evidence(
            item,
            "unclear",
            "none",
            best[0].text if best[0] else None,
            best[1],
            "no dated experience found; check the dates",
        )
    idx = _relevant(item, r, field_vector)
    months = total_months(r.profile.experience[i].dates for i in idx)
    years = months / 12
    spans = ", ".join(r.profile.experience[i].dates.label() for i in idx[:3])
    first = r.profile.experience[idx[0]] if idx else None
    passage = (
        passage_at(r.profile, r.profile.text.find(first.title)) if first and first.title else None
    )
    if months + YEARS_SLACK_MONTHS >= need * 12:
        return make_evidence(
            item,
            "met",
            "structured",
            passage,
            1.0,
            f"{years_text(years)} years of {what} ({spans}); {years_text(need)} required",
        )
    reason = (
        f"{years_text(years)} years of {what}"
        + (f" ({spans})" if spans else "")
        + f"; {years_text(need)} required"
    )
    if stated is not None and stated >= need:
        # "6 years of critical care experience" in the summary, jobs titled otherwise: the
        # claim and the dates disagree, so a person decides.
        return make_evidence(
            item,
            "unclear",
            "structured",
            passage,
            0.5,
            f"states {years_text(stated)} years of {what}; the dated jobs that count add up "
            f"to {years_text(years)}" + (f" ({spans})" if spans else "") + f"; "
            f"{years_text(need)} required; check by hand",
        )
    return make_evidence(item, "not met", "structured", passage, 0.0, reason)


def _stated_years(item: RequirementItem, r: EncodedResume, strict: bool) -> float | None:
    """The most years the resume states in words for ``item``'s field ("6 years of critical
    care experience"), or ``None``. A statement counts when it shares a word with the field;
    ``strict`` (when dated jobs exist, to be weighed against them) needs every word of one of
    the field's alternatives, or, for a requirement without a field, a statement without one
    ("10 years of experience")."""
    fields = field_words(item.field) if item.field else []

    def counts(text: str) -> bool:
        if not fields:
            return not text or not strict
        words = words_of(text)
        if strict:
            return any(f <= words for f in fields)
        return not text or any(f & words for f in fields)

    stated = [n for n, text in r.profile.stated_years if counts(text)]
    return max(stated) if stated else None
