"""Short passages of a document (lines, and sentences of long lines), with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobfit.documents.sections import heading

__all__ = ["Passage", "line_spans", "split_passages"]

# A sentence ends at ". " before a capital, but not after an initial or an abbreviation
# ("B.S. Computer Science", "J. Smith", "Dr. Lee", "St. Mary's").
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])(?<!\b[A-Za-z]\.)(?<![A-Za-z]\.[A-Za-z]\.)"
    r"(?<!\b(?:Dr|Mr|Ms|St|Jr|Sr|vs|No|Co)\.)(?<!\b(?:Mrs|Inc|Ltd)\.)(?<!\bCorp\.)\s+(?=[A-Z0-9(])"
)
MIN_PASSAGE_WORDS = 2
MAX_PASSAGE_CHARS = 300


@dataclass(frozen=True)
class Passage:
    """A line or sentence of a document, used as evidence in explanations."""

    text: str
    start: int
    end: int


def line_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the non-blank lines of ``text``.

    Example:
        >>> line_spans("ab\\n\\ncd")
        [(0, 2), (4, 6)]
    """
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    return spans


def split_passages(text: str) -> list[Passage]:
    """Splits a document into lines, and long lines into sentences, keeping their offsets.

    Passages under two words (dates, fragments) and section headings ("PROFESSIONAL
    EXPERIENCE") are dropped; they are evidence
    candidates, not the document's content, which :func:`split_windows` keeps whole.

    Example:
        >>> [p.text for p in split_passages("SKILLS\\nPython and SQL daily.\\nLed a team of five. Cut costs 20%.")]
        ['Python and SQL daily.', 'Led a team of five.', 'Cut costs 20%.']
    """
    out: list[Passage] = []
    for start, end in line_spans(text):
        line = text[start:end]
        pieces: list[tuple[int, int]] = []
        if len(line) > MAX_PASSAGE_CHARS or _SENTENCE_END.search(line):
            pos = 0
            for m in _SENTENCE_END.finditer(line):
                pieces.append((pos, m.start()))
                pos = m.end()
            pieces.append((pos, len(line)))
        else:
            pieces.append((0, len(line)))
        for a, b in pieces:
            seg = line[a:b]
            lead = len(seg) - len(seg.lstrip(" -*\u2022\t"))
            seg_text = seg.strip(" -*\u2022\t")
            if len(seg_text.split()) < MIN_PASSAGE_WORDS or heading(seg_text) is not None:
                continue
            s = start + a + lead
            out.append(Passage(seg_text, s, s + len(seg_text)))
    return out
