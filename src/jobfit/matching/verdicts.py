"""Requirement verdicts: a posting's typed requirement against a resume's profile, with a reason."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.credentials import (
    CLEARANCE_LEVELS,
    DEGREE_LEVELS,
    find_states,
    is_partial,
    state_names,
    words_of,
)
from jobfit.documents.experience import total_months
from jobfit.documents.passages import Passage
from jobfit.documents.profile import ResumeProfile
from jobfit.documents.requirements import RequirementItem
from jobfit.documents.vocabulary import load_vocabulary

__all__ = ["Evidence", "Verdict", "held_names", "judge"]

Verdict = Literal["met", "not met", "unclear"]

SKILL_THRESHOLD = 0.62
"""Cosine from which a passage makes an unnamed skill "unclear" rather than "not met"."""
QUALIFICATION_THRESHOLD = 0.55
"""Cosine from which a qualification line is met by a passage that shares a content word."""
UNCLEAR_THRESHOLD = 0.50
FIELD_THRESHOLD = 0.75
"""Cosine from which a job's title counts toward years of experience in a field."""
YEARS_SLACK_MONTHS = 3
EQUIVALENT_YEARS = 4.0
"""Years of experience that stand in for a degree when a posting accepts equivalent experience."""

# A credential or skill that shows others: a higher degree a lower one, Epic an EMR.
_IMPLIES: dict[str, tuple[str, ...]] = {
    "class a cdl": ("class b cdl",),
    "class b cdl": ("cdl",),
    "top secret clearance": ("secret clearance",),
    "secret clearance": ("security clearance",),
    "comptia a+": ("comptia",),
    "comptia network+": ("comptia",),
    "comptia security+": ("comptia",),
    "comptia cysa+": ("comptia",),
    "sphr": ("phr",),
    "shrm-scp": ("shrm-cp",),
    "shrm-cp": ("shrm",),
    "epa 608 universal": ("epa 608 type i", "epa 608 type ii", "epa 608 type iii"),
    "epa 608 type i": ("epa 608",),
    "epa 608 type ii": ("epa 608",),
    "epa 608 type iii": ("epa 608",),
    "master electrician license": ("journeyman electrician license",),
    "six sigma black belt": ("six sigma green belt",),
    "six sigma green belt": ("six sigma",),
    "aws certified solutions architect": ("aws certified",),
    "registered nurse": ("nclex",),
    "epic": ("emr",),
    "cerner": ("emr",),
    "meditech": ("emr",),
    "postgresql": ("sql",),
    "mysql": ("sql",),
    "bsn": ("bachelor's degree",),
    "msn": ("master's degree", "bsn"),
    "mba": ("master's degree",),
    "phd": ("master's degree",),
    "master's degree": ("bachelor's degree",),
    "bachelor's degree": ("associate degree",),
    "associate degree": ("high school diploma",),
}


@dataclass(frozen=True)
class Evidence:
    """One requirement, the verdict on it, why, and the resume passage behind it.

    ``verdict`` is "met", "not met" or "unclear"; ``reason`` says why in words a person can
    check ("2 years of data engineering (2022-2024); 7 required"). ``how`` is "exact" (the
    resume names it), "structured" (read from dates, degrees, licences), "semantic" (a
    similar passage) or "none". ``passage`` is the supporting passage, or the closest one
    for reference; ``met`` is ``verdict == "met"``.
    """

    requirement: str
    kind: str
    met: bool
    how: Literal["exact", "structured", "semantic", "none"]
    passage: str | None
    similarity: float
    verdict: Verdict = "not met"
    reason: str = ""
    required: bool = True
    start: int = -1
    end: int = -1

    @property
    def knockout(self) -> bool:
        """A required licence, certification, degree, clearance or years requirement not met."""
        return (
            self.required
            and self.verdict == "not met"
            and self.kind in ("years", "license", "certification", "degree", "clearance")
        )


