"""`add_with_ray`: adding collection files to a store on Ray Data, encoded by a pool of model replicas.

The files are cut into blocks that Ray tasks beside the driver turn into `Document`s exactly
as a plain load does (`jobfit.index.ray_blocks`), dropping those whose text is already
stored. The driver checks what a plain load checks before anything is written; then an
actor pool of ``workers`` model replicas, each a `Matcher` built once from the driver's
`MatcherRecipe`, encodes the rest into records, and the driver alone writes them (one commit
per batch, with the index's search vectors), so the store keeps a single writer and its
lock, and the records are the ones `Index.add` writes. Ray Data's own JSON/Parquet readers
are not used: they infer types (dates become timestamps, ints in a float column floats, a
column of ints and strings is an error) and lose line numbers, so documents would differ.

Example:
    >>> from jobfit.encoding.encoder import HashEncoder
    >>> recipe = MatcherRecipe.of(Matcher(encoder=HashEncoder(dim=64), cache=False))
    >>> recipe.model, recipe.backend, recipe.encoder.name
    (None, None, 'hash-64-256')
    >>> recipe.build().embed(["Registered Nurse"]).shape
    (1, 64)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import socket
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.model import MAX_CHARS
from jobfit.encoding.encoder import Encoder
from jobfit.errors import ConfigError, DependencyError, IndexError_, JobfitError
from jobfit.index.index import ANN_THRESHOLD, AddResult, Index
from jobfit.index.ray_blocks import (
    BLOCK_BYTES,
    LIGHT,
    TODO,
    Block,
    LightRow,
    ReadReport,
    block_documents,
    plan_blocks,
    tally,
)
from jobfit.index.records import Kind, build_records
from jobfit.matching.matcher import Matcher
from jobfit.matching.occupations import OccupationParams

__all__ = ["MatcherRecipe", "add_with_ray"]

logger = logging.getLogger(__name__)

_ENV = ("JOBFIT_HOME", "HF_HOME", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
"""Settings a worker takes from the driver (where caches and ONNX exports live, offline)."""


@dataclass(frozen=True)
class MatcherRecipe:
    """What a worker needs to build the driver's matcher again: the model by name (the base
    model by alias, else an absolute directory that every node must have) or a light custom
    encoder, the backend, the embedding cache file, the scoring settings and the O*NET
    occupation vectors."""

    model: str | None
    backend: str | None
    encoder: Encoder | None
    batch_size: int | None
    cache: str | None
    aggregation: str
    first_weight: float
    max_windows: int | None
    occupations: OccupationParams | None
    today: dt.date
    profiles: NDArray[np.float32] | None = None

    @classmethod
    def of(cls, matcher: Matcher) -> MatcherRecipe:
        """The recipe of ``matcher``: a torch or ONNX encoder by model and backend, any
        other encoder (a test's `HashEncoder`) as itself."""
        from jobfit.encoding.encoder import SentenceTransformerEncoder
        from jobfit.model.base import BASE_ALIASES

        inner = matcher.encoder.inner
        onnx = sys.modules.get("jobfit.encoding.onnx_encoder")
        backend: str | None = None
        if isinstance(inner, SentenceTransformerEncoder):
            backend = "torch"
        elif onnx is not None and isinstance(inner, onnx.OnnxEncoder):
            backend = "onnx-int8" if inner.name.startswith("onnx-int8:") else "onnx"
        model = None
        if backend is not None:
            base = matcher.model_name in BASE_ALIASES
            model = "base" if base else str(Path(getattr(inner, "path")).resolve())  # noqa: B009
        cache = matcher.encoder.cache
        mapper = matcher.occupations
        return cls(
            model=model,
            backend=backend,
            encoder=None if backend is not None else inner,
            batch_size=getattr(inner, "batch_size", None),
            cache=str(cache.path) if cache is not None else None,
            aggregation=matcher.aggregation,
            first_weight=matcher.first_weight,
            max_windows=matcher.max_windows,
            occupations=mapper.params if mapper is not None else None,
            today=matcher.today,
            profiles=mapper.profiles if mapper is not None else None,
        )

    def build(self, threads: int | None = None) -> Matcher:
        """The matcher, its encoder using ``threads`` threads."""
        from jobfit.encoding.cache import EmbeddingCache

        encoder = self.encoder
        if encoder is None:
            from jobfit.encoding.backends import load_encoder

            if self.backend == "torch" and threads:
                import torch

                torch.set_num_threads(threads)
            encoder = load_encoder(
                self.model, self.backend, batch_size=self.batch_size, threads=threads
            )
        matcher = Matcher(
            encoder=encoder,
            cache=EmbeddingCache(Path(self.cache)) if self.cache else False,
            aggregation=self.aggregation,
            first_weight=self.first_weight,
            max_windows=self.max_windows,
            occupations=self.occupations if self.occupations is not None else False,
            today=self.today,
        )
        if matcher.occupations is not None and self.profiles is not None:
            # the driver's O*NET vectors (same model): no replica encodes the 923 again
            matcher.occupations.profiles = self.profiles
        return matcher


# -- encoding -----------------------------------------------------------------------------
class _Replica:
    """One model replica of the actor pool: builds its matcher once, then encodes batches."""

    def __init__(
        self,
        recipe: MatcherRecipe,
        kind: Kind,
        identity: tuple[str, str, str],
        env: dict[str, str],
        threads: int,
    ) -> None:
        os.environ.update(env)
        self.kind = kind
        self.model, self.weights_hash, encoder_name = identity
        self.error: JobfitError | None = None
        try:
            self.matcher = recipe.build(threads)
        except JobfitError as err:  # Ray would keep only its text: the batches carry it
            self.error = err
            return
        if self.matcher.encoder.name != encoder_name:
            self.error = IndexError_(
                f"the Ray worker on {socket.gethostname()} loaded model {recipe.model!r} as "
                f"{self.matcher.encoder.name}, but the driver's is {encoder_name}; install the "
                "same model directory (same weights) at the same path on every node"
            )

    def __call__(self, batch: Any) -> Any:
        """Pickled records of a batch's documents to encode, or the pickled error."""
        import pyarrow as pa

        docs = [pickle.loads(doc) for doc in batch["doc"].to_pylist()]
        out: list[Any] = [self.error] if self.error is not None else []
        if not out:
            try:
                out = build_records(self.matcher, docs, self.kind, self.model, self.weights_hash)
            except JobfitError as err:
                out = [err]
        return pa.table({"record": pa.array([pickle.dumps(r) for r in out], pa.binary())})


# -- the driver ---------------------------------------------------------------------------
def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as err:
        raise DependencyError(
            f"--engine ray needs Ray Data, which is not installed ({err}); install it with: "
            "pip install 'jobfit[ray]'"
        ) from err
    return ray


@contextmanager
def _ray(address: str | None, workers: int) -> Iterator[Any]:
    """Ray, connected to ``address``, to the instance already running in this process, or
    to a local instance started here (and shut down after)."""
    ray = _import_ray()
    started = not ray.is_initialized()
    if started:
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        quiet = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": logging.WARNING,
        }
        try:
            with warnings.catch_warnings():  # Ray's processes exec at once after the fork
                warnings.filterwarnings("ignore", "lancedb fork", RuntimeWarning)
                if address:
                    ray.init(address=address, **quiet)
                else:
                    ray.init(num_cpus=max(os.cpu_count() or 1, workers), **quiet)
        except ConnectionError as err:
            raise ConfigError(
                f"no Ray cluster at --address {address!r} ({err}); start one with "
                "'ray start --head', or leave out --address to start a local instance"
            ) from err
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)  # "bars off"
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def add_with_ray(
    index: Index,
    paths: Sequence[Path],
    kind: Kind,
    address: str | None = None,
    workers: int = 1,
    batch_size: int = 256,
    *,
    text_field: str = "text",
    id_field: str = "id",
    max_chars: int | None = MAX_CHARS,
    block_bytes: int = BLOCK_BYTES,
    on_read: Callable[[ReadReport], None] | None = None,
) -> AddResult:
    """Adds or updates the documents of collection files by id, as `Index.add` does, with
    the reading and encoding on Ray; the store is written by this process only.

    Args:
        index: The store and the matcher whose model the workers load.
        paths: JSONL, CSV or Parquet files (see `load_documents` for their columns).
        kind: ``"job"`` or ``"resume"``.
        address: A Ray cluster (``"auto"``, ``"host:6379"``); ``None`` starts a local
            instance unless this process already has one.
        workers: Model replicas; each gets an equal share of the cluster's CPUs.
        batch_size: Documents per encoding call and per commit.
        text_field, id_field, max_chars: As for `load_documents`.
        block_bytes: Target size of a JSONL block.
        on_read: Called once per file after it is read and checked, before anything is
            written (the CLI reports failed rows there, and stops when none was read).

    Returns:
        The ids added, updated and unchanged, counted as `Index.add` counts them.

    Raises:
        DependencyError: Ray is not installed.
        ConfigError: A path is not a collection file, or ``workers`` is out of range.
        DataError: What a plain load raises (no text or id column, a duplicate id).
        IndexError_: The store was built with another model, or a worker's model differs.
    """
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")
    blocks = plan_blocks(paths, block_bytes)
    if not blocks:
        return AddResult((), (), ())
    index.check_model(create=True)
    stored = index.store.hashes(kind)
    with _ray(address, workers) as ray, warnings.catch_warnings():
        # small inputs: Ray says that a pool of N gets fewer than N blocks, which is fine
        warnings.filterwarnings("ignore", ".*but the operator only received", UserWarning)
        return _run(
            ray,
            index,
            paths,
            blocks,
            kind,
            stored,
            workers,
            batch_size,
            (text_field, id_field, max_chars),
            on_read,
        )


