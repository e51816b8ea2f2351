"""BM25 as a ranking feature for the dev levers: each posting (or any query text) over the resumes."""

import math
import re
from collections import Counter

import numpy as np

TOKEN = re.compile(r"[a-z][a-z0-9+#]+")
STOP = {
    "the",
    "and",
    "for",
    "with",
    "you",
    "our",
    "are",
    "will",
    "to",
    "of",
    "in",
    "a",
    "an",
    "on",
    "or",
    "as",
    "is",
    "be",
    "at",
    "by",
    "from",
    "this",
    "that",
    "we",
    "your",
    "have",
    "has",
}


def bm25(resumes, jobs, k1=1.2, b=0.75):
    """Each posting's BM25 score for each resume, the posting as the query (its distinct terms)."""
    docs = [[t for t in TOKEN.findall(x.lower()) if t not in STOP] for x in resumes]
    n = len(docs)
    df = Counter(t for d in docs for t in set(d))
    avg = sum(map(len, docs)) / max(n, 1)
    tfs = [Counter(d) for d in docs]
    out = np.zeros((len(resumes), len(jobs)), dtype=np.float32)
    for j, job in enumerate(jobs):
        q = {t for t in TOKEN.findall(job.lower()) if t not in STOP}
        idf = {t: math.log(1 + (n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in q}
        for i, tf in enumerate(tfs):
            L = len(docs[i])
            s = 0.0
            for t in q:
                f = tf.get(t, 0)
                if f:
                    s += idf[t] * f * (k1 + 1) / (f + k1 * (1 - b + b * L / avg))
            out[i, j] = s
    # per resume, z-normalise across postings so the feature is on the score's scale
    mu, sd = out.mean(axis=1, keepdims=True), out.std(axis=1, keepdims=True) + 1e-6
    return (out - mu) / sd
