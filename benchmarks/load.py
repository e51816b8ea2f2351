"""Load on the running service: requests/s and p50/p99 latency of ``POST /v1/match/jobs`` at
several concurrencies against a store of 10k postings, with adds and deletes interleaved.

It builds the store once (generated O*NET postings, encoded by the chosen model; reused when
it is already there), starts ``jobfit serve`` on loopback, drives it for a bounded time per
concurrency level, then counts the store: every add that got 201 must be there, every
delete that got 204 must be gone, and the total must add up (no lost or duplicated writes).
A 503 (queue full) is retried after its Retry-After and counted; any other 5xx is a failure.
Client and server share this machine's cores, so the figures are a floor.

    .venv/bin/python benchmarks/load.py [--postings 10000] [--levels 1,8,32] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np


def _postings(n: int, seed: int = 7) -> list[tuple[str, str, dict[str, Any]]]:
    from jobfit.data.onet_profiles import default_book
    from jobfit.data.onet_render import render_job

    book = default_book()
    codes = sorted(book.usable)
    rng = random.Random(seed)
    cities = ["Berlin", "Hamburg", "Munich", "Remote", "Leipzig"]
    out = []
    for i in range(n):
        p = book.profile(codes[i % len(codes)])
        text, _ = render_job(rng, p, book.templates, book.phraser)
        out.append((f"job-{i:05d}", text, {"location": cities[i % len(cities)]}))
    return out


def _resumes(n: int, seed: int = 11) -> list[str]:
    from jobfit.data.onet_profiles import default_book
    from jobfit.data.onet_render import render_resume

    book = default_book()
    codes = sorted(book.usable)
    rng = random.Random(seed)
    return [
        render_resume(rng, book.profile(rng.choice(codes)), book.templates, book.phraser)
        for _ in range(n)
    ]


def build_store(root: Path, n: int, model: str | None) -> None:
    """Adds ``n`` generated postings (unchanged ones are not encoded again)."""
    from jobfit.documents.model import Document
    from jobfit.index.index import Index
    from jobfit.matching.matcher import Matcher

    index = Index(root, Matcher(model, cache=False))
    docs = [Document(i, t, "generated", m) for i, t, m in _postings(n)]
    started = time.perf_counter()
    result = index.add(docs, "job")
    print(f"store: {result.to_dict()} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Load:
    """One concurrency level: workers that match, add and delete until the time is up."""

    def __init__(self, base: str, resumes: list[str], write_share: float, seed: int) -> None:
        self.base, self.resumes, self.write_share = base, resumes, write_share
        self.rng = random.Random(seed)
        self.latency: list[float] = []
        self.codes: dict[int, int] = {}
        self.retried = 0
        self.added: list[str] = []
        self.deleted: list[str] = []
        self._live: list[str] = []

    async def _send(self, client: httpx.AsyncClient, method: str, url: str, **kw: Any) -> int:
        while True:
            r = await client.request(method, url, **kw)
            if r.status_code != 503:
                self.codes[r.status_code] = self.codes.get(r.status_code, 0) + 1
                return r.status_code
            self.retried += 1
            await asyncio.sleep(float(r.headers.get("Retry-After", "1")))

    async def worker(self, client: httpx.AsyncClient, until: float, wid: int) -> None:
        n = 0
        while time.perf_counter() < until:
            n += 1
            if self.rng.random() < self.write_share:
                if self._live and self.rng.random() < 0.5:
                    doc_id = self._live.pop(self.rng.randrange(len(self._live)))
                    if await self._send(client, "DELETE", f"/v1/jobs/{doc_id}") == 204:
                        self.deleted.append(doc_id)
                else:
                    doc_id = f"load-{wid}-{n}-{self.rng.randrange(10**9)}"
                    text = f"Warehouse Associate {doc_id}\nPick, pack and ship orders.\nForklift certification required."
                    code = await self._send(
                        client, "POST", "/v1/jobs", json={"id": doc_id, "text": text}
                    )
                    if code == 201:
                        self.added.append(doc_id)
                        self._live.append(doc_id)
                continue
            started = time.perf_counter()
            body = {"text": self.rng.choice(self.resumes), "top_k": 10}
            await self._send(client, "POST", "/v1/match/jobs", json=body)
            self.latency.append(time.perf_counter() - started)


async def run_level(
    base: str, concurrency: int, seconds: float, resumes: list[str], share: float
) -> Load:
    load = Load(base, resumes, share, seed=concurrency)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(load.worker(client, until, i) for i in range(concurrency)))
    return load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--write-share", type=float, default=0.1)
    parser.add_argument("--model", default=None)
    parser.add_argument("--store", type=Path, default=Path("runs/load-store"))
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    flags = Path("/proc/cpuinfo").read_text().split("flags", 1)[1].split("\n", 1)[0]
    cpu = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx512_bf16") if f in flags]
    print(f"CPU flags: {', '.join(cpu)}; cores: {len(os.sched_getaffinity(0))}")
    build_store(args.store, args.postings, args.model)
    resumes = _resumes(50)
    port = _port()
    base = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "jobfit.cli",
        "serve",
        "--port",
        str(port),
        "--index",
        str(args.store),
    ]
    if args.model:
        cmd += ["--model", args.model]
    log = open(args.store.parent / "load-server.log", "wb")  # noqa: SIM115 - lives with the server
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                before = httpx.get(f"{base}/v1/health", timeout=2).json()
                break
            except httpx.HTTPError:
                time.sleep(1)
        else:
            raise SystemExit("the server did not start; see runs/load-server.log")
        print(
            f"server: {before['model']} ({before['backend']}), {before['jobs']} postings, "
            f"{before['workers']} worker(s), queue {before['queue_limit']}"
        )
        print(
            "| concurrency | match requests | requests/s | p50 ms | p99 ms | writes ok | 503 retried | other 5xx |"
        )
        print("|--:|--:|--:|--:|--:|--:|--:|--:|")
        added: list[str] = []
        deleted: list[str] = []
        failures = 0
        for c in (int(x) for x in args.levels.split(",")):
            started = time.perf_counter()
            load = asyncio.run(run_level(base, c, args.seconds, resumes, args.write_share))
            took = time.perf_counter() - started
            lat = np.array(load.latency) * 1000
            bad = sum(n for code, n in load.codes.items() if code >= 500)
            failures += bad
            added += load.added
            deleted += load.deleted
            print(
                f"| {c} | {len(lat)} | {len(lat) / took:.1f} | {np.percentile(lat, 50):.0f} | "
                f"{np.percentile(lat, 99):.0f} | {len(load.added) + len(load.deleted)} | "
                f"{load.retried} | {bad} |"
            )
        after = httpx.get(f"{base}/v1/health").json()
        expected = before["jobs"] + len(added) - len(deleted)
        gone = set(deleted)
        lost = [
            i
            for i in added
            if i not in gone and httpx.get(f"{base}/v1/jobs/{i}").status_code != 200
        ]
        back = [i for i in deleted if httpx.get(f"{base}/v1/jobs/{i}").status_code != 404]
        print(
            json.dumps(
                {
                    "postings_before": before["jobs"],
                    "adds": len(added),
                    "deletes": len(deleted),
                    "postings_after": after["jobs"],
                    "expected": expected,
                    "lost_adds": len(lost),
                    "deleted_but_present": len(back),
                    "other_5xx": failures,
                }
            )
        )
        if after["jobs"] != expected or lost or back or failures:
            raise SystemExit("FAILED: writes lost or duplicated, or 5xx answers")
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(60)
        print(f"server stopped on SIGTERM with exit code {code}")


if __name__ == "__main__":
    main()
