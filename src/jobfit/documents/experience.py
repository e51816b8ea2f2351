"""Experience entries of a resume: title, employer and dates, and years of experience from them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jobfit.documents.sections import HEADER, SectionLine, resume_sections

__all__ = [
    "DateRange",
    "ExperienceEntry",
    "experience_entries",
    "find_date_ranges",
    "month_of",
    "total_months",
]

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        )
    )
    for m in names.split()
}
_SEASONS = {
    "spring": (2, 5),
    "summer": (5, 8),
    "fall": (8, 11),
    "autumn": (8, 11),
    "winter": (11, 14),
}
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_POINT = (
    rf"(?:{_MONTH_WORD}\s*,?\s*'?{_YEAR}|\d{{1,2}}\s*/\s*(?:\d{{1,2}}\s*/\s*)?{_YEAR}|"
    rf"\d{{1,2}}\s*[-.]\s*{_YEAR}|{_YEAR}\s*[-/.]\s*\d{{1,2}}(?!\d)|{_YEAR})"
)
_NOW = r"(?:present|current|currently|now|today|date|ongoing)"
_RANGE = re.compile(
    rf"(?<![\w/])(?P<a>{_POINT})\s*(?:-|\u2013|\u2014|~|\bto\b|\btill\b|\buntil\b|\bthrough\b|\bthru\b)\s*"
    rf"(?P<b>{_POINT}|{_NOW})(?![\w/])",
    re.IGNORECASE,
)
_SEASON = re.compile(rf"\b(?P<s>spring|summer|fall|autumn|winter)\s*,?\s*(?P<y>{_YEAR})\b", re.I)
_SINCE = re.compile(rf"\bsince\s+(?P<a>{_POINT})(?![\w/])", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-*\u2022\u00b7\u25aa\u25cf\u2013>]+\s*")
_TITLE_WORDS = re.compile(
    r"\b(?:engineer|developer|programmer|nurse|rn|lpn|manager|analyst|driver|technician|tech|"
    r"specialist|accountant|designer|teacher|instructor|assistant|associate|coordinator|"
    r"director|officer|consultant|representative|rep|clerk|administrator|intern|scientist|"
    r"architect|lead|generalist|pharmacist|supervisor|operator|mechanic|electrician|"
    r"worker|agent|advisor|adviser|auditor|bookkeeper|controller|recruiter|partner|"
    r"therapist|aide|attendant|cashier|cook|chef|server|president|vp|head|owner|"
    r"founder|trainer|writer|editor|planner|dispatcher|handler|installer|inspector|"
    r"paralegal|attorney|counsel|strategist|producer|executive|fellow|resident|"
    r"teller|underwriter|estimator|foreman|superintendent|apprentice|volunteer)s?\b",
    re.IGNORECASE,
)


_EDUCATION = re.compile(
    r"(?:\bb\.s\.|\bb\.a\.|\bm\.s\.|\b(?:bachelor|master)(?:['\u2019]s|s)?\s+(?:of|degree|in)\b|"
    r"\bassociate (?:of|degree)\b|\bph\.?d\b|\bdiploma\b|\bgpa\b|\b(?:BS|BA|MS|MBA|BSN|MSN)\b(?=[ ,]))",
    re.IGNORECASE,
)


def month_of(year: int, month: int) -> int:
    """A month as one integer (``year * 12 + month - 1``), so ranges subtract.

    Example:
        >>> month_of(2020, 3) - month_of(2019, 3)
        12
    """
    return year * 12 + month - 1


@dataclass(frozen=True)
class DateRange:
    """A span of months ``[start, end)`` and the text it was read from."""

    start: int
    end: int
    text: str

    @property
    def months(self) -> int:
        """Length in months (at least 0)."""
        return max(0, self.end - self.start)

    def label(self) -> str:
        """The range as the resume wrote it ("Jan 2019 - Present"), for reasons a person can check."""
        return " ".join(self.text.split())


def _point(raw: str, end: bool, today: int) -> tuple[int, bool] | None:
    """Parses one date; returns (month, had_month). An end date's month counts in full."""
    text = raw.strip().lower().replace(" ", "")
    if re.fullmatch(_NOW, text):
        return today + 1, True
    year_m = re.search(_YEAR, text)
    if year_m is None:
        return None
    year = int(year_m.group())
    word = re.match(r"[a-z]+", text)
    if word and word.group()[:3] in _MONTHS:
        month = _MONTHS[word.group()[:3]] + 1
    else:
        nums = [int(n) for n in re.findall(r"\d+", text) if len(n) <= 2]
        if not nums:
            return (month_of(year, 12) + 1 if end else month_of(year, 1)), False
        month = nums[0]
        if not 1 <= month <= 12:
            return None
    m = month_of(year, month)
    return (m + 1 if end else m), True


