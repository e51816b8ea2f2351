"""Job-title lookup: clean a line the way people write titles and find it among O*NET's titles.

Real titles rarely arrive clean. Postings append a location, a department or the terms of
employment ("Sales Associate - Easton T/C", "Registered Nurse (Remote), Part-Time"); resumes
abbreviate ("HR Representative") and put dates beside the title. The lookup tries, in order,
the whole line, its first segment (the text before the first " - ", ",", "(", "|" or " at "),
and the same two with common abbreviations spelled out; optionally the longest run of words
that O*NET lists. Only exact matches after normalisation count: a wrong occupation costs more
than a missing one, because a missing one leaves the content-based evidence alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from jobfit.documents.sections import HEADER, resume_sections
from jobfit.matching.title_rules import confident_codes, names_a_field, one_group, rank_only

__all__ = [
    "TITLE_STRIP",
    "TitleIndex",
    "normalize_title",
    "title_candidates",
    "title_lines",
]

TITLE_STRIP = " -=_#~*\t|:•·"
"""Characters stripped from both ends of a line before it is read as a title."""

_SENIORITY = re.compile(
    r"\b(senior|sr|junior|jr|lead|principal|staff|head|chief|associate|assistant|entry level|"
    r"entry-level|trainee|intern|i{1,3}|iv|v|[0-9]+)\b\.?",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\([^)]*\)?")
_NON_WORD = re.compile(r"[^a-z0-9+#&/ ]+")
_CONTACT = re.compile(r"@|\d{3}[-. )]\d{3}|https?:|www\.", re.IGNORECASE)
_SEGMENT = re.compile(
    r"\s+[-\u2013\u2014|]+\s+|\s*[,(|;:/]\s*|\s+at\s+|\s+[-\u2013\u2014]\s*$", re.IGNORECASE
)
# Employment terms and dates after a title ("Registered Nurse, Part-Time, Jan 2020 - Present");
# a word list reads better as one string.
_NOISE_WORDS = frozenset(
    "remote hybrid onsite on-site part-time full-time part full time contract hire temporary "  # noqa: SIM905
    "temp seasonal freelance per diem prn present current to jan feb mar apr may jun jul aug "
    "sep sept oct nov dec january february march april june july august september october "
    "november december".split()
)
_EXPERIENCE = "experience"
_HEAD_LINES = 3  # without headings, the first lines that may hold a headline or a title
# A one-word line that names a field or department, not a person's job ("Operations",
# "Accounting", "Management", "Security", "Sales"): below a headline it is not read as a title.
_FIELD = re.compile(r"^[^\W\d_]+(?:ing|tion|sion|ment|ics|ity|ance|ence|ogy|s)$", re.IGNORECASE)
_OF = re.compile(r"^(director|manager|head|vice president|supervisor|chief|officer) of (.+)$")
_ROLE_COMMA = re.compile(
    r"^(director|manager|head|vice president|vp|supervisor|officer|coordinator)\s*,\s*([^,]+)$",
    re.IGNORECASE,
)
_ABBREVIATIONS: dict[str, str] = {
    "hr": "human resources",
    "it": "information technology",
    "rn": "registered nurse",
    "lpn": "licensed practical nurse",
    "cna": "certified nursing assistant",
    "vp": "vice president",
    "svp": "vice president",
    "evp": "vice president",
    "avp": "vice president",
    "mgr": "manager",
    "asst": "assistant",
    "qa": "quality assurance",
    "ux": "user experience",
    "ui": "user interface",
    "dev": "developer",
    "eng": "engineer",
    "acct": "accountant",
    "rep": "representative",
    "coord": "coordinator",
    "dir": "director",
    "tech": "technician",
}


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalize_title(title: str, seniority: bool = True, expand: bool = False) -> str:
    """Lower-cases a job title, drops employment words, parentheses and plurals.

    Args:
        title: The title as written.
        seniority: Also drop seniority words (senior, lead, associate, II, ...).
        expand: Spell out common abbreviations (HR, RN, VP, Mgr, ...).

    Example:
        >>> normalize_title("Sr. Registered Nurses II (RN)")
        'registered nurse'
        >>> normalize_title("HR Generalist (Remote), Part-Time", expand=True)
        'human resource generalist'
    """
    t = _PARENS.sub(" ", title.lower())
    if seniority:
        t = _SENIORITY.sub(" ", t)
    t = _NON_WORD.sub(" ", t)
    words = [w.strip("/&") for w in t.split()]
    if expand:
        words = " ".join(_ABBREVIATIONS.get(w, w) for w in words).split()
    return " ".join(_singular(w) for w in words if w and w not in _NOISE_WORDS)


def _first_segment(line: str) -> str:
    return _SEGMENT.split(line.strip(), maxsplit=1)[0]


def _reorder_of(key: str) -> str:
    """``director of business development`` -> ``business development director``."""
    m = _OF.match(key)
    return f"{m.group(2)} {m.group(1)}" if m else key


def title_candidates(line: str) -> Iterator[tuple[str, str]]:
    """``(table, key)`` pairs a line is looked up under, most literal first, without repeats.

    Tables: ``exact`` (seniority kept), ``loose`` (seniority dropped), ``compact`` (no spaces:
    "pre-school" = "preschool"). Each is tried on the whole line, then on its first segment,
    then with abbreviations spelled out; "Director of X" and "Director, X" also read "X Director".

    Example:
        >>> [k for _, k in title_candidates("Director, IT")][:3]
        ['director it', 'it director', 'director']
        >>> ("exact", "human resource generalist") in title_candidates("HR Generalist - Columbus")
        True
    """
    m = _ROLE_COMMA.match(line.strip())
    swapped = f"{m.group(2)} {m.group(1)}" if m else line
    segments = dict.fromkeys((line, swapped, _first_segment(line)))
    seen: set[tuple[str, str]] = set()
    for expand in (False, True):
        for table, seniority in (("exact", False), ("loose", True)):
            for seg in segments:
                key = normalize_title(seg, seniority=seniority, expand=expand)
                for k in dict.fromkeys((key, _reorder_of(key))):
                    if k and (table, k) not in seen:
                        seen.add((table, k))
                        yield table, k
    for seg in segments:
        key = normalize_title(seg, seniority=False).replace(" ", "")
        if key and ("compact", key) not in seen:
            seen.add(("compact", key))
            yield "compact", key


class TitleIndex:
    """Normalised job title -> the O*NET occupation codes that use it.

    The first comma segment of each name, and each name with its abbreviations spelled out,
    are indexed too where no full name holds the key ("Preschool Teachers, Except Special
    Education" is also "Preschool Teachers"; "HR Generalist" also "Human Resources Generalist").

    Example:
        >>> index = TitleIndex([("29-1141.00", ["Registered Nurse", "Staff Nurse"])])
        >>> index.lookup("Staff Nurse - ICU (Nights)")
        ('29-1141.00',)
        >>> index.lookup("RN, Med-Surg")
        ('29-1141.00',)
        >>> index.lookup("Welder")
        ()
    """

    def __init__(
        self,
        titles: Iterable[tuple[str, Iterable[str]]],
        reported: Iterable[tuple[str, Iterable[str]]] | None = None,
    ) -> None:
        tables: dict[str, dict[str, list[str]]] = {"exact": {}, "loose": {}, "compact": {}}
        pairs = [(code, list(names)) for code, names in titles]
        # Full names first; then, for keys no full name owns, first comma segments and
        # names with abbreviations spelled out ("HR Generalist" is also "human resources ...").
        for variant in ("full", "segment", "expanded"):
            taken = {t: set(d) for t, d in tables.items()}
            for code, names in pairs:
                for name in names:
                    if variant == "segment" and "," not in name:
                        continue
                    text = name.split(",")[0] if variant == "segment" else name
                    expand = variant == "expanded"
                    exact = normalize_title(text, seniority=False, expand=expand)
                    keys = {
                        "exact": exact,
                        "loose": normalize_title(text, expand=expand),
                        "compact": exact.replace(" ", ""),
                    }
                    for table, key in keys.items():
                        if not key or (variant != "full" and key in taken[table]):
                            continue  # a full name already owns this key
                        codes = tables[table].setdefault(key, [])
                        if code not in codes:
                            codes.append(code)
        self._tables = {t: {k: tuple(v) for k, v in d.items()} for t, d in tables.items()}
        # An occupation's own title ("Credit Analysts") names it, whatever else lists it.
        self._primary = {_singular_key(names[0]): code for code, names in pairs if names}
        # Resumes repeat section headers and postings repeat boilerplate: memoise per line.
        self._lookup = lru_cache(maxsize=1 << 16)(self._lookup_uncached)
        # The titles workers reported to O*NET: they settle a title listed in two groups,
        # except against an occupation without reported titles (newer ones have none).
        reported_pairs = [(code, list(names)) for code, names in (reported or ())]
        self._reported = TitleIndex(reported_pairs) if reported is not None else None
        self._unreported = frozenset(code for code, _ in pairs) - {
            code for code, names in reported_pairs if len(names) > 1
        }

    def __len__(self) -> int:
        return len(self._tables["exact"])

    def _own_title(self, line: str) -> tuple[str, ...]:
        """The code whose own O*NET title ``line`` is (singular or plural), else ``()``."""
        code = self._primary.get(_singular_key(_first_segment(line)))
        return (code,) if code else ()

    def lookup(self, line: str, subphrases: bool = False, min_words: int = 1) -> tuple[str, ...]:
        """Occupation codes for ``line``, or ``()``.

        Args:
            line: One line of text, e.g. a headline or a posting's title.
            subphrases: If nothing matches, fall back to the longest run of at least two
                consecutive words of the first segment that O*NET lists ("associate business
                development manager, EMEA" -> "business development manager").
            min_words: Ignore matches whose title has fewer words (seniority words count).
        """
        return self._lookup(line, subphrases, min_words)

    def confident(self, line: str, subphrases: bool = False, min_words: int = 1) -> tuple[str, ...]:
        """The codes of ``line`` that jobfit trusts (an occupation's own title, else the
        lookup filtered by :func:`~jobfit.matching.title_rules.confident_codes`), or ``()``.

        Example:
            >>> index = TitleIndex([("11-9041.00", ["Engineering Managers", "Project Manager"]),
            ...                     ("13-1082.00", ["Project Management Specialists", "Project Manager"])])
            >>> index.confident("Project Manager"), index.confident("Project Management Specialist")
            ((), ('13-1082.00',))
        """
        own = self._own_title(line)
        if own:
            return own
        if rank_only(_first_segment(line)):  # "Director, X" reads as "X Director" or not at all
            m = _ROLE_COMMA.match(line.strip())
            if not m or rank_only(m.group(2)):
                return ()
            line = f"{m.group(2)} {m.group(1)}"
        if names_a_field(_reorder_of(normalize_title(_first_segment(line), seniority=False))):
            return ()
        codes = self.lookup(line, subphrases=subphrases, min_words=min_words)
        if not codes:
            return ()
        exact = self.lookup(line, min_words=min_words) if subphrases else codes
        if self._reported is not None:
            reported = self._reported.lookup(line, min_words=min_words)
            reported += tuple(c for c in codes if c in self._unreported)
        else:
            reported = one_group(codes)
        return confident_codes(line, codes, reported, subphrase=not exact)

    def _lookup_uncached(self, line: str, subphrases: bool, min_words: int) -> tuple[str, ...]:
        for table, key in title_candidates(line):
            codes = self._tables[table].get(key, ())
            if codes and _word_count(line, table, key) >= min_words:
                return codes
        if not subphrases:
            return ()
        words = normalize_title(_first_segment(line), expand=True).split()
        loose = self._tables["loose"]
        for n in range(len(words) - 1, max(1, min_words - 1), -1):  # runs of >= 2 words
            for i in range(len(words) - n + 1):
                codes = loose.get(" ".join(words[i : i + n]), ())
                if codes:
                    return codes
        return ()

    def found(
        self,
        text: str,
        lines: int = 60,
        max_titles: int = 3,
        subphrases: bool = False,
        resume: bool = False,
    ) -> list[tuple[str, tuple[str, ...]]]:
        """Short lines near the top of ``text`` that are job titles, with their codes.

        A line counts if it has no contact data, does not end like a sentence, and its first
        segment has at most six words. Lists (three or more commas) are skipped.

        Args:
            text: A resume or a posting.
            lines: Read this many non-empty lines.
            max_titles: Stop after this many titles.
            subphrases: When no line is a listed title, let a headline line (above a resume's
                first heading, or among a text's first three lines) match by a run of words
                inside it, "Backend Software Engineer" by "Software Engineer" (see
                :meth:`lookup`).
            resume: Read ``text`` as a resume with section headings: titles count only above
                the first heading (the headline) and under an experience heading, one-word
                titles included, so the lines of a Highlights or Skills section ("Accounts
                Payable", "Customer Service") are not read as jobs. A text without headings
                is read as below.

        Without headings (postings, bare resumes), one-word titles count only on the first
        line (a headline): further down, single words are section headers and stray fragments.

        Example:
            >>> index = TitleIndex([("29-1141.00", ["Registered Nurse", "Nurse"]),
            ...                     ("43-3031.00", ["Accounts Payable Clerk", "Accounts Payable"])])
            >>> text = "Summary\\nHighlights\\nAccounts Payable\\nExperience\\n2019 - Current\\nNurse"
            >>> [t for t, _ in index.found(text, resume=True)]
            ['Nurse']
            >>> [t for t, _ in index.found(text)]
            ['Accounts Payable']
        """
        # (line, fewest words a title there may have, may it match by a run of its words)
        candidates: list[tuple[str, int, bool]] | None = None
        if resume:
            parts = [(p.text.strip(TITLE_STRIP), p.section) for p in resume_sections(text, lines)]
            if any(section != HEADER for _, section in parts):
                candidates = [
                    (line, 1 if (i == 0 and head) or not _FIELD.match(line) else 2, head)
                    for i, (line, section) in enumerate(parts)
                    if line and section in (HEADER, _EXPERIENCE)
                    for head in [section == HEADER]
                ]
        if candidates is None:
            candidates = [
                (x, 1 if i == 0 else 2, i < _HEAD_LINES) for i, x in enumerate(title_lines(text))
            ]
            candidates = candidates[:lines]
        candidates = [c for c in candidates if _title_shaped(c[0])]
        found: list[tuple[str, tuple[str, ...]]] = []
        for line, min_words, _ in candidates:
            codes = self.confident(line, min_words=min_words)
            if codes:
                found.append((line, codes))
                if len(found) == max_titles:
                    return found
        if not found and subphrases:
            # No listed title anywhere: read the headline lines by a run of their words.
            for line, min_words, head in candidates:
                codes = self.confident(line, subphrases=True, min_words=min_words) if head else ()
                if codes:
                    return [(line, codes)]
        return found


def _singular_key(title: str) -> str:
    return " ".join(_singular(w) for w in normalize_title(title, seniority=False).split())


def _title_shaped(line: str) -> bool:
    """No contact data, no sentence end, no list, and short enough to be a title."""
    if _CONTACT.search(line) or line.endswith((".", ";")) or line.count(",") > 2:
        return False
    return len(_first_segment(line).split()) <= 6 and len(line.split()) <= 16


def title_lines(text: str) -> list[str]:
    """The lines of ``text`` stripped of bullets and rules, empty ones left out.

    Example:
        >>> title_lines("-----\\n  Registered Nurse |\\n\\n• Triage")
        ['Registered Nurse', 'Triage']
    """
    return [x for x in (line.strip(TITLE_STRIP) for line in text.split("\n")) if x]


def _word_count(line: str, table: str, key: str) -> int:
    """Words of the matched title as written (seniority words count: "Medical Assistant" is 2)."""
    if table == "exact":
        return len(key.split())
    return max(
        len(normalize_title(s, seniority=False).split()) for s in (line, _first_segment(line))
    )
