"""The HTTP API in-process (FastAPI's TestClient over the real app and a real store): every
endpoint's success and error paths, the API key, back-pressure, logs, and erasure on delete.

Fast tests use the hashing encoder; the ``slow`` ones load the real base model and check the
hits are `jobfit rank`'s.
"""

from __future__ import annotations

import asyncio
import glob
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from fpdf import FPDF

from jobfit.documents.model import Document
from jobfit.encoding.encoder import HashEncoder
from jobfit.index.index import Index
from jobfit.matching.matcher import Matcher
from jobfit.service.app import create_app

NURSE_JOB = (
    "Registered Nurse - ICU\nCity Hospital is hiring an ICU nurse.\nRequirements:\n"
    "- Active RN license\n- BLS certification\n- 2+ years of acute care experience"
)
DEV_JOB = (
    "Backend Software Engineer\nWe build payment APIs.\nRequirements:\n"
    "- 3+ years of Python\n- PostgreSQL and Docker\n- Experience with REST APIs"
)
CHEF_JOB = (
    "Line Cook\nBusy bistro kitchen.\nRequirements:\n- 2 years line cooking\n- Food handler card"
)
NURSE_CV = (
    "Maria Lopez\nRegistered Nurse\nExperience\nICU Staff Nurse, Mercy Hospital, 2018 - 2024\n"
    "- Cared for critically ill patients; triage and charting\nLicenses: RN license, BLS"
)
DEV_CV = (
    "Sam Lee\nSoftware Engineer\nExperience\nBackend Engineer, Acme, 2019 - 2025\n"
    "- Built REST APIs in Python with PostgreSQL and Docker"
)


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _client(index_dir: Path, matcher: Matcher, **kwargs: Any) -> TestClient:
    return TestClient(create_app(lambda: Index(index_dir, matcher), **kwargs))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with _client(tmp_path / "idx", Matcher(encoder=HashEncoder(), cache=False)) as c:
        yield c


def _add(client: TestClient, kind: str, doc_id: str, text: str, **meta: Any) -> httpx.Response:
    return client.post(f"/v1/{kind}", json={"id": doc_id, "text": text, "metadata": meta})


def _error(resp: httpx.Response, status: int) -> str:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    message: str = body["error"]["message"]
    assert "Traceback" not in message
    return message


# -- documents --------------------------------------------------------------------------------
def test_add_get_update_list_delete(client: TestClient) -> None:
    r = _add(client, "jobs", "rn", NURSE_JOB, title="ICU Nurse", location="Berlin", tags=["icu"])
    assert r.status_code == 201
    assert r.json() == {
        "id": "rn",
        "kind": "job",
        "status": "added",
        "language": "en",
        "chars": len(NURSE_JOB),
    }
    assert (
        _add(
            client, "jobs", "rn", NURSE_JOB, title="ICU Nurse", location="Berlin", tags=["icu"]
        ).json()["status"]
        == "unchanged"
    )
    # new metadata for the same text is stored without a new encoding
    assert (
        _add(client, "jobs", "rn", NURSE_JOB, title="ICU Nurse", location="Hamburg").json()[
            "status"
        ]
        == "updated"
    )
    got = client.get("/v1/jobs/rn").json()
    assert got["text"] == NURSE_JOB
    assert got["metadata"]["location"] == "Hamburg"
    assert got["metadata"]["tags"] == []
    assert got["occupation"]

    _add(client, "jobs", "dev", DEV_JOB, location="Berlin")
    _add(client, "jobs", "chef", CHEF_JOB, location="Berlin")
    page = client.get("/v1/jobs", params={"limit": 2, "offset": 0}).json()
    assert page["total"] == 3
    assert [i["id"] for i in page["items"]] == ["chef", "dev"]
    assert page["items"][0]["text"] is None
    second = client.get("/v1/jobs", params={"limit": 2, "offset": 2}).json()
    assert [i["id"] for i in second["items"]] == ["rn"]
    berlin = client.get("/v1/jobs", params={"where": "location = 'Berlin'"}).json()
    assert berlin["total"] == 2

    r = client.put("/v1/jobs/dev", json={"text": DEV_JOB + "\n- Kubernetes"})
    assert r.status_code == 200
    assert r.json()["status"] == "updated"
    assert client.get("/v1/jobs/dev").json()["text"].endswith("Kubernetes")
    r = client.put("/v1/jobs/dev", json={"metadata": {"title": "Backend Engineer"}})
    assert r.json()["status"] == "updated"
    assert client.get("/v1/jobs/dev").json()["metadata"]["title"] == "Backend Engineer"

    assert client.delete("/v1/jobs/dev").status_code == 204
    assert "no job with id 'dev'" in _error(client.get("/v1/jobs/dev"), 404)
    assert _error(client.delete("/v1/jobs/dev"), 404)
    assert client.get("/v1/health").json()["jobs"] == 2