_BASIC = re.compile(
    r"\b(?:basic|conversational|elementary|beginner|limited|some|learning|intermediate|working knowledge|familiar\w*|growing|exposure)\b",
    re.IGNORECASE,
)
_EXPERT = re.compile(r"\b(?:expert|advanced|deep|extensive|mastery|strong command)\b", re.I)


_CREDENTIALS = load_vocabulary().credentials


def held_names(names: Iterable[str]) -> dict[str, str]:
    """Every skill or credential shown by ``names``, each mapped to the name that shows it.

    Example:
        >>> held_names(["mba", "epic"])["high school diploma"], held_names(["epic"])["emr"]
        ('mba', 'epic')
    """
    out: dict[str, str] = {}
    for name in names:
        stack = [name]
        while stack:
            current = stack.pop()
            if current not in out:
                out[current] = name
                stack.extend(_IMPLIES.get(current, ()))
    return out


@dataclass(frozen=True)
class EncodedResume:
    """A resume profile with its passages' and job titles' vectors (rows aligned)."""

    profile: ResumeProfile
    passages: NDArray[np.float32]
    titles: NDArray[np.float32]


def _passage_at(profile: ResumeProfile, pos: int) -> str:
    for p in profile.passages:
        if p.start <= pos < p.end:
            return p.text
    start = profile.text.rfind("\n", 0, pos) + 1
    end = profile.text.find("\n", pos)
    return profile.text[start : end if end >= 0 else len(profile.text)].strip()


def _best(
    resume: EncodedResume, vector: NDArray[np.float32] | None
) -> tuple[Passage | None, float]:
    if vector is None or not len(resume.profile.passages):
        return None, 0.0
    sims = resume.passages @ vector
    i = int(np.argmax(sims))
    return resume.profile.passages[i], float(sims[i])


def _years(n: float) -> str:
    return f"{n:.0f}" if abs(n - round(n)) < 0.05 else f"{n:.1f}"


def _ev(
    item: RequirementItem, verdict: Verdict, how: str, passage: str | None, sim: float, reason: str
) -> Evidence:
    return Evidence(
        item.text,
        item.kind,
        verdict == "met",
        how,  # type: ignore[arg-type]
        passage,
        round(sim, 4),
        verdict,
        reason,
        item.required,
        item.start,
        item.end,
    )


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
                if f" {name} " in f" {s} " and s != name and s not in _CREDENTIALS
            ),
            None,
        )
        if shown_by is not None and shown_by in r.profile.skills:
            passage = _passage_at(r.profile, r.profile.skills[shown_by])
            how = "named" if shown_by == name else f"named as {shown_by}"
            if (
                _EXPERT.search(item.clause)
                and _BASIC.search(passage)
                and not _EXPERT.search(passage)
            ):
                reason = f"{how}, at a basic level: \u201c{passage[:80]}\u201d; {item.clause} asked"
                return _ev(item, "not met", "exact", passage, best[1], reason)
            return _ev(item, "met", "exact", passage, best[1], f"{how}: \u201c{passage[:80]}\u201d")
    closest, sim = best
    text = closest.text if closest else None
    wanted = " or ".join(item.names)
    if item.examples:
        return _ev(
            item,
            "unclear",
            "none",
            text,
            sim,
            f"names none of the examples given ({wanted}); check for a similar tool",
        )
    if sim >= SKILL_THRESHOLD:
        return _ev(
            item,
            "unclear",
            "semantic",
            text,
            sim,
            f"{wanted} not named; a similar passage ({sim:.2f})",
        )
    return _ev(item, "not met", "none", text, sim, f"{wanted} not named in the resume")


_NOT_NAME = frozenset(
    "active valid current unrestricted good standing license licence licensure certification "  # noqa: SIM905
    "certificate certified credential required preferred must have hold holds a an the with of "
    "in from any us u.s. state board is are be or and to for by all new hires a plus".split()
)


