"""``claimgraph serve`` stops on SIGTERM within seconds, even while an
analysis is running, in the server process or in a worker process (which
stops with it)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from claimgraph.cli.web import SHUTDOWN_SECONDS

pytestmark = pytest.mark.model

#: Seconds a child process may take to exit after the server did.
ORPHAN_SECONDS = 5
pytest.importorskip("uvicorn")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, body: dict[str, object]) -> None:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with contextlib.suppress(Exception):  # the server going away mid-request is the point
        urllib.request.urlopen(request, timeout=120).read()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize(
    ("sig", "workers"),
    [(signal.SIGTERM, 1), (signal.SIGINT, 1), (signal.SIGTERM, 2)],
    ids=["SIGTERM", "SIGINT", "SIGTERM-2-workers"],
)
def test_serve_stops_on_a_signal_while_an_analysis_runs(
    tmp_path: Path, sig: int, workers: int
) -> None:
    port = _free_port()
    env = {**os.environ, "CLAIMGRAPH_DB": str(tmp_path / "none.db")}
    command = ["serve", "--port", str(port), "--model", "rules", "--workers", str(workers)]
    server = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                url = f"http://127.0.0.1:{port}/api/openapi.json"
                urllib.request.urlopen(url, timeout=2).read()
                break
            except Exception:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("the server did not start")
                time.sleep(0.2)
        text = "The minister said the talks would resume next week. " * 12000  # ~0.6 MB
        worker = threading.Thread(
            target=_post,
            args=(f"http://127.0.0.1:{port}/api/analyze", {"text": text}),
            daemon=True,
        )
        worker.start()
        time.sleep(2.0)  # the analysis is running now
        children = _children(server.pid) if sys.platform == "linux" else []
        assert len(children) >= (workers if workers > 1 else 0)
        started = time.monotonic()
        server.send_signal(sig)
        server.wait(timeout=SHUTDOWN_SECONDS + 15)
        assert time.monotonic() - started < SHUTDOWN_SECONDS + 15
        # the workers are stopped before the server exits; multiprocessing's
        # resource tracker (also a child) exits once the last of them closed
        # its pipe, and is given a few seconds for its clean-up
        deadline = time.monotonic() + ORPHAN_SECONDS
        while [pid for pid in children if _alive(pid)] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children if _alive(pid)], "a child outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
