"""Credentials as structure: degrees (level and field), licence states, clearances, languages."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CLEARANCE_LEVELS",
    "DEGREE_LEVELS",
    "LANGUAGES",
    "Degree",
    "clearance_level",
    "find_degrees",
    "find_languages",
    "find_states",
    "is_partial",
    "state_names",
    "words_of",
]

DEGREE_LEVELS = {
    1: "high school diploma",
    2: "associate degree",
    3: "bachelor's degree",
    4: "master's degree",
    5: "doctorate",
}
"""Degree levels, lowest first; a higher level holds every lower one."""

_DEGREE = re.compile(
    r"(?P<l5>\bph\.?\s?d\.?|\bdoctorate\b|\bdoctoral degree\b|\bdoctor of\b|\bpharm\.?\s?d\b\.?|\bdnp\b|\bed\.?d\b\.?|\bj\.?d\.?(?=[\s,]|$)|\bm\.?d\.(?=[\s,]|$))"
    r"|(?P<l4>(?<!post-)(?<!post )\bmaster(?:['\u2019]s\b|s\b|\s+degree\b|(?=\s+of\s))(?:\s+degree)?(?:\s+of\s+(?:science|arts|business administration|engineering|education|public health|fine arts))?"
    r"|\bm\.?s\.?c?\.?(?=[\s,]|$)|\bm\.\s?a\.|\bMA\b|\bmba\b|\bmsn\b|\bm\.?ed\b\.?|\bm\.?eng\b\.?|\bmph\b|\bmsw\b|\bmfa\b|\bgraduate degree\b)"
    r"|(?P<l3>\bbachelor(?:['\u2019]s\b|s\b|\s+degree\b|(?=\s+of\s))(?:\s+degree)?(?:\s+of\s+(?:science|arts|business administration|engineering|fine arts|applied science))?"
    r"|\bb\.?s\.?c?\.?(?=[\s,]|$)|\bb\.\s?a\.|\bBA\b|\bbsn\b|\bbba\b|\bb\.?eng\b\.?|\bundergraduate degree\b|\b4[- ]year degree\b|\bfour[- ]year degree\b)"
    r"|(?P<l2>\bassociate['\u2019]?s?\s+(?:degree|of\s+(?:science|arts|applied science))|\ba\.?a\.?s\.?\b|\badn\b|\ba\.s\.|\b2[- ]year degree\b|\btwo[- ]year degree\b)"
    r"|(?P<l1>\bhigh school\b[^.\n;]{0,40}?\bdiploma\b|\bged\b|\bhigh school equivalen\w+)",
    re.IGNORECASE,
)
# Degrees that carry their field in their name.
_NAMED_FIELD = {
    "bsn": "nursing",
    "msn": "nursing",
    "mba": "business administration",
    "pharm": "pharmacy",
    "m.ed": "education",
    "med": "education",
    "mph": "public health",
    "msw": "social work",
    "dnp": "nursing",
    "jd": "law",
    "j.d": "law",
    "ed.d": "education",
    "edd": "education",
}
_FIELD_AFTER = re.compile(
    r"^\s*(?:degree\s+)?(?:\(\w+\)\s*)?(?:,|-|\u2013|:|in\b|of\b|with a (?:major|concentration) in\b)?\s*(?:the\s+)?"
    r"(?P<f>[A-Za-z&/][A-Za-z&/ .'-]{1,80}?)"
    r"(?=\s*(?:$|\n|[,;:()|\u2013\u2014]|\s-\s|\.\s|\bfrom\b|\bat\b|\bor\b(?!\s+(?:related|equivalent|similar))|\band\b\s+\d|\d|\bpreferred\b|\brequired\b|\bis\b|\bwith\b))",
    re.IGNORECASE,
)
_NO_FIELD = re.compile(
    r"^(?:degree|diploma|or|and|required|preferred|equivalent|program|from|a|an|the|in|of|"
    r"related|field|accredited|university|college|school|plus|is|with|level)$",
    re.IGNORECASE,
)
_STOP = frozenset(
    "a an the and or of in on for to with from at by as related relevant similar field fields "  # noqa: SIM905
    "area areas discipline disciplines equivalent degree degrees program accredited major "
    "concentration study studies science sciences arts bachelor master science's other "
    "quantitative technical closely".split()
)
_SUFFIX = re.compile(
    r"(?:ing|ers|er|ors|or|ments|ment|ations|ation|ions|ion|ists|ist|ants|ant|ancy|ency|al|s)$"
)


def words_of(text: str) -> frozenset[str]:
    """Content words of a phrase, crudely stemmed, for comparing fields and titles.

    Example:
        >>> sorted(words_of("Data Engineering")) == sorted(words_of("data engineer"))
        True
    """
    out = set()
    for w in re.findall(r"[a-z][a-z+#]*", text.lower()):
        if w in _STOP or len(w) < 2:
            continue
        stem = w
        for _ in range(2):
            if len(stem) > 5:
                stem = _SUFFIX.sub("", stem)
        if len(stem) > 4:
            stem = stem.rstrip("e")
        out.add(stem or w)
    return frozenset(out)


@dataclass(frozen=True)
class Degree:
    """A degree: ``level`` (1 high school ... 5 doctorate), its field, and the text it came from."""

    level: int
    field: str
    text: str
    start: int = 0

    @property
    def name(self) -> str:
        """ "master's degree in Computer Science"."""
        return DEGREE_LEVELS[self.level] + (f" in {self.field}" if self.field else "")


def _field_after(text: str, end: int, token: str) -> str:
    key = re.sub(r"[^a-z.]", "", token.lower()).rstrip(".")
    for name, field in _NAMED_FIELD.items():
        if key == name or key.startswith(name):
            return field
    m = _FIELD_AFTER.match(text[end : end + 100])
    if not m:
        return ""
    field = m.group("f").strip(" .'-")
    words = field.split()
    while words and _NO_FIELD.match(words[0]):
        words.pop(0)
    while words and _NO_FIELD.match(words[-1]):
        words.pop()
    return " ".join(words)


# Abbreviations that are also words or other things ("MS Office", "JD Edwards", "55 mph"):
# a degree only in capitals (or with dots) and beside education words on the same line.
_AMBIGUOUS_ABBREVIATIONS = frozenset("ms ma msc med jd md mfa mph msw ba bs bsc as aas edd".split())  # noqa: SIM905
_NOT_AFTER_ABBREVIATION = re.compile(
    r"\s*(?:office|excel|word|sql|access|project|teams|dynamics|edwards|visio|powerpoint|outlook|azure)\b",
    re.IGNORECASE,
)
_EDUCATION_CONTEXT = re.compile(
    r"\b(?:university|college|school|institute|academy|degree|graduated|gpa|in|of)\b|\b(?:19|20)\d\d\b|[,(]\s*$",
    re.IGNORECASE,
)


def _is_degree_abbreviation(text: str, start: int, end: int, token: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", token)
    if letters.lower() not in _AMBIGUOUS_ABBREVIATIONS:
        return True
    if letters.lower() == "med":
        if token.strip() not in ("M.Ed", "M.Ed.", "MEd", "M.ED", "M.ED."):
            return False
    elif not letters.isupper():
        return False
    if "." in token:  # "M.S.", "B.A.": written as a degree
        return True
    if _NOT_AFTER_ABBREVIATION.match(text, end):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return bool(_EDUCATION_CONTEXT.search(line.replace(token, " ", 1)))


def find_degrees(text: str) -> list[Degree]:
    """Degrees named in ``text``, with level and field, in order.

    Example:
        >>> [(d.level, d.field) for d in find_degrees("MS in Computer Science, Stanford; B.S. Mathematics")]
        [(4, 'Computer Science'), (3, 'Mathematics')]
        >>> [(d.level, d.field) for d in find_degrees("Bachelor of Science in Nursing (BSN)")]
        [(3, 'Nursing')]
    """
    out: list[Degree] = []
    last_end = -1
    for m in _DEGREE.finditer(text):
        if m.start() < last_end:
            continue
        level = int(next(k for k, v in m.groupdict().items() if v)[1])
        token = m.group()
        if not _is_degree_abbreviation(text, m.start(), m.end(), token):
            continue
        field = "" if level == 1 else _field_after(text, m.end(), token)
        named = re.search(
            r"\bof\s+(business administration|engineering|education|public health|fine arts)",
            token,
            re.I,
        )
        if named and not field:
            field = named.group(1)
        # "(BSN)" after "Bachelor of Science in Nursing", "or GED" after "High school diploma":
        # the same degree again.
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.level == level
            and m.start() - prev.start < 80
            and not re.search(r"[;\n]", text[prev.start : m.start()])
        ):
            if field and not prev.field:
                out[-1] = Degree(level, field, prev.text, prev.start)
            last_end = m.end()
            continue
        out.append(Degree(level, field, token, m.start()))
        last_end = m.end()
    return out


_STATES = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "district of columbia": "DC",
}
_CODES = set(_STATES.values())
_AMBIGUOUS_CODES = {"OR", "IN", "ME", "OK", "HI", "MA", "MS", "PA", "DE", "CO", "LA", "ID", "MD"}
_STATE_NAME = re.compile(r"\b(" + "|".join(sorted(_STATES, key=len, reverse=True)) + r")\b", re.I)
_STATE_CODE = re.compile(r"(?<![\w.])([A-Z]{2})(?![\w.])")
_CODE_CONTEXT = re.compile(r"licen[cs]|\bRN\b|#|\bstate\b|\bLPN\b|\bCPA\b|\bPE\b|registered", re.I)
_COMPACT = re.compile(r"\b(?:multi-?state|compact|nlc)\b", re.IGNORECASE)


def state_names(codes: frozenset[str] | set[str]) -> str:
    """Postal codes as names, "/"-joined and sorted: ``{"OR", "CA"}`` -> "California/Oregon".

    Example:
        >>> state_names({"OR", "CA"})
        'California/Oregon'
    """
    names = {v: k for k, v in _STATES.items()}
    return "/".join(sorted(names.get(c, c).title() for c in codes))


def find_states(text: str) -> tuple[frozenset[str], bool]:
    """US states a licence line names (as postal codes), and whether it names a compact licence.

    Two-letter codes count only beside licence words ("RN - CA #12345"), and codes that are
    also words ("OR", "IN", "ME") only when written in capitals right beside them.

    Example:
        >>> find_states("Active Oregon RN license or multistate compact license")
        (frozenset({'OR'}), True)
        >>> find_states("RN, California #95512")[0], find_states("BLS or ACLS")[0]
        (frozenset({'CA'}), frozenset())
    """
    found = {_STATES[m.group(1).lower()] for m in _STATE_NAME.finditer(text)}
    dc = len(re.findall(r"washington,?\s+d\.?c\b", text, re.I))
    if dc and dc == len(re.findall(r"\bwashington\b", text, re.I)):
        found.discard("WA")
    if _CODE_CONTEXT.search(text):
        for m in _STATE_CODE.finditer(text):
            code = m.group(1)
            if code not in _CODES:
                continue
            if code in _AMBIGUOUS_CODES:
                near = text[max(0, m.start() - 12) : m.end() + 12]
                if not re.search(r"licen[cs]|#|\bRN\b|\bstate\b", near, re.I):
                    continue
            found.add(code)
    return frozenset(found), bool(_COMPACT.search(text))


_PARTIAL = re.compile(
    r"\b(?:candidate|pursuing|in progress|expected|anticipated|studying|working toward|"
    r"eligible|sitting for|scheduled|not yet|pending|in process|coursework toward|expired|lapsed|"
    r"enrolled|will (?:sit|take|obtain)|in training|preparing for|none|completing|working on)\b",
    re.IGNORECASE,
)
# Exam words say "not held" only where nothing says it is held ("CPA license #1234, passed exam 2015").
_EXAM = re.compile(
    r"\b(?:passed\s+(?:\w+\s+){0,3}(?:sections?|parts?|exams?)|sections?\s+passed|"
    r"(?:one|two|three|1|2|3)\s+of\s+(?:four|4)\s+sections|exam)\b",
    re.IGNORECASE,
)
_HELD = re.compile(
    r"\blicen[cs]e[ds]?\b[^,;]*(?:#|\bno\.|\d{4,})|#\s*[A-Z0-9.-]*\d|\b(?:active|current|valid)\b",
    re.IGNORECASE,
)


def is_partial(context: str) -> bool:
    """Whether a credential's line says it is not (yet) held: "CPA candidate, passed FAR and AUD".

    Example:
        >>> is_partial("CPA exam: passed two of four sections"), is_partial("CPA, licensed in Ohio")
        (True, False)
    """
    if _PARTIAL.search(context):
        return True
    return bool(_EXAM.search(context)) and not _HELD.search(context)


CLEARANCE_LEVELS = {
    1: "public trust",
    2: "confidential clearance",
    3: "secret clearance",
    4: "top secret clearance",
    5: "TS/SCI clearance",
}
_CLEARANCE = re.compile(
    r"\b(?P<l5>ts\s*/\s*sci|top secret\s*/\s*sci|top secret sci)\b|\b(?P<l4>top secret|ts)\b(?=.{0,40}clearance|\s*/|\s*\()"
    r"|\b(?P<l4b>top secret)\b|\b(?P<l3>secret)\b(?=.{0,30}clearance)|\b(?P<l2>confidential)\b(?=.{0,20}clearance)|\b(?P<l1>public trust)\b",
    re.IGNORECASE,
)


def clearance_level(text: str) -> int:
    """The highest security clearance level ``text`` names (0 when none).

    Example:
        >>> clearance_level("Active TS/SCI with polygraph"), clearance_level("Secret clearance (active)")
        (5, 3)
    """
    best = 0
    if re.search(r"clearance", text, re.I):  # "Clearance: Active Secret (DoD)"
        for level, word in (
            (4, r"top secret|\bts\b"),
            (3, r"\bsecret\b"),
            (2, r"\bconfidential\b"),
        ):
            if re.search(word, text, re.I):
                best = max(best, level)
                break
    for m in _CLEARANCE.finditer(text):
        name = next(k for k, v in m.groupdict().items() if v)
        best = max(best, int(name[1]))
    return best


LANGUAGES = [
    "spanish",
    "french",
    "german",
    "mandarin",
    "cantonese",
    "chinese",
    "portuguese",
    "vietnamese",
    "korean",
    "japanese",
    "arabic",
    "russian",
    "italian",
    "tagalog",
    "hindi",
    "urdu",
    "polish",
    "haitian",
    "creole",
    "somali",
    "farsi",
    "punjabi",
    "hmong",
    "bengali",
    "greek",
    "hebrew",
    "turkish",
    "dutch",
    "swahili",
    "amharic",
    "ukrainian",
    "asl",
]
_LANGUAGE = re.compile(r"\b(" + "|".join(LANGUAGES) + r"|american sign language)\b", re.IGNORECASE)


def find_languages(text: str) -> frozenset[str]:
    """Languages other than English that ``text`` names.

    Example:
        >>> sorted(find_languages("Bilingual English/Spanish; conversational French"))
        ['french', 'spanish']
    """
    out = set()
    for m in _LANGUAGE.finditer(text):
        word = m.group(1).lower()
        out.add("asl" if word == "american sign language" else word)
    return frozenset(out)