def find_date_ranges(text: str, today: dt.date) -> list[DateRange]:
    """Date ranges written the usual ways: "Jan 2019 - Present", "2019-2021", "03/2018 - 06/2020",
    "Summer 2020", "2016 to 2018", "since 2021".

    A range of whole years counts from January of the first to January of the last
    ("2019-2021" is 24 months), as a recruiter reads it; months count in full at both ends.
    A range that ends after ``today`` ends today.

    Example:
        >>> [r.months for r in find_date_ranges("Jan 2019 - Dec 2020; 2016-2018", dt.date(2026, 1, 1))]
        [24, 24]
        >>> find_date_ranges("Summer 2020", dt.date(2026, 1, 1))[0].months
        3
    """
    now = month_of(today.year, today.month)
    out: list[DateRange] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        a = _point(m.group("a"), False, now)
        b = _point(m.group("b"), True, now)
        if a is None or b is None:
            continue
        start, end = a[0], b[0]
        if (
            not (a[1] or b[1]) and end - start > 12
        ):  # whole years: Jan of the first to Jan of the last
            end -= 12
        end = min(end, now + 1)
        if end <= start:
            continue
        out.append(DateRange(start, end, m.group()))
        taken.append(m.span())
    for pattern in (_SEASON, _SINCE):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if pattern is _SEASON:
                lo, hi = _SEASONS[m.group("s").lower()]
                year = int(m.group("y"))
                start, end = month_of(year, 1) + lo, month_of(year, 1) + hi
            else:
                p = _point(m.group("a"), False, now)
                if p is None:
                    continue
                start, end = p[0], now + 1
            if end > start:
                out.append(DateRange(start, min(end, now + 1), m.group()))
                taken.append(m.span())
    out.sort(key=lambda r: text.find(r.text))
    return out


def total_months(ranges: Iterable[DateRange]) -> int:
    """Months covered by the union of ``ranges``: overlapping roles count once.

    Example:
        >>> total_months([DateRange(0, 24, "a"), DateRange(12, 36, "b"), DateRange(48, 60, "c")])
        48
    """
    spans = sorted((r.start, r.end) for r in ranges)
    total, cur_start, cur_end = 0, None, None
    for start, end in spans:
        if cur_end is None or start > cur_end:
            if cur_end is not None and cur_start is not None:
                total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    if cur_end is not None and cur_start is not None:
        total += cur_end - cur_start
    return total


@dataclass(frozen=True)
class ExperienceEntry:
    """One job of a resume: its header (title and employer), dates, and the lines under it.

    ``title`` is the header segment that reads as a job title ("Senior Data Engineer"),
    ``employer`` the rest of the header, ``text`` the header and its bullet lines.
    """

    title: str
    employer: str
    dates: DateRange
    text: str

    @property
    def years(self) -> float:
        """The entry's length in years."""
        return self.dates.months / 12


def _is_header(line: str) -> bool:
    """A line that may name a job or an employer: short, not a bullet, not a sentence."""
    return (
        not _BULLET.match(line)
        and len(line.split()) <= 14
        and not re.search(r"(?:\b[a-z]{3,}\.|;)\s*$", line)
    )


def _split_header(header: str) -> tuple[str, str]:
    parts = [
        p.strip(" ,|-\u2013\u2014\t")
        for p in re.split(r"\s+[|\u2013\u2014-]\s+|\s*[|,]\s*|\s+at\s+|\s{3,}|\t", header)
    ]
    parts = [p for p in parts if p and not re.fullmatch(r"[\W\d]*", p)]
    if not parts:
        return "", ""
    title = next((p for p in parts if _TITLE_WORDS.search(p)), parts[0])
    employer = ", ".join(p for p in parts if p is not title)
    return title, employer


def experience_entries(
    text: str, today: dt.date, lines: Sequence[SectionLine] | None = None
) -> list[ExperienceEntry]:
    """The jobs of a resume, each anchored on a line with a date range.

    Reads the experience section (or the whole text when it has no headings). A job's
    header is the text of its date line and up to two short non-bullet lines before it that
    are not another job's body; its text runs to the next job's header. Education and
    certification dates are not jobs.

    Args:
        text: The resume text.
        today: The date "Present" stands for (pass it in, so results reproduce).
        lines: The resume's section lines, if already read.

    Example:
        >>> r = "EXPERIENCE\\nData Engineer | Acme | Jan 2020 - Dec 2021\\n- Built pipelines\\nAnalyst, Beta Co\\n2018-2019"
        >>> [(e.title, e.employer, e.dates.months) for e in experience_entries(r, dt.date(2026, 1, 1))]
        [('Data Engineer', 'Acme', 24), ('Analyst', 'Beta Co', 12)]
    """
    lines = list(lines) if lines is not None else resume_sections(text)
    has_headings = any(x.section != HEADER for x in lines)
    body = [
        x.text
        for x in lines
        if x.section == "experience" or (not has_headings and x.section == HEADER)
    ]
    anchors: list[tuple[int, DateRange]] = []
    for i, line in enumerate(body):
        # A bullet's dates ("- Migrated 2008-2012 records") and a degree's are not a job.
        if _BULLET.match(line) or _EDUCATION.search(line):
            continue
        found = find_date_ranges(line, today)
        if found:
            anchors.append((i, found[0]))
    entries: list[ExperienceEntry] = []
    starts: list[int] = []
    for n, (i, _dates) in enumerate(anchors):
        first = i
        floor = anchors[n - 1][0] + 1 if n else 0
        while first - 1 >= floor and i - (first - 1) <= 2 and _is_header(body[first - 1]):
            first -= 1
        starts.append(first)
    for n, (i, dates) in enumerate(anchors):
        first = starts[n]
        last = starts[n + 1] if n + 1 < len(anchors) else len(body)
        last = max(last, i + 1)
        date_line = body[i].replace(dates.text, " ").strip(" ,|-\u2013\u2014\t()")
        header = " | ".join([*body[first:i], date_line] if date_line else body[first:i])
        if not header and i + 1 < len(body) and _is_header(body[i + 1]):
            header = body[i + 1]
        title, employer = _split_header(header)
        entries.append(ExperienceEntry(title, employer, dates, "\n".join(body[first:last])))
    return entries
