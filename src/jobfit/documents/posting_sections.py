"""A posting's clauses: each line or sentence that may state a requirement, with its section."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Clause", "clauses"]

_SECTION = r"(?:preferred|desired|requirements?|qualifications?|skills?|education|experience|competenc(?:y|ies)|certifications?|licen[cs](?:es?|ure)|must[ -]haves?|nice[ -]to[ -]haves?|bonus(?: points)?|pluses|what (?:you|we)['\u2019]?(?:ll| will)? (?:need|bring)|what you bring|what we(?:['\u2019]re| are) looking for|who we(?:['\u2019]re| are) looking for|who you are|you have|about you|(?:the )?ideal candidate|what (?:we|you) need|what it takes|is this you\??)"
_REQ_HEADING = re.compile(
    rf"(?:(?:key|minimum|basic|preferred|required|desired|additional|your|job|technical|the|bonus|our)\s+)*"
    rf"{_SECTION}(?:\s*(?:and|&|/|,)\s*(?:(?:preferred|required)\s+)?{_SECTION})*\s*",
    re.IGNORECASE,
)
_PREFERRED_HEADING = re.compile(
    r"preferred|nice[ -]to[ -]have|bonus|pluses|\bplus\b|desired|additional|\bideal", re.I
)
_OTHER_SECTION = re.compile(
    r"(?:why\b|benefits|perks|what we offer|we offer|about (?:us|the)|compensation|"
    r"salary|pay\b|our culture|who we are|responsibilities|duties|what you['\u2019]?(?:ll| will)? do|"
    r"location|schedule|equal (?:employment )?opportunity|how to apply|the role|overview|"
    r"(?:position|job) (?:summary|overview|description)|company|our team)",
    re.IGNORECASE,
)
_DUTIES = (
    "responsibilities",
    "duties",
    "what you",
    "the role",
    "position",
    "job ",
    "about the role",
    "about the position",
    "about the job",
)


_BULLET = re.compile(
    r"^\s*(?:[-*\u2022\u00b7\u25aa\u25cf\u2013\u2014>]+|\(?\d{1,2}[.)]|[a-z][.)](?=\s))\s*"
)
# Sentence ends: after a lower-case word, a number or an acronym ("... an ICU RN. Requirements:"),
# before a capital or a count ("CPA preferred. 3+ years of accounting"); not after a title or
# place abbreviation that leads a name ("St. Mary Hospital", "Dr. Smith").
_CLAUSE = re.compile(
    r";\s+|(?<=[a-z0-9)%])(?<!\bSt|\bDr|\bMr|\bMs|\bMt|\bFt|\bvs)(?<!\bMrs)\.\s+(?=[A-Z]|\d+\+?\s)"
    r"|(?<=[A-Z]{2})(?<!\bBS|\bBA|\bMS|\bMA|\bAS|\bAA)(?<!MBA)\.\s+(?=[A-Z][a-z]|\d+\+?\s)"
    r"|(?<!\s)\s+[\u2022\u00b7\u25aa\u25cf]\s+"
)
# "BLS required, CCRN preferred, 2+ years ...": a comma after a requirement's strength ends it.
_STRENGTH_COMMA = re.compile(
    r"\b(required|preferred|a plus|desired|mandatory|is a must)\b,\s+"
    r"(?!(?:or|and|but|especially|including|ideally|preferably|such as|e\.g\.|i\.e\.|with|in)\b)",
    re.IGNORECASE,
)
_INLINE_HEAD = re.compile(r"([A-Za-z][A-Za-z '\u2019&/,-]{1,60}?):\s*")
_HEADING_MAX_WORDS = 6


_ASKING_HEAD = re.compile(
    r"\b(?:have|need|bring|looking for|requir\w*|qualif\w*|ideal|bonus|plus|prefer\w*|nice)\b", re.I
)


def _unknown_heading(line: str) -> bool:
    """A short title-case line with no sentence in it ("Who Thrives Here", "Your Team:")."""
    text = line.strip().rstrip(":")
    words = text.split()
    if not 1 <= len(words) <= 5 or re.search(r"[.;,!?]|\d", text):
        return False
    capitals = sum(w[:1].isupper() for w in words if len(w) > 3)
    return line.strip().endswith(":") or capitals == len([w for w in words if len(w) > 3]) > 0


@dataclass(frozen=True)
class Clause:
    """A clause of a posting: its text and offset, and the section flags it was read under."""

    text: str
    start: int
    in_section: bool
    duties: bool
    preferred: bool
    first_line: bool


def clauses(job: str) -> Iterator[Clause]:
    """The posting's clauses that may state requirements, with their offsets and section flags."""
    in_section = duties = preferred_section = other = False
    pos = 0
    first = True
    for raw in job.split("\n"):
        line_start, pos = pos, pos + len(raw) + 1
        bullet = _BULLET.match(raw)
        offset = bullet.end() if bullet else len(raw) - len(raw.lstrip())
        line = raw[offset:].rstrip()
        if not line.strip():
            continue
        is_first, first = first, False
        head, colon, rest = line.partition(":")
        may_head = (
            not (bullet and bullet.group().strip()) and len(head.split()) <= _HEADING_MAX_WORDS
        )
        if may_head and (colon or not line.endswith(".")):
            if _REQ_HEADING.fullmatch(head.strip()):
                in_section, other, duties, is_first = True, False, False, False
                preferred_section = bool(_PREFERRED_HEADING.search(head))
                offset += len(head) + len(colon)
                line = rest
            elif _OTHER_SECTION.match(head.strip()) and (colon or line.strip() == head.strip()):
                in_section = preferred_section = False
                duties = head.strip().lower().startswith(_DUTIES)
                other = not duties
                offset += len(head) + len(colon)
                line = rest
            elif not is_first and line.strip().endswith(":") and _ASKING_HEAD.search(head):
                # "Bonus points if you have:", "You'll need:": a requirements heading in words.
                in_section, other, duties = True, False, False
                preferred_section = bool(_PREFERRED_HEADING.search(head))
                continue
            elif (
                not is_first
                and _unknown_heading(line)
                and (not in_section or line.rstrip().endswith(":"))
            ):
                # A heading we do not know ends the section before it: read on as neutral text.
                in_section = preferred_section = other = duties = False
                continue
        if not line.strip():
            continue
        for m_start, m_end in _split(line):
            text = line[m_start:m_end]
            inline = _INLINE_HEAD.match(text) if m_start > 0 else None
            if inline and len(inline.group(1).split()) <= _HEADING_MAX_WORDS:
                # A heading inside a line ("We are hiring. Requirements: an RN licence, ...");
                # a line's own heading was read above. Another section's heading ("Pay:",
                # "Benefits:") ends a requirements section and its own sentence is skipped.
                name = inline.group(1).strip()
                if _REQ_HEADING.fullmatch(name):
                    in_section, other, duties = True, False, False
                    preferred_section = bool(_PREFERRED_HEADING.search(name))
                    m_start, text = m_start + inline.end(), text[inline.end() :]
                elif _OTHER_SECTION.match(name):
                    in_section = preferred_section = False
                    duties = name.lower().startswith(_DUTIES)
                    if not duties:
                        continue
                    m_start, text = m_start + inline.end(), text[inline.end() :]
            if other:
                continue
            parts = _list_parts(text) if in_section and not bullet else [(0, len(text))]
            for a, b in parts:
                piece = text[a:b]
                stripped = piece.strip().rstrip(".;,")
                if not stripped:
                    continue
                lead = len(piece) - len(piece.lstrip())
                yield Clause(
                    stripped,
                    line_start + offset + m_start + a + lead,
                    in_section,
                    duties,
                    preferred_section,
                    is_first,
                )


