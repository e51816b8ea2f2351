"""Text cleaning for extracted documents: mojibake, unicode, bullets, whitespace, repeated page lines."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

import ftfy

__all__ = ["EDGE_LINES", "REPEAT_SHARE", "clean_text", "remove_repeated_lines"]

EDGE_LINES = 3
"""How many non-empty lines at the top and bottom of a page count as header/footer candidates."""

REPEAT_SHARE = 0.6
"""A candidate line is a header/footer when it appears on at least this share of the pages."""

# Bullet glyphs seen in resumes, including the private-use bullets that Word's Symbol and
# Wingdings fonts leave behind (U+F0B7, U+F0A7, U+F0D8, U+F076, U+F06E, U+F0FC, U+F0A8).
_SYMBOL_BULLETS = (
    "\u2022\u25cf\u25aa\u25e6\u27a2\u27a4\u2023\u2043\u2219\u00b7\u25a0\u25a1\u25ba\u25b6"
    "\u25c6\u25c7\u25cb\u2605\u2713\u2714\u2794\u2192\uf0b7\uf0a7\uf0d8\uf076\uf06e\uf0fc\uf0a8"
)
_SYMBOL_CLASS = f"[{re.escape(_SYMBOL_BULLETS)}]"
_LEADING_BULLET = re.compile(rf"^(?:{_SYMBOL_CLASS}\s*|[-*+\u2013\u2014]\s+)")
_BULLET_ONLY = re.compile(rf"^(?:{_SYMBOL_CLASS}|[-*+\u2013\u2014])$")
_INLINE_BULLET = re.compile(
    r"(?<=\s)[\u2022\u25cf\u25aa\u25e6\u2219\u00b7\u25a0\uf0b7\uf0a7](?=\s)"
)
_SPACES = re.compile(r"[ \t]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_DIGITS = re.compile(r"\d+")
_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)-$")
_NEXT_WORD = re.compile(r"^([^\W\d_]+)(\S*)(.*)$")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False)
"""ftfy's defaults (mojibake, NFC, ligatures, full-width letters, line breaks) but curly quotes kept."""

# Meaning-preserving replacements on top of ftfy (which already fixes mojibake, applies NFC,
# splits ligatures, narrows full-width letters and normalises line breaks).
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(
            "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000",
            " ",
        ),
        **dict.fromkeys("\u2010\u2011\u2212", "-"),
        "\u2028": "\n",
        "\u2029": "\n",
        "\f": "\n",
        "\v": "\n",
    }
)

# Word endings that are safe to re-attach when a line break split a word ("manage-" / "ment").
_SUFFIX_FRAGMENTS = frozenset(
    {
        "tion",
        "tions",
        "sion",
        "sions",
        "ment",
        "ments",
        "ing",
        "ings",
        "ness",
        "ity",
        "ities",
        "ance",
        "ances",
        "ence",
        "ences",
        "ency",
        "able",
        "ible",
        "ably",
        "ical",
        "ically",
        "ation",
        "ations",
        "ization",
        "isation",
        "ized",
        "ised",
        "ology",
        "ologies",
        "ship",
        "ships",
        "ture",
        "tures",
    }
)


def _strip_controls(text: str) -> str:
    """Drops control, format (zero-width, soft hyphen, BOM) and unknown private-use characters."""
    drop: dict[int, None] = {
        ord(ch): None
        for ch in set(text)
        if ch not in "\n\t"
        and (
            unicodedata.category(ch) in ("Cc", "Cf", "Cs")
            or (unicodedata.category(ch) == "Co" and ch not in _SYMBOL_BULLETS)
        )
    }
    return text.translate(drop) if drop else text


def _normalise_line(line: str) -> str:
    line = _SPACES.sub(" ", line).strip()
    line = _INLINE_BULLET.sub("-", line)
    match = _LEADING_BULLET.match(line)
    if match and len(line) > match.end():
        line = "- " + line[match.end() :]
    elif _BULLET_ONLY.match(line):
        line = "-"
    return line


def _merge_lone_bullets(lines: list[str]) -> list[str]:
    """Joins a line holding only a bullet glyph with the next non-empty line."""
    out: list[str] = []
    pending = False
    for line in lines:
        if line == "-":
            pending = True
            continue
        if pending and line:
            line = line if line.startswith("- ") else "- " + line
            pending = False
        out.append(line)
    if pending:
        out.append("-")
    return out


