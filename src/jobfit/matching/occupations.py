"""Occupation-aware scoring: map resumes and jobs onto O*NET occupations and compare those."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from numpy.typing import NDArray

from jobfit.data.onet import Occupation, Onet, load_onet
from jobfit.encoding.encoder import Encoder
from jobfit.errors import ConfigError, DataError
from jobfit.matching.occupation_terms import OccupationTerms
from jobfit.matching.titles import TitleIndex, normalize_title, title_lines

__all__ = ["OccupationMapper", "OccupationParams", "normalize_title"]

_TITLE_SHARE_FLOOR = 0.05
"""Content mass on a title's major groups below which the content contradicts the title."""

RELATED_TIERS: dict[str, float] = {"Primary-Short": 0.5, "Primary-Long": 0.5, "Supplemental": 0.5}


@dataclass(frozen=True)
class OccupationParams:
    """How occupation evidence enters the score.

    ``final = cosine + weight * occupation_similarity``, where occupation similarity is
    ``p_resume^T R p_job`` with ``p`` each side's distribution over O*NET occupations and
    ``R`` 1 for the same occupation, 0.5 for a related one (O*NET's links), 0 otherwise.
    ``p`` mixes a title lookup (``title_share``) with a softmax over the cosine to each
    occupation's profile (title, job titles, description, tasks) at ``temperature``, kept
    to the ``top_k`` most likely occupations. The title lookup reads the short lines among
    the first ``title_lines`` non-empty lines and keeps the first ``max_titles`` that are
    O*NET job titles, weighted ``1 / rank ** title_decay`` (0 weighs them alike). With
    ``subphrases``, when no line is a listed title, a headline line is matched by its longest
    listed run of words ("Backend Software Engineer (Python)" as "Software Engineer").
    ``benchmarks/occupation_sensitivity.py`` measures these.

    Resumes are read by section: only the headline (above the first heading) and the
    experience section name jobs, so a Skills line such as "Accounts Payable" is not a job.
    By default only the first title counts: the headline, else the latest job. With
    ``lead_with_title`` a resume is encoded with that title as its first line, the layout
    the model was trained on, so it reads the same whether or not it opens with a headline.

    A title yields to clear content (``title_yields``): when at least that share of the
    content distribution lies in one O*NET major group, the title's codes hold less than 5%
    of it, and none of them is linked in O*NET to the content's most likely occupation, the
    title adds nothing and the content alone places the document. "Executive Assistant" over
    a resume that reads as web development all through is not read as a secretary. The
    threshold is strict because the content reading is often wrong when it is less sure
    (``benchmarks/ranking_levers.py`` measures 0.6-0.95; 1.0 or more turns the rule off).

    The content distribution reads words as well as the vector (``lexical_share``): each
    side's similarities to the occupations are standardised over all occupations (z-scores),
    the embedding's and the TF-IDF's (:class:`~jobfit.matching.occupation_terms.OccupationTerms`)
    are averaged with ``lexical_share`` the words' part, and the result is scaled back to
    the embedding's spread before the softmax, so ``0`` is the embedding alone, exactly.
    A text with no word O*NET uses is placed by its vector alone. The words' z-scores have
    heavier tails than the vector's (one rare word shared with a single occupation stands
    about 30 deviations out, the vector's best about 5), so where the words point clearly
    they decide the most likely occupation; the vector orders the rest. The words are read
    from the whole text, the vector from its first windows.
    ``benchmarks/lexical_occupations.py`` measures it.
    """

    weight: float = 1.0
    temperature: float = 0.05
    top_k: int = 10
    title_share: float = 0.5
    title_lines: int = 60
    max_titles: int = 1
    subphrases: bool = True
    title_decay: float = 1.0
    lead_with_title: bool = True
    title_yields: float = 0.95
    lexical_share: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.lexical_share <= 1.0:
            raise ConfigError(
                f"lexical_share must be between 0 (the vector alone) and 1 (the words alone), "
                f"got {self.lexical_share!r}"
            )


def _scored(onet: Onet) -> list[Occupation]:
    """The occupations a mapper scores, in its column order: those with task statements."""
    return [o for o in onet if o.tasks]


@lru_cache(maxsize=4)
def _occupation_terms(onet: Onet) -> OccupationTerms:
    """One TF-IDF index per O*NET data set: every mapper of a process shares it."""
    return OccupationTerms(_scored(onet))


