"""Dev lever for a ranking that generalises (sixth round of the ranking issue): the fine-tuned
weights averaged with the base model's (WiSE-FT, Wortsman et al., 2022).

Fine-tuning on synthetic O*NET text teaches O*NET's view of jobs; averaging the fine-tuned
weights with the base model's, ``alpha * tuned + (1 - alpha) * base``, is a known way to keep
what fine-tuning gained in its own domain while keeping the base model's robustness outside
it. It costs nothing at run time and a second at training time. ``alpha`` 1.0 is the model as
trained, 0.0 the base model. The default recipe saves ``alpha`` 0.75 (``average_with_base`` in
``jobfit_train.json``); any other ``alpha`` is derived from the saved weights and the base's,
so the sweep needs no retraining.

Prints, for each ``alpha``, NDCG@10 / MAP of the default pipeline and of cosine alone in the
three views, and val Pearson / Spearman on ``resume-job-val``; then, for each ``alpha`` against
the weights as trained, the pipeline's NDCG@10 change on each half of the resumes (split by a
hash of their id, as ``occupation_sensitivity.py`` splits them) and a 95% paired bootstrap
interval over resumes (2,000 resamples, seed 0). The averaged models are written
to a temporary folder and removed afterwards.

    .venv/bin/python benchmarks/weight_averaging.py MODEL_DIR [ALPHA ...]
"""

import hashlib
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, "benchmarks")
import numpy as np

from _dev import DevSet, dev_views, load_dev
from jobfit.documents import Document
from jobfit.matching.matcher import Matcher
from jobfit.matching.metrics import ranking_metrics


def stored(model_dir: Path) -> tuple[float, str]:
    """The ``average_with_base`` and ``base_model`` the model in ``model_dir`` was saved with
    (1 and "base" for a model without ``jobfit_train.json``)."""
    info = model_dir / "jobfit_train.json"
    if not info.is_file():
        return 1.0, "base"
    config = json.loads(info.read_text())["config"]
    return float(config.get("average_with_base", 1.0)), str(config.get("base_model", "base"))


def averaged(model_dir: Path, alpha: float, out: Path) -> Path:
    """Writes ``alpha * tuned + (1 - alpha) * start`` to ``out`` and returns ``out``.

    ``model_dir`` may itself be averaged (``make model`` saves ``a * tuned + (1 - a) * start``
    with ``a`` and the starting model in its ``jobfit_train.json``): then the result is
    ``(alpha / a) * saved + (1 - alpha / a) * start``, which recovers the weights as trained
    for ``alpha`` 1 (to float rounding). Tokenizer and pooling come from ``model_dir``; no
    fit calibration is written (the ranking does not read it).
    """
    from jobfit.model.base import load_sentence_transformer

    saved_alpha, start = stored(model_dir)
    if saved_alpha == 0.0:
        sys.exit(
            f"{model_dir} is the starting model itself (average_with_base 0): nothing to derive"
        )
    factor = alpha / saved_alpha
    model = load_sentence_transformer(model_dir)
    base = load_sentence_transformer(start).state_dict()
    state = {
        k: (factor * v + (1.0 - factor) * base[k]) if v.is_floating_point() else v
        for k, v in model.state_dict().items()
    }
    model.load_state_dict(state)
    model.save(str(out))
    return out


def val_metrics(model_dir: Path) -> tuple[float, float]:
    """Pearson and Spearman of cosine on ``resume-job-val``."""
    from jobfit.data.pairs import PairSet
    from jobfit.data.seed_generator import generate_seed_pairs
    from jobfit.model.base import load_sentence_transformer
    from jobfit.model.evaluate import similarity_metrics

    val = PairSet.from_pairs(generate_seed_pairs().val)
    m = similarity_metrics(load_sentence_transformer(model_dir), val)
    return m["pearson_cosine"], m["spearman_cosine"]


def main() -> None:
    tuned = Path(sys.argv[1])
    alphas = [float(a) for a in sys.argv[2:]] or [1.0, 0.75, 0.5, 0.25]
    dev = load_dev()
    views = dev_views(dev)
    print("| alpha | val Pearson / Spearman | view | pipeline NDCG@10 / MAP | cosine alone |")
    print("|--:|:--|:--|--:|--:|")
    finals: dict[tuple[float, str], np.ndarray] = {}
    with tempfile.TemporaryDirectory(prefix="jobfit-wise-") as tmp:
        for alpha in alphas:
            same = alpha == stored(tuned)[0]
            model_dir = tuned if same else averaged(tuned, alpha, Path(tmp) / f"a{alpha}")
            pearson, spearman = val_metrics(model_dir)
            matcher = Matcher(model_dir, cache=True)
            plain = Matcher(model_dir, cache=True, occupations=False)
            for view, (rs, js) in views.items():
                resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
                jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, js, strict=True)]
                cells = []
                for m in (matcher, plain):
                    s: np.ndarray = m.score(resumes, jobs).final
                    finals.setdefault((alpha, view), s)
                    r = ranking_metrics(s, dev.relevance, k=10, relevant_at=1.0)
                    cells.append(f"{r['ndcg@10']:.3f} / {r['map']:.3f}")
                print(
                    f"| {alpha} | {pearson:.4f} / {spearman:.4f} | {view} | {cells[0]} | {cells[1]} |",
                    flush=True,
                )

    if 1.0 in alphas:
        print_stability(finals, [a for a in alphas if a != 1.0], list(views), dev)


def per_resume_ndcg(scores: np.ndarray, relevance: np.ndarray) -> np.ndarray:
    """NDCG@10 of each resume with a relevant posting (the rows ranking_metrics averages)."""
    rows = [i for i in range(len(relevance)) if relevance[i].max() > 0]
    return np.array(
        [ranking_metrics(scores[i : i + 1], relevance[i : i + 1])["ndcg@10"] for i in rows]
    )


def print_stability(
    finals: dict[tuple[float, str], np.ndarray], alphas: list[float], views: list[str], dev: DevSet
) -> None:
    """Each alpha's NDCG@10 change against alpha 1 on two halves and its bootstrap interval."""
    rows = [i for i in range(len(dev.relevance)) if dev.relevance[i].max() > 0]
    ids = [dev.resume_ids[i] for i in rows]
    half = np.array([int(hashlib.sha256(i.encode()).hexdigest(), 16) % 2 for i in ids])
    rng = np.random.default_rng(0)
    draws = rng.integers(0, len(rows), size=(2000, len(rows)))
    print("\n| alpha | view | NDCG@10 change, half 0 / half 1 | 95% interval (all resumes) |")
    print("|--:|:--|--:|--:|")
    for alpha in alphas:
        for view in views:
            gain = per_resume_ndcg(finals[(alpha, view)], dev.relevance) - per_resume_ndcg(
                finals[(1.0, view)], dev.relevance
            )
            low, high = np.percentile(gain[draws].mean(axis=1), [2.5, 97.5])
            print(
                f"| {alpha} | {view} | {gain[half == 0].mean():+.3f} / {gain[half == 1].mean():+.3f} "
                f"| {low:+.3f} to {high:+.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
