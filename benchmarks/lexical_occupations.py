"""Dev lever for content ranking (sixth round of the ranking issue): a document's occupation
read from its words as well as its vector.

The content distribution today comes from the document vector's cosine to each O*NET
occupation profile. ``OccupationParams.lexical_share`` fuses in TF-IDF cosines between the
document's words and each occupation's own text (``jobfit.matching.occupation_terms``):
both are standardised over the occupations and averaged, the words' part being the share.
This script ranks ../shared/data/dev (read in place) in the three views for shares 0 (the
embedding alone), 0.25, 0.5, 0.75 and 1 (the words alone), and prints NDCG@10 / MAP, how
often the content distribution's most likely occupation (before titles) is one of the
document's labelled codes (top-1, resumes / postings), and how many found titles yielded
to clear content (``title_yields``).

    .venv/bin/python benchmarks/lexical_occupations.py [MODEL_DIR]
"""

import json
import sys
import time
from dataclasses import replace

sys.path.insert(0, "benchmarks")
import numpy as np

from _dev import DEV_DIR, dev_views, load_dev
from jobfit.documents import Document
from jobfit.matching.matcher import Matcher
from jobfit.matching.metrics import ranking_metrics
from jobfit.matching.occupations import OccupationMapper

SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)


def labels(name: str) -> list[set[str]]:
    lines = (DEV_DIR / name).read_text().splitlines()
    return [set(json.loads(x)["onet_codes"]) for x in lines if x.strip()]


def top1(p: np.ndarray, codes: list[str], wanted: list[set[str]]) -> float:
    return float(np.mean([codes[int(np.argmax(r))] in w for r, w in zip(p, wanted, strict=True)]))


def yielded(mapper: OccupationMapper, content: np.ndarray, texts: list[str], resume: bool) -> int:
    """Documents whose found title yields to their content."""
    n = 0
    for row, text in zip(content, texts, strict=True):
        found = mapper.found_titles(text, resume)
        n += bool(found) and not mapper.agreeing_codes(found[0][1], row)
    return n


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else None
    dev = load_dev()
    matcher = Matcher(model, cache=True)
    mapper = matcher.occupations
    assert mapper is not None
    default = mapper.params
    t0 = time.perf_counter()
    _ = mapper.terms
    print(
        f"model: {matcher.model_description}; occupation TF-IDF built in "
        f"{time.perf_counter() - t0:.1f} s ({len(mapper.terms.vocabulary)} terms); "
        f"default lexical_share {default.lexical_share}",
        flush=True,
    )
    r_labels, j_labels = labels("resumes.jsonl"), labels("jobs.jsonl")
    print("| view | lexical_share | NDCG@10 / MAP | change | top-1 (content) | titles yielded |")
    print("|:--|--:|--:|--:|--:|--:|")
    for view, (rs, js) in dev_views(dev).items():
        resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
        jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, js, strict=True)]
        r_vec, j_vec = matcher.embed(resumes, resumes=True), matcher.embed(jobs)
        cosine = r_vec.astype(np.float64) @ j_vec.astype(np.float64).T
        led = [mapper.lead_with_title(x) for x in rs]  # as `distribution` reads resumes
        base = None
        for share in SHARES:
            mapper.params = replace(default, lexical_share=share)
            t0 = time.perf_counter()
            cr = mapper.content_distribution(r_vec, led)
            cj = mapper.content_distribution(j_vec, js)
            seconds = time.perf_counter() - t0
            pr = mapper.with_titles(cr, rs, resume=True).astype(np.float32)
            pj = mapper.with_titles(cj, js).astype(np.float32)
            score = cosine + default.weight * mapper.similarity(pr, pj)
            m = ranking_metrics(score, dev.relevance, k=10, relevant_at=1.0)
            n, mp = m["ndcg@10"], m["map"]
            base = base or (n, mp)
            acc = f"{top1(cr, mapper.codes, r_labels):.2f} / {top1(cj, mapper.codes, j_labels):.2f}"
            y = yielded(mapper, cr, rs, True) + yielded(mapper, cj, js, False)
            print(
                f"| {view} | {share} | {n:.3f} / {mp:.3f} | {n - base[0]:+.3f} / "
                f"{mp - base[1]:+.3f} | {acc} | {y} |  ({seconds:.1f} s)",
                flush=True,
            )
    mapper.params = default


if __name__ == "__main__":
    main()