def _split(line: str) -> list[tuple[int, int]]:
    spans, last = [], 0
    for m in _CLAUSE.finditer(line):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(line)))
    out = []
    for a, b in spans:
        piece = line[a:b]
        # "BLS and ACLS required, PALS preferred": a comma between a required and a preferred part.
        parts = (
            re.split(r",\s+(?=[^,]*\bprefer)", piece)
            if re.search(r"\brequired\b", piece)
            else [piece]
        )
        parts = [p for part in parts for p in _split_after_strength(part)]
        pos = a
        for part in parts:
            start = line.index(part, pos)
            out.append((start, start + len(part)))
            pos = start + len(part)
    return out


def _split_after_strength(piece: str) -> list[str]:
    """``piece`` cut after each "required," / "preferred," that a further requirement follows."""
    out, last = [], 0
    for m in _STRENGTH_COMMA.finditer(piece):
        out.append(piece[last : m.end(1)])
        last = m.end()
    out.append(piece[last:])
    return [p for p in out if p.strip()]


_LIST_JOIN = re.compile(r"^\s*(?:and|or)\s+", re.IGNORECASE)


def _list_parts(text: str) -> list[tuple[int, int]]:
    """A requirements list written on one line, cut into its items: "paralegal certificate,
    2+ years of litigation experience, proficiency in Westlaw" is three requirements.

    Only a list of three or more items of two or more words each is cut, and not one led by
    a count of years (the list is then that requirement's field: "3+ years of accounts
    payable, accounts receivable and general ledger") or one with one-word alternatives
    ("a valid license: RN, LPN or CNA"), so "Python, Go or Java" stays whole.

    Example:
        >>> t = "forklift certification, ability to lift 50 lbs, and a high school diploma"
        >>> [t[a:b].strip() for a, b in _list_parts(t)]
        ['forklift certification', 'ability to lift 50 lbs', 'and a high school diploma']
        >>> len(_list_parts("Bachelor's degree in Computer Science, Engineering, or a related field"))
        1
    """
    whole = [(0, len(text))]
    if text.count(",") < 2 or re.search(r"\byears?\b", text.split(",", 1)[0], re.IGNORECASE):
        return whole
    spans, start = [], 0
    for m in re.finditer(r",\s*", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    items = [_LIST_JOIN.sub("", text[a:b]).strip() for a, b in spans]
    if len(spans) < 3 or min(len(x.split()) for x in items) < 2:
        return whole
    # "RN, LPN or CNA": alternatives of one word each are one requirement
    if any(re.fullmatch(r"\S+\s+or\s+\S+", x, re.IGNORECASE) for x in items):
        return whole
    return spans