def _standardised(x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each row's z-scores (0 for a constant row) and its standard deviation."""
    spread = x.std(axis=1, keepdims=True)
    return (x - x.mean(axis=1, keepdims=True)) / np.where(spread > 0, spread, 1), spread


class OccupationMapper:
    """Maps texts to distributions over O*NET occupations with one encoder.

    Example:
        >>> from jobfit.encoding.encoder import HashEncoder
        >>> m = OccupationMapper(HashEncoder())
        >>> sorted(m.title_codes("Registered Nurse"))[:1]
        ['29-1141.00']
    """

    def __init__(
        self,
        encoder: Encoder,
        onet: Onet | None = None,
        params: OccupationParams | None = None,
        profile_encoder: Encoder | None = None,
    ) -> None:
        self.encoder = encoder
        self.profile_encoder = profile_encoder or encoder
        self.onet = onet or load_onet()
        self.params = params or OccupationParams()
        self.occupations = _scored(self.onet)
        self.codes = [o.code for o in self.occupations]
        self._index = {c: i for i, c in enumerate(self.codes)}
        self._found: dict[tuple[str, bool], list[tuple[str, tuple[str, ...]]]] = {}

    @cached_property
    def titles(self) -> TitleIndex:
        """Every O*NET title, alternate title and reported title of the scored occupations."""
        return TitleIndex(
            ((o.code, (o.title, *o.titles, *o.reported_titles)) for o in self.occupations),
            reported=((o.code, (o.title, *o.reported_titles)) for o in self.occupations),
        )

    @cached_property
    def relation(self) -> NDArray[np.float32]:
        """``R[i, j]``: 1 same occupation, 0.5 related, 0 otherwise."""
        n = len(self.codes)
        r = np.eye(n, dtype=np.float32)
        for o in self.occupations:
            i = self._index[o.code]
            for link in o.related:
                j = self._index.get(link.code)
                if j is not None:
                    w = RELATED_TIERS.get(link.tier, 0.0)
                    r[i, j] = max(r[i, j], w)
                    r[j, i] = max(r[j, i], w)
        return r

    @cached_property
    def profiles(self) -> NDArray[np.float32]:
        """One unit vector per occupation, from its title, job titles, description and tasks."""
        texts = [
            f"{o.title}\nJob titles: {', '.join(o.titles[:12])}\n{o.description}\n"
            + "\n".join(f"- {t}" for t in o.tasks[:6])
            for o in self.occupations
        ]
        return self.profile_encoder.encode(texts)

    @property
    def terms(self) -> OccupationTerms:
        """The occupations' TF-IDF vectors, for the lexical part of the content distribution
        (built once per O*NET data set and process, about 1.5 s)."""
        return _occupation_terms(self.onet)

    def title_codes(self, title: str, subphrases: bool = False) -> tuple[str, ...]:
        """Occupations that list ``title`` (see :meth:`TitleIndex.lookup`)."""
        return self.titles.lookup(title, subphrases=subphrases)

    def found_titles(self, text: str, resume: bool = False) -> list[tuple[str, tuple[str, ...]]]:
        """The lines near the top of ``text`` that are O*NET job titles, with their codes.

        ``resume`` reads section headings: only the headline and the experience section count
        (see :meth:`TitleIndex.found`).

        Example:
            >>> from jobfit.encoding.encoder import HashEncoder
            >>> m = OccupationMapper(HashEncoder())
            >>> [t for t, _ in m.found_titles("Jane Roe\\njane@x.org\\nEXPERIENCE\\nRegistered Nurse")]
            ['Registered Nurse']
        """
        key = (text, resume)
        found = self._found.get(key)
        if found is None:  # each document is read for titles once, by embed and distribution alike
            p = self.params
            found = self.titles.found(text, p.title_lines, p.max_titles, p.subphrases, resume)
            if len(self._found) > 8192:
                self._found.clear()
            self._found[key] = found
        return list(found)

    def lead_with_title(self, resume: str) -> str:
        """``resume`` with its current job title as the first line, if it does not start with it.

        Example:
            >>> from jobfit.encoding.encoder import HashEncoder
            >>> m = OccupationMapper(HashEncoder())
            >>> m.lead_with_title("Summary\\nCaring.\\nExperience\\nRegistered Nurse\\n2019 - Current")
            'Registered Nurse\\nSummary\\nCaring.\\nExperience\\nRegistered Nurse\\n2019 - Current'
        """
        found = self.found_titles(resume, resume=True)
        if not found:
            return resume
        title = found[0][0]
        first = next(iter(title_lines(resume)), "")
        return resume if first == title else f"{title}\n{resume}"

    def distribution(
        self, vectors: NDArray[np.float32], texts: Sequence[str], resume: bool = False
    ) -> NDArray[np.float32]:
        """Each document's probability over occupations, ``(n, occupations)``: the content
        distribution (:meth:`content_distribution`) with the titles mixed in
        (:meth:`with_titles`).

        ``resume`` says the texts are resumes, whose titles are read by section.
        """
        words = texts
        if resume and self.params.lead_with_title:  # the words the vector was encoded from
            words = [self.lead_with_title(t) for t in texts]
        content = self.content_distribution(vectors, words)
        return self.with_titles(content, texts, resume).astype(np.float32)

    def content_distribution(
        self, vectors: NDArray[np.float32], texts: Sequence[str] | None = None
    ) -> NDArray[np.float64]:
        """Each document's occupations from its content: a softmax at ``temperature`` over
        the cosine of its vector to every occupation's profile, kept to the ``top_k`` most
        likely; with ``texts`` (one per vector) and a ``lexical_share``, the cosines are
        fused with the texts' TF-IDF cosines first (see :class:`OccupationParams`)."""
        p = self.params
        if texts is not None and len(texts) != len(vectors):
            raise DataError(
                f"content_distribution got {len(vectors)} vector(s) and {len(texts)} text(s); "
                "pass one text per vector, in the same order"
            )
        # float64 products: a document gets the same distribution alone or in any batch
        cos = vectors.astype(np.float64) @ self.profiles.astype(np.float64).T
        logits = cos / p.temperature
        if texts is not None and p.lexical_share > 0 and len(cos):
            logits = self._fused(cos, self.terms.cosines(texts)) / p.temperature
        out = np.zeros(logits.shape, dtype=np.float64)
        k = min(p.top_k, logits.shape[1])
        for i, row in enumerate(logits):
            top = np.sort(np.argpartition(-row, k - 1)[:k])
            w = np.exp(row[top] - row[top].max())
            out[i, top] = w / w.sum()
        return out

    def _fused(
        self, embedded: NDArray[np.float64], lexical: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Per row: the embedding's and the words' z-scores averaged at ``lexical_share``,
        on the embedding's spread; rows without words keep the embedding's cosines."""
        share = self.params.lexical_share
        z_e, spread = _standardised(embedded)
        z_l, l_spread = _standardised(lexical)
        fused = spread * ((1.0 - share) * z_e + share * z_l)
        return np.asarray(np.where(l_spread > 0, fused, embedded), dtype=np.float64)

    def with_titles(
        self, content: NDArray[np.float64], texts: Sequence[str], resume: bool = False
    ) -> NDArray[np.float64]:
        """``content`` (one row per text) mixed with each text's title codes at
        ``title_share``; a title that yields to clear content (:meth:`agreeing_codes`) adds
        nothing, and a text without a title keeps its content row."""
        p = self.params
        out = content.copy()
        for i, text in enumerate(texts):
            found = self.found_titles(text, resume) if p.title_share > 0 else []
            titles = np.zeros(content.shape[1], dtype=np.float64)
            for rank, (_, codes) in enumerate(found):
                kept = self.agreeing_codes(codes, content[i])
                for c in kept:
                    titles[self._index[c]] += (rank + 1.0) ** -p.title_decay / len(kept)
            if titles.sum() > 0:
                out[i] = (1.0 - p.title_share) * content[i] + p.title_share * titles / titles.sum()
        return out

    def agreeing_codes(
        self, codes: Sequence[str], content: NDArray[np.float64] | NDArray[np.float32]
    ) -> tuple[str, ...]:
        """A title's codes, or ``()`` when the title yields to clear content.

        The title yields when ``title_yields`` or more of the ``content`` distribution lies
        in one major group, less than 5% lies in the title's groups, and no title code is
        O*NET-related to the content's most likely occupation.

        Example:
            >>> from jobfit.encoding.encoder import HashEncoder
            >>> m = OccupationMapper(HashEncoder())
            >>> content = np.zeros(len(m.codes)); content[m.codes.index("15-1254.00")] = 1.0
            >>> m.agreeing_codes(("43-6011.00",), content)  # a secretary title, a web developer's text
            ()
            >>> m.agreeing_codes(("15-1252.00", "15-1253.00"), content)
            ('15-1252.00', '15-1253.00')
        """
        if self.params.title_yields > 1.0 or not codes:
            return tuple(codes)
        groups: dict[str, float] = {}
        for i in np.flatnonzero(content):
            groups[self.codes[i][:2]] = groups.get(self.codes[i][:2], 0.0) + float(content[i])
        if not groups or max(groups.values()) < self.params.title_yields:
            return tuple(codes)  # the content is not clear: the title stands
        if sum(groups.get(g, 0.0) for g in {c[:2] for c in codes}) >= _TITLE_SHARE_FLOOR:
            return tuple(codes)
        top = int(np.argmax(content))
        if any(self.relation[top, self._index[c]] > 0 for c in codes if c in self._index):
            return tuple(codes)
        return ()

    def top(self, distribution: NDArray[np.float32], n: int = 1) -> list[tuple[str, str, float]]:
        """The ``n`` most likely occupations of one document: (code, title, probability)."""
        order = np.lexsort((np.arange(len(distribution)), -distribution))[:n]
        return [
            (self.codes[i], self.occupations[i].title, round(float(distribution[i]), 4))
            for i in order
            if distribution[i] > 0
        ]

    def similarity(
        self, p_resumes: NDArray[np.float32], p_jobs: NDArray[np.float32]
    ) -> NDArray[np.float64]:
        """Expected occupation relatedness of every (resume, job) pair, summed in float64 so
        that a pair gets the same value however many others are scored with it."""
        r = self.relation.astype(np.float64)
        out = (p_resumes.astype(np.float64) @ r) @ p_jobs.astype(np.float64).T
        return np.asarray(out, dtype=np.float64)