def test_generated_ids_and_resumes(client: TestClient) -> None:
    r = client.post("/v1/resumes", json={"text": NURSE_CV})
    assert r.status_code == 201
    assert r.json()["id"].startswith("resume-")
    assert client.get(f"/v1/resumes/{r.json()['id']}").json()["text"] == NURSE_CV
    assert client.get("/v1/resumes").json()["total"] == 1


def test_request_errors_name_the_problem(client: TestClient) -> None:
    _add(client, "jobs", "rn", NURSE_JOB)
    assert "unknown field 'topk'" in _error(
        client.post("/v1/match/jobs", json={"text": "nurse", "topk": 3}), 422
    )
    assert "text is empty" in _error(client.post("/v1/jobs", json={"text": "   "}), 422)
    assert "'text' is required" in _error(client.post("/v1/jobs", json={"id": "x"}), 422)
    assert "over the limit 100" in _error(
        client.post("/v1/match/jobs", json={"text": "nurse", "top_k": 1000}), 422
    )
    assert "top_k" in _error(client.post("/v1/match/jobs", json={"text": "nurse", "top_k": 0}), 422)
    assert "exactly one of id" in _error(client.post("/v1/match/jobs", json={"top_k": 3}), 422)
    assert "not valid JSON" in _error(
        client.post("/v1/jobs", content=b"{nope", headers={"content-type": "application/json"}),
        422,
    )
    assert "filter" in _error(
        client.post("/v1/match/jobs", json={"text": "nurse", "where": "location = Berlin"}), 400
    )
    assert "no resume with id 'ghost'" in _error(
        client.post("/v1/match/jobs", json={"id": "ghost"}), 404
    )
    traversal = client.get("/v1/jobs/..%2F..%2Fetc%2Fpasswd")
    assert traversal.status_code in (404, 422)
    assert "error" in traversal.json()
    assert "no such endpoint" in _error(client.get("/v1/nothing"), 404)
    assert "nothing to update" in _error(client.put("/v1/jobs/rn", json={}), 422)
    assert "no job with id" in _error(client.put("/v1/jobs/ghost", json={"text": "x y"}), 404)
    assert "resume_id or resume_text" in _error(
        client.post("/v1/explain", json={"job_text": "x"}), 422
    )


def test_unsafe_ids_are_refused(client: TestClient) -> None:
    for bad in (".hidden", "a b", "x" * 200, "a;rm"):
        r = client.get(f"/v1/jobs/{bad}")
        assert r.status_code == 422, bad
    assert "id" in _error(client.post("/v1/jobs", json={"id": "../x", "text": "Nurse"}), 422)


