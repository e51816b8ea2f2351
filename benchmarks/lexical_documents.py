"""Dev lever for lexical evidence (seventh round of the ranking issue): the TF-IDF cosine
between a resume and a posting added to today's score, on the score's own scale.

Two idf sources: O*NET's occupations (``OccupationTerms``: fixed, so a pair's score does not
depend on the other documents) and the ranked documents themselves (scikit-learn, fitted on
the dev resumes and postings of the view: a pair's score then depends on the collection).
Terms are the occupation TF-IDF's (words and word pairs after stop words), sublinear tf, unit
vectors. The cosines are z-scored per resume and scaled by the standard deviation of that
resume's scores (a raw TF-IDF cosine between two documents spreads about 0.008 per resume,
today's score about 0.23, so an unscaled cosine at weight 1 moves almost nothing). Prints
NDCG@10 / MAP for the cosine alone and the change for weights 0.05 / 0.1 / 0.2 / 0.5 of the
score's spread, in the three views.

    .venv/bin/python benchmarks/lexical_documents.py [MODEL_DIR]
"""

import sys
from collections import Counter

sys.path.insert(0, "benchmarks")
import numpy as np

from _dev import dev_views, load_dev
from jobfit.documents import Document
from jobfit.matching.matcher import Matcher
from jobfit.matching.metrics import ranking_metrics
from jobfit.matching.occupation_terms import terms

WEIGHTS = (0.05, 0.1, 0.2, 0.5)


def main() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    dev = load_dev()
    matcher = Matcher(sys.argv[1] if len(sys.argv) > 1 else None, cache=True)
    assert matcher.occupations is not None
    onet = matcher.occupations.terms

    def metrics(s: np.ndarray) -> tuple[float, float]:
        m = ranking_metrics(s, dev.relevance, k=10, relevant_at=1.0)
        return m["ndcg@10"], m["map"]

    print(f"model: {matcher.model_description}")
    print("| view | idf | alone | " + " | ".join(f"+ {w} x spread x z" for w in WEIGHTS) + " |")
    print("|:--|:--|--:|" + "--:|" * len(WEIGHTS))
    for view, (rs, js) in dev_views(dev).items():
        resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
        jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, js, strict=True)]
        base = matcher.score(resumes, jobs).final
        b = metrics(base)
        r_onet = onet._matrix([Counter(terms(t)) for t in rs])
        j_onet = onet._matrix([Counter(terms(t)) for t in js])
        corpus = TfidfVectorizer(analyzer=terms, sublinear_tf=True).fit([*rs, *js])
        cosines = {
            "O*NET": (r_onet @ j_onet.T).toarray(),
            "the ranked documents": (corpus.transform(rs) @ corpus.transform(js).T).toarray(),
        }
        print(f"| {view} | (today's score) | {b[0]:.3f} / {b[1]:.3f} |" + " |" * len(WEIGHTS))
        for name, cos in cosines.items():
            alone = metrics(cos)
            cells = []
            z = (cos - cos.mean(axis=1, keepdims=True)) / cos.std(axis=1, keepdims=True)
            spread = base.std(axis=1, keepdims=True)
            for w in WEIGHTS:
                n, m = metrics(base + w * spread * z)
                cells.append(f"{n - b[0]:+.3f} / {m - b[1]:+.3f}")
            print(
                f"| {view} | {name} | {alone[0]:.3f} / {alone[1]:.3f} | "
                + " | ".join(cells)
                + " |",
                flush=True,
            )


if __name__ == "__main__":
    main()
