"""The Matcher: rank jobs for resumes and resumes for jobs, with explanations, from Python."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.language import detect_language
from jobfit.documents.model import Document
from jobfit.documents.profile import read_job, read_resume
from jobfit.encoding.cache import CachedEncoder, EmbeddingCache
from jobfit.encoding.embed import (
    DEFAULT_AGGREGATION,
    DEFAULT_FIRST_WEIGHT,
    DEFAULT_MAX_WINDOWS,
    embed_documents,
)
from jobfit.encoding.encoder import Encoder
from jobfit.errors import ConfigError
from jobfit.matching.explain import (
    Calibration,
    EncodedJob,
    Explanation,
    encode_job,
    encode_resume,
    explain_profiles,
)
from jobfit.matching.hits import Hit, Ranking, Scores, occupation_label
from jobfit.matching.occupations import OccupationMapper, OccupationParams
from jobfit.matching.verdicts import EncodedResume

__all__ = ["Hit", "Matcher", "Ranking"]

logger = logging.getLogger(__name__)
SCORE_DIGITS = 6  # decimals a score is reported and ranked with

DocLike = Document | str


def _as_documents(items: Sequence[DocLike], prefix: str) -> list[Document]:
    docs = []
    for i, item in enumerate(items):
        if isinstance(item, Document):
            docs.append(item)
        elif isinstance(item, str):
            docs.append(Document(id=f"{prefix}-{i}", text=item, source="<memory>"))
        else:
            raise ConfigError(
                f"{prefix} #{i} is a {type(item).__name__}; pass text (str) or jobfit.documents.Document"
            )
    return docs


class Matcher:
    """Ranks and explains resume/job matches with one model.

    Documents of any length are read whole (windows of the model's 256 tokens, weighted
    toward the first window); each text is encoded once and cached by content hash.

    Args:
        model: Model directory or ``"base"``; ``None`` picks the best model trained here
            (``models/default``, then ``models/seed``), else the base model.
        backend: ``"torch"``, ``"onnx"`` or ``"onnx-int8"``; ``None`` uses ``$JOBFIT_BACKEND``
            or the default.
        encoder: Use this encoder instead of loading ``model`` (tests pass a fake).
        cache: ``True`` caches embeddings in ``$JOBFIT_HOME``, ``False`` keeps them in memory
            only, or pass an :class:`EmbeddingCache`.
        aggregation: How window vectors form a document vector (see ``embed_documents``).
        first_weight: Weight of the first window for ``aggregation="weighted"``.
        max_windows: Encode at most this many windows per document (``None``: all; 2 by
            default, measured in ``benchmarks/window_count.py``).
        calibration: Cosine-to-fit map; read from the model directory by default.
        occupations: Add occupation-aware scoring (O*NET): ``score = cosine + weight x
            occupation similarity``; pass ``False`` for plain cosine or your own
            :class:`OccupationParams`.
        show_progress: Show a progress bar on stderr while new texts are encoded.
        today: The date "Present" stands for in resume dates (years of experience); today
            by default. Pass one to reproduce a run.

    Example:
        >>> from jobfit.encoding.encoder import HashEncoder
        >>> m = Matcher(encoder=HashEncoder(), cache=False)
        >>> hits = m.rank_jobs("Nurse. Skills: triage, charting", ["Registered nurse: triage", "Java developer"], top_k=1)
        >>> hits[0].id, hits[0].rank
        ('job-0', 1)
    """

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        backend: str | None = None,
        encoder: Encoder | None = None,
        cache: bool | EmbeddingCache = True,
        aggregation: str = DEFAULT_AGGREGATION,
        first_weight: float = DEFAULT_FIRST_WEIGHT,
        max_windows: int | None = DEFAULT_MAX_WINDOWS,
        calibration: Calibration | None = None,
        occupations: bool | OccupationParams = True,
        show_progress: bool = False,
        today: dt.date | None = None,
    ) -> None:
        self.today = today or dt.date.today()
        self._resume_cache: dict[str, EncodedResume] = {}
        self._job_cache: dict[str, EncodedJob] = {}
        model_dir: Path | None = None
        if encoder is None:
            from jobfit.encoding.backends import load_encoder
            from jobfit.model.base import BASE_ALIASES, resolve_model_path
            from jobfit.model.registry import default_model

            choice = default_model(str(model) if model is not None else None)
            logger.debug("loading %s (%s)", choice.model, choice.reason)
            self.model_description = f"{choice.model} ({choice.reason})"
            self.model_name = str(choice.model)
            self._model_path: Path | None = resolve_model_path(choice.model)
            encoder = load_encoder(choice.model, backend)
            if choice.model not in BASE_ALIASES:
                model_dir = resolve_model_path(choice.model)
        else:
            self.model_description = f"encoder {encoder.name}"
            self.model_name = encoder.name
            self._model_path = None
        store = (
            cache if isinstance(cache, EmbeddingCache) else (EmbeddingCache() if cache else None)
        )
        self.encoder = CachedEncoder(encoder, store, show_progress)
        # O*NET's occupation profiles are public text: cached on disk even when documents'
        # vectors are not (a service starts in seconds instead of re-encoding ~900 of them)
        self._profile_encoder = (
            CachedEncoder(encoder, EmbeddingCache())
            if store is None and self._model_path is not None
            else None
        )
        self.aggregation = aggregation
        self.first_weight = first_weight
        self.max_windows = max_windows
        self._occupation_params: OccupationParams | None = (
            occupations
            if isinstance(occupations, OccupationParams)
            else OccupationParams()
            if occupations
            else None
        )
        self._mapper: OccupationMapper | None = None
        calib = calibration or Calibration.for_model(model_dir)
        if self._occupation_params is not None:
            calib = calib.with_occupation(self._occupation_params.weight)
        self.calibration = calib

    @cached_property
    def weights_hash(self) -> str:
        """The sha256 of the model's weights (the encoder's name for a custom encoder): what a
        store records so that it never mixes vectors of two models."""
        if self._model_path is None:
            return self.model_name
        from jobfit.encoding.export import read_layout, weights_checksum

        return weights_checksum(read_layout(self._model_path))

    def embed(self, documents: Sequence[DocLike], resumes: bool = False) -> NDArray[np.float32]:
        """Unit vectors of whole documents, shape ``(n, dim)``.

        ``resumes=True`` encodes each resume with its current job title as the first line
        (see :meth:`OccupationMapper.lead_with_title`) when occupation scoring is on; pass it
        for resumes to get the vectors that :meth:`score` uses.
        """
        texts = [d.text if isinstance(d, Document) else d for d in documents]
        mapper = self.occupations if resumes else None  # postings never load O*NET here
        if mapper is not None and mapper.params.lead_with_title:
            texts = [mapper.lead_with_title(t) for t in texts]
        return embed_documents(
            texts, self.encoder, self.aggregation, self.first_weight, self.max_windows
        )

    @property
    def occupations(self) -> OccupationMapper | None:
        """The O*NET occupation mapper, built on first use (``None`` when switched off)."""
        if self._occupation_params is None:
            return None
        if self._mapper is None:
            self._mapper = OccupationMapper(
                self.encoder, params=self._occupation_params, profile_encoder=self._profile_encoder
            )
        return self._mapper

    def resume_profile(self, text: str) -> EncodedResume:
        """The resume read and encoded once per Matcher (keyed by its text)."""
        found = self._resume_cache.get(text)
        if found is None:
            found = encode_resume(read_resume(text, self.today), self.encoder)
            if len(self._resume_cache) > 4096:
                self._resume_cache.clear()
            self._resume_cache[text] = found
        return found

    def job_profile(self, text: str) -> EncodedJob:
        """The job read and encoded once per Matcher (keyed by its text)."""
        found = self._job_cache.get(text)
        if found is None:
            found = encode_job(read_job(text), self.encoder)
            if len(self._job_cache) > 4096:
                self._job_cache.clear()
            self._job_cache[text] = found
        return found

    def score(self, resumes: Sequence[Document], jobs: Sequence[Document]) -> Scores:
        """Cosine, occupation similarity and ranking score of every (resume, job) pair."""
        r, j = self.embed(resumes, resumes=True), self.embed(jobs)
        cosine = r.astype(np.float64) @ j.astype(np.float64).T  # float64: batch-invariant
        mapper = self.occupations
        if mapper is None:
            return Scores(cosine, None, cosine, [], [])
        p_r = mapper.distribution(r, [d.text for d in resumes], resume=True)
        p_j = mapper.distribution(j, [d.text for d in jobs])
        occupation = mapper.similarity(p_r, p_j)
        final = cosine + mapper.params.weight * occupation
        return Scores(
            cosine,
            occupation,
            final,
            [occupation_label(mapper.top(p)) for p in p_r],
            [occupation_label(mapper.top(p)) for p in p_j],
        )

    def _hit(
        self,
        s: Scores,
        ri: int,
        ji: int,
        rank: int,
        hit_id: str,
        pair: tuple[Document, Document] | None,
    ) -> Hit:
        score = round(float(s.final[ri, ji]), SCORE_DIGITS)
        cosine = round(float(s.cosine[ri, ji]), SCORE_DIGITS)
        occupation = (
            None if s.occupation is None else round(float(s.occupation[ri, ji]), SCORE_DIGITS)
        )
        resume_occupation = s.resume_labels[ri] if s.resume_labels else None
        job_occupation = s.job_labels[ji] if s.job_labels else None
        explanation = None
        if pair is not None:
            explanation = replace(
                explain_profiles(
                    self.resume_profile(pair[0].text),
                    self.job_profile(pair[1].text),
                    score,
                    self.calibration,
                ),
                cosine=cosine,
                occupation=occupation,
                resume_occupation=resume_occupation,
                job_occupation=job_occupation,
            )
        return Hit(
            hit_id,
            rank,
            score,
            explanation.fit if explanation is not None else self.calibration.fit(score),
            explanation,
            cosine,
            occupation,
            resume_occupation,
            job_occupation,
        )

    def rank(
        self,
        queries: Sequence[DocLike],
        candidates: Sequence[DocLike],
        top_k: int = 10,
        by: Literal["resume", "job"] = "resume",
        explain: bool = True,
    ) -> list[Ranking]:
        """Ranks ``candidates`` for every query; with ``by="resume"`` queries are resumes.

        Ties are broken by candidate order, so the same inputs give the same output.
        """
        if top_k < 1:
            raise ConfigError(f"top_k must be at least 1, got {top_k}")
        if by not in ("resume", "job"):
            raise ConfigError(f"by must be 'resume' or 'job', got {by!r}")
        q_docs = _as_documents(queries, "resume" if by == "resume" else "job")
        c_docs = _as_documents(candidates, "job" if by == "resume" else "resume")
        if not q_docs or not c_docs:
            return [Ranking(q.id, by, ()) for q in q_docs]
        resumes, jobs = (q_docs, c_docs) if by == "resume" else (c_docs, q_docs)
        return self.rank_scored(q_docs, c_docs, self.score(resumes, jobs), top_k, by, explain)

    def rank_scored(
        self,
        q_docs: Sequence[Document],
        c_docs: Sequence[Document],
        s: Scores,
        top_k: int = 10,
        by: Literal["resume", "job"] = "resume",
        explain: bool = True,
    ) -> list[Ranking]:
        """Rankings from scores already computed (rows resumes, columns jobs), as `rank` makes
        them: the index scores stored documents itself and ranks them here."""
        resumes, jobs = (q_docs, c_docs) if by == "resume" else (c_docs, q_docs)
        matrix = s.final if by == "resume" else s.final.T
        k = min(top_k, len(c_docs))
        ids = [d.id for d in c_docs]
        rankings = []
        for qi, q_doc in enumerate(q_docs):
            row = matrix[qi]
            order = rank_order(row, ids)[:k]
            hits = []
            for rank, ci in enumerate(order, start=1):
                ri, ji = (qi, int(ci)) if by == "resume" else (int(ci), qi)
                pair = (resumes[ri], jobs[ji]) if explain else None
                hit = self._hit(s, ri, ji, rank, c_docs[ci].id, pair)
                hits.append(replace(hit, language=detect_language(c_docs[ci].text)))
            rankings.append(Ranking(q_doc.id, by, tuple(hits), detect_language(q_doc.text)))
        return rankings

    def rank_jobs(
        self, resume: DocLike, jobs: Sequence[DocLike], top_k: int = 10, explain: bool = True
    ) -> list[Hit]:
        """The ``top_k`` jobs for one resume, best first.

        Example:
            >>> from jobfit.encoding.encoder import HashEncoder
            >>> m = Matcher(encoder=HashEncoder(), cache=False)
            >>> [h.id for h in m.rank_jobs("python sql", ["java", "python sql"], top_k=2, explain=False)]
            ['job-1', 'job-0']
        """
        return list(self.rank([resume], jobs, top_k, "resume", explain)[0].hits)

    def rank_resumes(
        self, job: DocLike, resumes: Sequence[DocLike], top_k: int = 10, explain: bool = True
    ) -> list[Hit]:
        """The ``top_k`` resumes for one job, best first.

        Example:
            >>> from jobfit.encoding.encoder import HashEncoder
            >>> m = Matcher(encoder=HashEncoder(), cache=False)
            >>> [h.id for h in m.rank_resumes("python sql", ["teacher", "python sql"], top_k=1, explain=False)]
            ['resume-1']
        """
        return list(self.rank([job], resumes, top_k, "job", explain)[0].hits)

    def explain(self, resume: DocLike, job: DocLike) -> Explanation:
        """Explains one pair: score, fit, requirements met and missed, with evidence.

        Example:
            >>> from jobfit.encoding.encoder import HashEncoder
            >>> m = Matcher(encoder=HashEncoder(), cache=False)
            >>> e = m.explain("Skills: python, docker", "Requirements: python, kubernetes")
            >>> [x.requirement for x in e.met], [x.requirement for x in e.missing]
            (['python'], ['kubernetes'])
        """
        r, j = _as_documents([resume], "resume")[0], _as_documents([job], "job")[0]
        hit = self._hit(self.score([r], [j]), 0, 0, 1, j.id, (r, j))
        assert hit.explanation is not None
        return hit.explanation


def rank_order(scores: NDArray[np.float64], ids: Sequence[str]) -> NDArray[np.intp]:
    """Positions by descending score as reported (``SCORE_DIGITS`` decimals), equal ones by
    id: two paths that sum the same score in another order (the store, `rank`) then agree on
    the order, and neither depends on the order the files were listed or the store returned.

    Example:
        >>> rank_order(np.array([0.5, 0.7, 0.5 + 1e-12]), ["c", "a", "b"]).tolist()
        [1, 2, 0]
    """
    return np.lexsort((np.array(ids, dtype=str), -np.round(scores, SCORE_DIGITS)))
