"""Splitting long documents into model-sized windows at line boundaries."""

from __future__ import annotations

from dataclasses import dataclass

from jobfit.documents.passages import line_spans
from jobfit.encoding.encoder import Encoder

__all__ = ["Window", "split_windows"]


@dataclass(frozen=True)
class Window:
    """A slice ``text[start:end]`` of a document that the model reads whole."""

    text: str
    start: int
    end: int


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
        >>> from jobfit.encoding.encoder import HashEncoder
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

    for start, end in line_spans(text):
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
