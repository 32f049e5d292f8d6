"""Many agencies at once against a running server: nothing lost, nothing locked.

The server is a real `radkla runserver` process on the database the suite runs on
(a SQLite file in WAL mode, or a fresh PostgreSQL database when DATABASE_URL
points at PostgreSQL), loaded with the demo. Fifty sessions save and submit one
realization each at the same moment; then ten save the same realization from
the same stale page, and exactly one may win.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from radkla.accounts.services import DEMO_PASSWORD

OPERATORS = ("dinkes", "dinsos", "disdukcapil", "dp3ap2kb")


@dataclass
class Server:
    url: str
    env: dict[str, str]
    log: Path

    def shell(self, code: str) -> object:
        done = subprocess.run(
            [sys.executable, "-m", "radkla", "shell", "-v", "0", "-c", code],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Session:
    """A browser-like session: cookies, CSRF token, no automatic redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, username: str) -> None:
        self.request("/akun/masuk/")
        status, _ = self.request(
            "/akun/masuk/", {"username": username, "password": DEMO_PASSWORD, "next": "/"}
        )
        assert status == 302, f"login {username}: {status}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_database(url: str, name: str, create: bool) -> str:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    with psycopg.connect(url, autocommit=True) as connection:
        if create:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        else:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return urllib.parse.urlunparse(parsed._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("concurrency")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["RADKLA_DATA_DIR"] = str(data)
    base_url = os.environ.get("DATABASE_URL", "")
    database = f"radkla_concurrency_{os.getpid()}"
    if base_url.startswith("postgres"):
        env["DATABASE_URL"] = _postgres_database(base_url, database, create=True)
    else:
        env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "radkla", "demo", "--load-only"],
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    log = data / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radkla",
                "serve",
                "--listen",
                f"127.0.0.1:{port}",
                "--threads",
                "16",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(url + "/akun/masuk/", timeout=2).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        yield Server(url, env, log)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if base_url.startswith("postgres"):
            _postgres_database(base_url, database, create=False)


def _targets(server: Server) -> dict[str, object]:
    """The open period and, per demo operator, measures with nothing reported in it yet."""
    return server.shell(  # type: ignore[return-value]
        "import json\n"
        "from radkla.monitoring.models import ReportingPeriod, Realization\n"
        "from radkla.plan.models import Measure\n"
        "p = ReportingPeriod.objects.get(year=2025, number=3)\n"
        "done = set(Realization.objects.filter(period=p).values_list('measure_id', flat=True))\n"
        "out = {'period': p.pk, 'free': {}}\n"
        f"for name in {list(OPERATORS)!r}:\n"
        "    from django.contrib.auth.models import User\n"
        "    agency = User.objects.get(username=name).profile.agency_id\n"
        "    ids = Measure.objects.filter(agencies__id=agency).exclude(pk__in=done)\n"
        "    ids = ids.exclude(baseline_kind='composite').exclude(targets__kind='composite')\n"
        "    out['free'][name] = sorted(set(ids.values_list('pk', flat=True)))\n"
        "print(json.dumps(out))"
    )


def test_fifty_simultaneous_submissions_are_each_stored_once(server: Server) -> None:
    targets = _targets(server)
    period = targets["period"]
    free: dict[str, list[int]] = targets["free"]  # type: ignore[assignment, index]
    jobs: list[tuple[str, int]] = []
    while len(jobs) < 50:
        before = len(jobs)
        for name in OPERATORS:
            if free[name] and len(jobs) < 50:
                measure = free[name].pop(0)
                if all(measure != m for _n, m in jobs):
                    jobs.append((name, measure))
        assert len(jobs) > before, "the demo has fewer than 50 free measures"
    sessions = []
    for name, _measure in jobs:
        session = Session(server.url)
        session.login(name)
        sessions.append(session)
    barrier = threading.Barrier(len(jobs))
    results: dict[int, tuple[int, int]] = {}
    pages: dict[int, str] = {}

    def work(index: int) -> None:
        _name, measure = jobs[index]
        session = sessions[index]
        barrier.wait()
        saved, page = session.request(
            f"/lapor/periode/{period}/",
            {
                "action": "save",
                f"value-{measure}": str(index + 1),
                f"version-{measure}": "",
                # Confirms any entry warning (a sharp fall from the last period, …).
                f"note-{measure}": "Uji beban.",
            },
        )
        submitted, _ = session.request(f"/lapor/periode/{period}/ajukan/{measure}/", {})
        results[index] = (saved, submitted)
        if saved != 302:
            pages[index] = " / ".join(re.findall(r'class="(?:error|warn)"[^>]*>([^<]*)', page))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failed = sorted(i for i, r in results.items() if r != (302, 302))
    assert not failed, pages.get(failed[0], "") if failed else ""
    assert len(results) == len(jobs)
    stored = server.shell(
        "import json\n"
        "from radkla.monitoring.models import Realization\n"
        "from radkla.audittrail.models import AuditEvent\n"
        f"rows = Realization.objects.filter(period_id={period}, measure_id__in={[m for _n, m in jobs]})\n"
        "print(json.dumps({'rows': [[r.measure_id, r.revision, r.state, r.value_raw] for r in rows],"
        " 'events': sorted(AuditEvent.objects.filter(object_id__in=[str(r.pk) for r in rows])"
        ".values_list('action', flat=True))}))"
    )
    rows = sorted(stored["rows"])  # type: ignore[index]
    expected = sorted([m, 1, "submitted", str(i + 1)] for i, (_n, m) in enumerate(jobs))
    assert rows == expected
    events = stored["events"]  # type: ignore[index]
    assert events.count("realization.create") == 50 and events.count("realization.submit") == 50
    log = server.log.read_text()
    assert "database is locked" not in log
    assert "Traceback" not in log
    assert not re.search(r'" 500 ', log)


def test_ten_saves_from_one_stale_page_keep_exactly_one(server: Server) -> None:
    targets = _targets(server)
    period = targets["period"]
    measure = targets["free"]["dinkes"][-1]  # type: ignore[index]
    first = Session(server.url)
    first.login("dinkes")
    status, page = first.request(
        f"/lapor/periode/{period}/",
        {
            "action": "save",
            f"value-{measure}": "1",
            f"version-{measure}": "",
            f"note-{measure}": "Uji.",
        },
    )
    assert status == 302, re.findall(r'class="(?:error|warn)"[^>]*>([^<]*)', page)
    sessions = []
    for _i in range(10):
        session = Session(server.url)
        session.login("dinkes")
        sessions.append(session)
    barrier = threading.Barrier(10)
    outcomes: dict[int, tuple[int, str]] = {}

    def save(index: int) -> None:
        barrier.wait()
        outcomes[index] = sessions[index].request(
            f"/lapor/periode/{period}/",
            {
                "action": "save",
                f"value-{measure}": f"{index + 10}",
                f"version-{measure}": "1",
                f"note-{measure}": "Uji beban.",
            },
        )

    threads = [threading.Thread(target=save, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    winners = [i for i, (status, _page) in outcomes.items() if status == 302]
    assert len(winners) == 1
    losers = [page for status, page in outcomes.values() if status != 302]
    assert len(losers) == 9 and all("sudah diubah oleh" in page for page in losers)
    final = server.shell(
        "import json\n"
        "from radkla.monitoring.models import Realization\n"
        f"r = Realization.objects.get(period_id={period}, measure_id={measure})\n"
        "print(json.dumps([r.version, r.value_raw]))"
    )
    assert final == [2, f"{winners[0] + 10}"]
