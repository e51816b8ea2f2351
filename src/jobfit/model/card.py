"""Completing the model card that sentence-transformers writes with jobfit's run facts."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from jobfit.config import SEED_CARD_METRICS

__all__ = ["finish_model_card", "spearman_ceiling"]

MARKER = "<!-- jobfit:run -->"


def spearman_ceiling(labels: list[float]) -> float:
    """The highest Spearman a perfect model can reach on binary labels with these class sizes.

    With ``n0`` zeros and ``n1`` ones (N in all) a perfectly separated ranking reaches
    ``sqrt(3 * n0 * n1 / (N**2 - 1))``; with ``n`` and ``n + 1`` that is exactly sqrt(3)/2.

    Example:
        >>> round(spearman_ceiling([0.0] * 25 + [1.0] * 26), 7)
        0.8660254
    """
    n1 = sum(1 for x in labels if x >= 0.5)
    n0 = len(labels) - n1
    n = len(labels)
    if n < 2 or n0 == 0 or n1 == 0 or any(x not in (0.0, 1.0) for x in labels):
        return 1.0
    return math.sqrt(3.0 * n0 * n1 / (n * n - 1))


def _run_section(info: dict[str, Any]) -> str:
    cfg = info["config"]
    base = info["base_metrics"]
    tuned = info["metrics"]
    rows = "\n".join(
        f"| {name} | {base[name]:.4f} | {tuned[name]:.4f} | {SEED_CARD_METRICS[name]:.4f} |"
        for name in ("pearson_cosine", "spearman_cosine")
    )
    ceiling = info.get("spearman_ceiling")
    ceiling_note = (
        f"The validation labels are binary, so Spearman is capped at {ceiling:.4f} for this "
        f"split's class sizes ({info['val_size']} pairs): the seed card's 0.8660 is exactly "
        "sqrt(3)/2, the ceiling for n and n+1 examples per class, which is why the "
        "generated validation split has an odd size."
        if ceiling is not None
        else ""
    )
    return f"""{MARKER}
### jobfit run

Trained by `jobfit train` (recipe `{cfg["recipe"]}`) on {info["train_size"]} pairs in
{info["train_seconds"]:.1f} s ({info["steps"]} steps, {cfg["threads"]} CPU thread(s)). The full
configuration is in `jobfit_train.json` beside the weights.

| Metric | base all-MiniLM-L6-v2 | this model | seed card |
|:-------|:---------------------:|:----------:|:---------:|
{rows}

{ceiling_note}

"""


def finish_model_card(model_dir: Path, info: dict[str, Any]) -> Path:
    """Inserts the run summary into ``model_dir/README.md`` ahead of "Training Details".

    Args:
        model_dir: A directory written by ``SentenceTransformer.save``.
        info: The run facts saved as ``jobfit_train.json``.

    Returns:
        The card's path.
    """
    card = model_dir / "README.md"
    text = card.read_text("utf-8") if card.is_file() else ""
    section = _run_section(info)
    if MARKER in text:
        head, _, rest = text.partition(MARKER)
        _, sep, tail = rest.partition("## Training Details")
        text = head + section + sep + tail
    elif "## Training Details" in text:
        text = text.replace("## Training Details", section + "## Training Details", 1)
    else:
        text += "\n" + section
    card.write_text(text, "utf-8")
    return card
