"""How jobfit behaves across languages: the hand-written set in benchmarks/languages/.

24 resumes and 24 postings: 6 occupations x English, German, Spanish and French, each its own
document (not translations). For every (resume language, posting language) it ranks the six
postings of that language for each resume of the other and prints top-1 accuracy (the
same occupation ranked first), the mean fit of same-occupation and other-occupation pairs,
and the language jobfit detected for each document.

    .venv/bin/python benchmarks/languages.py [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent / "languages"
LANGS = ("en", "de", "es", "fr")


def _rows(name: str) -> list[dict[str, str]]:
    return [json.loads(x) for x in (HERE / name).read_text("utf-8").splitlines() if x.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    from jobfit.documents import Document
    from jobfit.documents.language import detect_language
    from jobfit.matching.matcher import Matcher

    resumes, jobs = _rows("resumes.jsonl"), _rows("jobs.jsonl")
    detected = [detect_language(d["text"]) == d["lang"] for d in resumes + jobs]
    matcher = Matcher(args.model, cache=True)
    print(f"model: {matcher.model_description}", file=sys.stderr)
    print(f"language detected correctly: {sum(detected)} of {len(detected)} documents")
    print("| resumes | postings | top-1 right | fit, same occupation | fit, other | gap |")
    print("|:--|:--|--:|--:|--:|--:|")
    for rl in LANGS:
        for jl in LANGS:
            rs = [Document(d["id"], d["text"], "lang") for d in resumes if d["lang"] == rl]
            js = [Document(d["id"], d["text"], "lang") for d in jobs if d["lang"] == jl]
            occ = {d["id"]: d["occupation"] for d in resumes + jobs}
            right, same, other = 0, [], []
            for ranking in matcher.rank(rs, js, top_k=len(js), explain=True):
                hits = ranking.hits
                right += occ[hits[0].id] == occ[ranking.query_id]
                for h in hits:
                    (same if occ[h.id] == occ[ranking.query_id] else other).append(h.fit)
            s, o = sum(same) / len(same), sum(other) / len(other)
            print(f"| {rl} | {jl} | {right}/{len(rs)} | {s:.0f} | {o:.0f} | {s - o:+.0f} |")


if __name__ == "__main__":
    main()
