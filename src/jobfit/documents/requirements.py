"""Requirements of a job posting as typed items: skills, years, credentials, degrees, and more."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from jobfit.documents.credentials import (
    LANGUAGES,
    clearance_level,
    find_degrees,
    find_languages,
    find_states,
)
from jobfit.documents.posting_sections import clauses
from jobfit.documents.skill_lists import EXAMPLES_AFTER, EXAMPLES_BEFORE, skill_groups
from jobfit.documents.vocabulary import (
    SkillVocabulary,
    load_vocabulary,
    usable_mentions,
)

__all__ = ["KNOCKOUT_KINDS", "Kind", "RequirementItem", "asks_for_years", "read_requirements"]

Kind = Literal[
    "skill",
    "years",
    "license",
    "certification",
    "degree",
    "clearance",
    "language",
    "condition",
    "qualification",
]
KNOCKOUT_KINDS: frozenset[str] = frozenset(
    {"years", "license", "certification", "degree", "clearance"}
)
"""Kinds that, required and not met, rule a candidate out (a "knockout")."""


@dataclass(frozen=True)
class RequirementItem:
    """One requirement of a posting, typed, with where it was written.

    Attributes:
        text: What the posting says: the clause for most kinds, the term for a skill.
        kind: skill, years, license, certification, degree, clearance, language,
            condition (physical, schedule, checks) or qualification (any other line).
        required: ``False`` when the posting calls it preferred, a plus or nice to have.
        start: Offset of ``text`` in the posting; ``end`` likewise.
        names: Canonical vocabulary names (skills or credentials) the item asks for.
        any_of: One of ``names`` is enough ("SHRM-CP, SHRM-SCP, PHR or SPHR").
        years: Minimum years asked for (``years`` kind).
        field: What the years are of ("data engineering"), or the degree's fields.
        level: Degree level (1 high school ... 5 doctorate) or clearance level (1-5).
        related: A related field is accepted ("or related field").
        equivalent: Equivalent experience is accepted instead of the degree.
        states: US states a licence must be from (postal codes); empty means any.
        compact: A multistate (compact) licence is accepted.
        obtainable: The posting accepts the ability to obtain it (clearances).
        examples: The skills are examples ("a warehouse such as Snowflake or Redshift",
            "Epic or a similar EHR"): naming one meets it, naming none leaves it unclear.
        clause: The whole clause the item was read from ("Advanced Excel skills").
        years_max: The top of a range of years ("3-5 years": 5), if one is given.
        issuer: The body a licence or certification must come from, where stated ("AACN").
    """

    text: str
    kind: Kind
    required: bool
    start: int
    end: int
    names: tuple[str, ...] = ()
    any_of: bool = False
    years: float | None = None
    field: str = ""
    level: int = 0
    related: bool = False
    equivalent: bool = False
    states: frozenset[str] = frozenset()
    compact: bool = False
    obtainable: bool = False
    examples: bool = False
    clause: str = ""
    years_max: float | None = None
    issuer: str = ""

    @property
    def knockout(self) -> bool:
        """Whether failing this item rules a candidate out (a required credential, degree, ...)."""
        return self.required and self.kind in KNOCKOUT_KINDS


_OFFER = re.compile(
    r"^(?:we(?:['\u2019]ll| will)? (?:offer|provide|pay|cover|match|give|support)|you(?:['\u2019]ll| will) "
    r"(?:get|receive|enjoy)|enjoy|benefits? include|our |we are|we['\u2019]re|join |paid |free |"
    r"generous |company[- ]paid |employer[- ]paid )|"
    r"\bflexible (?:hybrid |remote )?(?:schedule|hours|work)\b(?!.*\b(?:must|required|able)\b)|"
    r"\$\s?\d.*\b(?:bonus|salary|per hour|/hr|hourly|annually|a year|per year)\b|"
    r"\b(?:sign[- ]on bonus|401\(?k\)?|pto|paid time off|tuition (?:reimbursement|assistance)|"
    r"fully remote role|equal (?:employment )?opportunity|\beoe\b|affirmative action)",
    re.IGNORECASE,
)
_ASKS = re.compile(
    r"\b(?:requir\w*|must|need\w*|prefer\w*|minimum|plus|valid|active|current|obtain|hold|"
    r"possess\w*|eligib\w*|equivalent|experience|proficien\w*|knowledge|familiar\w*|ability|able)\b",
    re.IGNORECASE,
)
_STRICT_ASKS = re.compile(
    r"\b(?:required|requires?|must|preferred|minimum|at least|a plus|nice to have)\b", re.IGNORECASE
)
_EMPLOYER = re.compile(
    r"\b(?:we|we're|our|us|hiring|founded|since|is a leading|headquartered)\b", re.I
)
_PREFERRED = re.compile(
    r"\b(?:preferred|prefer|a plus|is a plus|nice[ -]to[ -]have|bonus|ideally|desired|desirable|"
    r"advantageous|not required|helpful|a big plus|considered an asset)\b",
    re.IGNORECASE,
)
_YEARS = re.compile(
    r"\b(?:(?:at least|minimum(?: of)?|min\.?)\s+)?(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s*\+?\s*(?:\(\d+\)\s*)?(?:(?:-|to|\u2013)\s*(?P<m>\d+)\s*\+?\s*)?(?:or more\s+)?(?:years?|yrs?)\b\.?['\u2019]?(?!\s+(?:of\s+age|old)\b)"
    r"(?=['\u2019]?\s+(?:[\w'/-]+\s+){0,4}?(?:experience|exp)\b|\s+(?:of|in|as|with|working|managing|leading|driving|"
    r"post|progressive|professional|related|relevant|hands|direct|recent|clinical|full)\b|\s+[a-z]+ing\b)",
    re.IGNORECASE,
)
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_FIELD_NOISE = re.compile(
    r"(?<![&\w])(?:of|the|professional|progressive|related|relevant|hands[- ]on|direct|recent|full[- ]time|"
    r"paid|post[- ]\w+(?:['\u2019]s)?|working|work|experience|exp|required|preferred|minimum|or more|"
    r"at least|in|as|with|a|an|including|industry|setting|environment|role|roles|position|is|are|"
    r"and|plus|demonstrated|proven|strong|solid|years?|field|practical)(?![&\w])",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"\b(?:lift\w*|lbs|pounds|stand(?:ing)?\b(?! ?ards)|walk\w*|kneel|bend|climb\w*|night|nights|weekend\w*|overnight|"
    r"shifts?|on[- ]call|rotating|holidays|travel\w*|background check|drug (?:screen|test)\w*|"
    r"mvr|driving record|authori[sz]ed to work|work authori[sz]ation|sponsorship|reliable transportation|"
    r"18 years of age|physical\w*|outdoors|overtime|citizen\w*)\b",
    re.IGNORECASE,
)
_CLEARANCE_WORDS = re.compile(
    r"\bclearance\b|\bts\s*/\s*sci\b|\btop secret\b|\bpublic trust\b", re.I
)
_OBTAIN = re.compile(
    r"\b(?:ability to obtain|able to obtain|eligib\w+|obtain(?:able)?|willing(?:ness)? to)\b", re.I
)
_LICENSE_WORDS = re.compile(r"licen[cs]\w*|\brn\b|\blpn\b|\bcdl\b|\bcpa\b", re.IGNORECASE)
_GENERIC_CREDENTIAL = re.compile(
    r"\b(?:certification|certificate|certified|licen[cs]e|licensure|endorsement|permit)\b", re.I
)
_DEGREE_CREDENTIALS = frozenset(
    {
        "bachelor's degree",
        "master's degree",
        "mba",
        "phd",
        "associate degree",
        "high school diploma",
        "bsn",
        "msn",
        "pharmd",
    }
)
_CLEARANCE_CREDENTIALS = frozenset(
    {"security clearance", "secret clearance", "top secret clearance"}
)
_RELATED = re.compile(
    r"\b(?:or|and/or)\s+(?:a\s+)?(?:closely\s+)?(?:related|similar|relevant|equivalent)\s+(?:\w+\s+)?(?:field|discipline|area|major)",
    re.I,
)
_EQUIVALENT = re.compile(
    r"equivalent (?:\w+\s+){0,2}(?:experience|combination)|or equivalent\b(?!\s+field)", re.I
)


_ISSUER = re.compile(
    r"\b(?:from|by|issued by|through)\s+(?:the\s+|an?\s+)?((?:[A-Z][\w&.-]*\s*){1,6})", re.UNICODE
)


def _issuer(text: str) -> str:
    """The body a credential clause names ("CCRN certification from AACN" -> "AACN").

    Example:
        >>> _issuer("CCRN (Adult) certification from AACN is required"), _issuer("BLS")
        ('AACN', '')
    """
    m = _ISSUER.search(text)
    return " ".join(m.group(1).split()) if m else ""


def asks_for_years(text: str) -> bool:
    """Whether a requirement asks for years of experience ("5+ years of Python").

    Example:
        >>> asks_for_years("3-5 years of SQL"), asks_for_years("Two (2) years in retail")
        (True, True)
        >>> asks_for_years("Must be 18 years of age"), asks_for_years("4-year degree")
        (False, False)
    """
    return _YEARS.search(text) is not None


def _years_field(clause: str, start: int, end: int) -> str:
    """What years are asked of: the words after "years" ("of data engineering experience"), or
    before them ("ICU experience: 3 years"), without filler, numbers and number words.

    Example:
        >>> _years_field("Minimum of five years of experience", 11, 22)
        ''
        >>> _years_field("5+ years' experience in accounting", 0, 9)
        'accounting'
    """
    rest = clause[end:]
    role = re.search(
        r"\bas an?\s+((?:[\w/&-]+\s?){1,4}?)(?=\s+(?:in|at|for|with|within|on)\b|[,;(]|$)", rest
    )
    if role:  # "as an electrician in commercial construction": the role is what counts
        rest = role.group(1)
    rest = re.split(
        r"[,;(:]|\.\s|\bincluding\b|\bsuch as\b|\bwith (?:a|an)\b|\bpreferably\b|\bideally\b", rest
    )[0]
    before = clause[:start]
    # "3+ years ICU experience" / "five years of data engineering experience"
    field = _FIELD_NOISE.sub(" ", rest)
    if not field.strip():
        field = _FIELD_NOISE.sub(
            " ",
            re.sub(r"\(\d+\)|[\d+]+|\b(?:" + "|".join(_NUMBERS) + r")\b", " ", before, flags=re.I),
        )
    field = re.sub(r"[()'\u2019]", " ", field)
    return " ".join(field.split()).strip(" .-/")


def _names_credential(between: str) -> bool:
    """Whether a skill followed by ``between`` and a credential word names the credential
    ("forklift operator certification"), rather than being asked beside it ("SQL and relevant
    certification", "phlebotomy experience (certification a plus)")."""
    return len(between.split()) <= 2 and not re.search(
        r"[,;/&()]|\b(?:and|or|relevant|experience|skills?|knowledge|training)\b", between, re.I
    )


def read_requirements(job: str, vocabulary: SkillVocabulary | None = None) -> list[RequirementItem]:
    """The requirements of a posting as typed items, required or preferred, in document order.

    Requirements come from requirement sections ("Requirements", "Qualifications", "What
    you'll bring", "Nice to have", ...) and, elsewhere, from clauses that ask for something;
    the title line, benefits, pay, company and equal-opportunity text never count. A clause
    gives structured items (years, degree, licence or certification, clearance, language,
    condition) and one item per skill it names; alternatives joined by "or" are one item
    ("Go or Java"), a list joined by "and" one item each. A clause under a preferred heading
    or saying "preferred", "a plus", "nice to have" is preferred.

    Example:
        >>> items = read_requirements(
        ...     "ICU Nurse\\nRequirements:\\n- Active Oregon RN license\\n- 3+ years of ICU experience\\n"
        ...     "- BLS and ACLS required; PALS preferred\\nWe offer a $15,000 sign-on bonus"
        ... )
        >>> [(i.kind, i.names or i.years, i.required) for i in items]
        [('license', ('registered nurse',), True), ('years', 3.0, True), ('certification', ('bls',), True), ('certification', ('acls',), True), ('certification', ('pals',), False)]
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    items: list[RequirementItem] = []
    skill_at: dict[str, int] = {}
    held_at: dict[str, int] = {}
    parts = list(clauses(job))
    # With a requirements section, the rest of the posting only adds what it plainly asks for.
    has_section = any(c.in_section for c in parts)
    for clause in parts:
        text = clause.text
        if clause.first_line or len(text) > 400 or _OFFER.search(text):
            continue
        if (
            has_section
            and not clause.in_section
            and not (_STRICT_ASKS.search(text) or asks_for_years(text))
        ):
            continue
        asks = bool(_ASKS.search(text)) or asks_for_years(text)
        short_credential = bool(
            len(text.split()) <= 12
            and not _EMPLOYER.search(text)
            and _GENERIC_CREDENTIAL.search(text)
        )
        outside = not (clause.in_section or clause.duties or short_credential)
        if outside and (_EMPLOYER.search(text) or not asks):
            continue
        required = not (clause.preferred or _PREFERRED.search(text))
        start, end = clause.start, clause.start + len(text)
        mentions = usable_mentions(vocab, text)
        credentials = [m for m in mentions if m.skill in vocab.credentials]
        structured: list[RequirementItem] = []
        years_end: int | None = None
        languages = find_languages(text) if not clause.duties else frozenset()
        credential_word: re.Match[str] | None = None  # "forklift operator certification"
        base = RequirementItem(text, "qualification", required, start, end, clause=text)
        if not clause.duties:
            years = _YEARS.search(text)
            if years:
                years_end = years.end()
                n = years.group("n").lower()
                structured.append(
                    replace(
                        base,
                        kind="years",
                        years=float(_NUMBERS.get(n, n)),
                        years_max=float(years.group("m")) if years.group("m") else None,
                        field=_years_field(text, years.start(), years.end()),
                    )
                )
            level = clearance_level(text) if _CLEARANCE_WORDS.search(text) else 0
            if level or any(m.skill in _CLEARANCE_CREDENTIALS for m in credentials):
                structured.append(
                    replace(
                        base,
                        kind="clearance",
                        level=max(level, 1),
                        obtainable=bool(_OBTAIN.search(text)),
                    )
                )
            degrees = [
                d for d in find_degrees(text) if "year degree" not in d.text.lower() or d.level > 2
            ]
            if degrees and not re.search(r"\bpursuing\b|\benrolled\b", text, re.I):
                tail = text[degrees[-1].start :]
                extra = re.search(r"\b(?:in|of)\s+([^;.()]+)", tail)
                fields = (
                    extra.group(1)
                    if extra
                    else ", ".join(dict.fromkeys(d.field for d in degrees if d.field))
                )
                fields = re.split(r"\b(?:required|preferred|from|with|is|and\s+\d|plus)\b", fields)[
                    0
                ]
                fields = _RELATED.split(fields)[0] if fields else ""
                structured.append(
                    replace(
                        base,
                        kind="degree",
                        level=min(d.level for d in degrees),
                        field=fields.strip(" ,"),
                        related=bool(_RELATED.search(text)),
                        equivalent=bool(_EQUIVALENT.search(text)),
                    )
                )
            creds = [
                m
                for m in credentials
                if m.skill not in _DEGREE_CREDENTIALS | _CLEARANCE_CREDENTIALS
            ]
            states, compact = find_states(text)
            groups = list(skill_groups(creds, text))
            for g, (group, any_of) in enumerate(groups):
                if any(m.skill in held_at for m in group):
                    if required:  # "PALS preferred" then "PALS required": required wins
                        for m in group:
                            i = held_at.get(m.skill)
                            if i is not None and i < len(items) and not items[i].required:
                                items[i] = replace(items[i], required=True)
                    continue
                for m in group:
                    held_at[m.skill] = len(items) + len(structured)
                # "licensed"/"license" names the kind of the credential it stands beside; with
                # several credentials in the clause ("RN license, BLS and ACLS") only its own.
                stop = groups[g + 1][0][0].start if g + 1 < len(groups) else len(text)
                context = (
                    text
                    if len(groups) == 1
                    else text[group[0].start : min(stop, group[-1].end + 12)]
                )
                kind: Kind = (
                    "license"
                    if any(_LICENSE_WORDS.search(m.surface) for m in group)
                    or ("licen" in context.lower() and not re.search(r"certif", context, re.I))
                    else "certification"
                )
                span = (
                    (start, end)
                    if len(creds) == len(group)
                    else (start + group[0].start, start + group[-1].end)
                )
                structured.append(
                    replace(
                        base,
                        text=job[span[0] : span[1]],
                        start=span[0],
                        end=span[1],
                        kind=kind,
                        names=tuple(dict.fromkeys(m.skill for m in group)),
                        any_of=any_of and len(group) > 1,
                        states=states if kind == "license" else frozenset(),
                        compact=compact,
                        issuer=_issuer(text),
                    )
                )
            if (
                not creds
                and not degrees
                and not level
                and _GENERIC_CREDENTIAL.search(text)
                and (clause.in_section or asks)
                and not asks_for_years(text)
            ):
                generic: Kind = (
                    "license"
                    if re.search(r"licen|endorsement|permit", text, re.I)
                    else "certification"
                )
                structured.append(
                    replace(
                        base, kind=generic, states=states if generic == "license" else frozenset()
                    )
                )
                credential_word = _GENERIC_CREDENTIAL.search(text)
            if languages and (
                len(text.split()) <= 5
                or re.search(
                    r"\b(?:fluen\w*|bilingual|speak\w*|proficien\w*|language|written|spoken|native)\b",
                    text,
                    re.I,
                )
            ):
                structured.append(
                    replace(base, kind="language", names=tuple(sorted(languages)), any_of=True)
                )
            if _CONDITION.search(text) and not structured:
                structured.append(replace(base, kind="condition"))
        skills = [
            m
            for m in mentions
            if m.skill not in vocab.credentials
            and m.skill not in vocab.soft
            and not (languages and (m.skill in LANGUAGES or m.skill == "bilingual"))
            # "3+ years of software quality assurance": the field is the years item's, not a
            # skill of its own that could be "met" while the years are not.
            and not (years_end is not None and m.start >= years_end)
            # "Current forklift operator certification": forklift names the credential
            and not (
                credential_word
                and m.end <= credential_word.start()
                and _names_credential(text[m.end : credential_word.start()])
            )
        ]
        for group, any_of in skill_groups(skills, text):
            names = tuple(dict.fromkeys(m.skill for m in group))
            if any(n in skill_at for n in names):
                if required:
                    for (
                        n
                    ) in names:  # a later required mention makes an earlier preferred one required
                        i = skill_at.get(n)
                        if i is not None and i < len(items) and not items[i].required:
                            items[i] = replace(items[i], required=True)
                continue
            a, b = start + group[0].start, start + group[-1].end
            for n in names:
                skill_at[n] = len(items) + len(structured)
            examples = bool(
                EXAMPLES_BEFORE.search(text[: group[0].start])
                or EXAMPLES_AFTER.search(text[group[-1].end :])
            )
            structured.append(
                replace(
                    base,
                    text=job[a:b],
                    start=a,
                    end=b,
                    kind="skill",
                    names=names,
                    any_of=any_of and len(names) > 1,
                    examples=examples,
                )
            )
        if not structured and clause.in_section and len(text.split()) >= 3:
            structured.append(base)
        items.extend(structured)
    return items
