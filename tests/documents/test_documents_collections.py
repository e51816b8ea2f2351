"""Tests for load_documents: single files, folders, and JSONL/CSV/Parquet collections."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobfit.documents import Document, Failure, LoadResult, load_documents
from jobfit.errors import DataError


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_keeps_metadata_and_reports_bad_rows(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "jobs.jsonl",
        [
            json.dumps(
                {
                    "id": "j1",
                    "text": "Data Engineer\n\u2022 Python",
                    "city": "Leeds",
                    "salary": 60000,
                }
            ),
            json.dumps({"id": 2, "text": "Nurse", "tags": ["nhs", "icu"]}),
            "{not json",
            json.dumps({"id": "j4", "text": "   "}),
            json.dumps({"text": "No id here"}),
            "",
            json.dumps(["a", "list"]),
            json.dumps({"id": "j8", "text": "Chef \u00e2\u20ac\u201c sous"}),
        ],
    )
    result = load_documents(path)
    assert [(d.id, d.text, d.metadata) for d in result.documents] == [
        ("j1", "Data Engineer\n- Python", {"city": "Leeds", "salary": 60000}),
        ("2", "Nurse", {"tags": ["nhs", "icu"]}),
        ("j8", "Chef \u2013 sous", {}),
    ]
    assert result.documents[0].source == f"{path} row 1"
    assert [f.source for f in result.failures] == [f"{path} row {n}" for n in (3, 4, 5, 7)]
    errors = [f.error for f in result.failures]
    assert (
        errors[0]
        == f"{path} row 3: not valid JSON (Expecting property name enclosed in double quotes); write one JSON object per line"
    )
    assert errors[1] == f"{path} row 4 (id 'j4'): 'text' is empty; give it text or drop the row"
    assert (
        errors[2]
        == f"{path} row 5: 'id' is missing or empty (None); give every row a unique string or integer id"
    )
    assert errors[3] == f"{path} row 7: expected a JSON object, got list"


def test_csv_with_multiline_text_custom_columns_and_an_empty_row(tmp_path: Path) -> None:
    path = tmp_path / "resumes.csv"
    path.write_bytes(
        "\ufeffkey,body,seniority\n"
        'r1,"Senior nurse\n\n\n\u2022 ICU, A&E",senior\n'
        "r2,,junior\n"
        "r3,Caf\u00e9 manager,mid\n".encode()
    )
    result = load_documents(path, text_field="body", id_field="key")
    assert result.documents == [
        Document("r1", "Senior nurse\n\n- ICU, A&E", f"{path} row 1", {"seniority": "senior"}),
        Document("r3", "Caf\u00e9 manager", f"{path} row 3", {"seniority": "mid"}),
    ]
    assert result.failures == [
        Failure(
            f"{path} row 2",
            f"{path} row 2 (id 'r2'): 'body' is empty; give it text or drop the row",
        )
    ]


def test_csv_from_excel_in_windows_1252_loads(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_bytes("id,text\nj1,Caf\u00e9 \u2013 barista\n".encode("cp1252"))
    assert load_documents(path).documents[0].text == "Caf\u00e9 \u2013 barista"


def test_csv_row_with_too_many_fields_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("id,text\nj1,Nurse\nj2,Chef,London\n", encoding="utf-8")
    result = load_documents(path)
    assert [d.id for d in result.documents] == ["j1"]
    assert result.failures[0].error == (
        f"{path} row 2: has more fields than the header; quote fields that contain commas"
    )


def test_parquet_keeps_typed_metadata_and_reports_null_text(tmp_path: Path) -> None:
    path = tmp_path / "jobs.parquet"
    table = pa.table(
        {
            "id": [10, 11, 12],
            "text": ["Welder", None, "Plumber"],
            "remote": [True, False, None],
            "salary": [31000.5, 0.0, 28000.0],
        }
    )
    pq.write_table(table, path)
    result = load_documents(path)
    assert [(d.id, d.metadata) for d in result.documents] == [
        ("10", {"remote": True, "salary": 31000.5}),
        ("12", {"remote": None, "salary": 28000.0}),
    ]
    assert result.failures == [
        Failure(
            f"{path} row 2",
            f"{path} row 2 (id '11'): 'text' is empty; give it text or drop the row",
        )
    ]


def test_duplicate_ids_name_the_id_and_rows(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "d.jsonl",
        [json.dumps({"id": i, "text": "x"}) for i in ("a", "b", "a")],
    )
    with pytest.raises(
        DataError, match=r"d\.jsonl: duplicate id 'a' on rows 1 and 3; ids must be unique"
    ):
        load_documents(path)


def test_missing_text_column_suggests_the_right_one(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("id,content\nj1,Nurse\n", encoding="utf-8")
    with pytest.raises(
        DataError,
        match=r"jobs\.csv: no text column 'text' \(found: 'id', 'content'\); did you mean 'content'\? pass text_field='content'",
    ):
        load_documents(path)
    assert load_documents(path, text_field="content").documents[0].text == "Nurse"


def test_missing_id_column_is_a_data_error(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "x.jsonl", [json.dumps({"ref": "1", "text": "Nurse"})])
    with pytest.raises(
        DataError,
        match=r"no id column 'id' \(found: 'ref', 'text'\); name the id column 'id' or pass id_field=<column>",
    ):
        load_documents(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bad.parquet",
            b"PAR1 definitely not parquet",
            r"bad\.parquet: not a readable Parquet file",
        ),
        ("empty.csv", b"id,text\n", r"empty\.csv: no rows; the collection is empty"),
        ("junk.jsonl", b"[1]\n42\n", r"junk\.jsonl: no line is a JSON object"),
        (
            "cv.json",
            b"{}",
            r"unsupported file type '\.json'; give a document .* a collection \(\.csv, \.jsonl, \.ndjson, \.parquet, \.pq\)",
        ),
    ],
)
def test_unreadable_or_unsupported_collection_raises(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        load_documents(path)


def test_missing_source_raises(tmp_path: Path) -> None:
    with pytest.raises(
        DataError, match=r"document source '.*nowhere' does not exist; check the path"
    ):
        load_documents(tmp_path / "nowhere")


def test_folder_loads_good_files_in_name_order_and_reports_the_corrupt_one(
    tmp_path: Path,
    make_pdf: Callable[..., Path],
    make_docx: Callable[[str], Path],
    corrupt_pdf: Path,
) -> None:
    folder = tmp_path
    make_pdf("c_resume.pdf")
    make_docx("a_resume.docx")
    (folder / "d_job.html").write_text("<h1>Welder</h1><p>Night shifts</p>", encoding="utf-8")
    (folder / "B_notes.txt").write_text("Forklift licence", encoding="utf-8")
    assert corrupt_pdf.name == "broken.pdf"
    (folder / ".hidden.txt").write_text("secret", encoding="utf-8")
    (folder / "~$a_resume.docx").write_bytes(b"lock")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / "pairs.jsonl").write_text('{"id": "x", "text": "y"}\n', encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.txt").write_text("not searched", encoding="utf-8")

    result = load_documents(folder)

    assert [d.id for d in result.documents] == [
        "B_notes.txt",
        "a_resume.docx",
        "c_resume.pdf",
        "d_job.html",
        "x",  # the collection inside the folder, read as a collection
    ]
    assert result.documents[3].text == "Welder\n\nNight shifts"
    assert len(result.failures) == 1
    assert result.failures[0].source == str(corrupt_pdf)
    assert "broken.pdf: not a readable PDF" in result.failures[0].error
    # every entry is accounted for, with its reason, and the counts add up
    reasons = {Path(f.source).name: f.error for f in result.skipped}
    assert set(reasons) == {"photo.png", "sub"}
    assert "unsupported file type '.png'" in reasons["photo.png"]
    assert "supported: .csv, .docx" in reasons["photo.png"]
    assert "a subfolder (pass --recursive to read it)" in reasons["sub"]
    assert sorted(Path(x).name for x in result.ignored) == [".hidden.txt", "~$a_resume.docx"]
    assert result.collections == {str(folder / "pairs.jsonl"): 1}
    assert result.entries == len(list(folder.iterdir())) == 10
    assert result.summary("cvs") == (
        "cvs: 10 entries: 4 document files read, 1 collection file(s) read as collections "
        "(1 documents), 1 failed, 2 not read, 2 hidden or lock file(s) ignored"
    )
    deep = load_documents(folder, recursive=True)
    assert "deep.txt" in [d.id for d in deep.documents]
    assert not [f for f in deep.skipped if f.source.endswith("sub")]
    assert load_documents(folder) == result  # deterministic


def test_a_folder_without_documents_lists_what_it_holds_and_an_empty_one_raises(
    tmp_path: Path,
) -> None:
    (tmp_path / "scan.jpg").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    result = load_documents(tmp_path)
    assert result.documents == []
    (reason,) = [f.error for f in result.skipped]
    assert "unsupported file type '.jpg' (its content looks like a Portable Network Graphics" in (
        reason
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match="the folder is empty"):
        load_documents(empty)


def test_single_file_source_gives_a_document_or_a_failure(
    make_docx: Callable[[str], Path], scanned_pdf: Path
) -> None:
    good = load_documents(make_docx("cv.docx"))
    assert [d.id for d in good.documents] == ["cv.docx"]
    assert good.failures == []
    bad = load_documents(scanned_pdf)
    assert bad.documents == []
    assert bad.failures == [
        Failure(
            str(scanned_pdf),
            f"{scanned_pdf}: the PDF has no text layer (scanned image?); run OCR (e.g. ocrmypdf) first or supply a text/DOCX version",
        )
    ]
    assert isinstance(bad, LoadResult)


def test_a_title_column_leads_the_text_once(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    rows = [
        {"id": "a", "title": "Licensed Practical Nurse", "text": "Night shifts on a rehab ward."},
        {"id": "b", "title": "Welder", "text": "Welder - Shop floor\nMIG and TIG."},
        {"id": "c", "title": "  ", "text": "Cashier wanted."},
        {"id": "d", "title": "RN", "text": "Turn-key care on a busy ward."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    docs = {d.id: d for d in load_documents(path).documents}
    assert docs["a"].text == "Licensed Practical Nurse\nNight shifts on a rehab ward."
    assert docs["a"].metadata["title"] == "Licensed Practical Nurse"
    assert docs["b"].text == "Welder - Shop floor\nMIG and TIG."  # already its first line
    assert docs["c"].text == "Cashier wanted."
    assert docs["d"].text == "RN\nTurn-key care on a busy ward."  # "rn" inside a word is not it


def test_a_row_without_the_text_field_says_so(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_text('{"id": "a", "text": "Nurse"}\n{"id": "b", "body": "Welder"}\n')
    result = load_documents(path)
    assert [d.id for d in result.documents] == ["a"]
    assert "'text' is missing (the row has ['body', 'id'])" in result.failures[0].error


def test_jsonl_rows_end_at_newlines_only(tmp_path: Path) -> None:
    """JSON allows U+2028 and U+2029 unescaped inside strings; they do not end a row."""
    rows = [
        json.dumps({"id": "a", "text": "Welder\u2028MIG and TIG"}, ensure_ascii=False),
        json.dumps({"id": "b", "text": "Baker\u2029Sourdough"}, ensure_ascii=False),
    ]
    path = tmp_path / "jobs.jsonl"
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    result = load_documents(path)
    assert not result.failures
    assert [d.id for d in result.documents] == ["a", "b"]
    assert "MIG and TIG" in result.documents[0].text
