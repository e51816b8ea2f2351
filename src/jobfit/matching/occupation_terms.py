"""Lexical occupation evidence: a document's words against each O*NET occupation's own words.

A resume says "reconciled vendor accounts" and "general ledger"; O*NET's accountants and
bookkeeping clerks use the same words in their task statements. The sentence model compares
a whole document with a whole occupation profile and blurs such words; TF-IDF over O*NET's
text keeps them. Each occupation's document is its title, up to 30 of its job titles, the
titles its workers reported, its description and all its task statements. Terms are words
and word pairs (after stop words are dropped), weighted ``1 + log(tf)`` times the smoothed
inverse document frequency over the occupations, and the vectors are unit length, so a
document's score for an occupation is a cosine in [0, 1]. Terms O*NET never uses count for
nothing. ``OccupationMapper`` fuses these cosines with the embedding's
(``OccupationParams.lexical_share``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from jobfit.data.onet import Occupation

__all__ = ["OccupationTerms", "occupation_document", "terms"]

MAX_TITLES = 30
"""Job titles per occupation in its document (O*NET lists up to a few hundred)."""

_TOKEN = re.compile(r"[a-z][a-z0-9+#]+")
# Common English function words, plus words every occupation's text uses alike.
_STOP = frozenset(
    "a about above after again against all also am an and any are as at be because been "  # noqa: SIM905
    "before being below between both but by can could did do does doing down during each "
    "etc few for from further had has have having he her here hers herself him himself his "
    "how if in into is it its itself just may me might more most must my myself no nor not "
    "now of off on once only or other our ours ourselves out over own per same shall she "
    "should so some such than that the their theirs them themselves then there these they "
    "this those through to too under until up upon us very via was we were what when where "
    "which while who whom why will with within without would you your yours yourself "
    "yourselves".split()
)


def terms(text: str) -> list[str]:
    """The words (two or more characters, starting with a letter) of ``text`` without stop
    words, then each pair of neighbouring words.

    Example:
        >>> terms("Reconciled the general ledger")
        ['reconciled', 'general', 'ledger', 'reconciled general', 'general ledger']
    """
    words = [w for w in _TOKEN.findall(text.lower()) if w not in _STOP]
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def occupation_document(occupation: Occupation) -> str:
    """The text an occupation is known by: title, job titles, reported titles, description
    and task statements."""
    return " \n".join(
        [
            occupation.title,
            *occupation.titles[:MAX_TITLES],
            *occupation.reported_titles,
            occupation.description,
            *occupation.tasks,
        ]
    )


class OccupationTerms:
    """TF-IDF cosines between documents and O*NET occupations.

    Example:
        >>> from jobfit.data.onet import load_onet
        >>> occs = [o for o in load_onet() if o.tasks]
        >>> t = OccupationTerms(occs)
        >>> cos = t.cosines(["Reconciled vendor accounts; prepared month-end journal entries"])
        >>> occs[int(cos[0].argmax())].title
        'Accountants and Auditors'
        >>> float(t.cosines([""]).sum())
        0.0
    """

    def __init__(self, occupations: Sequence[Occupation]) -> None:
        counts = [Counter(terms(occupation_document(o))) for o in occupations]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        vocabulary = sorted(df)
        self.vocabulary = {t: i for i, t in enumerate(vocabulary)}
        n = len(counts)
        self.idf = np.array(
            [math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocabulary], dtype=np.float64
        )
        self._occupations = self._matrix(counts).T.tocsr()

    def _matrix(self, counts: Sequence[Counter[str]]) -> sparse.csr_matrix:
        """Unit-length TF-IDF rows over the vocabulary (terms outside it dropped)."""
        rows, cols, vals = [], [], []
        for r, c in enumerate(counts):
            idx = [(self.vocabulary[t], f) for t, f in c.items() if t in self.vocabulary]
            if not idx:
                continue
            cols_r = np.array([i for i, _ in idx], dtype=np.int64)
            w = (1.0 + np.log([f for _, f in idx])) * self.idf[cols_r]
            w /= np.linalg.norm(w)
            rows.extend([r] * len(idx))
            cols.extend(cols_r.tolist())
            vals.extend(w.tolist())
        return sparse.csr_matrix(
            (vals, (rows, cols)), shape=(len(counts), len(self.vocabulary)), dtype=np.float64
        )

    def cosines(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """``(len(texts), occupations)``: each text's cosine to every occupation's document;
        a row of zeros for a text with no word O*NET uses. A text gets the same row alone or
        in any batch."""
        m = self._matrix([Counter(terms(t)) for t in texts])
        return np.asarray((m @ self._occupations).toarray(), dtype=np.float64)