def _run(
    ray: Any,
    index: Index,
    paths: Sequence[Path],
    blocks: list[Block],
    kind: Kind,
    stored: dict[str, str],
    workers: int,
    batch_size: int,
    fields: tuple[str, str, int | None],
    on_read: Callable[[ReadReport], None] | None,
) -> AddResult:
    text_field, id_field, max_chars = fields
    here = {"ray.io/node-id": ray.get_runtime_context().get_node_id()}
    converted = (
        ray.data.from_items([asdict(b) for b in blocks], override_num_blocks=len(blocks))
        .flat_map(
            block_documents,
            fn_kwargs={
                "stored": stored,
                "text_field": text_field,
                "id_field": id_field,
                "max_chars": max_chars,
            },
            num_cpus=0,  # reading is light; it runs where the files are, beside the driver
            compute=ray.data.TaskPoolStrategy(size=os.cpu_count() or 1),
            label_selector=here,
        )
        .materialize()
    )
    light = [LightRow(**r) for r in converted.select_columns(LIGHT).iter_rows()]
    logger.info("read %d row(s) in %d block(s)", len(light) - len(blocks), len(blocks))
    lists, kept = tally(paths, blocks, light, text_field, id_field, on_read)
    added, updated, unchanged = lists["added"], lists["updated"], lists["unchanged"]
    todo = len(added) + len(updated)
    index._refresh_metadata(kept, kind, unchanged, updated)
    if todo:
        _encode_and_store(ray, index, converted, kind, todo, updated, workers, batch_size)
    return AddResult(tuple(added), tuple(updated), tuple(unchanged))


