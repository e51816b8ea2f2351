"""Dev levers for content ranking (seventh round of the ranking issue): three other ways to
read a document's occupation from its content, measured against today's default.

1. **Occupation-space similarity** (explicit semantic analysis): each document as its
   923 standardised similarities to the O*NET occupations (the embedding's, the words', or
   both fused as the default fuses them), and the cosine of two such vectors added to the
   score at weight ``w``. It keeps the whole occupation profile instead of the softmax's
   top 10.
2. **A discriminative word classifier** in place of the TF-IDF cosines: a linear SVM over
   the same terms, trained on O*NET text only (each occupation's document plus 10 bags of
   3-10 random task statements, 0-2 job titles and sometimes its description, seed 42), its
   decision values fused like the cosines at shares 0.5 / 0.75 / 1.
3. **Words from parts of a document**: the words (not the vector) read from postings
   without boilerplate (``content_levers.focus``), or from resumes without some sections
   (education, certifications and "other" such as awards and interests; or skills too). A
   resume without headings is read whole.
4. **Job titles named in the prose** ("seeking a Registered Nurse to ..."): runs of 2-5
   words that the title lookup places confidently, counted over the whole text; how often the
   most named occupation is a labelled one (top-1) and for how many documents one is found.

Nothing here is trained or tuned on dev; dev is read in place from ../shared.

With ``--misses N`` it prints instead the first N content-only resumes whose most likely
content occupation is neither a labelled one nor O*NET-related to one: the labels, the
occupation read, and the text's opening, to judge by eye whether the content or the label
(matched from the removed headline) is at fault.

    .venv/bin/python benchmarks/occupation_readings.py [MODEL_DIR] [--misses N]
"""

import random
import re
import sys
import time
from collections import Counter
from dataclasses import replace

sys.path.insert(0, "benchmarks")
import numpy as np

from _dev import DevSet, dev_views, load_dev
from content_levers import focus
from jobfit.documents import Document
from jobfit.documents.sections import HEADER, resume_sections
from jobfit.matching.matcher import Matcher
from jobfit.matching.metrics import ranking_metrics
from jobfit.matching.occupation_terms import MAX_TITLES, occupation_document, terms
from jobfit.matching.occupations import OccupationMapper, _standardised
from lexical_occupations import labels, top1

WORD = re.compile(r"[A-Za-z][A-Za-z'&\-]*")


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


class SvmTerms:
    """A linear SVM over the occupation terms, trained on O*NET text; ``cosines`` returns its
    decision values so the mapper fuses them as it fuses TF-IDF cosines."""

    def __init__(self, mapper: OccupationMapper, bags: int = 10) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        rng = random.Random(42)
        docs, ys = [], []
        for k, o in enumerate(mapper.occupations):
            docs.append(occupation_document(o))
            ys.append(k)
            titles = [o.title, *o.titles[:MAX_TITLES], *o.reported_titles]
            for _ in range(bags):
                parts = rng.sample(o.tasks, min(len(o.tasks), rng.randint(3, 10)))
                parts += rng.sample(titles, min(len(titles), rng.randint(0, 2)))
                if rng.random() < 0.3:
                    parts.append(o.description)
                rng.shuffle(parts)
                docs.append("\n".join(parts))
                ys.append(k)
        self.vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True, min_df=2)
        self.svm = LinearSVC(C=0.5).fit(self.vectorizer.fit_transform(docs), ys)

    def cosines(self, texts: list[str]) -> np.ndarray:
        return self.svm.decision_function(self.vectorizer.transform(list(texts))).astype(float)


def prose_titles(mapper: OccupationMapper, text: str) -> Counter:
    """Occupations of the job titles named inside sentences (longest run first)."""
    found: Counter = Counter()
    for sentence in re.split(r"[\n.;:!?,()|\u2022\u00b7]", text):
        words, i = WORD.findall(sentence), 0
        while i < len(words):
            for n in range(min(5, len(words) - i), 1, -1):
                codes = mapper.titles.confident(" ".join(words[i : i + n]), min_words=2)
                if codes:
                    found.update({c: 1 / len(codes) for c in codes})
                    i += n - 1
                    break
            i += 1
    return found


