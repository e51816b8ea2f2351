"""The vendored O*NET 26.3 occupations: titles, descriptions, tasks, job titles and related codes."""

from __future__ import annotations

import difflib
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from jobfit.errors import DataError

__all__ = ["ATTRIBUTION", "Occupation", "Onet", "RelatedOccupation", "load_onet"]

_RESOURCES = "jobfit.data.resources"

#: The CC BY 4.0 attribution that must accompany anything derived from the O*NET data.
ATTRIBUTION: str = (
    resources.files(_RESOURCES).joinpath("ONET_ATTRIBUTION.txt").read_text("utf-8").strip()
)


@dataclass(frozen=True)
class RelatedOccupation:
    """A link to a related occupation; ``tier`` is ``Primary-Short``, ``Primary-Long`` or ``Supplemental``."""

    code: str
    tier: str


@dataclass(frozen=True)
class Occupation:
    """One O*NET occupation.

    ``tasks`` lists Core tasks first; ``titles`` holds alternate and short titles (deduplicated,
    short titles first, then by word count); ``reported_titles`` the titles incumbents reported;
    ``related`` the related occupations in O*NET's relatedness order.
    """

    code: str
    title: str
    description: str
    tasks: tuple[str, ...]
    titles: tuple[str, ...]
    related: tuple[RelatedOccupation, ...]
    reported_titles: tuple[str, ...] = ()


class Onet:
    """All vendored O*NET occupations, looked up by code or title.

    Example:
        >>> onet = load_onet()
        >>> onet["15-1252.00"].title
        'Software Developers'
        >>> "15-1252.00" in onet, len(onet) >= 900
        (True, True)
    """

    def __init__(self, occupations: dict[str, Occupation], version: str) -> None:
        self._occupations = dict(sorted(occupations.items()))
        self.version = version
        self._by_title: dict[str, list[str]] = {}
        for occ in self._occupations.values():
            for name in (occ.title, *occ.titles, *occ.reported_titles):
                codes = self._by_title.setdefault(name.casefold(), [])
                if occ.code not in codes:
                    codes.append(occ.code)

    def __len__(self) -> int:
        return len(self._occupations)

    def __iter__(self) -> Iterator[Occupation]:
        return iter(self._occupations.values())

    def __contains__(self, code: object) -> bool:
        return code in self._occupations

    def __getitem__(self, code: str) -> Occupation:
        return self.get(code)

    @property
    def codes(self) -> tuple[str, ...]:
        """All occupation codes, sorted."""
        return tuple(self._occupations)

    def get(self, code: str) -> Occupation:
        """Returns the occupation with ``code`` (``"15-1252.00"``; a bare ``"15-1252"`` adds ``.00``).

        Raises:
            DataError: The code is unknown; the message suggests close codes.

        Example:
            >>> load_onet().get("15-1252").title
            'Software Developers'
        """
        key = code.strip()
        if len(key) == 7 and key[2] == "-":
            key += ".00"
        occ = self._occupations.get(key)
        if occ is None:
            close = difflib.get_close_matches(key, self._occupations, n=3, cutoff=0.6)
            hint = (
                f"; did you mean {', '.join(close)}?" if close else "; codes look like 15-1252.00"
            )
            raise DataError(f"unknown O*NET-SOC code {code!r}{hint}")
        return occ

    def related(self, code: str) -> tuple[Occupation, ...]:
        """Returns the occupations related to ``code``, most related first.

        Example:
            >>> [o.code for o in load_onet().related("15-1252.00")][:2]
            ['15-1299.08', '15-1211.00']
        """
        return tuple(self._occupations[r.code] for r in self.get(code).related)

    def by_title(self, title: str) -> tuple[Occupation, ...]:
        """Returns the occupations whose title, alternate or reported title equals ``title``.

        The comparison ignores case and surrounding whitespace.

        Example:
            >>> [o.code for o in load_onet().by_title("software developers")]
            ['15-1252.00']
        """
        codes = self._by_title.get(title.strip().casefold(), [])
        return tuple(self._occupations[c] for c in codes)


def _occupation(code: str, raw: dict[str, Any]) -> Occupation:
    return Occupation(
        code=code,
        title=raw["title"],
        description=raw["description"],
        tasks=tuple(raw["tasks"]),
        titles=tuple(raw["titles"]),
        related=tuple(RelatedOccupation(code=c, tier=t) for c, t in raw["related"]),
        reported_titles=tuple(raw["reported_titles"]),
    )


@lru_cache(maxsize=1)
def load_onet() -> Onet:
    """Loads the vendored O*NET occupations once and caches them.

    Raises:
        DataError: The vendored file is missing or corrupt (reinstall jobfit, or rebuild it
            with ``python scripts/build_onet.py``).

    Example:
        >>> onet = load_onet()
        >>> onet.version, len(onet["15-1252.00"].tasks) > 5
        ('26.3', True)
    """
    path = resources.files(_RESOURCES).joinpath("onet.json.gz")
    try:
        raw = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        occupations = {code: _occupation(code, occ) for code, occ in raw["occupations"].items()}
        version = str(raw["version"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise DataError(
            f"the vendored O*NET file {path} is unreadable ({err}); reinstall jobfit or run "
            "python scripts/build_onet.py"
        ) from err
    return Onet(occupations, version)
