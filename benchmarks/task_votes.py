"""Dev lever for content ranking (fifth round of the ranking issue): occupation from the
document's own sentences voting for O*NET task statements.

Today a document's content occupation is a softmax over the cosine between its whole-document
vector and one profile per occupation. Here each sentence of the document (a resume bullet, a
posting duty; see `lines_of`) is matched to its nearest O*NET task statements (19,259,
encoded once), and votes for the occupations of its ``m`` nearest tasks (softmax over their
cosines at ``tau``; with ``floor``, a sentence weighs its best cosine minus the floor).
Each document's votes are normalised, kept to the top 10 occupations, and replace or join
the profile softmax (``mix``: the votes' share). Titles are then mixed in as today.

Prints NDCG@10 / MAP in the three views, and how often the content distribution's most
likely occupation (before titles) is one of the document's labelled codes (top-1).
Results and the decision: docs/recipes.md, "Fifth round".

    .venv/bin/python benchmarks/task_votes.py [MODEL_DIR]   # "hash": a quick check, no model
"""

import json
import re
import sys
import time

sys.path.insert(0, "benchmarks")
import numpy as np

from _dev import DEV_DIR, dev_views, load_dev
from jobfit.documents import Document
from jobfit.matching.matcher import Matcher
from jobfit.matching.metrics import ranking_metrics

_BULLET = re.compile(r"^[\s\-*\u2022\u00b7\u25aa\u25cf\u2013\u27a2>o]+\s*")


def lines_of(text: str, limit: int = 40, chunk: int = 25) -> list[str]:
    """The document's sentences of 4+ words, first ``limit``, unique: wrapped lines joined
    (a line continues when the next starts in lower case), bullets stripped, split at
    sentence ends, and pieces over ``chunk`` x 1.6 words cut into ``chunk``-word runs (some
    postings come as one unpunctuated run)."""
    joined: list[str] = []
    for raw in text.split("\n"):
        line = _BULLET.sub("", raw.strip())
        if not line:
            continue
        if joined and line[0].islower() and not joined[-1].endswith((".", ";", "!", "?", ":")):
            joined[-1] += " " + line
        else:
            joined.append(line)
    out: list[str] = []
    seen: set[str] = set()
    for line in joined:
        for part in re.split(r"(?<=[.;!?])\s+", line):
            words = part.split()
            step = chunk if len(words) > chunk * 1.6 else len(words) or 1
            for i in range(0, len(words), step):
                piece = " ".join(words[i : i + step])
                key = piece.lower()
                if len(words[i : i + step]) >= 4 and key not in seen:
                    seen.add(key)
                    out.append(piece)
    return out[:limit]


def votes(
    line_vecs: list[np.ndarray],
    tasks: np.ndarray,
    task_occ: np.ndarray,
    n_occ: int,
    m: int,
    tau: float,
    floor: float | None = None,
) -> np.ndarray:
    """(documents, occupations): each line's votes for its ``m`` nearest tasks' occupations;
    with ``floor``, a line weighs its best task cosine minus ``floor`` (0 below it)."""
    out = np.zeros((len(line_vecs), n_occ))
    for i, v in enumerate(line_vecs):
        if not len(v):
            continue
        sims = v.astype(np.float64) @ tasks.T
        top = np.argpartition(-sims, m - 1, axis=1)[:, :m]
        s = np.take_along_axis(sims, top, axis=1)
        w = np.exp((s - s.max(axis=1, keepdims=True)) / tau)
        w /= w.sum(axis=1, keepdims=True)
        if floor is not None:
            w *= np.clip(s.max(axis=1, keepdims=True) - floor, 0, None)
        np.add.at(out[i], task_occ[top].ravel(), w.ravel())
        if out[i].sum() > 0:
            out[i] /= out[i].sum()
    return out


def keep_top(p: np.ndarray, k: int = 10) -> np.ndarray:
    out = np.zeros_like(p)
    for i, row in enumerate(p):
        if row.sum() <= 0:
            continue
        top = np.argpartition(-row, k - 1)[:k]
        out[i, top] = row[top] / row[top].sum()
    return out


