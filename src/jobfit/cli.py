"""The ``jobfit`` command line: one verb per stage; heavy libraries are imported inside the verbs."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from jobfit.cli_index import index_app
from jobfit.cli_inputs import (
    _date,
    _interactive,
    _matcher,
    _quiet_libraries,
    _start_encoding_command,
    load_inputs,
    pick_document,
    warn_languages,
)
from jobfit.cli_serve import serve
from jobfit.errors import JobfitError

app = typer.Typer(
    name="jobfit",
    help="Match resumes to job postings with a fine-tuned sentence-embedding model, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(index_app, name="index")
app.command("serve")(serve)
logger = logging.getLogger("jobfit")


@app.callback()
def _main(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="-v info, -vv debug, on stderr.")
    ] = 0,
) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("jobfit").setLevel(level)


def _echo_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, sort_keys=False))


# Options every encoding command takes, worded once.
ModelOption = Annotated[
    str | None, typer.Option(help="Model directory or 'base' (default: best trained here).")
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        help="The date 'Present' stands for in resume dates, YYYY-MM-DD (default: today); "
        "pass one to reproduce a run."
    ),
]
BackendOption = Annotated[
    str | None, typer.Option(help="torch, onnx or onnx-int8 (default: $JOBFIT_BACKEND).")
]
MaxCharsOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        help="Read at most this many characters of each document (default 200000; 0: no "
        "limit). Longer ones are cut, with a warning.",
    ),
]
RecursiveOption = Annotated[
    bool, typer.Option("--recursive", "-r", help="Also read the subfolders of a folder.")
]


@app.command()
def generate(
    out: Annotated[Path, typer.Option(help="Directory for train.jsonl, val.jsonl, test.jsonl.")],
    recipe: Annotated[
        str,
        typer.Option(
            help="'seed' (the seed card's templates) or 'onet' (O*NET occupations, varied layouts)."
        ),
    ] = "seed",
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed writes byte-identical files.")
    ] = 42,
    train_size: Annotated[
        int | None, typer.Option(help="Training pairs (seed: 100, onet: 10000).")
    ] = None,
    val_size: Annotated[
        int | None,
        typer.Option(
            help="Validation pairs (seed: 101, odd sizes reach Spearman sqrt(3)/2; onet: 1000)."
        ),
    ] = None,
    test_size: Annotated[
        int | None, typer.Option(help="Test pairs (seed: 50, onet: 1000).")
    ] = None,
    triplets: Annotated[
        int,
        typer.Option(
            help="onet only: also write triplets.jsonl with this many hard-negative triplets."
        ),
    ] = 0,
) -> None:
    """Write synthetic (resume, job, score) pairs.

    Example: jobfit generate --out data/seed --seed 42
    """
    if triplets and recipe != "onet":
        raise JobfitError("--triplets needs --recipe onet")
    if out.exists() and not out.is_dir():
        raise JobfitError(f"--out {out} is a file; give a directory for the split files")
    if recipe == "seed":
        from jobfit.data.seed_generator import generate_seed_pairs

        splits = generate_seed_pairs(
            seed=seed,
            train_size=100 if train_size is None else train_size,
            val_size=101 if val_size is None else val_size,
            test_size=50 if test_size is None else test_size,
        )
    elif recipe == "onet":
        from jobfit.data.onet_generator import generate_onet_pairs

        splits = generate_onet_pairs(
            seed=seed,
            train_size=10_000 if train_size is None else train_size,
            val_size=1_000 if val_size is None else val_size,
            test_size=1_000 if test_size is None else test_size,
        )
    else:
        raise JobfitError(f"unknown recipe {recipe!r}; use 'seed' or 'onet'")
    paths = {name: str(path) for name, path in splits.write(out).items()}
    if triplets:
        from jobfit.data.onet_generator import generate_onet_triplets, write_triplets

        paths["triplets"] = str(
            write_triplets(generate_onet_triplets(seed=seed, n=triplets), out / "triplets.jsonl")
        )
    _echo_json(paths)


@app.command()
def train(
    out: Annotated[Path, typer.Option(help="Output model directory.")],
    train_file: Annotated[
        Path | None,
        typer.Option(
            "--train",
            help="Training pairs (JSONL/CSV/Parquet); default: generated seed-style pairs.",
        ),
    ] = None,
    val_file: Annotated[
        Path | None, typer.Option("--val", help="Validation pairs, evaluated as resume-job-val.")
    ] = None,
    recipe: Annotated[
        str,
        typer.Option(
            help="'seed' (the seed card exactly) or 'default' (adds O*NET hard-negative triplets)."
        ),
    ] = "seed",
    triplets_file: Annotated[
        Path | None,
        typer.Option(
            "--triplets",
            help="JSONL with anchor/positive/negative (default recipe); default: generated from O*NET.",
        ),
    ] = None,
    base_model: Annotated[
        str, typer.Option(help="'base' (vendored all-MiniLM-L6-v2) or a model directory.")
    ] = "base",
    epochs: Annotated[int | None, typer.Option(help="Epochs (seed: 3, default: 1).")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Batch size (16).")] = None,
    learning_rate: Annotated[float | None, typer.Option(help="Learning rate (5e-5).")] = None,
    seed: Annotated[int, typer.Option(help="Seed for data generation and training (42).")] = 42,
    threads: Annotated[
        int | None, typer.Option(help="CPU threads for torch (seed: 1, default: 2).")
    ] = None,
    device: Annotated[
        str, typer.Option(help="Torch device: cpu, or cuda where a GPU is present.")
    ] = "cpu",
    average_with_base: Annotated[
        float | None,
        typer.Option(
            help="Share of the trained weights kept when they are averaged with the base "
            "model's at the end (WiSE-FT; seed: 1, default: 0.75; 1 turns averaging off)."
        ),
    ] = None,
) -> None:
    """Fine-tune all-MiniLM-L6-v2 and write a model card; resumes an interrupted run.

    Example: jobfit train --train data/seed/train.jsonl --val data/seed/val.jsonl --out models/seed
    """
    show = _interactive()
    _quiet_libraries(show)
    from jobfit.config import TrainConfig
    from jobfit.data.pairs import PairSet, read_pairs
    from jobfit.model.train import train as run_train

    overrides: dict[str, Any] = {"base_model": base_model, "seed": seed, "device": device}
    for key, value in (
        ("epochs", epochs),
        ("batch_size", batch_size),
        ("learning_rate", learning_rate),
        ("threads", threads),
        ("average_with_base", average_with_base),
    ):
        if value is not None:
            overrides[key] = value
    try:
        cfg = TrainConfig.for_recipe(recipe, **overrides)
    except ValueError as err:
        from pydantic import ValidationError

        if isinstance(err, ValidationError):  # one line: the option, the value, the rule
            detail = "; ".join(
                f"--{'-'.join(str(x) for x in e['loc']).replace('_', '-')} "
                f"{e.get('input')!r}: {e['msg'].lower()}"
                for e in err.errors()
            )
            raise JobfitError(f"invalid training option: {detail}") from err
        raise JobfitError(f"invalid training option: {err}") from err
    if (train_file is None) != (val_file is None):
        raise JobfitError(
            "pass both --train and --val, or neither (then seed-style pairs are generated)"
        )
    if train_file is not None and val_file is not None:
        train_pairs, val_pairs = read_pairs(train_file), read_pairs(val_file)
    else:
        from jobfit.data.seed_generator import generate_seed_pairs

        splits = generate_seed_pairs(seed=seed)
        train_pairs, val_pairs = PairSet.from_pairs(splits.train), PairSet.from_pairs(splits.val)
    triplets: list[Any] = []
    if cfg.triplets:
        if triplets_file is not None:
            from jobfit.data.triplets import read_triplets

            triplets = read_triplets(triplets_file)
        else:
            from jobfit.data.onet_generator import generate_onet_triplets

            triplets = generate_onet_triplets(seed=seed, n=cfg.triplets)
    result = run_train(train_pairs, val_pairs, out, cfg, show_progress=show, triplets=triplets)
    _echo_json(
        {
            "model_dir": str(result.model_dir),
            "recipe": cfg.recipe,
            "steps": result.steps,
            "train_seconds": round(result.seconds, 2),
            "base": result.base_metrics,
            "trained": result.metrics,
            **({"before_averaging": result.tuned_metrics} if result.tuned_metrics else {}),
        }
    )


@app.command()
def evaluate(
    pairs: Annotated[Path, typer.Option(help="Pairs to evaluate on: JSONL, CSV or Parquet.")],
    model: Annotated[str, typer.Option(help="Model directory, or 'base'.")] = "base",
    top_k: Annotated[
        int, typer.Option("--k", min=1, help="Cut-off for NDCG, MRR and recall.")
    ] = 10,
) -> None:
    """Print similarity and ranking metrics of a model on pairs, as one JSON object.

    Example: jobfit evaluate --model models/seed --pairs data/seed/test.jsonl
    """
    _quiet_libraries(_interactive())
    from jobfit.data.pairs import read_pairs
    from jobfit.model.evaluate import evaluate_pairs

    pair_set = read_pairs(pairs)
    metrics = evaluate_pairs(model, pair_set, k=top_k)
    _echo_json({"model": model, "pairs": str(pairs), **metrics})


@app.command()
def embed(
    input_path: Annotated[
        Path,
        typer.Option(
            "--input", help="Documents: JSONL/CSV/Parquet collection, a folder, or one file."
        ),
    ],
    out: Annotated[
        Path, typer.Option(help="Output .npy (float32, L2-normalised rows, input order).")
    ],
    model: ModelOption = None,
    backend: BackendOption = None,
    resumes: Annotated[
        bool,
        typer.Option(
            "--resumes",
            help="The documents are resumes: encode each with its current job title first, "
            "as rank does.",
        ),
    ] = False,
    recursive: RecursiveOption = False,
    max_chars: MaxCharsOption = None,
) -> None:
    """Write whole-document embeddings for your own vector store, ids beside them.

    Example: jobfit embed --input postings.jsonl --out postings.npy   (ids in postings.ids.txt)
    """
    _start_encoding_command(backend)
    import numpy as np

    if out.suffix != ".npy":
        raise JobfitError(
            f"--out {str(out)!r} must end in .npy; e.g. --out {out.with_suffix('.npy')}"
        )
    docs, bad = load_inputs(input_path, "document", recursive, max_chars)
    matcher = _matcher(model, backend)
    vectors = matcher.embed(docs, resumes=resumes).astype(np.float32)
    out.parent.mkdir(parents=True, exist_ok=True)
    ids_path = out.with_suffix(".ids.txt")
    tmp_vec, tmp_ids = out.with_suffix(".npy.tmp"), ids_path.with_suffix(".txt.tmp")
    with tmp_vec.open("wb") as fh:
        np.save(fh, vectors)
    tmp_ids.write_text("".join(d.id + "\n" for d in docs), "utf-8")
    tmp_vec.replace(out)
    tmp_ids.replace(ids_path)
    _echo_json(
        {
            "embeddings": str(out),
            "ids": str(ids_path),
            "count": len(docs),
            "dim": int(vectors.shape[1]),
        }
    )
    if bad:
        raise typer.Exit(PARTIAL_EXIT)


PARTIAL_EXIT = 3
"""Exit status when some inputs failed and were skipped, but the rest was processed."""


@app.command()
def rank(
    resumes: Annotated[
        Path | None,
        typer.Option(help="Resumes: a PDF/DOCX/TXT/MD/HTML file, a folder, or JSONL/CSV/Parquet."),
    ] = None,
    jobs: Annotated[
        Path | None, typer.Option(help="Job postings: same kinds of input as --resumes.")
    ] = None,
    jobs_index: Annotated[
        str | None, typer.Option(help="Rank against the postings stored here instead of --jobs.")
    ] = None,
    resumes_index: Annotated[
        str | None,
        typer.Option(help="Rank against the resumes stored here instead of --resumes (--by job)."),
    ] = None,
    where: Annotated[
        str | None, typer.Option(help="Filter on a store's documents (with --*-index).")
    ] = None,
    model: ModelOption = None,
    top_k: Annotated[int, typer.Option(min=1, help="Hits per query.")] = 10,
    by: Annotated[
        str, typer.Option(help="'resume': jobs for each resume; 'job': resumes for each job.")
    ] = "resume",
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl (stable contract), csv or table.")
    ] = "jsonl",
    explain: Annotated[
        bool, typer.Option(help="Attach requirements met/missing to each hit.")
    ] = True,
    backend: BackendOption = None,
    today: TodayOption = None,
    recursive: RecursiveOption = False,
    max_chars: MaxCharsOption = None,
) -> None:
    """Rank jobs for every resume (or resumes for every job, with --by job).

    Example: jobfit rank --resumes resumes/ --jobs jobs.jsonl --top-k 5 --format table
    """
    _start_encoding_command(backend)
    from jobfit.matching.report import FORMATS, rankings_csv, rankings_jsonl, rankings_table

    if fmt not in FORMATS:
        raise JobfitError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if by not in ("resume", "job"):
        raise JobfitError(f"--by must be 'resume' or 'job', got {by!r}")
    render = {"jsonl": rankings_jsonl, "csv": rankings_csv, "table": rankings_table}[fmt]
    stored = jobs_index if by == "resume" else resumes_index
    if stored is not None:
        query = resumes if by == "resume" else jobs
        if query is None:
            flag = "--resumes" if by == "resume" else "--jobs"
            raise JobfitError(f"give the queries with {flag} when ranking against a store")
        from jobfit.index.index import Index

        docs, bad = load_inputs(query, by, recursive, max_chars)
        idx = Index(stored, _matcher(model, backend, today))
        target: Literal["job", "resume"] = "job" if by == "resume" else "resume"
        sys.stdout.write(render([idx.search(d, target, top_k, where, explain) for d in docs]))
        if bad:
            raise typer.Exit(PARTIAL_EXIT)
        return
    if resumes is None or jobs is None:
        raise typer.BadParameter(  # a usage mistake: exit status 2, like a missing option
            "give --resumes and --jobs (files, folders or collections), or a store with "
            "--jobs-index / --resumes-index"
        )
    resume_docs, bad_r = load_inputs(resumes, "resume", recursive, max_chars)
    job_docs, bad_j = load_inputs(jobs, "job", recursive, max_chars)
    matcher = _matcher(model, backend, today)
    queries, candidates = (resume_docs, job_docs) if by == "resume" else (job_docs, resume_docs)
    rankings = matcher.rank(queries, candidates, top_k=top_k, by=by, explain=explain)
    sys.stdout.write(render(rankings))
    if bad_r or bad_j:
        raise typer.Exit(PARTIAL_EXIT)


@app.command()
def explain(
    resume: Annotated[
        Path,
        typer.Argument(help="One resume file (PDF, DOCX, TXT, MD, HTML) or a collection."),
    ],
    job: Annotated[Path, typer.Argument(help="One job posting file or a collection.")],
    model: ModelOption = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    backend: BackendOption = None,
    resume_id: Annotated[
        str | None, typer.Option(help="The row to explain when RESUME is a JSONL/CSV/Parquet file.")
    ] = None,
    job_id: Annotated[
        str | None, typer.Option(help="The row to explain when JOB is a JSONL/CSV/Parquet file.")
    ] = None,
    today: TodayOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Explain one resume/job pair: fit 0-100, each requirement's verdict and reason, knockouts.

    Example: jobfit explain resume.pdf postings.jsonl --job-id job-42 --format json
    """
    _start_encoding_command(backend)
    from jobfit.matching.report import explanation_text

    if fmt not in ("text", "json"):
        raise JobfitError(f"unknown format {fmt!r}; use text or json")
    r_doc = pick_document(resume, resume_id, "resume", max_chars)
    j_doc = pick_document(job, job_id, "job", max_chars)
    warn_languages([r_doc], "resume")
    warn_languages([j_doc], "job")
    _date(today)  # a bad date fails before the model loads
    e = _matcher(model, backend, today).explain(r_doc, j_doc)
    if fmt == "json":
        _echo_json({"resume_id": r_doc.id, "job_id": j_doc.id, **e.to_dict()})
    else:
        typer.echo(explanation_text(r_doc.id, j_doc.id, e))


def main() -> None:
    """Entry point: runs the app and turns a JobfitError into ``Error: ...`` with exit 1."""
    try:
        rc = app(standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except JobfitError as err:
        typer.echo(f"Error: {err}", err=True)
        sys.exit(1)
    except OSError as err:  # a disk or permission problem, not a bug: say which file
        typer.echo(f"Error: {err}", err=True)
        sys.exit(1)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as err:
        # Usage errors (click's, or the copy of click that newer typer ships) carry an exit
        # code and know how to print themselves; anything else is a bug and keeps its traceback.
        code = getattr(err, "exit_code", None)
        if not isinstance(code, int):
            raise
        show = getattr(err, "show", None)
        if callable(show):
            show()
        sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