def _unlisted_credential(
    item: RequirementItem, r: EncodedResume, best: tuple[Passage | None, float]
) -> Evidence:
    """A licence or certification the vocabulary does not list ("Active Florida pharmacist
    license", "CPTD certification"): held when a resume line names its abbreviation, or names
    every word of its name beside a licence or certification word (from the state asked)."""
    closest, sim = best
    near = closest.text if closest else None
    key = re.search(r"\(([A-Z][A-Za-z0-9+-]{1,10})\)|\b([A-Z]{2,}[A-Z0-9+-]*)\b", item.text)
    token = (key.group(1) or key.group(2)) if key else None
    if token and token not in ("US", "USA", "AHA", "ACPE") and not find_states(token)[0]:
        found = re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", r.profile.text)
        if found:
            passage = _passage_at(r.profile, found.start())
            return _ev(
                item, "met", "exact", passage, 1.0, f"holds {token}: \u201c{passage[:80]}\u201d"
            )
    head = re.split(r"\(|\bfrom\b|\bwith\b|,", item.text)[0]
    states_text = {w.lower() for w in re.findall(r"[A-Za-z]+", head) if find_states(w)[0]}
    name = [
        w.lower().rstrip("s")
        for w in re.findall(r"[A-Za-z][A-Za-z+-]*", head)
        if w.lower() not in _NOT_NAME and w.lower() not in states_text and not w.isupper()
    ]
    if not name:
        return _ev(
            item, "unclear", "none", near, sim, "the credential's name is unclear; check by hand"
        )
    label = " ".join(name)
    for line in r.profile.text.split("\n"):
        low = line.lower()
        if all(re.search(rf"\b{re.escape(w)}", low) for w in name) and re.search(
            r"licen|certif|registered|#|board", low
        ):
            if is_partial(line):
                return _ev(
                    item,
                    "not met",
                    "structured",
                    line.strip(),
                    0.0,
                    f"not yet held: \u201c{line.strip()[:80]}\u201d",
                )
            if item.kind == "license" and item.states:
                have, _ = find_states(line)
                want = state_names(item.states)
                if have & item.states:
                    return _ev(
                        item,
                        "met",
                        "structured",
                        line.strip(),
                        1.0,
                        f"holds a {label} licence ({state_names(have & item.states)})",
                    )
                if have:
                    return _ev(
                        item,
                        "not met",
                        "structured",
                        line.strip(),
                        0.0,
                        f"holds a {label} licence ({state_names(have)}); {want} required",
                    )
                return _ev(
                    item,
                    "unclear",
                    "structured",
                    line.strip(),
                    0.0,
                    f"holds a {label} licence, state not stated; {want} required",
                )
            return _ev(
                item,
                "met",
                "exact",
                line.strip(),
                1.0,
                f"holds it: \u201c{line.strip()[:80]}\u201d",
            )
    return _ev(item, "not met", "none", near, sim, f"no {label} {item.kind} named in the resume")


