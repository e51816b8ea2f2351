"""Builders for real document files (PDF with fpdf2, DOCX with python-docx) made in tmp_path."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF

HEADER = "ACME Talent - Confidential Resume"
"""The running header every generated PDF page carries (tests assert it is removed)."""

BODY = (
    "Jane Doe, Senior Data Engineer with 8 years of Python and SQL.",
    "Built streaming pipelines on Kafka and Spark for retail analytics.",
    "Led a team of four engineers and mentored two graduates.",
)
"""Default page bodies, one per page."""


class _ResumePDF(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, HEADER, new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Returns a builder: a PDF with the running header, a "Page N of M" footer and one body line per page."""

    def build(
        name: str = "resume.pdf",
        pages: tuple[str, ...] | list[str] = BODY,
        user_password: str | None = None,
    ) -> Path:
        pdf = _ResumePDF()
        if user_password is not None:
            pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
        for text in pages:
            pdf.add_page()
            pdf.set_font("Helvetica", size=12)
            pdf.multi_cell(0, 8, text)
        path = tmp_path / name
        pdf.output(str(path))
        return path

    return build


@pytest.fixture
def pdf_header() -> str:
    """The running header of `make_pdf` pages."""
    return HEADER


@pytest.fixture
def pdf_body() -> tuple[str, ...]:
    """The default page bodies of `make_pdf`."""
    return BODY


@pytest.fixture
def scanned_pdf(tmp_path: Path) -> Path:
    """A PDF whose only page holds a filled rectangle: no text layer, like a scan."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    pdf.rect(20, 20, 120, 160, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture
def corrupt_pdf(tmp_path: Path) -> Path:
    """Random bytes behind a valid-looking ``%PDF`` header (seeded, so always the same)."""
    rng = random.Random(1234)
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4096)))
    return path


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[[str], Path]:
    """Returns a builder for a resume DOCX with a header, footer, heading, list and a skills table."""
    import docx

    def build(name: str = "resume.docx") -> Path:
        doc = docx.Document()
        section = doc.sections[0]
        section.header.paragraphs[0].text = "Jane Doe - jane@example.com"
        section.footer.paragraphs[0].text = "References available on request"
        doc.add_heading("Experience", level=1)
        doc.add_paragraph("Senior Data Engineer at Shopwise, 2019-2024.")
        doc.add_paragraph("Built Kafka pipelines", style="List Bullet")
        doc.add_paragraph("Cut cloud cost by 30%", style="List Bullet")
        table = doc.add_table(rows=3, cols=2)
        for row, (skill, years) in zip(
            table.rows, [("Skill", "Years"), ("Python", "8"), ("SQL", "6")], strict=True
        ):
            row.cells[0].text = skill
            row.cells[1].text = years
        doc.add_paragraph("Education: MSc Computer Science.")
        path = tmp_path / name
        doc.save(str(path))
        return path

    return build
