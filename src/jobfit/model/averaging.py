"""Weight averaging with the starting model (WiSE-FT, Wortsman et al., 2022).

Fine-tuning on generated O*NET text teaches O*NET's view of jobs. Averaging the fine-tuned
weights with the weights training started from, ``alpha * tuned + (1 - alpha) * start``,
keeps most of what fine-tuning gained in its own domain and much of the starting model's
robustness outside it. It costs nothing at run time: the result is an ordinary model of the
same shape. ``alpha`` 1 is the model as trained, 0 the starting model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jobfit.errors import ConfigError

if TYPE_CHECKING:
    import torch

__all__ = ["average_weights"]


def average_weights(tuned: torch.nn.Module, start: torch.nn.Module, alpha: float) -> None:
    """Replaces ``tuned``'s floating-point weights with ``alpha * tuned + (1 - alpha) * start``.

    Integer buffers (position ids and the like) are kept as they are. The two modules must
    have the same architecture.

    Args:
        tuned: The fine-tuned module, changed in place.
        start: The module training started from (not changed).
        alpha: The tuned weights' share, in [0, 1].

    Raises:
        ConfigError: ``alpha`` outside [0, 1], or modules whose weights differ in name or shape.

    Example:
        >>> import torch
        >>> a, b = torch.nn.Linear(2, 1), torch.nn.Linear(2, 1)
        >>> _ = torch.nn.init.constant_(a.weight, 1.0), torch.nn.init.constant_(b.weight, 0.0)
        >>> average_weights(a, b, 0.75)
        >>> a.weight.tolist()
        [[0.75, 0.75]]
    """
    if not 0.0 <= alpha <= 1.0:
        raise ConfigError(
            f"average_with_base must be between 0 (the base model) and 1 (the weights as "
            f"trained), got {alpha!r}"
        )
    mine, theirs = tuned.state_dict(), start.state_dict()
    if mine.keys() != theirs.keys() or any(mine[k].shape != theirs[k].shape for k in mine):
        raise ConfigError(
            "cannot average weights of two different architectures; average_with_base needs "
            "the model training started from (base_model)"
        )
    if alpha == 1.0:
        return
    averaged = {
        k: alpha * v + (1.0 - alpha) * theirs[k].to(v.device, v.dtype)
        if v.is_floating_point()
        else v
        for k, v in mine.items()
    }
    tuned.load_state_dict(averaged)
