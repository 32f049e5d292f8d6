"""`radkla serve` on Linux: gunicorn's master forks several workers, and they answer."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from radkla.lib.serving import default_workers

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="gunicorn needs fork")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc, Linux only)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def test_workers_default_to_the_cores_plus_one() -> None:
    assert default_workers(2) == 3
    assert default_workers(8) == 9
    assert default_workers(1) == 2  # never a single worker: one slow request would stall all


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts children through /proc")
def test_serve_starts_several_worker_processes_that_answer(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["RADKLA_DATA_DIR"] = str(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "radkla", "migrate", "-v", "0"], env=env, check=True, timeout=300
    )
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radkla",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        body = b""
        for _attempt in range(300):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/akun/masuk/", timeout=5
                ) as response:
                    body = response.read()
                break
            except OSError:
                time.sleep(0.1)
        assert b'name="username"' in body, log.read_text()
        # Every worker answers: more requests than workers, each on a new connection.
        for _ in range(6):
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/akun/masuk/", timeout=5
            ) as response:
                assert response.status == 200
        # Three gunicorn workers, and the background worker beside them.
        commands = [Path(f"/proc/{child}/cmdline").read_bytes() for child in _children(server.pid)]
        background = [c for c in commands if b"radkla.cli\x00worker" in c]
        assert (len(commands), len(background)) == (4, 1), (commands, log.read_text())
        assert "gunicorn, 3 pekerja" in log.read_text()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0, log.read_text()
    assert "Traceback" not in log.read_text()


def test_serve_refuses_a_negative_worker_count(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["RADKLA_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "radkla", "serve", "--workers", "-1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--workers harus bilangan bulat positif." in result.stderr
