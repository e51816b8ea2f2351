"""Short passages of a document (lines, and sentences of long lines), with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobfit.documents.sections import heading

__all__ = ["Passage", "line_spans", "logical_lines", "split_passages"]

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


# A line broken by a PDF's layout rather than by its writer: it does not end a sentence, the
# next line goes on (no bullet, no heading), and either it ends mid-phrase (a comma, a joining
# word, an open parenthesis), the next line starts in lower case, or it runs to the page's
# width in the middle of a list ("... Kafka Streams, Apache" / "Flink, dbt").
_OPEN_END = re.compile(r"(?:,|\b(?:and|or|with|of|in|for|to|the|a|an|&)|[(/-])\s*$", re.IGNORECASE)
_NEW_ITEM = re.compile(r"^\s*(?:[-*\u2022\u25aa\u25cf\u00b7]|\d+[.)]\s)")


def logical_lines(text: str) -> list[tuple[int, int]]:
    """Line spans with lines a PDF wrapped mid-phrase joined to the line they continue.

    Example:
        >>> t = "- Built pipelines with Kafka Streams, Apache\\nFlink, dbt and Airflow.\\n- Led a team"
        >>> [t[a:b].replace("\\n", " ") for a, b in logical_lines(t)]
        ['- Built pipelines with Kafka Streams, Apache Flink, dbt and Airflow.', '- Led a team']
    """
    spans = line_spans(text)
    lengths = sorted(b - a for a, b in spans if b - a >= _WIDE)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    out: list[tuple[int, int]] = []
    last_start = -1  # where the last physical line of the current logical line starts
    for start, end in spans:
        if out:
            prev_start, prev_end = out[-1]
            line, prev = text[start:end], text[last_start:prev_end].rstrip()
            full = len(prev) >= max(_WIDE, 0.85 * width) and "," in prev[-40:]
            if (
                prev_end + 1 == start  # adjacent: no blank line between them
                and not prev.endswith((".", "!", "?", ":", ";"))
                and not _NEW_ITEM.match(line)
                and heading(line.strip()) is None
                and (_OPEN_END.search(prev) or line.lstrip()[:1].islower() or full)
                and end - prev_start <= MAX_PASSAGE_CHARS
            ):
                out[-1] = (prev_start, end)
                last_start = start
                continue
        out.append((start, end))
        last_start = start
    return out


_WIDE = 40
"""Lines at least this long may be a page's full width."""


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
    for start, end in logical_lines(text):
        line = text[start:end].replace("\n", " ")
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
