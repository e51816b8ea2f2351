"""`jobfit index ...`: add, search, list, delete, verify and rebuild a store of documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jobfit.cli_inputs import _matcher, _start_encoding_command, load_inputs
from jobfit.errors import JobfitError

__all__ = ["index_app", "open_index"]

index_app = typer.Typer(
    help="A persistent store of resumes and postings: add once, search many times.",
    no_args_is_help=True,
    add_completion=False,
)

IndexOption = Annotated[
    str | None,
    typer.Option(
        "--index",
        help="Store: a directory (embedded, default $JOBFIT_HOME/index), a .db file (Milvus "
        "Lite) or http://host:19530 (Milvus).",
    ),
]
KindOption = Annotated[str, typer.Option(help="'job' (postings) or 'resume'.")]
ModelOpt = Annotated[
    str | None, typer.Option(help="Model directory or 'base' (default: best trained here).")
]
WhereOption = Annotated[
    str | None,
    typer.Option(help="Filter, e.g. \"location = 'Berlin' and tags has 'remote'\"."),
]


def _kind(kind: str) -> Any:
    if kind not in ("job", "resume"):
        raise JobfitError(f"--kind must be 'job' or 'resume', got {kind!r}")
    return kind


def open_index(location: str | None, model: str | None, backend: str | None = None) -> Any:
    """The index at ``location`` with the chosen model (said on stderr)."""
    from jobfit.index.index import Index

    _start_encoding_command(backend)
    return Index(location, _matcher(model, backend))


def _echo(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False))


@index_app.command("add")
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or JSONL/CSV/Parquet.")],
    kind: KindOption = "job",
    index: IndexOption = None,
    model: ModelOpt = None,
    recursive: Annotated[bool, typer.Option("--recursive", "-r")] = False,
    max_chars: Annotated[int | None, typer.Option(min=0)] = None,
    engine: Annotated[
        str,
        typer.Option(
            help="'local' (this process) or 'ray' (Ray Data: collection files read in "
            "blocks and encoded by --workers model replicas; this process writes the store)."
        ),
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(help="Ray cluster for --engine ray, e.g. 'auto' (default: a local one)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Model replicas for --engine ray.")] = 1,
) -> None:
    """Add or update documents by id; unchanged ones are not encoded again.

    Example: jobfit index add postings.jsonl --kind job --index store/

    On a Ray cluster: jobfit index add postings.parquet --engine ray --address auto --workers 8
    """
    k = _kind(kind)
    if engine not in ("local", "ray"):
        raise JobfitError(f"--engine must be 'local' or 'ray', got {engine!r}")
    if engine == "ray":
        _add_with_ray(paths, k, index, model, max_chars, address, workers)
        return
    if address is not None or workers != 1:
        raise JobfitError("--address and --workers are for --engine ray; add --engine ray")
    docs, bad = [], 0
    for path in paths:
        found, skipped = load_inputs(path, k, recursive, max_chars)
        docs += found
        bad += skipped
    result = open_index(index, model).add(docs, k)
    _echo({"kind": k, **result.to_dict(), "skipped": bad})
    if bad:
        raise typer.Exit(3)


def _add_with_ray(
    paths: list[Path],
    kind: Any,
    index: str | None,
    model: str | None,
    max_chars: int | None,
    address: str | None,
    workers: int,
) -> None:
    """`index add --engine ray`: the same checks, messages and summary as the local engine."""
    from jobfit.cli_inputs import require_documents, tell_failures, warn_foreign
    from jobfit.documents.collections import COLLECTION_SUFFIXES
    from jobfit.documents.model import MAX_CHARS
    from jobfit.index.ray_blocks import ReadReport
    from jobfit.index.ray_build import add_with_ray

    for path in paths:
        if not path.exists():
            raise JobfitError(f"document source {str(path)!r} does not exist; check the path")
        if path.is_dir() or path.suffix.lower() not in COLLECTION_SUFFIXES:
            what = "a folder" if path.is_dir() else "not a JSONL, CSV or Parquet file"
            raise JobfitError(
                f"--engine ray reads collection files (JSONL, CSV, Parquet); {path} is {what}. "
                f"Add it with the default engine: jobfit index add {path} --kind {kind}"
            )
    bad = 0

    def report(read: ReadReport) -> None:
        nonlocal bad
        tell_failures(kind, read.failures)
        require_documents(read.path, kind, read.documents, len(read.failures))
        warn_foreign(read.foreign, kind)
        bad += len(read.failures)

    limit = MAX_CHARS if max_chars is None else max_chars
    idx = open_index(index, model)
    result = add_with_ray(idx, paths, kind, address, workers, max_chars=limit, on_read=report)
    _echo({"kind": kind, **result.to_dict(), "skipped": bad})
    if bad:
        raise typer.Exit(3)


@index_app.command("search")
def search(
    query: Annotated[Path, typer.Argument(help="A resume (with --kind job) or a posting file.")],
    kind: Annotated[str, typer.Option(help="What to find: 'job' or 'resume'.")] = "job",
    index: IndexOption = None,
    model: ModelOpt = None,
    top_k: Annotated[int, typer.Option(min=1)] = 10,
    where: WhereOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or table.")] = "jsonl",
    explain: Annotated[bool, typer.Option(help="Attach requirements met/missing.")] = True,
) -> None:
    """Stored jobs for a resume (or stored resumes for a posting), as `jobfit rank` prints them.

    Example: jobfit index search cv.pdf --kind job --where "location = 'Berlin'" --top-k 5
    """
    from jobfit.matching.report import FORMATS, rankings_csv, rankings_jsonl, rankings_table

    k = _kind(kind)
    if fmt not in FORMATS:
        raise JobfitError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    docs, bad = load_inputs(query, "resume" if k == "job" else "job")
    idx = open_index(index, model)
    rankings = [idx.search(d, k, top_k, where, explain) for d in docs]
    render = {"jsonl": rankings_jsonl, "csv": rankings_csv, "table": rankings_table}[fmt]
    sys.stdout.write(render(rankings))
    if bad:
        raise typer.Exit(3)


@index_app.command("delete")
def delete(
    ids: Annotated[list[str], typer.Argument(help="Ids to delete.")],
    kind: KindOption = "job",
    index: IndexOption = None,
) -> None:
    """Delete stored documents by id. Example: jobfit index delete job-42 --kind job"""
    from jobfit.index.store import open_store

    _echo({"kind": _kind(kind), "deleted": open_store(index).delete(_kind(kind), ids)})


@index_app.command("list")
def list_documents(
    kind: KindOption = "job",
    index: IndexOption = None,
    where: WhereOption = None,
    limit: Annotated[int, typer.Option(min=1)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """List stored documents (JSON lines), paged. Example: jobfit index list --kind resume"""
    from jobfit.index.filters import parse_filter
    from jobfit.index.store import open_store

    flt = parse_filter(where) if where else None
    for r in open_store(index).page(_kind(kind), flt, limit, offset):
        _echo(
            {
                "id": r.id,
                "title": r.current_title,
                "occupation": r.occupation_label,
                **{k: r.promoted(k) for k in ("company", "location", "source")},
                "tags": list(r.tags),
                "added": r.added,
                "updated": r.updated,
            }
        )


@index_app.command("stats")
def stats(index: IndexOption = None) -> None:
    """The store's model and sizes. Example: jobfit index stats --index store/"""
    from jobfit.index.store import open_store, store_stats

    _echo(store_stats(open_store(index)))


@index_app.command("verify")
def verify(index: IndexOption = None, model: ModelOpt = None) -> None:
    """Check every stored document against its hash, model and vectors; exit 1 on problems."""
    report = open_index(index, model).verify()
    _echo(report)
    if report["problems"]:
        raise typer.Exit(1)


@index_app.command("optimize")
def optimize(kind: KindOption = "job", index: IndexOption = None, model: ModelOpt = None) -> None:
    """Build the approximate indexes of an embedded store now (LanceDB's, for filtered
    searches, and the in-memory one beside it, DIR/graph/); they are built by themselves
    when a kind first reaches 50,000 documents. Example: jobfit index optimize --kind job"""
    _echo({"kind": _kind(kind), "built": open_index(index, model).optimize(_kind(kind))})


@index_app.command("rebuild")
def rebuild(index: IndexOption = None, model: ModelOpt = None) -> None:
    """Re-encode every stored document with the chosen model (after training a new one)."""
    _echo({"rebuilt": open_index(index, model).rebuild()})