def measure_view(
    matcher: Matcher, svm: SvmTerms, dev: DevSet, view: str, rs: list[str], js: list[str]
) -> None:
    """Prints every reading's row for one view."""
    mapper = matcher.occupations
    assert mapper is not None
    default = mapper.params
    r_labels, j_labels = labels("resumes.jsonl"), labels("jobs.jsonl")
    resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
    jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, js, strict=True)]
    rv, jv = matcher.embed(resumes, resumes=True), matcher.embed(jobs)
    cosine = rv.astype(np.float64) @ jv.astype(np.float64).T
    led = [mapper.lead_with_title(x) for x in rs]

    def pipeline(
        extra: np.ndarray | None = None, words: tuple[list[str], list[str]] | None = None
    ) -> tuple[float, float, str]:
        r_words, j_words = words or (led, js)
        cr, cj = mapper.content_distribution(rv, r_words), mapper.content_distribution(jv, j_words)
        pr = mapper.with_titles(cr, rs, resume=True).astype(np.float32)
        pj = mapper.with_titles(cj, js).astype(np.float32)
        score = cosine + default.weight * mapper.similarity(pr, pj)
        m = ranking_metrics(
            score + (0 if extra is None else extra), dev.relevance, k=10, relevant_at=1.0
        )
        acc = f"{top1(cr, mapper.codes, r_labels):.2f} / {top1(cj, mapper.codes, j_labels):.2f}"
        return m["ndcg@10"], m["map"], acc

    base = pipeline()

    def row(name: str, got: tuple[float, float, str]) -> None:
        print(
            f"| {view} | {name} | {got[0]:.3f} / {got[1]:.3f} | {got[0] - base[0]:+.3f} / "
            f"{got[1] - base[1]:+.3f} | {got[2]} |",
            flush=True,
        )

    row("default", base)
    prof = mapper.profiles.astype(np.float64)
    e_r, e_j = _standardised(rv.astype(np.float64) @ prof.T)[0], _standardised(jv @ prof.T)[0]
    l_r, l_j = (
        _standardised(mapper.terms.cosines(led))[0],
        _standardised(mapper.terms.cosines(js))[0],
    )
    share = default.lexical_share
    spaces = {
        "embedding": (e_r, e_j),
        "words": (l_r, l_j),
        "fused": ((1 - share) * e_r + share * l_r, (1 - share) * e_j + share * l_j),
    }
    for name, (a, b) in spaces.items():
        esa = unit(a) @ unit(b).T
        for w in (0.25, 0.5, 1.0):
            row(f"+ {w} x occupation-space cosine ({name})", pipeline(w * esa))
    terms_property = type(mapper).terms
    try:
        type(mapper).terms = property(lambda self: svm)  # type: ignore[method-assign,assignment]
        for s in (0.5, 0.75, 1.0):
            mapper.params = replace(default, lexical_share=s)
            row(f"SVM in place of TF-IDF, share {s}", pipeline())
    finally:
        type(mapper).terms = terms_property  # type: ignore[method-assign]
        mapper.params = default

    def parts(text: str, drop: set[str]) -> str:
        lines = resume_sections(text)
        if all(x.section == HEADER for x in lines):
            return text
        return "\n".join(x.text for x in lines if x.section not in drop)

    words_of = {
        "postings without boilerplate": (led, [focus(t) for t in js]),
        "resumes without education, certifications, other": (
            [parts(t, {"education", "certifications", "other"}) for t in led],
            js,
        ),
        "resumes without those and skills": (
            [parts(t, {"education", "certifications", "other", "skills"}) for t in led],
            js,
        ),
    }
    for name, words in words_of.items():
        row(f"words of {name}", pipeline(words=words))
    for kind, texts, wanted in (("resumes", rs, r_labels), ("postings", js, j_labels)):
        named = [prose_titles(mapper, t) for t in texts]
        hits = [c.most_common(1)[0][0] in w for c, w in zip(named, wanted, strict=True) if c]
        print(
            f"| {view} | titles named in the prose, {kind} | found in {len(hits)} of "
            f"{len(texts)} | | {np.mean(hits):.2f} |",
            flush=True,
        )


def print_misses(matcher: Matcher, dev: DevSet, n: int) -> None:
    """Content-only resumes whose content occupation is unrelated to every label."""
    mapper = matcher.occupations
    assert mapper is not None
    rs, _ = dev_views(dev)["content only"]
    wanted = labels("resumes.jsonl")
    docs = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
    content = mapper.content_distribution(matcher.embed(docs, resumes=True), rs)
    names = {o.code: o.title for o in mapper.occupations}
    index = {c: i for i, c in enumerate(mapper.codes)}
    related = same = 0
    misses = []
    for row, want, text in zip(content, wanted, rs, strict=True):
        top = mapper.codes[int(np.argmax(row))]
        near = any(mapper.relation[index[top], index[c]] > 0 for c in want if c in index)
        same += top in want
        related += near
        if not near:
            misses.append(
                f"- {sorted(names.get(c, c) for c in want)} -> {names[top]}: {text[:90]!r}"
            )
    print(f"content only: top-1 labelled {same}, labelled or related {related}, of {len(rs)}")
    print("\n".join(misses[:n]))


def main() -> None:
    dev = load_dev()
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    matcher = Matcher(args[0] if args and not args[0].isdigit() else None, cache=True)
    if "--misses" in sys.argv:
        print_misses(matcher, dev, int(sys.argv[sys.argv.index("--misses") + 1]))
        return
    mapper = matcher.occupations
    assert mapper is not None
    t0 = time.perf_counter()
    svm = SvmTerms(mapper)
    print(f"model: {matcher.model_description}; SVM trained in {time.perf_counter() - t0:.0f} s")
    print("| view | reading | NDCG@10 / MAP | change | top-1 (content) |")
    print("|:--|:--|--:|--:|--:|")
    for view, (rs, js) in dev_views(dev).items():
        measure_view(matcher, svm, dev, view, rs, js)


if __name__ == "__main__":
    main()
