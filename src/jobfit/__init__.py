"""jobfit: match resumes to job postings with a fine-tuned sentence-embedding model."""

from __future__ import annotations

import logging

from jobfit.errors import (
    ConfigError,
    DataError,
    DependencyError,
    DocumentError,
    JobfitError,
    ModelError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DataError",
    "DependencyError",
    "DocumentError",
    "JobfitError",
    "ModelError",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
