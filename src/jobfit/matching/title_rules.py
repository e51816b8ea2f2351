"""When a looked-up job title is trusted: the title lookup is precise or silent.

O*NET lists many titles under occupations of several major groups ("Project Manager" under
Architectural and Engineering Managers and under Project Management Specialists; "Forklift
Operator" under construction equipment operators, mining machine operators and industrial
truck operators). A title placed in the wrong major group pushes every document of that
occupation up, so a title jobfit cannot place confidently adds nothing (the content still
counts). The rules, in order:

1. **Field words.** A title with software or data words ("Full Stack Developer", "Data
   Analyst") keeps only the codes of the computer occupations (and of computer and
   information systems managers and computer science teachers); none left: silent.
2. **Rank words.** A coordinator, associate, assistant, specialist, executive, representative,
   clerk, analyst or agent is not a manager: management codes (major group 11) are dropped
   unless the title also names a managerial rank ("Account Executive" is not Advertising and
   Promotions Managers).
3. **A clear major group.** When the codes span several major groups, each votes for its
   group: twice if its occupation lists the title among the titles its workers *reported* to
   O*NET (a short, curated list, unlike the long alternate-title list) or has no reported
   titles, once otherwise. A group with two thirds of the votes keeps its codes; without one
   the title is silent ("Project Manager": Architectural and Engineering Managers and
   Project Management Specialists). Letting the document's content choose among the groups
   instead was measured and dropped: it placed 4 of 11 such dev titles in their labelled
   group (docs/recipes.md).
4. **Rank words alone** ("Director"; "DIRECTOR, GLOBAL BUSINESS DEVELOPMENT" matched by its
   first word) and **fields** ("IT Management", "Customer Service") name no occupation:
   silent (checked in `TitleIndex.confident`).
5. **Sub-phrases.** A title matched only by a run of its words ("Stack Engineer" inside
   "Full Stack Engineer") must name one occupation.

`benchmarks/title_audit.py` measures the rules on hand-labelled titles.
"""

from __future__ import annotations

import re

__all__ = [
    "PLACE_SHARE",
    "RULES_VERSION",
    "confident_codes",
    "field_agrees",
    "names_a_field",
    "one_group",
    "rank_only",
]

# Words in a title that name its field. A title with such a word that O*NET's lists put in
# another major group is one of their errors ("Full Stack Developer" under Photographic
# Process Workers, "Full Stack Engineer" under Fuel Cell Engineers): the lookup stays silent.
_FIELD_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "15",
        re.compile(
            r"\b(?:software|full[- ]?stack|front[- ]?end|back[- ]?end|devops|dev ops|site reliability|sre|"
            r"cloud|data|machine learning|ml|ai|nlp|computer vision|qa|sdet|web|mobile|ios|android|"
            r"java|python|javascript|react|node(?:\.js)?|\.net|salesforce|it|cyber\w*|"
            r"information technology|database|network|systems? administrator|distributed systems)\b",
            re.IGNORECASE,
        ),
    ),
)
# Occupations of the field outside its major group: computer and information systems
# managers and computer science teachers.
_FIELD_ALSO: dict[str, frozenset[str]] = {
    "15": frozenset({"11-3021.00", "25-1021.00"}),
}
_NOT_MANAGER = re.compile(
    r"\b(coordinator|associate|assistant|specialist|executive|representative|rep|clerk|"
    r"analyst|agent)s?\b",
    re.IGNORECASE,
)
_MANAGER = re.compile(r"\b(manag\w*|director|head|chief|vp|vice president|officer)\b", re.I)
_MANAGEMENT_GROUP = "11"
RULES_VERSION = 2
"""Changes when these rules change what a title maps to: a store built under other rules
holds other occupation distributions and must be re-encoded (`jobfit index rebuild`)."""
PLACE_SHARE = 2 / 3
"""The share of a title's votes one major group needs (a code listing it as a reported
title votes twice, an alternate title once)."""
# A rank or role word alone names no occupation ("Director" is listed under Producers and
# Directors; "DIRECTOR, GLOBAL BUSINESS DEVELOPMENT" is not one).
_RANK_ONLY = re.compile(
    r"^(?:senior |sr |junior |jr |lead |chief |head |assistant |associate |deputy |vice )?"
    r"(?:director|manager|coordinator|supervisor|specialist|consultant|associate|analyst|"
    r"executive|officer|administrator|assistant|representative|agent|advisor|adviser|partner|"
    r"owner|founder|president|professional|generalist|intern|trainee|member|lead|head)s?$",
    re.IGNORECASE,
)