def top1(p: np.ndarray, codes: list[str], labels: list[set[str]]) -> float:
    return float(
        np.mean([codes[int(np.argmax(row))] in lab for row, lab in zip(p, labels, strict=True)])
    )


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else None
    dev = load_dev()
    if model == "hash":  # a quick check of this script, no model
        from jobfit.encoding.encoder import HashEncoder

        matcher = Matcher(encoder=HashEncoder(), cache=False)
    else:
        matcher = Matcher(model, cache=True)
    mapper = matcher.occupations
    assert mapper is not None
    enc = matcher.encoder
    t0 = time.perf_counter()
    task_texts, task_occ = [], []
    for i, o in enumerate(mapper.occupations):
        for t in o.tasks:
            task_texts.append(t)
            task_occ.append(i)
    tasks = enc.encode(task_texts).astype(np.float64)
    task_occ_a = np.asarray(task_occ)
    print(
        f"model: {matcher.model_description}; {len(task_texts)} tasks encoded in "
        f"{time.perf_counter() - t0:.0f} s",
        flush=True,
    )
    r_labels = [
        set(json.loads(x)["onet_codes"])
        for x in (DEV_DIR / "resumes.jsonl").read_text().splitlines()
        if x.strip()
    ]
    j_labels = [
        set(json.loads(x)["onet_codes"])
        for x in (DEV_DIR / "jobs.jsonl").read_text().splitlines()
        if x.strip()
    ]
    weight = mapper.params.weight
    print("| view | variant | NDCG@10 / MAP | change | top-1 resume / posting (content) |")
    print("|:--|:--|--:|--:|--:|")
    for view, (rs, js) in dev_views(dev).items():
        t0 = time.perf_counter()
        resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
        jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, js, strict=True)]
        r_vec, j_vec = matcher.embed(resumes, resumes=True), matcher.embed(jobs)
        cosine = r_vec.astype(np.float64) @ j_vec.astype(np.float64).T
        r_lines = [enc.encode(lines_of(x)) for x in rs]
        j_lines = [enc.encode(lines_of(x)) for x in js]
        t_lines = time.perf_counter() - t0
        n_lines = sum(map(len, r_lines)) + sum(map(len, j_lines))
        led = [mapper.lead_with_title(x) for x in rs]  # as `distribution` reads resumes
        pr0, pj0 = mapper.content_distribution(r_vec, led), mapper.content_distribution(j_vec, js)
        base = None
        variants = [(None, 0.0)] + [
            ((m, tau, floor), mix)
            for m, tau, floor in (
                (1, 1.0, None),
                (5, 0.05, None),
                (10, 0.05, None),
                (10, 0.02, None),
                (5, 0.05, 0.35),
                (10, 0.05, 0.35),
            )
            for mix in (0.5, 1.0)
        ]
        for setting, mix in variants:
            if setting is None:
                cr, cj = pr0, pj0
                label = "today (profile softmax)"
            else:
                m, tau, floor = setting
                n_occ = len(mapper.codes)
                vr = votes(r_lines, tasks, task_occ_a, n_occ, m, tau, floor)
                vj = votes(j_lines, tasks, task_occ_a, n_occ, m, tau, floor)
                cr = keep_top((1 - mix) * pr0 + mix * vr, mapper.params.top_k)
                cj = keep_top((1 - mix) * pj0 + mix * vj, mapper.params.top_k)
                label = f"votes m={m} tau={tau} floor={floor} mix={mix}"
            pr = mapper.with_titles(cr, rs, resume=True)
            pj = mapper.with_titles(cj, js)
            occ = mapper.similarity(pr.astype(np.float32), pj.astype(np.float32))
            met = ranking_metrics(cosine + weight * occ, dev.relevance, k=10, relevant_at=1.0)
            n, mp = met["ndcg@10"], met["map"]
            if base is None:
                base = (n, mp)
            delta = f"{n - base[0]:+.3f} / {mp - base[1]:+.3f}"
            acc = f"{top1(cr, mapper.codes, r_labels):.2f} / {top1(cj, mapper.codes, j_labels):.2f}"
            print(f"| {view} | {label} | {n:.3f} / {mp:.3f} | {delta} | {acc} |", flush=True)
        print(f"({view}: {n_lines} lines encoded, {t_lines:.0f} s with the documents)", flush=True)


if __name__ == "__main__":
    main()
