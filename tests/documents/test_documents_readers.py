"""Tests for read_document on real PDF, DOCX, text and HTML files, and the Document type."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from jobfit.documents import Document, read_document
from jobfit.errors import DocumentError, JobfitError


def test_pdf_pages_keep_body_and_lose_running_header_and_footer(
    make_pdf: Callable[..., Path], pdf_header: str, pdf_body: tuple[str, ...]
) -> None:
    path = make_pdf()
    doc = read_document(path)
    assert doc.id == "resume.pdf"
    assert doc.source == str(path)
    assert doc.metadata == {"format": "pdf", "pages": 3}
    assert doc.text == "\n\n".join(pdf_body)
    assert pdf_header not in doc.text
    assert "Page" not in doc.text


def test_single_page_pdf_keeps_everything(make_pdf: Callable[..., Path], pdf_header: str) -> None:
    doc = read_document(make_pdf(pages=["Nurse with ICU experience."]))
    assert doc.text == f"{pdf_header}\nNurse with ICU experience.\nPage 1 of 1"


def test_corrupt_pdf_is_a_clear_error(corrupt_pdf: Path) -> None:
    with pytest.raises(
        DocumentError,
        match=r"broken\.pdf: not a readable PDF \(.+\); the file is corrupt or truncated; re-export or re-download it",
    ):
        read_document(corrupt_pdf)


def test_truncated_pdf_is_a_clear_error(make_pdf: Callable[..., Path], tmp_path: Path) -> None:
    data = make_pdf().read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(DocumentError, match=r"cut\.pdf: .*corrupt or truncated"):
        read_document(cut)


def test_pdf_without_text_layer_says_run_ocr(scanned_pdf: Path) -> None:
    with pytest.raises(
        DocumentError,
        match=r"scan\.pdf: the PDF has no text layer \(scanned image\?\); run OCR \(e\.g\. ocrmypdf\) first or supply a text/DOCX version",
    ):
        read_document(scanned_pdf)


def test_pdf_with_user_password_says_how_to_unlock(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf("locked.pdf", user_password="s3cret")
    with pytest.raises(
        DocumentError, match=r"locked\.pdf: the PDF is password-protected .*qpdf --decrypt"
    ):
        read_document(path)


def test_pdf_with_owner_password_only_opens_with_the_empty_password(
    make_pdf: Callable[..., Path],
) -> None:
    path = make_pdf("restricted.pdf", pages=["Open resume text.", "Second page."], user_password="")
    assert read_document(path).text == "Open resume text.\n\nSecond page."


def test_aes_pdf_without_cryptography_says_what_to_install(
    make_pdf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError as PdfDependencyError

    def needs_cryptography(self: PdfReader, password: str) -> None:
        raise PdfDependencyError("cryptography is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", needs_cryptography)
    path = make_pdf("aes.pdf", user_password="")
    with pytest.raises(DocumentError, match=r"aes\.pdf: .*AES.*`pip install cryptography`"):
        read_document(path)


def test_docx_reads_header_body_list_table_and_footer_in_order(
    make_docx: Callable[[str], Path],
) -> None:
    doc = read_document(make_docx("resume.docx"))
    assert doc.metadata == {"format": "docx"}
    assert doc.text == (
        "Jane Doe - jane@example.com\n"
        "Experience\n"
        "Senior Data Engineer at Shopwise, 2019-2024.\n"
        "- Built Kafka pipelines\n"
        "- Cut cloud cost by 30%\n"
        "Skill | Years\n"
        "Python | 8\n"
        "SQL | 6\n"
        "Education: MSc Computer Science.\n"
        "References available on request"
    )


def test_corrupt_docx_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    with pytest.raises(
        DocumentError, match=r"cv\.docx: not a readable DOCX .*save it again as \.docx"
    ):
        read_document(path)


def test_text_with_mojibake_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Ã©cole â€™ â€¢ Python\r\n\r\n\r\nâ€¢ SQL\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "école \u2019 - Python\n\n- SQL"
    assert doc.metadata == {"format": "text", "encoding": "utf-8"}


def test_windows_1252_and_utf16_text_decode(tmp_path: Path) -> None:
    cp = tmp_path / "cv.md"
    cp.write_bytes("Caf\u00e9 owner \u2013 5 years\n".encode("cp1252"))
    u16 = tmp_path / "cv.text"
    u16.write_text("Na\u00efve Bayes expert", encoding="utf-16")
    assert read_document(cp).text == "Caf\u00e9 owner \u2013 5 years"
    assert read_document(cp).metadata["format"] == "markdown"
    assert read_document(u16).text == "Na\u00efve Bayes expert"


def test_binary_text_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00")
    with pytest.raises(DocumentError, match=r"cv\.txt: not a text file: its content is binary"):
        read_document(path)


def test_html_keeps_visible_text_with_structure(tmp_path: Path) -> None:
    path = tmp_path / "job.htm"
    path.write_text(
        "<html><head><title>Ignored</title><style>p {color: red}</style></head><body>"
        "<h1>Data   Engineer</h1><script>var x = 1;</script>"
        "<p>Join us &amp; build\n   pipelines.</p>"
        "<ul><li>Python</li><li>SQL<br>or dbt</li></ul>"
        "<table><tr><td>Salary</td><td>&pound;60k</td></tr></table></body></html>",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert doc.text == (
        "Data Engineer\n\nJoin us & build pipelines.\n\n- Python\n- SQL\nor dbt\n\nSalary \u00a360k"
    )
    assert doc.id == "job.htm"


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "job.html"
    path.write_bytes('<meta charset="iso-8859-15"><p>Prix: 50\u20ac</p>'.encode("iso-8859-15"))
    assert read_document(path).text == "Prix: 50\u20ac"


def test_unsupported_suffix_lists_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "cv.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(
        DocumentError,
        match=r"cv\.doc: unsupported file type '\.doc'; supported: \.docx, \.htm, \.html, \.markdown, \.md, \.pdf, \.text, \.txt; convert",
    ):
        read_document(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"nope\.pdf: file does not exist; check the path"):
        read_document(tmp_path / "nope.pdf")
    with pytest.raises(DocumentError, match="is a folder, not one document; give one file"):
        read_document(tmp_path)


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n\xe2\x80\x8b  "])
def test_empty_document_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=r"blank\.txt: .*(empty|no text left after cleaning)"):
        read_document(path)


def test_document_errors_are_jobfit_and_value_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="does not exist") as info:
        read_document(tmp_path / "missing.txt")
    assert isinstance(info.value, JobfitError)
    assert isinstance(info.value, ValueError)


def test_document_is_frozen_hashable_and_has_a_content_hash() -> None:
    doc = Document(id="a", text="Python developer", source="a.txt", metadata={"k": 1})
    assert doc.content_hash == hashlib.sha256(b"Python developer").hexdigest()
    assert doc.content_hash == Document("b", "Python developer", "b.txt").content_hash
    assert hash(doc) == hash(Document("a", "Python developer", "a.txt", {"k": 2}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "changed"  # type: ignore[misc]
    assert Document("x", "t", "s").metadata == {}
    assert Document("x", "t", "s").metadata is not Document("y", "t", "s").metadata
