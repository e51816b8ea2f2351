"""What a file is by its content, not its name: a renamed executable is not "a corrupt PDF".

The detector is ``puremagic`` (maintained, pure Python, offline): it reads the file's leading
bytes against a database of signatures and names the type ("Windows Executable", "Portable
Network Graphics file", "ZIP archive").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jobfit.errors import DocumentError

__all__ = ["check_content", "describe", "sniff_format"]

_SNIFF = 8192
"""Leading bytes read to tell a file's type."""

# What each reader accepts: extensions a detector may report for a file of that format.
_ACCEPTS: dict[str, frozenset[str]] = {
    "pdf": frozenset({".pdf", ".fdf"}),
    "docx": frozenset({".docx", ".zip", ".xlsx", ".pptx", ".jar", ".odt", ".epub"}),
}

_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


_TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")


def _binary(data: bytes) -> bool:
    """Bytes no text file holds: a NUL, or more than 10% control characters (a byte-order
    mark says UTF-8/16/32 text, whose NULs are part of the characters)."""
    head = data[:_SNIFF]
    if head.startswith(_TEXT_BOMS):
        return False
    if b"\x00" in head:
        return True
    return sum(b in _CONTROL for b in head) > 0.1 * max(len(head), 1)


_COMMON = (
    ".exe",
    ".dll",
    ".pdf",
    ".docx",
    ".doc",
    ".zip",
    ".png",
    ".jpg",
    ".gif",
    ".tif",
    ".bmp",
    ".gz",
    ".7z",
    ".rar",
    ".tar",
    ".mp3",
    ".mp4",
    ".wav",
    ".xls",
    ".ppt",
    ".rtf",
)
"""Everyday file types, most familiar first, preferred when a signature matches several."""


def _matches(data: bytes) -> list[Any]:
    """The detector's matches for ``data``'s leading bytes (none when it does not know)."""
    import puremagic

    try:
        return list(puremagic.magic_string(data[:_SNIFF]))
    except (puremagic.PureError, ValueError):
        return []


def _name(matches: list[Any]) -> str | None:
    if not matches:
        return None
    # Many signatures share a prefix (an MZ header is also a DirectShow filter, a ZIP also an
    # EPUB): name the everyday type when one is among the matches.
    best = min(
        matches,
        key=lambda m: _COMMON.index(m.extension.lower()) if m.extension.lower() in _COMMON else 99,
    )
    return f"{best.name} ({best.extension})" if best.extension else str(best.name)


def describe(data: bytes) -> str | None:
    """The detector's name for ``data``'s type, or ``None`` when it does not know it.

    Example:
        >>> describe(b"MZ" + b"\\x90\\x00" * 40 + b"This program cannot be run in DOS mode")
        'Windows Executable (.exe)'
        >>> describe(b"just some words") is None
        True
    """
    return _name(_matches(data))


def check_content(path: Path, fmt: str, data: bytes) -> None:
    """Raises `DocumentError` when ``data`` is plainly not a ``fmt`` file, naming what it is.

    A PDF must look like a PDF and a DOCX like a ZIP package; a text, Markdown or HTML file
    must not be binary (a NUL byte or many control characters); then the detector names it.
    Text is never judged by its signature alone: "BMW Group" opens like a bitmap and "MZ
    Logistics" like an executable.

    Example:
        >>> check_content(Path("cv.pdf"), "pdf", b"%PDF-1.7 ...")
        >>> check_content(Path("cv.pdf"), "pdf", b"MZ" + b"\\x90\\x00" * 40)
        Traceback (most recent call last):
        ...
        jobfit.errors.DocumentError: cv.pdf: not a PDF: its content looks like a Windows Executable (.exe); supply the resume or posting itself as PDF, DOCX or text
    """
    accepts = _ACCEPTS.get(fmt)
    if accepts is not None:
        matches = _matches(data)
        if {m.extension.lower() for m in matches if m.extension} & accepts:
            return
        what = _name(matches)
        looks = f"looks like a {what}" if what else "is not of any type jobfit knows"
        raise DocumentError(
            f"{path}: not a {fmt.upper()}: its content {looks}; supply the resume or posting "
            "itself as PDF, DOCX or text"
        )
    if _binary(data):
        what = describe(data)
        looks = f"looks like a {what}" if what else "is binary (it contains NUL bytes)"
        raise DocumentError(
            f"{path}: not a {fmt} file: its content {looks}; supply the resume or posting "
            "itself as PDF, DOCX or plain UTF-8 text"
        )


_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<body")
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "Linux executable (ELF)"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "legacy Office file (.doc/.xls); save it as .docx or PDF",
    ),
)
"""Openings no text file has (unlike "BM" or "MZ", which start words): refused even when
the rest is too short to look binary."""


def sniff_format(data: bytes, name: str = "the upload") -> str:
    """The reader format for ``data`` judged by its content alone: ``"pdf"``, ``"docx"``,
    ``"html"`` or ``"text"``. For bytes that come with no trustworthy name (an upload).

    Raises:
        DocumentError: The bytes are empty, or binary and neither a PDF nor a DOCX; the
            message names what they look like.

    Example:
        >>> sniff_format(b"%PDF-1.7 ..."), sniff_format(b"<!DOCTYPE html><p>Nurse"), sniff_format(b"Nurse")
        ('pdf', 'html', 'text')
        >>> sniff_format(b"MZ" + b"\\x90\\x00" * 40, "cv.pdf")
        Traceback (most recent call last):
        ...
        jobfit.errors.DocumentError: cv.pdf: not a document jobfit reads: its content looks like a Windows Executable (.exe); upload the resume or posting as PDF, DOCX, HTML or plain text
    """
    if not data:
        raise DocumentError(f"{name}: the file is empty (0 bytes); upload a document with text")
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    extensions = {m.extension.lower() for m in _matches(data) if m.extension}
    if data[:4] == b"PK\x03\x04" and (".docx" in extensions or b"word/" in data[: _SNIFF * 8]):
        return "docx"
    signed = next((what for magic, what in _SIGNATURES if data.startswith(magic)), None)
    if signed is not None or _binary(data):
        what = signed or describe(data)
        looks = f"looks like a {what}" if what else "is binary (it contains NUL bytes)"
        raise DocumentError(
            f"{name}: not a document jobfit reads: its content {looks}; upload the resume or "
            "posting as PDF, DOCX, HTML or plain text"
        )
    head = data[:1024].lstrip().lower()
    if head.startswith(_HTML_OPENINGS):
        return "html"
    return "text"
