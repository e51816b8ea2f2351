"""Dev levers for content-only ranking (fourth round of the ranking issue), three views.

Ranks ../shared/data/dev (read in place) by today's score and by three variants, in the full
view, with each resume's first line removed, and content only:

- postings encoded without boilerplate paragraphs (equal-opportunity and application text;
  paragraphs naming two or more benefits; sections under a benefits / perks / about-us /
  how-to-apply heading); the title line is kept;
- neighbour smoothing: each posting's score plus b x the mean score of its k most alike
  postings (alike: correlated scores across the resumes);
- BM25 with each posting's requirement clauses (``read_job``) as the query, z-scored per
  resume, added with weight c.

    .venv/bin/python benchmarks/content_levers.py [MODEL_DIR]
"""

import re
import sys

sys.path.insert(0, "benchmarks")
import numpy as np

from _dev import dev_views, load_dev
from _lexical import bm25
from jobfit.documents import Document
from jobfit.documents.profile import read_job
from jobfit.matching.matcher import Matcher
from jobfit.matching.metrics import ranking_metrics

STRONG = re.compile(
    r"equal (?:employment )?opportunit|without regard to|sexual orientation|gender identity|"
    r"veteran status|protected (?:veteran|characteristic|class|status)|affirmative action|"
    r"e-?verify|reasonable accommodation|drug[- ]free|apply (?:now|today|online)|"
    r"click (?:on )?apply|submit (?:your|a) (?:resume|application)|to apply\b",
    re.I,
)
BENEFIT = re.compile(
    r"401\s?\(?k\)?|\bdental\b|\bvision\b|paid time off|\bpto\b|"
    r"health (?:insurance|benefits|care benefits)|life insurance|"
    r"tuition (?:reimbursement|assistance)|employee discount|benefits? (?:package|include)|"
    r"competitive (?:pay|salary|compensation)|paid (?:holidays|vacation|sick)|retirement|"
    r"medical|disability insurance|flexible spending|wellness|bonus(?:es)?\b|pension",
    re.I,
)
DROP_HEADING = re.compile(
    r"^\s*(?:benefits?|perks?(?: and benefits)?|what we offer|we offer|"
    r"compensation(?: and benefits)?|salary|equal (?:employment )?opportunity(?: employer)?|"
    r"eeo(?: statement)?|how to apply|why (?:join|work)\b.*|about us|about the company)\s*:?\s*$",
    re.I,
)
HEADING = re.compile(r"^\s*[A-Za-z][A-Za-z &/]{2,40}:?\s*$")


def _benefits(text: str) -> int:
    return len({m.group(0).lower() for m in BENEFIT.finditer(text)})


def _focus_body(text: str) -> str:
    kept: list[str] = []
    dropping = False
    for para in re.split(r"\n\s*\n", text):
        first, _, body = para.strip().partition("\n")
        if DROP_HEADING.match(first):
            dropping = not body or bool(_benefits(body) or STRONG.search(body))
            if not dropping:
                kept.append(body)
            continue
        if dropping and not HEADING.match(first) and (STRONG.search(para) or _benefits(para)):
            continue
        dropping = False
        if STRONG.search(para) or _benefits(para) >= 2:
            continue
        kept.append(para)
    out = "\n\n".join(kept).strip()
    return out if len(out) >= 200 else text


def focus(text: str) -> str:
    """The posting without boilerplate paragraphs; a short first line (the title) stays."""
    head, _, rest = text.partition("\n")
    if len(head.split()) <= 12 and rest:
        body = _focus_body(rest)
        return text if body == rest else head + "\n" + body
    return _focus_body(text)


def smooth(s: np.ndarray, k: int, b: float) -> np.ndarray:
    """Each posting's score plus b x the mean score of its k most alike postings."""
    c = s - s.mean(axis=0, keepdims=True)
    c = c / (np.linalg.norm(c, axis=0, keepdims=True) + 1e-9)
    alike = c.T @ c
    np.fill_diagonal(alike, -np.inf)
    near = np.argsort(-alike, axis=1, kind="stable")[:, :k]
    return s + b * s[:, near].mean(axis=2)


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else None
    dev = load_dev()
    matcher = Matcher(model, cache=True)
    focused = [focus(x) for x in dev.jobs]
    kept = sum(map(len, focused)) / sum(map(len, dev.jobs))
    changed = sum(a != b for a, b in zip(focused, dev.jobs, strict=True))
    print(
        f"model: {matcher.model_description}; boilerplate: {changed} postings changed, "
        f"{kept:.1%} of posting text kept"
    )

    def row(view: str, label: str, s: np.ndarray, base: tuple[float, float] | None) -> None:
        m = ranking_metrics(s, dev.relevance, k=10, relevant_at=1.0)
        n, mp = m["ndcg@10"], m["map"]
        delta = f"{n - base[0]:+.3f} / {mp - base[1]:+.3f}" if base else ""
        print(f"| {view} | {label} | {n:.3f} / {mp:.3f} | {delta} |", flush=True)

    print("| view | variant | NDCG@10 / MAP | change |")
    print("|:--|:--|--:|--:|")
    for view, (rs, js) in dev_views(dev).items():
        resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]

        def score(texts: list[str], resumes: list[Document] = resumes) -> np.ndarray:
            jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, texts, strict=True)]
            return matcher.score(resumes, jobs).final

        s0 = score(js)
        m0 = ranking_metrics(s0, dev.relevance, k=10, relevant_at=1.0)
        base = (m0["ndcg@10"], m0["map"])
        row(view, "default", s0, None)
        row(view, "postings without boilerplate", score([focus(x) for x in js]), base)
        for k in (3, 10):
            for b in (0.25, 0.5, 1.0):
                row(view, f"neighbour smoothing k={k} b={b}", smooth(s0, k, b), base)
        clauses = [" ".join(r.clause for r in read_job(x).requirements) or x for x in js]
        lex = bm25(rs, clauses)
        for c in (0.02, 0.05, 0.1):
            row(view, f"+ {c} x BM25 (requirement clauses)", s0 + c * lex, base)


if __name__ == "__main__":
    main()
