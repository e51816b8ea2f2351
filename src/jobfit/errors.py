"""The jobfit error hierarchy: every user mistake raises one of these with what, the value, and the fix."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DataError",
    "DependencyError",
    "DocumentError",
    "IndexError_",
    "JobfitError",
    "ModelError",
]


class JobfitError(Exception):
    """Base class of every error jobfit raises on purpose.

    The CLI prints ``Error: <message>`` for these and exits 1; the message must say
    what was wrong, the offending value, and how to fix it.

    Example:
        >>> try:
        ...     raise DataError("train.jsonl row 3: label 1.5 is outside [0, 1]; rescale it")
        ... except JobfitError as err:
        ...     print(err)
        train.jsonl row 3: label 1.5 is outside [0, 1]; rescale it
    """


class DataError(JobfitError, ValueError):
    """A data file (pairs or documents collection) is missing, unreadable or malformed."""


class DocumentError(JobfitError, ValueError):
    """A single document (PDF, DOCX, text, ...) could not be turned into text."""


class ModelError(JobfitError, RuntimeError):
    """A model directory is missing, incomplete or cannot be loaded."""


class ConfigError(JobfitError, ValueError):
    """A setting has an invalid value."""


class DependencyError(JobfitError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


class IndexError_(JobfitError, RuntimeError):
    """A store of resumes and postings cannot be used as asked: busy, built with another
    model, or damaged. The message names the store and the command that fixes it."""