# -- uploads ----------------------------------------------------------------------------------
def test_uploads_are_typed_by_content_and_bounded(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pdf = _pdf(NURSE_CV)
    r = client.post(
        "/v1/resumes/file",
        files={"file": ("../../etc/passwd.pdf", pdf, "application/pdf")},
        data={"id": "maria", "tags": "icu, nights", "location": "Berlin"},
    )
    assert r.status_code == 201, r.text
    got = client.get("/v1/resumes/maria").json()
    assert "Registered Nurse" in got["text"]
    assert got["metadata"]["source"] == "passwd.pdf"
    assert got["metadata"]["format"] == "pdf"
    assert got["metadata"]["tags"] == ["icu", "nights"]
    # a text file named .pdf is read as the text it is
    r = client.post(
        "/v1/jobs/file", files={"file": ("job.pdf", NURSE_JOB.encode(), "application/pdf")}
    )
    assert r.status_code == 201
    assert r.json()["chars"] == len(NURSE_JOB)

    msg = _error(
        client.post(
            "/v1/resumes/file", files={"file": ("cv.pdf", b"%PDF-1.4 garbage", "application/pdf")}
        ),
        422,
    )
    assert msg.startswith("cv.pdf:")
    assert "jobfit-upload" not in msg
    exe = b"MZ" + b"\x90\x00" * 40 + b"This program cannot be run in DOS mode"
    assert "Windows Executable" in _error(
        client.post("/v1/resumes/file", files={"file": ("cv.pdf", exe, "application/pdf")}), 422
    )
    assert "empty" in _error(
        client.post("/v1/resumes/file", files={"file": ("cv.txt", b"", "text/plain")}), 422
    )
    assert "field 'file' is required" in _error(
        client.post("/v1/resumes/file", data={"id": "x"}), 422
    )
    monkeypatch.setenv("JOBFIT_MAX_UPLOAD_MB", "0.01")
    assert "over" in _error(
        client.post(
            "/v1/resumes/file", files={"file": ("big.txt", b"nurse " * 5000, "text/plain")}
        ),
        413,
    )
    assert client.get("/v1/resumes").json()["total"] == 1  # nothing half-stored


def test_api_key(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFIT_API_KEY", "s3cret-key")
    assert client.get("/v1/health").status_code == 200
    assert "API key" in _error(client.get("/v1/jobs"), 401)
    assert _error(client.get("/v1/jobs", headers={"X-API-Key": "wrong"}), 401)
    assert client.get("/v1/jobs", headers={"X-API-Key": "s3cret-key"}).status_code == 200
    assert client.get("/v1/jobs", headers={"Authorization": "Bearer s3cret-key"}).status_code == 200
    assert _error(client.post("/v1/match/jobs", json={"text": "nurse"}), 401)


def test_logs_carry_no_document_text(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Zyxwvut Qopnm"
    with caplog.at_level(logging.DEBUG):
        _add(client, "resumes", "p1", f"{secret}\nRegistered Nurse\nBLS")
        client.post("/v1/match/jobs", json={"text": f"{secret} nurse"})
        client.post("/v1/resumes", json={"id": "p2", "text": "   "})
    assert any("POST /v1/resumes 201" in r.getMessage() for r in caplog.records)
    assert not any(secret in r.getMessage() for r in caplog.records)


def test_busy_service_answers_503_with_retry_after(tmp_path: Path) -> None:
    class Slow(HashEncoder):
        def encode(self, texts: Any) -> Any:
            time.sleep(0.3)
            return super().encode(texts)

    app = create_app(
        lambda: Index(tmp_path / "idx", Matcher(encoder=Slow(), cache=False)), queue_limit=2
    )

    async def burst() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            texts = [f"Nurse number {i}\nBLS" for i in range(6)]
            return await asyncio.gather(
                *(c.post("/v1/match/jobs", json={"text": t}) for t in texts)
            )

    with ThreadPoolExecutor(1) as thread:  # its own loop, whatever else runs in this process
        responses = thread.submit(asyncio.run, _with_lifespan(app, burst)).result()
    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) >= 2
    assert 503 in codes
    assert set(codes) <= {200, 503}
    busy = next(r for r in responses if r.status_code == 503)
    assert int(busy.headers["Retry-After"]) >= 1
    assert "busy" in busy.json()["error"]["message"]


async def _with_lifespan(app: Any, body: Any) -> Any:
    async with app.router.lifespan_context(app):
        return await body()


# -- erasure ----------------------------------------------------------------------------------
def test_delete_erases_the_text_from_the_store_files(client: TestClient) -> None:
    from lance.file import LanceFileReader

    marker, keep = "Quintessa Vandersloot", "Bartholomew Okonkwo"
    _add(client, "resumes", "gone", f"{marker}\nRegistered Nurse\nICU 2019-2024")
    _add(client, "resumes", "kept", f"{keep}\nSoftware Engineer\nPython")
    client.put("/v1/resumes/gone", json={"text": f"{marker}\nRegistered Nurse\nICU 2019-2025"})
    root = Path(client.get("/v1/health").json()["store"].removeprefix("lancedb:"))

    def texts() -> str:
        out = []
        for f in glob.glob(str(root / "resumes.lance" / "data" / "*.lance")):
            table = LanceFileReader(f).read_all().to_table()
            out += [str(t) for t in table.column("text").to_pylist()]
        return "\n".join(out)

    assert marker in texts()
    assert keep in texts()
    assert client.delete("/v1/resumes/gone").status_code == 204
    left = texts()
    assert marker not in left
    assert keep in left
    assert len(glob.glob(str(root / "resumes.lance" / "_versions" / "*.manifest"))) == 1


# -- with the real base model ------------------------------------------------------------------
@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Matcher]]:
    matcher = Matcher("base", backend="torch", cache=False)
    with _client(tmp_path_factory.mktemp("real") / "idx", matcher) as c:
        for doc_id, text in (("rn", NURSE_JOB), ("dev", DEV_JOB), ("chef", CHEF_JOB)):
            assert _add(c, "jobs", doc_id, text, location="Berlin").status_code == 201
        for doc_id, text in (("maria", NURSE_CV), ("sam", DEV_CV)):
            assert _add(c, "resumes", doc_id, text).status_code == 201
        yield c, matcher