def _encode_and_store(
    ray: Any,
    index: Index,
    converted: Any,
    kind: Kind,
    todo: int,
    updated: list[str],
    workers: int,
    batch_size: int,
) -> None:
    """Encodes the new and changed documents on the actor pool; stores them here."""
    total = float(ray.cluster_resources().get("CPU", 0))
    if workers > total:
        raise ConfigError(
            f"--workers {workers} is more than the {total:g} CPUs of the Ray cluster; "
            f"use at most {int(total)}, or add nodes"
        )
    cpus = max(1, int(total // workers))
    from ray.data.expressions import col

    # The pool hands out whole blocks: cut the documents to encode into blocks of a batch,
    # so that every replica gets work (one JSONL block can hold thousands).
    todo_ds = (
        converted.filter(expr=col("status").is_in(list(TODO)))
        .repartition(target_num_rows_per_block=batch_size)
        .materialize()
    )
    m = index.matcher
    encoded = todo_ds.map_batches(
        _Replica,
        fn_constructor_kwargs={
            "recipe": MatcherRecipe.of(m),
            "kind": kind,
            "identity": (m.model_name, m.weights_hash, m.encoder.name),
            "env": {k: os.environ[k] for k in _ENV if k in os.environ},
            "threads": cpus,
        },
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=cpus,
    )
    first_added = {r.id: r.added for r in index.store.get(kind, updated)}
    before = index.store.count(kind)
    done = 0
    for batch in encoded.iter_batches(batch_size=batch_size, batch_format="pyarrow"):
        records = [pickle.loads(b) for b in batch["record"].to_pylist()]
        for r in records:
            if isinstance(r, JobfitError):
                raise r
        records = [replace(r, added=first_added.get(r.id, r.added)) for r in records]
        index.store.upsert(kind, records, index._search_vectors(records, query=False))
        done += len(records)
        logger.info("stored %d of %d %s(s)", done, todo, kind)
    if before < ANN_THRESHOLD <= index.store.count(kind):
        index.optimize(kind)
