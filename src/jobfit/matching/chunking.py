"""Splitting long documents into model-sized windows and into short passages for evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobfit.documents.sections import heading
from jobfit.matching.encoder import Encoder

__all__ = ["Passage", "Window", "split_passages", "split_windows"]

# A sentence ends at ". " before a capital, but not after an initial or an abbreviation
# ("B.S. Computer Science", "J. Smith", "Dr. Lee", "St. Mary's").
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])(?<!\b[A-Za-z]\.)(?<![A-Za-z]\.[A-Za-z]\.)"
    r"(?<!\b(?:Dr|Mr|Ms|St|Jr|Sr|vs|No|Co)\.)(?<!\b(?:Mrs|Inc|Ltd)\.)(?<!\bCorp\.)\s+(?=[A-Z0-9(])"
)
MIN_PASSAGE_WORDS = 2
MAX_PASSAGE_CHARS = 300


@dataclass(frozen=True)
class Window:
    """A slice ``text[start:end]`` of a document that the model reads whole."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """A line or sentence of a document, used as evidence in explanations."""

    text: str
    start: int
    end: int


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    return spans


def split_windows(text: str, encoder: Encoder, budget: int | None = None) -> list[Window]:
    """Cuts a document into windows of at most ``budget`` model tokens, at line boundaries.

    Lines are packed greedily, so a window never cuts a line unless the line alone is
    longer than the budget (then it is cut at token boundaries). Every non-blank line is
    in exactly one window: nothing is silently dropped. The first window holds the
    headline and summary, which carry most of the signal.

    Args:
        text: The document text.
        encoder: Supplies the tokenizer (``tokenize_words``) and ``max_tokens``.
        budget: Tokens per window; defaults to ``encoder.max_tokens - 2`` (CLS and SEP).

    Example:
        >>> from jobfit.matching.encoder import HashEncoder
        >>> ws = split_windows("a b c\\nd e f\\ng h", HashEncoder(max_tokens=6), budget=4)
        >>> [w.text for w in ws]
        ['a b c', 'd e f', 'g h']
    """
    limit = budget if budget is not None else max(8, encoder.max_tokens - 2)
    windows: list[Window] = []
    cur_start: int | None = None
    cur_end = 0
    cur_tokens = 0

    def flush() -> None:
        nonlocal cur_start, cur_tokens
        if cur_start is not None:
            windows.append(Window(text[cur_start:cur_end], cur_start, cur_end))
        cur_start, cur_tokens = None, 0

    for start, end in _line_spans(text):
        spans = encoder.tokenize_words(text[start:end])
        n = len(spans)
        if n > limit:
            flush()
            for i in range(0, n, limit):
                chunk = spans[i : i + limit]
                a, b = start + chunk[0][0], start + chunk[-1][1]
                windows.append(Window(text[a:b], a, b))
            continue
        if cur_start is not None and cur_tokens + n > limit:
            flush()
        if cur_start is None:
            cur_start = start
        cur_end = end
        cur_tokens += n
    flush()
    return windows


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
    for start, end in _line_spans(text):
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
