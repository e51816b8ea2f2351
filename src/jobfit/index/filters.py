"""Metadata filters written once, run inside either backend's search.

A small language: ``location = 'Berlin' and tags has 'remote' and updated > '2026-11-01'``.
Fields: ``id``, ``title``, ``company``, ``location``, ``source``, ``tags``, ``added``,
``updated``. Operators: ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``in ('a', 'b')``,
``has`` (tags), joined by ``and``/``or``, negated by ``not``, grouped by parentheses. Dates
(``added``, ``updated``) are ``YYYY-MM-DD`` or ISO timestamps, compared as UTC seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jobfit.errors import ConfigError

__all__ = ["FIELDS", "Filter", "parse_filter"]

FIELDS = ("id", "title", "company", "location", "source", "tags", "added", "updated")
_DATES = frozenset({"added", "updated"})
_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op><=|>=|!=|=|<|>)"
    r"|(?P<punct>[(),])|(?P<word>[A-Za-z_][A-Za-z_0-9]*))"
)


@dataclass(frozen=True)
class Filter:
    """A parsed filter, rendered for LanceDB (SQL) or Milvus (its expression language).

    Example:
        >>> f = parse_filter("location = 'Berlin' and tags has 'remote'")
        >>> f.lance()
        "(location = 'Berlin' AND array_has(tags, 'remote'))"
        >>> f.milvus()
        '(location == "Berlin" and ARRAY_CONTAINS(tags, "remote"))'
    """

    node: tuple[object, ...]

    def lance(self) -> str:
        return _render(self.node, "lance")

    def milvus(self) -> str:
        return _render(self.node, "milvus")


def _quote(value: object, dialect: str) -> str:
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if dialect == "lance":
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render(node: tuple[object, ...], dialect: str) -> str:
    kind = node[0]
    if kind in ("and", "or"):
        word = str(kind).upper() if dialect == "lance" else str(kind)
        return "(" + f" {word} ".join(_render(n, dialect) for n in node[1:]) + ")"  # type: ignore[arg-type]
    if kind == "not":
        word = "NOT" if dialect == "lance" else "not"
        return f"({word} {_render(node[1], dialect)})"  # type: ignore[arg-type]
    _, field, op, value = node
    if op == "has":
        v = _quote(value, dialect)
        return f"array_has(tags, {v})" if dialect == "lance" else f"ARRAY_CONTAINS(tags, {v})"
    if op == "in":
        items = ", ".join(_quote(v, dialect) for v in value)  # type: ignore[attr-defined]
        return f"{field} IN ({items})" if dialect == "lance" else f"{field} in [{items}]"
    if dialect == "milvus" and op == "=":
        op = "=="
    return f"{field} {op} {_quote(value, dialect)}"


def _date_seconds(value: str, text: str) -> int:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError as err:
        raise ConfigError(
            f"filter {text!r}: {value!r} is not a date; write dates as YYYY-MM-DD"
        ) from err
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp())


def parse_filter(text: str) -> Filter:
    """Parses a filter, or raises `ConfigError` saying what is wrong and how to write it.

    Example:
        >>> parse_filter("updated > '2026-01-01'").lance()
        'updated > 1767225600'
        >>> parse_filter("salary = 3")
        Traceback (most recent call last):
        ...
        jobfit.errors.ConfigError: filter 'salary = 3': unknown field 'salary'; filter on id, title, company, location, source, tags, added, updated
    """
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text.rstrip()):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConfigError(
                f"filter {text!r}: cannot read {text[pos:].strip()!r}; write e.g. "
                "\"location = 'Berlin' and tags has 'remote'\""
            )
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    parser = _Parser(tokens, text)
    node = parser.expr()
    if parser.i != len(tokens):
        raise ConfigError(f"filter {text!r}: unexpected {tokens[parser.i][1]!r}")
    return Filter(node)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], text: str) -> None:
        self.tokens, self.text, self.i = tokens, text, 0

    def _peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "")

    def _take(self) -> tuple[str, str]:
        tok = self._peek()
        if tok[0] == "end":
            raise ConfigError(f"filter {self.text!r}: it ends too early")
        self.i += 1
        return tok

    def expr(self) -> tuple[object, ...]:
        parts = [self.conj()]
        while self._peek()[1].lower() == "or":
            self.i += 1
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else ("or", *parts)

    def conj(self) -> tuple[object, ...]:
        parts = [self.term()]
        while self._peek()[1].lower() == "and":
            self.i += 1
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else ("and", *parts)

    def term(self) -> tuple[object, ...]:
        kind, value = self._take()
        if value.lower() == "not":
            return ("not", self.term())
        if value == "(":
            node = self.expr()
            if self._take()[1] != ")":
                raise ConfigError(f"filter {self.text!r}: a '(' is not closed")
            return node
        field = value
        if kind != "word" or field not in FIELDS:
            raise ConfigError(
                f"filter {self.text!r}: unknown field {field!r}; filter on {', '.join(FIELDS)}"
            )
        op = self._take()[1].lower()
        if op == "has":
            if field != "tags":
                raise ConfigError(f"filter {self.text!r}: 'has' is for tags, not {field!r}")
            return ("cmp", field, "has", self._literal(field))
        if op == "in":
            if self._take()[1] != "(":
                raise ConfigError(f"filter {self.text!r}: write in ('a', 'b')")
            items = [self._literal(field)]
            while self._peek()[1] == ",":
                self.i += 1
                items.append(self._literal(field))
            if self._take()[1] != ")":
                raise ConfigError(f"filter {self.text!r}: close the list with ')'")
            return ("cmp", field, "in", tuple(items))
        if op not in ("=", "!=", "<", "<=", ">", ">="):
            raise ConfigError(
                f"filter {self.text!r}: unknown operator {op!r}; use =, !=, <, <=, >, >=, in, has"
            )
        if field == "tags":
            raise ConfigError(f"filter {self.text!r}: test tags with has, e.g. tags has 'remote'")
        return ("cmp", field, op, self._literal(field))

    def _literal(self, field: str) -> object:
        kind, value = self._take()
        if kind == "str":
            text = value[1:-1].replace("''", "'")
            return _date_seconds(text, self.text) if field in _DATES else text
        if kind == "num":
            return float(value) if "." in value else int(value)
        raise ConfigError(f"filter {self.text!r}: expected a quoted value, got {value!r}")
