"""Generated example postings and resumes, so that a fresh ``make serve`` shows a usable page.

They are rendered from the vendored O*NET occupations (`jobfit.data.onet_render`), tagged
``example``, and added only to an empty store; delete them with
``DELETE /v1/jobs/{id}`` or start from your own store with ``--index``.

Example:
    >>> jobs, resumes = example_documents(3, 2)
    >>> [d.id for d in jobs], resumes[0].metadata["tags"]
    (['example-job-000', 'example-job-001', 'example-job-002'], ['example'])
"""

from __future__ import annotations

import random

from jobfit.documents.model import Document

__all__ = ["example_documents"]


def example_documents(
    jobs: int = 200, resumes: int = 40, seed: int = 7
) -> tuple[list[Document], list[Document]]:
    """``jobs`` postings and ``resumes`` resumes over as many occupations as possible."""
    from jobfit.data.onet_profiles import default_book
    from jobfit.data.onet_render import render_job, render_resume

    book = default_book()
    codes = sorted(book.usable)
    rng = random.Random(seed)
    picks = rng.sample(codes, min(len(codes), max(jobs, resumes)))
    out_jobs = []
    for i in range(jobs):
        p = book.profile(picks[i % len(picks)])
        text, _ = render_job(rng, p, book.templates, book.phraser, scraped_rate=0.0)
        meta = {"title": text.splitlines()[0][:120], "tags": ["example"]}
        out_jobs.append(Document(f"example-job-{i:03d}", text, "example", meta))
    out_resumes = []
    for i in range(resumes):
        p = book.profile(picks[(i * 5) % len(picks)])
        text = render_resume(rng, p, book.templates, book.phraser)
        out_resumes.append(
            Document(f"example-resume-{i:03d}", text, "example", {"tags": ["example"]})
        )
    return out_jobs, out_resumes
