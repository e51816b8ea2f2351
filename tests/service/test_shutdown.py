"""`jobfit serve` as a real process: SIGTERM lets the requests in flight finish, then exits 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

NURSE_CV = "Registered Nurse\nICU Staff Nurse, Mercy Hospital, 2018 - 2024\nRN license, BLS"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_sigterm_finishes_requests_in_flight(tmp_path: Path) -> None:
    port = _port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "JOBFIT_HOME": str(tmp_path / "home")}
    log = (tmp_path / "server.log").open("wb")
    cmd = [sys.executable, "-m", "jobfit.cli", "serve", "--port", str(port)]
    cmd += ["--index", str(tmp_path / "idx"), "--model", "base", "--backend", "torch"]
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("server did not start:\n" + (tmp_path / "server.log").read_text())
        for i in range(30):
            text = f"Posting {i}\nRegistered Nurse for ward {i}. Requirements: RN license, BLS."
            r = httpx.post(f"{base}/v1/jobs", json={"id": f"j{i}", "text": text}, timeout=60)
            assert r.status_code == 201

        def match(i: int) -> int:
            body = {"text": f"{NURSE_CV}\nReference {i}", "top_k": 20}
            return httpx.post(f"{base}/v1/match/jobs", json=body, timeout=120).status_code

        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(match, i) for i in range(8)]
            while not any(f.done() for f in futures):  # requests are in, the queue is busy
                time.sleep(0.01)
            server.send_signal(signal.SIGTERM)
            codes = [f.result() for f in futures]
        assert codes == [200] * 8
        assert server.wait(60) == 0
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{base}/v1/health", timeout=2)
    finally:
        if server.poll() is None:
            server.kill()
        log.close()
    out = (tmp_path / "server.log").read_text()
    assert "Shutting down" in out
    assert "Reference" not in out  # logs never carry document text