def _credential(
    item: RequirementItem,
    r: EncodedResume,
    held: dict[str, str],
    best: tuple[Passage | None, float],
) -> Evidence:
    what = " or ".join(n.upper() if len(n) <= 5 else n for n in item.names) or item.text
    if not item.names:  # a credential the vocabulary does not list
        return _unlisted_credential(item, r, best)
    held_creds = {c.name: c for c in r.profile.credentials if c.held}
    partial = [c for c in r.profile.credentials if not c.held and c.name in item.names]
    for name in item.names:
        shown_by = held.get(name)
        if shown_by is None:
            continue
        cred = held_creds.get(shown_by)
        line = cred.line if cred else _passage_at(r.profile, r.profile.skills.get(shown_by, 0))
        states = frozenset().union(
            *(c.states for c in r.profile.credentials if c.held and c.name == shown_by)
        )
        compact = any(c.compact for c in r.profile.credentials if c.held and c.name == shown_by)
        label = shown_by.upper() if len(shown_by) <= 5 else shown_by
        if item.kind == "license" and item.states:
            wanted = state_names(item.states) + (" or compact" if item.compact else "")
            if states & item.states or (item.compact and compact):
                where = state_names(states & item.states) or "compact"
                return _ev(item, "met", "structured", line, 1.0, f"holds {label} ({where})")
            if states or compact:
                have = state_names(states) + (" compact" if compact else "")
                return _ev(
                    item,
                    "not met",
                    "structured",
                    line,
                    0.0,
                    f"holds {label} ({have}); {wanted} licence required",
                )
            return _ev(
                item,
                "unclear",
                "structured",
                line,
                0.0,
                f"holds {label}, state not stated; {wanted} required",
            )
        via = (
            ""
            if shown_by == name
            else f", which includes {name.upper() if len(name) <= 5 else name}"
        )
        return _ev(item, "met", "exact", line, 1.0, f"holds {label}{via}: \u201c{line[:80]}\u201d")
    closest, sim = best
    if partial:
        return _ev(
            item,
            "not met",
            "structured",
            partial[0].line,
            0.0,
            f"not yet held: \u201c{partial[0].line[:80]}\u201d; {what} required",
        )
    return _ev(
        item,
        "not met",
        "none",
        closest.text if closest else None,
        sim,
        f"{what} not named in the resume",
    )


def _field_words(field: str) -> list[frozenset[str]]:
    parts = re.split(r",|\bor\b|\band\b|/", field)
    return [w for w in (words_of(p) for p in parts) if w]


# Fields of study that count as related to each other when a posting accepts "a related field".
_FIELD_GROUPS = {
    "stem": words_of(
        "computer science software engineering mathematics math statistics physics data information "
        "electrical mechanical cybersecurity technology computing chemistry applied"
    ),
    "business": words_of(
        "business finance accounting accountancy economics management administration marketing human resources"
    ),
    "health": words_of("nursing health biology pharmacy medicine medical public"),
    "education": words_of("education teaching curriculum instructional learning educational"),
}


def _group(fieldwords: frozenset[str]) -> set[str]:
    return {name for name, words in _FIELD_GROUPS.items() if fieldwords & words}


def _degree(
    item: RequirementItem,
    r: EncodedResume,
    best: tuple[Passage | None, float],
    equivalent_ok: bool = True,
) -> Evidence:
    wanted = DEGREE_LEVELS[max(1, item.level)] + (f" in {item.field}" if item.field else "")
    fields = _field_words(item.field)
    ok_level = [d for d in r.profile.degrees if d.level >= item.level]
    for d in sorted(ok_level, key=lambda d: -d.level):
        if not fields or item.level <= 1:
            return _ev(
                item,
                "met",
                "structured",
                _passage_at(r.profile, d.start),
                1.0,
                f"{d.name} meets {wanted}",
            )
        held = words_of(d.field)
        related = item.related and any(_group(f) and _group(held) >= _group(f) for f in fields)
        if related or any(f <= held or (held and held <= f) for f in fields):
            return _ev(
                item,
                "met",
                "structured",
                _passage_at(r.profile, d.start),
                1.0,
                f"{d.name} meets {wanted}",
            )
    years = r.profile.months / 12
    if item.equivalent and years >= EQUIVALENT_YEARS and equivalent_ok:
        return _ev(
            item,
            "met",
            "structured",
            None,
            0.0,
            f"{_years(years)} years of experience; the posting accepts equivalent experience",
        )
    if ok_level:
        d = ok_level[0]
        passage = _passage_at(r.profile, d.start)
        if item.related and not d.field:
            return _ev(
                item,
                "unclear",
                "structured",
                passage,
                0.0,
                f"{d.name}; {wanted} or a related field required; the field is not stated",
            )
        return _ev(item, "not met", "structured", passage, 0.0, f"{d.name}; {wanted} required")
    have = max((d.level for d in r.profile.degrees), default=0)
    named = DEGREE_LEVELS[have] if have else "no degree named"
    return _ev(
        item,
        "not met",
        "structured",
        best[0].text if best[0] else None,
        best[1],
        f"{named}; {wanted} required",
    )


