"""Reading one resume or job posting file (PDF, DOCX, text, Markdown, HTML) into a clean `Document`."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from jobfit.documents.clean import clean_text, remove_repeated_lines
from jobfit.documents.filetypes import check_content
from jobfit.documents.model import MAX_CHARS, Document, limit_chars
from jobfit.errors import DocumentError

__all__ = ["DOCUMENT_SUFFIXES", "decode_bytes", "read_document"]

DOCUMENT_SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
"""Supported document file suffixes (lower case) and the format each is read as."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)
_BOMS16 = ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

_OCR_FIX = "run OCR (e.g. ocrmypdf) first or supply a text/DOCX version"


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decodes file bytes as text, trying what the bytes say first, then common encodings.

    Order: a byte-order mark (UTF-8/16/32), the ``declared`` encoding if it is valid and
    works, strict UTF-8, strict cp1252 (Windows exports), then latin-1 (never fails).

    Args:
        data: The raw bytes.
        declared: An encoding the file itself names (an HTML ``<meta charset>``), if any.

    Returns:
        The text and the name of the encoding that decoded it.

    Example:
        >>> decode_bytes("café".encode("cp1252"))
        ('café', 'cp1252')
    """
    for bom, name in _BOMS + _BOMS16:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    candidates = [declared] if declared else []
    for name in [*candidates, "utf-8", "cp1252"]:
        try:
            codecs.lookup(name)
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1"), "latin-1"


def _read_pdf(path: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError as PdfDependencyError

    corrupt = "the file is corrupt or truncated; re-export or re-download it"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except PdfDependencyError as err:
                raise DocumentError(
                    f"{path}: the PDF is encrypted with AES and the 'cryptography' package is "
                    "missing; run `pip install cryptography`, or save an unencrypted copy"
                ) from err
            if unlocked == PasswordType.NOT_DECRYPTED:
                raise DocumentError(
                    f"{path}: the PDF is password-protected (encrypted with a user password); "
                    "save an unprotected copy (e.g. `qpdf --decrypt --password=PASSWORD in.pdf "
                    "out.pdf`) or supply a text/DOCX version"
                )
        texts = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as err:  # pypdf raises many exception types on damaged input
        raise DocumentError(
            f"{path}: not a readable PDF ({type(err).__name__}: {err}); {corrupt}"
        ) from err
    if not texts:
        raise DocumentError(f"{path}: the PDF has no pages; {corrupt}")
    if not any(t.strip() for t in texts):
        raise DocumentError(f"{path}: the PDF has no text layer (scanned image?); {_OCR_FIX}")
    pages = remove_repeated_lines([clean_text(t) for t in texts])
    return "\n\n".join(p for p in pages if p), {"pages": len(texts)}


def _docx_blocks(items: Iterable[Any]) -> list[str]:
    """Texts of paragraphs and tables in document order; list paragraphs get a ``- ``."""
    from docx.table import Table

    blocks: list[str] = []
    for item in items:
        if isinstance(item, Table):
            blocks.extend(_docx_table(item))
            continue
        text = item.text
        p_pr = item._p.pPr
        style = item.style.name if item.style is not None else ""
        is_list = (p_pr is not None and p_pr.numPr is not None) or style.startswith("List")
        blocks.append(f"- {text}" if is_list and text.strip() else text)
    return blocks


def _docx_table(table: Any) -> list[str]:
    """A row of one-line cells becomes ``a | b | c``; cells holding more become blocks."""
    blocks: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats across the span
                continue
            seen.add(id(cell._tc))
            text = "\n".join(_docx_blocks(cell.iter_inner_content())).strip()
            if text:
                cells.append(text)
        if len(cells) > 1 and all("\n" not in c for c in cells):
            blocks.append(" | ".join(cells))
        else:
            blocks.extend(f"{c}\n" for c in cells)
    return blocks


def _read_docx(path: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
        body = _docx_blocks(doc.iter_inner_content())
        headers: list[str] = []
        footers: list[str] = []
        for section in doc.sections:
            for parts, target in (
                ((section.first_page_header, section.header, section.even_page_header), headers),
                ((section.first_page_footer, section.footer, section.even_page_footer), footers),
            ):
                for part in parts:
                    if not part.is_linked_to_previous:
                        target.append("\n".join(_docx_blocks(part.iter_inner_content())))
    except Exception as err:  # python-docx raises zip, XML and key errors on damaged files
        raise DocumentError(
            f"{path}: not a readable DOCX ({type(err).__name__}: {err}); the file is corrupt or "
            "not really a .docx; open it and save it again as .docx"
        ) from err
    top = list(dict.fromkeys(h.strip() for h in headers if h.strip()))
    bottom = [f for f in dict.fromkeys(f.strip() for f in footers if f.strip()) if f not in top]
    return clean_text("\n".join([*top, *body, *bottom])), {}


class _HTMLText(HTMLParser):
    """Collects visible text; block elements break lines, list items become ``- ``."""

    SKIP = frozenset({"script", "style", "noscript", "template", "svg", "title", "head"})
    BLOCK = frozenset(
        {
            "address",
            "article",
            "aside",
            "blockquote",
            "body",
            "dd",
            "div",
            "dl",
            "dt",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "html",
            "main",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "tbody",
            "thead",
            "tfoot",
            "tr",
            "ul",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "body":
            self._skip = 0  # an unclosed <head> ends where the body starts
        if tag == "pre":
            self._pre += 1
        if tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))


def _read_html(path: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    text, encoding = decode_bytes(data, declared)
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return clean_text("".join(parser.parts)), {"encoding": encoding}


def _read_text(path: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    text, encoding = decode_bytes(data)
    if "\x00" in text:
        raise DocumentError(
            f"{path}: looks like a binary file, not text (it contains NUL bytes); check the "
            "file type, or export the document as plain UTF-8 text"
        )
    return clean_text(text), {"encoding": encoding}


_READERS: dict[str, Callable[[Path, bytes], tuple[str, dict[str, Any]]]] = {
    "pdf": _read_pdf,
    "docx": _read_docx,
    "text": _read_text,
    "markdown": _read_text,
    "html": _read_html,
}


def read_document(path: str | Path, max_chars: int | None = MAX_CHARS) -> Document:
    """Reads one resume or job posting file into a clean `Document`.

    The reader is picked by suffix: ``.pdf`` (text layer, page by page, running headers and
    footers removed), ``.docx`` (paragraphs and table cells in order, headers and footers
    once), ``.txt``/``.text``/``.md``/``.markdown`` (UTF-8, falling back to cp1252 and
    latin-1) and ``.html``/``.htm`` (visible text; scripts and styles dropped). The text is
    then cleaned with `clean_text`. The id is the file name with its suffix.

    The file's content must match its suffix: a renamed executable, image or archive is
    named as what it is (`jobfit.documents.filetypes.check_content`).

    Args:
        path: The file to read.
        max_chars: Keep at most this many characters (see `limit_chars`); ``None`` or 0
            keeps everything.

    Returns:
        The document; ``metadata`` holds ``format`` and, where known, ``pages`` or
        ``encoding``, and ``truncated_from`` when it was cut.

    Raises:
        DocumentError: The file is missing, has an unsupported suffix, is not what its
            suffix says, is corrupt, is an encrypted or scanned PDF, or has no text after
            cleaning. The message names the file and the fix.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "cv.txt"
        >>> _ = p.write_bytes(b"Caf\\xe9 manager\\r\\n\\x95 Staff rota")
        >>> doc = read_document(p)
        >>> doc.id, doc.text, doc.metadata
        ('cv.txt', 'Café manager\\n- Staff rota', {'format': 'text', 'encoding': 'cp1252'})
    """
    path = Path(path)
    if not path.exists():
        raise DocumentError(f"{path}: file does not exist; check the path")
    if path.is_dir():
        raise DocumentError(
            f"{path}: is a folder, not one document; give one file (a folder is read by "
            "`jobfit rank`, or by load_documents() in Python)"
        )
    fmt = DOCUMENT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(DOCUMENT_SUFFIXES))
        raise DocumentError(
            f"{path}: unsupported file type {path.suffix or '(no suffix)'!r}; supported: "
            f"{supported}; convert the file (e.g. save .doc as .docx, or export as PDF)"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DocumentError(f"{path}: cannot be read ({err.strerror}); check permissions") from err
    if not data:
        raise DocumentError(f"{path}: the file is empty (0 bytes); supply a document with text")
    check_content(path, fmt, data)
    text, extra = _READERS[fmt](path, data)
    if not text:
        raise DocumentError(
            f"{path}: no text left after cleaning; the document is empty, supply one with text"
        )
    doc = Document(id=path.name, text=text, source=str(path), metadata={"format": fmt, **extra})
    return limit_chars(doc, max_chars)
