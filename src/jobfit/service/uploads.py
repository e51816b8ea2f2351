"""Uploaded files to documents: type by content, size bounded, never a client's path.

The bytes are judged by what they are (`sniff_format`), written under a name the server
makes in a private temporary folder, read by the same readers as ``jobfit rank``, and the
folder is removed. The client's file name is only shown back (as ``source``), with anything
path-like stripped from it.

Example:
    >>> doc = upload_document(b"Registered Nurse\\nICU, BLS", "../../etc/cv.txt", "r1")
    >>> doc.id, doc.text, doc.source, doc.metadata["format"]
    ('r1', 'Registered Nurse\\nICU, BLS', 'cv.txt', 'text')
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from jobfit.documents.filetypes import sniff_format
from jobfit.documents.model import Document
from jobfit.documents.readers import read_document
from jobfit.errors import DocumentError

__all__ = ["display_name", "max_upload_bytes", "upload_document"]

_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt"}
_UNSAFE = re.compile(r"[^\w .,()+-]")


def max_upload_bytes() -> int:
    """The largest upload accepted: ``$JOBFIT_MAX_UPLOAD_MB`` MiB (default 10)."""
    return int(float(os.environ.get("JOBFIT_MAX_UPLOAD_MB", "10")) * 1024 * 1024)


def display_name(name: str | None) -> str:
    """A client's file name reduced to a safe label: no folders, no odd characters.

    Example:
        >>> display_name("C:\\\\Users\\\\ann\\\\CV 2026.pdf"), display_name("../../x<y>.txt"), display_name(None)
        ('CV 2026.pdf', 'x_y_.txt', 'upload')
    """
    if not name:
        return "upload"
    base = re.split(r"[\\/]", name)[-1].strip() or "upload"
    return _UNSAFE.sub("_", base)[:120]


def upload_document(data: bytes, filename: str | None, doc_id: str) -> Document:
    """Reads an uploaded file's bytes into a `Document` with id ``doc_id``.

    Raises:
        DocumentError: Empty, not a document (named by its content), corrupt, scanned or
            textless; the message names the upload by its display name and says the fix.
    """
    label = display_name(filename)
    fmt = sniff_format(data, label)
    with tempfile.TemporaryDirectory(prefix="jobfit-upload-") as tmp:
        path = Path(tmp) / f"upload{_SUFFIX[fmt]}"
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except DocumentError as err:
            raise DocumentError(str(err).replace(str(path), label)) from None
    return Document(doc_id, doc.text, label, {**doc.metadata, "source": label})