_GENERIC_FIELD = frozenset(words_of("licensed certified senior professional registered staff lead"))
_ABBREVIATIONS = (
    (re.compile(r"\bHR\b"), "human resources"),
    (re.compile(r"\bIT\b"), "information technology"),
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
_SAME_HEAD = {"develop": {"develop", "engin", "programm"}, "engin": {"engin", "develop"}}


def _head_words(phrase: str) -> list[set[str]]:
    """The words a job's header must hold for a field: its head noun, and the word before
    a generic head ("backend development" needs "backend" and "development" or "engineer").

    Example:
        >>> _head_words("acute care nursing"), [sorted(w) for w in _head_words("backend development")]
        ([{'nurs'}], [['backend'], ['develop', 'engin', 'programm']])
    """
    words = [
        sorted(words_of(w))[0] for w in re.findall(r"[A-Za-z][A-Za-z+#]*", phrase) if words_of(w)
    ]
    if not words:
        return []
    head = words[-1]
    need = [_SAME_HEAD.get(head, {head})]
    if head in _GENERIC_HEADS and len(words) > 1:
        need.insert(0, {words[-2]})
    return need


def _acronyms(phrase: str) -> list[str]:
    """The capitalised abbreviations of a phrase ("ICU", "OTR"): specific, so a job must name them."""
    return re.findall(r"\b[A-Z]{2,}\b", phrase)


def _relevant(
    item: RequirementItem, r: EncodedResume, field_vector: NDArray[np.float32] | None
) -> list[int]:
    """Indices of the resume's jobs that count toward the years ``item`` asks for.

    A job counts when its header (title and employer) holds every content word of one of
    the field's alternatives ("data engineering" in "Senior Data Engineer"), or when its
    text names every skill of a field made of skills ("Python"), or when its title is very
    close to the field in meaning and shares a word with it.
    """
    fields = [f - _GENERIC_FIELD or f for f in _field_words(_expand(item.field))]
    if not fields:
        return list(range(len(r.profile.experience)))
    vocab = load_vocabulary()
    wanted = vocab.skills_in(item.field)
    rest = item.field
    for m in vocab.find(item.field):
        rest = rest.replace(m.surface, " ")
    only_skills = bool(wanted) and not (words_of(rest) - _GENERIC_FIELD)
    alternatives = [
        (a, _head_words(a))
        for a in re.split(r",|\bor\b|/", _expand(item.field))
        if words_of(a) - _GENERIC_FIELD
    ]
    out = []
    for i, entry in enumerate(r.profile.experience):
        header = words_of(
            _expand(f"{entry.title} {entry.employer} {entry.text.split(chr(10), 1)[0]}")
        )
        lexical = any(f <= header for f in fields) or any(
            heads
            and all(h & header for h in heads)
            and all(a.lower() in entry.text.lower() for a in _acronyms(alt))
            for alt, heads in alternatives
        )
        skills = only_skills and set(wanted) <= set(vocab.skills_in(entry.text))
        semantic = (
            field_vector is not None
            and len(r.titles) > i
            and float(r.titles[i] @ field_vector) >= FIELD_THRESHOLD
            and any(f & header for f in fields)
        )
        if lexical or skills or semantic:
            out.append(i)
    return out


def _years_verdict(
    item: RequirementItem,
    r: EncodedResume,
    field_vector: NDArray[np.float32] | None,
    best: tuple[Passage | None, float],
) -> Evidence:
    need = item.years or 0.0
    what = item.field or "experience"
    if not r.profile.experience:
        stated = [
            n
            for n, text in r.profile.stated_years
            if not item.field or _field_words(item.field)[0] & words_of(text) or not text
        ]
        if stated:
            n = max(stated)
            verdict: Verdict = "met" if n >= need else "not met"
            return _ev(
                item,
                verdict,
                "structured",
                None,
                0.0,
                f"states {_years(n)} years; {_years(need)} required",
            )
        return _ev(
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
        _passage_at(r.profile, r.profile.text.find(first.title)) if first and first.title else None
    )
    if months + YEARS_SLACK_MONTHS >= need * 12:
        return _ev(
            item,
            "met",
            "structured",
            passage,
            1.0,
            f"{_years(years)} years of {what} ({spans}); {_years(need)} required",
        )
    reason = (
        f"{_years(years)} years of {what}"
        + (f" ({spans})" if spans else "")
        + f"; {_years(need)} required"
    )
    return _ev(item, "not met", "structured", passage, 0.0, reason)


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
    best = _best(resume, vector)
    held = held_names(resume.profile.skills)
    kind = item.kind
    if kind == "skill":
        return _skill(item, resume, held, best)
    if kind in ("license", "certification"):
        return _credential(item, resume, held, best)
    if kind == "degree":
        return _degree(item, resume, best, equivalent_ok)
    if kind == "years":
        return _years_verdict(item, resume, field_vector, best)
    closest, sim = best
    text = closest.text if closest else None
    if kind == "clearance":
        have = resume.profile.clearance
        want = CLEARANCE_LEVELS[max(1, item.level)]
        if have >= item.level:
            return _ev(
                item,
                "met",
                "structured",
                text,
                sim,
                f"holds {CLEARANCE_LEVELS[have]}; {want} required",
            )
        if item.obtainable:
            return _ev(
                item,
                "unclear",
                "structured",
                text,
                sim,
                f"no active clearance named; the posting accepts the ability to obtain {want}",
            )
        have_text = CLEARANCE_LEVELS[have] if have else "no active clearance named"
        return _ev(item, "not met", "structured", text, sim, f"{have_text}; {want} required")
    if kind == "language":
        found = sorted(set(item.names) & resume.profile.languages)
        fluent = re.search(r"fluen|bilingual|native|proficien", item.text, re.I)
        weak = [
            line
            for line in resume.profile.text.split("\n")
            if any(n in line.lower() for n in found) and _BASIC.search(line)
        ]
        if (
            found
            and fluent
            and weak
            and not re.search(r"fluen|bilingual|native", " ".join(weak), re.I)
        ):
            return _ev(
                item,
                "not met",
                "exact",
                weak[0].strip(),
                sim,
                f"names {found[0].title()} at a basic level: \u201c{weak[0].strip()[:60]}\u201d",
            )
        if found:
            return _ev(item, "met", "exact", text, sim, f"names {', '.join(found).title()}")
        return _ev(
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
            return _ev(item, "met", "semantic", text, sim, f"a similar passage ({sim:.2f})")
        return _ev(
            item, "unclear", "none", text, sim, "a resume rarely says; confirm with the candidate"
        )
    # Any other line: met by name when it names only skills the resume has, else by similarity.
    if (
        closest is not None
        and sim >= QUALIFICATION_THRESHOLD
        and _shares_word(item.text, closest.text)
    ):
        return _ev(item, "met", "semantic", text, sim, f"a similar passage ({sim:.2f})")
    if sim >= UNCLEAR_THRESHOLD:
        return _ev(item, "unclear", "semantic", text, sim, f"a partly similar passage ({sim:.2f})")
    return _ev(
        item, "not met", "none", text, sim, f"nothing similar in the resume (closest {sim:.2f})"
    )


def required_coverage(evidence: Iterable[Evidence]) -> float:
    """Share of required items met (unclear counts half); 1.0 when nothing is required.

    Example:
        >>> required_coverage([Evidence("a", "skill", True, "exact", None, 1.0, "met"),
        ...                    Evidence("b", "skill", False, "none", None, 0.0, "unclear")])
        0.75
    """
    items = [e for e in evidence if e.required]
    if not items:
        return 1.0
    score = sum(
        1.0 if e.verdict == "met" else 0.5 if e.verdict == "unclear" else 0.0 for e in items
    )
    return score / len(items)
