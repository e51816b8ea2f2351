"""Documents in: PDF, DOCX, text, Markdown, HTML files and JSONL/CSV/Parquet collections, as clean text."""

from __future__ import annotations

from jobfit.documents.clean import clean_text
from jobfit.documents.collections import load_documents
from jobfit.documents.model import Document, Failure, LoadResult
from jobfit.documents.readers import read_document

__all__ = ["Document", "Failure", "LoadResult", "clean_text", "load_documents", "read_document"]
