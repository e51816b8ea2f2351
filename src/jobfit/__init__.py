"""jobfit: match resumes to job postings with a fine-tuned sentence-embedding model.

Example:
    >>> from jobfit import Matcher
    >>> from jobfit.encoding.encoder import HashEncoder
    >>> m = Matcher(encoder=HashEncoder(), cache=False)  # Matcher() loads the real model
    >>> [h.id for h in m.rank_jobs("python, sql", ["nursing", "python and sql"], top_k=1)]
    ['job-1']
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from jobfit.errors import (
    ConfigError,
    DataError,
    DependencyError,
    DocumentError,
    JobfitError,
    ModelError,
)

__version__ = "0.1.0"

_LAZY = {
    "Matcher": "jobfit.matching.matcher",
    "Hit": "jobfit.matching.matcher",
    "Ranking": "jobfit.matching.matcher",
    "Explanation": "jobfit.matching.explain",
    "Evidence": "jobfit.matching.explain",
    "Document": "jobfit.documents",
    "load_documents": "jobfit.documents",
    "read_document": "jobfit.documents",
    "Index": "jobfit.index.index",
}

__all__ = [
    "ConfigError",
    "DataError",
    "DependencyError",
    "Document",
    "DocumentError",
    "Evidence",
    "Explanation",
    "Hit",
    "Index",
    "JobfitError",
    "Matcher",
    "ModelError",
    "Ranking",
    "__version__",
    "load_documents",
    "read_document",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    """Imports the public API on first use, so ``import jobfit`` stays light."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'jobfit' has no attribute {name!r}")