def _fix_hyphenation(lines: list[str]) -> list[str]:
    """Re-joins words split across lines by a hyphen, but only when that is clearly right.

    ``devel-`` + ``opment`` becomes ``development`` only when ``development`` appears elsewhere
    in the text, or the second part is a common word ending (``manage-``/``ment``). When the
    hyphenated form (``self-motivated``) appears elsewhere the hyphen is kept and the word
    joined. Otherwise the lines are left as they are.
    """
    words: set[str] = set()
    for token in _WORDS.findall("\n".join(lines).casefold()):
        words.add(token)
        words.update(token.split("-"))
    out = list(lines)
    emptied: set[int] = set()
    for i in range(len(out) - 1):
        head, tail = _HYPHEN_BREAK.search(out[i]), _NEXT_WORD.match(out[i + 1])
        if head is None or tail is None or not tail.group(1).islower():
            continue
        left, right = head.group(1), tail.group(1)
        if not left[-1].islower():
            continue
        joined, hyphenated = left + right, f"{left}-{right}"
        if joined.casefold() in words or right in _SUFFIX_FRAGMENTS:
            word = joined
        elif hyphenated.casefold() in words:
            word = hyphenated
        else:
            continue
        out[i] = out[i][: head.start()] + word + tail.group(2)
        out[i + 1] = tail.group(3).strip()
        if not out[i + 1]:
            emptied.add(i + 1)
    return [line for i, line in enumerate(out) if i not in emptied]


def clean_text(text: str) -> str:
    """Cleans extracted document text so equal content gives equal text.

    Repairs mojibake (``Ã©`` -> ``é``, ``â€™`` -> a right single quote) with ftfy, normalises unicode
    without changing meaning (NFC, ligatures split, odd spaces to spaces, zero-width and
    control characters removed, curly quotes kept), turns bullet glyphs at the start of a
    line into ``"- "`` (and a lone glyph between words into ``-``), collapses runs of spaces
    and tabs, strips each line, keeps at most one blank line in a row, and re-joins words
    split by a hyphen at a line break when that is safe. The result is idempotent.

    Args:
        text: Raw text from a file or a collection row.

    Returns:
        The cleaned text, stripped; ``""`` when nothing but whitespace was left.

    Example:
        >>> clean_text("Ã©cole â€¢ Python")
        'école - Python'
        >>> clean_text("  \\u2022  SQL\\tand\\t\\tExcel\\n\\n\\n\\n\\uf0b7 R")
        '- SQL and Excel\\n\\n- R'
    """
    text = ftfy.fix_text(text, _FTFY_CONFIG)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    text = text.replace("\u00ad\n", "")  # a soft hyphen at a line end marks a split word
    text = _strip_controls(text)
    lines = [_normalise_line(line) for line in text.split("\n")]
    lines = _fix_hyphenation(_merge_lone_bullets(lines))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _line_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def _edge_indices(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def remove_repeated_lines(pages: list[str]) -> list[str]:
    """Removes running headers and footers: edge lines that repeat on most pages.

    A line among the first or last ``EDGE_LINES`` non-empty lines of a page is dropped when
    the same line (compared case- and space-insensitively, any run of digits matching any
    other, so ``Page 1 of 3`` equals ``Page 2 of 3``) is an edge line on at least
    ``REPEAT_SHARE`` of the pages, and on at least two. Body lines are never touched; fewer
    than two pages come back unchanged.

    Args:
        pages: The text of each page, in order.

    Returns:
        The pages without their running headers and footers, in the same order.

    Example:
        >>> pages = ["ACME CV\\nPython\\nPage 1 of 2", "ACME CV\\nSQL\\nPage 2 of 2"]
        >>> remove_repeated_lines(pages)
        ['Python', 'SQL']
    """
    if len(pages) < 2:
        return list(pages)
    split = [page.split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({_line_key(lines[i]) for i in _edge_indices(lines)})
    needed = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    repeated = {key for key, count in counts.items() if count >= needed}
    result = []
    for lines in split:
        drop = {i for i in _edge_indices(lines) if _line_key(lines[i]) in repeated}
        result.append("\n".join(line for i, line in enumerate(lines) if i not in drop).strip("\n"))
    return result
