"""Verdicts on licences, certifications and degrees: held or not, from the state and level asked."""

from __future__ import annotations

import re

from jobfit.documents.credentials import (
    DEGREE_LEVELS,
    find_states,
    is_partial,
    state_names,
    words_of,
)
from jobfit.documents.passages import Passage
from jobfit.documents.requirements import RequirementItem
from jobfit.matching.evidence import (
    EncodedResume,
    Evidence,
    make_evidence,
    passage_at,
    years_text,
)

__all__ = [
    "EQUIVALENT_YEARS",
    "QUALIFICATION_THRESHOLD",
    "check_credential",
    "check_degree",
    "field_words",
]

QUALIFICATION_THRESHOLD = 0.55
"""Cosine from which a qualification line is met by a passage that shares a content word."""
EQUIVALENT_YEARS = 4.0
"""Years of experience that stand in for a degree when a posting accepts equivalent experience."""


_NOT_NAME = frozenset(
    "active valid current unrestricted good standing license licence licensure certification "  # noqa: SIM905
    "certificate certified credential required preferred must have hold holds a an the with of "
    "in from any us u.s. state board is are be or and to for by all new hires a plus".split()
)


def _beside_state(line: str, pattern: re.Pattern[str]) -> bool:
    """Whether a state is named within a few words of the abbreviation ("Texas LPC with 6
    years", "LCSW in New York"): the writer's own licence, not a colleague's."""
    return any(
        find_states(line[max(0, m.start() - 20) : m.end() + 20])[0] for m in pattern.finditer(line)
    )


_LICENCE_WORD = re.compile(r"licen|certif|registered|#|board|permit", re.IGNORECASE)


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
    lines_all = [line.strip(" -*\u2022\t") for line in r.profile.text.split("\n")]
    named: list[str] = []
    if token and token not in ("US", "USA", "AHA", "ACPE") and not find_states(token)[0]:
        pattern = re.compile(rf"(?<![\w-]){re.escape(token)}(?![\w-])")
        # a credential line, or the abbreviation in a list ("Priya Nair, PT, DPT | Portland"),
        # not in a sentence that names someone else's ("Assisted the PT with transfers")
        listed = re.compile(rf"(?:^|[,|(/;:])\s*{re.escape(token)}\s*(?:[,|)/;:\-\u2013\u2014]|$)")
        named = [
            line
            for line in lines_all
            if pattern.search(line)
            and (
                _LICENCE_WORD.search(line)
                or listed.search(line)
                or _beside_state(line, pattern)  # "LCSW in New York with 8 years"
            )
        ]
        stateless = (
            item.kind == "license"
            and item.states
            and not any(find_states(line)[0] for line in named)
        )
        if named and not stateless:
            return _judge_lines(item, named, token, near, sim)
    head = re.split(r"\(|\bfrom\b|\bwith\b|,", item.text)[0]
    states_text = {w.lower() for w in re.findall(r"[A-Za-z]+", head) if find_states(w)[0]}
    raw = [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z+-]*", head)
        if w.lower() not in _NOT_NAME and w.lower() not in states_text and w != token
    ]
    name = [sorted(words_of(w))[0] for w in raw if words_of(w)]
    if not name and not named:
        return make_evidence(
            item, "unclear", "none", near, sim, "the credential's name is unclear; check by hand"
        )
    label = token if named and token else " ".join(w.lower() for w in raw)
    # A name of two words or more is specific enough alone; one word needs a licence word beside
    # it. Where the abbreviation's lines show no state ("Priya Nair, PT, DPT"), the lines that
    # name the licence are read too ("Oregon Physical Therapist License #PT-12345").
    lines = named + [
        line
        for line in lines_all
        if name
        and set(name) <= words_of(line)
        # beside the abbreviation's lines, only a licence line speaks (not a job in Oregon)
        and ((len(name) > 1 and not named) or _LICENCE_WORD.search(line))
        and line not in named
    ]
    return _judge_lines(item, lines, label, near, sim)


