"""The API's errors: one JSON shape, messages that say what was wrong and how to fix it.

Example:
    >>> validation_message([{"type": "extra_forbidden", "loc": ("body", "topk"), "msg": "x"}])
    "unknown field 'topk' in the body; remove it or check its spelling (see /docs)"
    >>> error_response(404, "not_found", "no job with id 'x'").status_code
    404
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.responses import JSONResponse

__all__ = ["ApiError", "error_response", "validation_message"]


class ApiError(Exception):
    """An error the API answers with ``status`` and a message (raised in handlers)."""

    def __init__(
        self, status: int, kind: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.headers = headers


def error_response(
    status: int, kind: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """``{"error": {"status": ..., "type": ..., "message": ...}}`` with that status."""
    body = {"error": {"status": status, "type": kind, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def _where(loc: Sequence[Any]) -> tuple[str, str]:
    parts = [str(p) for p in loc]
    place = parts[0] if parts else "request"
    field = ".".join(p for p in parts[1:] if not p.isdigit()) or place
    return field, place


def validation_message(errors: Sequence[Any]) -> str:
    """One readable sentence per problem pydantic found, joined with "; "."""
    out = []
    for e in errors:
        field, place = _where(e.get("loc", ()))
        kind = e.get("type", "")
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        if kind == "extra_forbidden":
            out.append(
                f"unknown field {field!r} in the {place}; remove it or check its spelling (see /docs)"
            )
        elif kind == "missing":
            out.append(f"field {field!r} is required in the {place}")
        elif kind == "json_invalid":
            out.append("the body is not valid JSON; send a JSON object")
        elif field == place:
            out.append(msg)
        else:
            out.append(f"field {field!r}: {msg}")
    return "; ".join(out) or "the request is invalid; see /docs"
