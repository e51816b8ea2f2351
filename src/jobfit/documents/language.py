"""Which language a resume or posting is written in: jobfit's model and readers are English.

Detection uses ``py3langid`` (langid.py's model, bundled in the package: offline,
deterministic, about 0.1 s per megabyte). A document is given a language only when the
detector is sure; short or mixed texts ("Python, SQL, AWS") are ``"und"`` (undetermined) and
read as English.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["ENGLISH", "UNDETERMINED", "detect_language", "language_name", "reads_english"]

ENGLISH = "en"
UNDETERMINED = "und"

_MIN_LETTERS = 80
"""Fewer letters than this and the language is not guessed."""
_MIN_CONFIDENCE = 0.9
"""The detector's normalised probability needed to name a language."""
_SAMPLE = 20_000
"""Characters read: the start of a document says its language."""

_NAMES = {
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "cs": "Czech",
    "ro": "Romanian",
    "hu": "Hungarian",
    "tr": "Turkish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "el": "Greek",
    "ar": "Arabic",
    "he": "Hebrew",
    "hi": "Hindi",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "vi": "Vietnamese",
    "id": "Indonesian",
    "und": "undetermined",
}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=4096)
def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or ``"und"`` when it cannot be told.

    Example:
        >>> detect_language("Pflegefachkraft mit fünf Jahren Erfahrung in der Intensivpflege "
        ...                 "und Freude an der Arbeit im Team.")
        'de'
        >>> detect_language("Registered nurse with five years of ICU experience, caring for "
        ...                 "critically ill patients on a busy unit.")
        'en'
        >>> detect_language("Python, SQL, AWS")
        'und'
    """
    sample = text[:_SAMPLE]
    if sum(c.isalpha() for c in sample) < _MIN_LETTERS:
        return UNDETERMINED
    code, confidence = _identifier().classify(sample)
    return str(code) if confidence >= _MIN_CONFIDENCE else UNDETERMINED


def reads_english(code: str) -> bool:
    """Whether jobfit reads a document of language ``code`` as written (English, or unknown).

    Example:
        >>> reads_english("en"), reads_english("und"), reads_english("de")
        (True, True, False)
    """
    return code in (ENGLISH, UNDETERMINED)


def language_name(code: str) -> str:
    """A readable name for ``code``: ``"German"`` for ``"de"``, the code itself if unknown.

    Example:
        >>> language_name("es"), language_name("xx")
        ('Spanish', 'xx')
    """
    return _NAMES.get(code, code)