@pytest.mark.slow
def test_match_jobs_gives_ranks_hits(real: tuple[TestClient, Matcher]) -> None:
    client, matcher = real
    body = client.post("/v1/match/jobs", json={"text": NURSE_CV, "top_k": 3}).json()
    jobs = [
        Document(i, t, "api") for i, t in (("chef", CHEF_JOB), ("dev", DEV_JOB), ("rn", NURSE_JOB))
    ]
    (expected,) = matcher.rank([Document("query", NURSE_CV, "request")], jobs, top_k=3)
    assert body["hits"] == expected.to_dict()["hits"]
    assert body["resume_id"] == "query"
    assert body["query_text"] == NURSE_CV
    assert body["hits"][0]["job_id"] == "rn"
    assert body["documents"]["rn"]["location"] == "Berlin"
    met = body["hits"][0]["met"]
    assert met
    # start/end locate the requirement in the posting; passage is the resume's line
    assert all(m["requirement"] in NURSE_JOB[m["start"] : m["end"]] for m in met if m["start"] >= 0)
    assert all(m["passage"] in NURSE_CV for m in met if m["passage"])

    stored = client.post("/v1/match/jobs", json={"id": "maria", "top_k": 3}).json()
    assert stored["resume_id"] == "maria"
    assert [h["job_id"] for h in stored["hits"]] == [h["job_id"] for h in body["hits"]]
    filtered = client.post(
        "/v1/match/jobs", json={"text": NURSE_CV, "where": "location = 'Nowhere'"}
    ).json()
    assert filtered["hits"] == []


@pytest.mark.slow
def test_match_resumes_upload_and_explain(real: tuple[TestClient, Matcher]) -> None:
    client, matcher = real
    by_id = client.post("/v1/match/resumes", json={"id": "dev", "top_k": 2}).json()
    assert by_id["job_id"] == "dev"
    assert by_id["hits"][0]["resume_id"] == "sam"
    by_text = client.post("/v1/match/resumes", json={"text": NURSE_JOB}).json()
    assert by_text["hits"][0]["resume_id"] == "maria"

    up = client.post(
        "/v1/match/jobs/file",
        files={"file": ("cv.pdf", _pdf(DEV_CV), "application/pdf")},
        data={"top_k": "2"},
    ).json()
    assert next(h["job_id"] for h in up["hits"]) == "dev"
    assert len(up["hits"]) == 2
    posting = client.post(
        "/v1/match/resumes/file", files={"file": ("job.txt", NURSE_JOB.encode(), "text/plain")}
    ).json()
    assert posting["hits"][0]["resume_id"] == "maria"
    assert client.get("/v1/resumes").json()["total"] == 2  # uploads to match are not stored

    e = client.post("/v1/explain", json={"resume_id": "maria", "job_id": "rn"}).json()
    expected = matcher.explain(Document("maria", NURSE_CV, "api"), Document("rn", NURSE_JOB, "api"))
    assert e["fit"] == expected.fit
    assert e["met"] == expected.to_dict()["met"]
    assert e["resume_text"] == NURSE_CV
    assert e["job_text"] == NURSE_JOB
    mixed = client.post("/v1/explain", json={"resume_text": DEV_CV, "job_id": "rn"}).json()
    assert mixed["fit"] < e["fit"]
    health = client.get("/v1/health").json()
    assert health["model"] == matcher.model_name
    assert health["weights_hash"] == matcher.weights_hash
    assert (health["resumes"], health["jobs"], health["backend"]) == (2, 3, "lancedb")


def test_signatures_refuse_short_binaries_but_not_words(client: TestClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0123456789abc"  # too short to look binary by its bytes
    assert "PNG image" in _error(
        client.post("/v1/resumes/file", files={"file": ("cv.txt", png, "text/plain")}), 422
    )
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
    assert "save it as .docx" in _error(
        client.post("/v1/resumes/file", files={"file": ("cv.doc", doc, "application/msword")}), 422
    )
    ok = client.post(
        "/v1/jobs/file", files={"file": ("j.txt", b"BMW Group\nMechanic", "text/plain")}
    )
    assert ok.status_code == 201


def test_api_docs_work_offline(client: TestClient) -> None:
    import re

    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls
    assert all(u.startswith("/") for u in urls), urls
    assert all(client.get(u).status_code == 200 for u in urls)
    assert "/v1/match/jobs" in client.get("/openapi.json").json()["paths"]