def _groups(codes: tuple[str, ...]) -> set[str]:
    return {c[:2] for c in codes}


_ACTIVITY = re.compile(r"(?:ment|tion|sion|ing|ics|ogy|ance|ence|service|support)$")


def names_a_field(segment: str) -> bool:
    """Whether a title segment ends in an activity or field noun, not a person's role: "IT
    Management", "Project Coordination" and "Accounting" name what someone works on.

    Example:
        >>> names_a_field("IT Management"), names_a_field("Nursing Director"), names_a_field("Nurse")
        (True, False, False)
    """
    words = re.findall(r"[a-z]+", segment.lower())
    return bool(words) and bool(_ACTIVITY.search(words[-1]))


def rank_only(segment: str) -> bool:
    """Whether a title segment is a rank or role word alone, which names no occupation.

    Example:
        >>> rank_only("Director"), rank_only("Sr. Manager"), rank_only("Nurse Manager")
        (True, True, False)
    """
    return bool(_RANK_ONLY.match(" ".join(re.findall(r"[a-z]+", segment.lower()))))


def field_agrees(line: str, codes: tuple[str, ...]) -> bool:
    """Whether a title's codes lie in the major group its field words name, if it names one.

    Example:
        >>> field_agrees("Full Stack Developer", ("51-9151.00",)), field_agrees("Nurse", ("29-1141.00",))
        (False, True)
        >>> field_agrees("IT Director", ("11-3021.00",))
        True
    """
    for group, cue in _FIELD_CUES:
        if cue.search(line):
            return any(c[:2] == group or c in _FIELD_ALSO.get(group, ()) for c in codes)
    return True


def one_group(codes: tuple[str, ...]) -> tuple[str, ...]:
    """A title's codes, less those outside the O*NET major group most of them share.

    A title O*NET lists under unrelated occupations keeps the group that holds a strict
    majority of its codes; without one, every code stays as listed.

    Example:
        >>> one_group(("15-1252.00", "15-1243.00", "51-9151.00"))
        ('15-1252.00', '15-1243.00')
        >>> one_group(("15-1255.00", "27-1024.00"))
        ('15-1255.00', '27-1024.00')
    """
    if len(_groups(codes)) <= 1:
        return codes
    groups: dict[str, list[str]] = {}
    for c in codes:
        groups.setdefault(c[:2], []).append(c)
    best = max(groups.values(), key=len)
    return tuple(best) if len(best) * 2 > len(codes) else codes


def confident_codes(
    line: str,
    codes: tuple[str, ...],
    reported: tuple[str, ...],
    subphrase: bool = False,
    share: float = PLACE_SHARE,
) -> tuple[str, ...]:
    """The codes of a looked-up title that jobfit trusts, or ``()`` (see the module's rules).

    Args:
        line: The title as written.
        codes: Every code the lookup found for it.
        reported: The codes whose occupations list it among their reported titles (or as
            their own title, or that have no reported titles to list it in).
        subphrase: Whether it matched only by a run of its words.
        share: The vote a major group needs to place the title.

    Example:
        >>> confident_codes("Account Executive", ("11-2011.00", "41-3031.00"), ())
        ('41-3031.00',)
        >>> confident_codes("Project Manager", ("11-9041.00", "13-1082.00"), ("11-9041.00", "13-1082.00"))
        ()
        >>> confident_codes("Forklift Operator", ("47-2073.00", "47-5041.00", "53-7051.00"),
        ...                 ("47-2073.00", "53-7051.00"))
        ()
        >>> confident_codes("Data Analyst", ("13-2099.01", "15-1243.00", "15-2051.01"), ())
        ('15-1243.00', '15-2051.01')
        >>> confident_codes("Registered Nurse", ("29-1141.00",), ("29-1141.00",))
        ('29-1141.00',)
    """
    for group, cue in _FIELD_CUES:
        if cue.search(line):  # the title names its field: only that field's codes
            codes = tuple(c for c in codes if c[:2] == group or c in _FIELD_ALSO.get(group, ()))
            break
    if _NOT_MANAGER.search(line) and not _MANAGER.search(line):
        codes = tuple(c for c in codes if c[:2] != _MANAGEMENT_GROUP)
    if len(_groups(codes)) > 1:
        votes: dict[str, float] = {}
        for c in codes:
            votes[c[:2]] = votes.get(c[:2], 0.0) + (2.0 if c in reported else 1.0)
        best = max(votes, key=lambda g: votes[g])
        if votes[best] < share * sum(votes.values()):
            return ()
        codes = tuple(c for c in codes if c[:2] == best)
    if subphrase and len(codes) > 1:
        return ()
    return codes