def _judge_lines(
    item: RequirementItem, lines: list[str], label: str, near: str | None, sim: float
) -> Evidence:
    """The verdict from the resume lines that name a credential: held (from the state asked)
    if any line shows it, not held if every line is partial or from another state."""
    held = [line for line in lines if not is_partial(line)]
    if not held:
        if lines:
            reason = f"not yet held: \u201c{lines[0][:80]}\u201d"
            return make_evidence(item, "not met", "structured", lines[0], 0.0, reason)
        reason = f"no {label} {item.kind} named in the resume"
        return make_evidence(item, "not met", "none", near, sim, reason)
    if not (item.kind == "license" and item.states):
        reason = f"holds it: \u201c{held[0][:80]}\u201d"
        return make_evidence(item, "met", "exact", held[0], 1.0, reason)
    want = state_names(item.states)
    states = [(line, find_states(line)[0]) for line in held]
    for line, have in states:
        if have & item.states:
            reason = f"holds a {label} licence ({state_names(have & item.states)})"
            return make_evidence(item, "met", "structured", line, 1.0, reason)
    other = [(line, have) for line, have in states if have]
    if other:
        line, have = other[0]
        reason = f"holds a {label} licence ({state_names(have)}); {want} required"
        return make_evidence(item, "not met", "structured", line, 0.0, reason)
    reason = f"holds a {label} licence, state not stated; {want} required"
    return make_evidence(item, "unclear", "structured", held[0], 0.0, reason)


def check_credential(
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
        line = cred.line if cred else passage_at(r.profile, r.profile.skills.get(shown_by, 0))
        states = frozenset().union(
            *(c.states for c in r.profile.credentials if c.held and c.name == shown_by)
        )
        compact = any(c.compact for c in r.profile.credentials if c.held and c.name == shown_by)
        label = shown_by.upper() if len(shown_by) <= 5 else shown_by
        if item.kind == "license" and item.states:
            wanted = state_names(item.states) + (" or compact" if item.compact else "")
            if states & item.states or (item.compact and compact):
                where = state_names(states & item.states) or "compact"
                return make_evidence(
                    item, "met", "structured", line, 1.0, f"holds {label} ({where})"
                )
            if states or compact:
                have = state_names(states) + (" compact" if compact else "")
                return make_evidence(
                    item,
                    "not met",
                    "structured",
                    line,
                    0.0,
                    f"holds {label} ({have}); {wanted} licence required",
                )
            return make_evidence(
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
        return make_evidence(
            item, "met", "exact", line, 1.0, f"holds {label}{via}: \u201c{line[:80]}\u201d"
        )
    closest, sim = best
    if partial:
        return make_evidence(
            item,
            "not met",
            "structured",
            partial[0].line,
            0.0,
            f"not yet held: \u201c{partial[0].line[:80]}\u201d; {what} required",
        )
    if item.names == ("driver's license",):  # most adults hold one and few resumes say so
        reason = "a driver's licence is rarely on a resume; confirm with the candidate"
        return make_evidence(
            item, "unclear", "none", closest.text if closest else None, sim, reason
        )
    return make_evidence(
        item,
        "not met",
        "none",
        closest.text if closest else None,
        sim,
        f"{what} not named in the resume",
    )


def field_words(field: str) -> list[frozenset[str]]:
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


def check_degree(
    item: RequirementItem,
    r: EncodedResume,
    best: tuple[Passage | None, float],
    equivalent_ok: bool = True,
) -> Evidence:
    wanted = DEGREE_LEVELS[max(1, item.level)] + (f" in {item.field}" if item.field else "")
    fields = field_words(item.field)
    ok_level = [d for d in r.profile.degrees if d.level >= item.level]
    for d in sorted(ok_level, key=lambda d: -d.level):
        held = words_of(d.field)
        same = any(f <= held or (held and held <= f) for f in fields)
        related = item.related and any(_group(f) and _group(held) >= _group(f) for f in fields)
        if not fields or item.level <= 1 or same or related:
            passage = passage_at(r.profile, d.start)
            return make_evidence(
                item, "met", "structured", passage, 1.0, f"{d.name} meets {wanted}"
            )
    years = r.profile.months / 12
    if item.equivalent and years >= EQUIVALENT_YEARS and equivalent_ok:
        return make_evidence(
            item,
            "met",
            "structured",
            None,
            0.0,
            f"{years_text(years)} years of experience; the posting accepts equivalent experience",
        )
    if ok_level:
        d = ok_level[0]
        passage = passage_at(r.profile, d.start)
        if item.related and not d.field:
            return make_evidence(
                item,
                "unclear",
                "structured",
                passage,
                0.0,
                f"{d.name}; {wanted} or a related field required; the field is not stated",
            )
        return make_evidence(
            item, "not met", "structured", passage, 0.0, f"{d.name}; {wanted} required"
        )
    have = max((d.level for d in r.profile.degrees), default=0)
    named = DEGREE_LEVELS[have] if have else "no degree named"
    return make_evidence(
        item,
        "not met",
        "structured",
        best[0].text if best[0] else None,
        best[1],
        f"{named}; {wanted} required",
    )
