"""How far can content-only ranking go on dev? A blind reading of the content against
jobfit's (eighth round of the ranking issue).

``content_readings.jsonl`` holds, for each dev resume and posting, the O*NET occupation that
a reader named from its content-only text (the text ``_dev.content_only_resume`` /
``content_only_job`` leave: no headline, job-header or posting-title lines), blind to dev's
labels, with up to two alternatives and a confidence (clear / plausible / unclear). The
readers were helper sessions (a language model reading each text, with O*NET's title list
to look codes up), not people; the file holds codes only, keyed by dev id, never dev text.

Prints, content-only view, against the labels dev's grades were made from:
- how often the reader's occupation, and jobfit's most likely content occupation, is a
  labelled one (top-1), in the labelled major group, or a labelled or O*NET-related one;
- NDCG@10 / MAP of today's score, and of the same score with the occupation term read from
  the reader's codes (one-hot, or the code and its alternatives) instead of jobfit's
  content distribution: the ranking a content reader as good as the blind one would give;
- today's NDCG@10 on the resumes whose reading agrees with their label and on the rest;
- how often a second pass over the resumes (``content_readings_second.jsonl``, two more
  helper sessions of the same kind, the texts in another order) names the same code: a check
  of the reading's consistency, not of its independence (it is the same kind of reader).

    .venv/bin/python benchmarks/content_ceiling.py [MODEL_DIR]
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, "benchmarks")
import numpy as np

from _dev import dev_views, load_dev
from jobfit.documents import Document
from jobfit.matching.matcher import Matcher
from jobfit.matching.metrics import ranking_metrics
from lexical_occupations import labels

READINGS = Path(__file__).with_name("content_readings.jsonl")
SECOND = Path(__file__).with_name("content_readings_second.jsonl")  # resumes, a second pass


def main() -> None:
    dev = load_dev()
    matcher = Matcher(sys.argv[1] if len(sys.argv) > 1 else None, cache=True)
    mapper = matcher.occupations
    assert mapper is not None
    index = {c: i for i, c in enumerate(mapper.codes)}
    rel = mapper.relation
    readings = {
        r["id"]: r for r in (json.loads(x) for x in READINGS.read_text().splitlines() if x.strip())
    }

    def known(code: str) -> int | None:
        """The scored occupation of a code (an unscored '.0x' falls back to its '.00')."""
        return index.get(code, index.get(code[:7] + ".00"))

    def onehot(ids: list[str], with_alt: bool) -> np.ndarray:
        p = np.zeros((len(ids), len(mapper.codes)), dtype=np.float32)
        for n, i in enumerate(ids):
            r = readings.get(i)
            codes = [r["code"], *(r.get("alt", []) if with_alt else [])] if r else []
            hits = [k for k in map(known, codes) if k is not None]
            if not hits:
                continue
            for w, k in zip((1.0, 0.5, 0.25), hits, strict=False):
                p[n, k] += w
            p[n] /= p[n].sum()
        return p

    def agreement(top: list[int | None], wanted: list[set[str]]) -> str:
        exact = group = related = 0
        for k, w in zip(top, wanted, strict=True):
            if k is None:
                continue
            code = mapper.codes[k]
            ws = [x for x in map(known, w) if x is not None]
            exact += code in w
            group += code[:2] in {x[:2] for x in w}
            related += any(rel[k, x] > 0 for x in ws)
        n = len(wanted)
        return f"{exact / n:.2f} / {group / n:.2f} / {related / n:.2f}"

    rs, js = dev_views(dev)["content only"]
    resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
    jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, js, strict=True)]
    s = matcher.score(resumes, jobs)
    r_vec, j_vec = matcher.embed(resumes, resumes=True), matcher.embed(jobs)
    cr = mapper.content_distribution(r_vec, [mapper.lead_with_title(x) for x in rs])
    cj = mapper.content_distribution(j_vec, js)
    fr = mapper.distribution(r_vec, rs, resume=True)  # with titles found in the text: as ranked
    fj = mapper.distribution(j_vec, js)
    r_lab, j_lab = labels("resumes.jsonl"), labels("jobs.jsonl")

    def reader_top(ids: list[str]) -> list[int | None]:
        return [known(readings[i]["code"]) if i in readings else None for i in ids]

    print(f"model: {matcher.model_description}; {len(readings)} readings")
    print(
        "\n| content occupation (content only view) | resumes: labelled / group / related "
        "| postings |"
    )
    print("|:--|--:|--:|")
    print(
        f"| jobfit's most likely | {agreement([int(np.argmax(x)) for x in cr], r_lab)} "
        f"| {agreement([int(np.argmax(x)) for x in cj], j_lab)} |"
    )
    print(
        f"| jobfit's most likely with titles found in the text (as ranked) "
        f"| {agreement([int(np.argmax(x)) for x in fr], r_lab)} "
        f"| {agreement([int(np.argmax(x)) for x in fj], j_lab)} |"
    )
    print(
        f"| blind reading | {agreement(reader_top(dev.resume_ids), r_lab)} "
        f"| {agreement(reader_top(dev.job_ids), j_lab)} |"
    )
    for conf in ("clear", "plausible", "unclear"):
        ri = [
            n for n, i in enumerate(dev.resume_ids) if readings.get(i, {}).get("confidence") == conf
        ]
        ji = [n for n, i in enumerate(dev.job_ids) if readings.get(i, {}).get("confidence") == conf]
        rt, jt = (
            reader_top([dev.resume_ids[n] for n in ri]),
            reader_top([dev.job_ids[n] for n in ji]),
        )
        print(
            f"| blind reading, {conf} ({len(ri)} / {len(ji)}) "
            f"| {agreement(rt, [r_lab[n] for n in ri]) if ri else '-'} "
            f"| {agreement(jt, [j_lab[n] for n in ji]) if ji else '-'} |"
        )

    def m(score: np.ndarray, rows: list[int] | None = None) -> str:
        sel = slice(None) if rows is None else rows
        x = ranking_metrics(score[sel], dev.relevance[sel], k=10, relevant_at=1.0)
        return f"{x['ndcg@10']:.3f} / {x['map']:.3f}"

    weight = mapper.params.weight
    print("\n| content-only ranking | NDCG@10 / MAP |\n|:--|--:|")
    print(f"| today (`Matcher.score`) | {m(s.final)} |")
    print(f"| cosine alone | {m(s.cosine)} |")
    for with_alt in (False, True):
        pr, pj = onehot(dev.resume_ids, with_alt), onehot(dev.job_ids, with_alt)
        # a document without a reading keeps jobfit's own content distribution
        pr[pr.sum(1) == 0] = fr[pr.sum(1) == 0]
        pj[pj.sum(1) == 0] = fj[pj.sum(1) == 0]
        name = "code and alternatives" if with_alt else "code"
        for w in (weight, 2 * weight, 4 * weight):
            print(
                f"| cosine + {w:g} x occupation from the blind reading ({name}) "
                f"| {m(s.cosine + w * mapper.similarity(pr, pj))} |"
            )
        print(
            f"| the reading for postings only, jobfit's for resumes ({name}) "
            f"| {m(s.cosine + weight * mapper.similarity(fr, pj))} |"
        )
        print(
            f"| the reading for resumes only, jobfit's for postings ({name}) "
            f"| {m(s.cosine + weight * mapper.similarity(pr, fj))} |"
        )
        mixed_r = 0.5 * pr + 0.5 * fr
        mixed_j = 0.5 * pj + 0.5 * fj
        print(
            f"| the same, half and half with jobfit's distribution ({name}) "
            f"| {m(s.cosine + weight * mapper.similarity(mixed_r, mixed_j))} |"
        )
    second = {r["id"]: r for r in (json.loads(x) for x in SECOND.read_text().splitlines() if x)}
    same = sum(second[i]["code"] == readings[i]["code"] for i in second)
    group = sum(second[i]["code"][:2] == readings[i]["code"][:2] for i in second)
    exact = sum(second[i]["code"] in w for i, w in zip(dev.resume_ids, r_lab, strict=True))
    print(
        f"\nsecond pass over the {len(second)} resumes: the same code as the first for {same}, "
        f"the same major group for {group}; a labelled code for {exact}"
    )
    top = reader_top(dev.resume_ids)
    agree = [
        n
        for n, (k, w) in enumerate(zip(top, r_lab, strict=True))
        if k is not None and any(rel[k, x] > 0 for x in map(known, w) if x is not None)
    ]
    rest = [n for n in range(len(dev.resume_ids)) if n not in set(agree)]
    print(
        f"\ntoday's content-only ranking on the {len(agree)} resumes whose reading is a "
        f"labelled or related occupation: {m(s.final, agree)}; on the other {len(rest)}: "
        f"{m(s.final, rest)}"
    )


if __name__ == "__main__":
    main()
