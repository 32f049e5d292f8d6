"""Load benchmark: 50 operators against a running `radkla serve`.

    .venv/bin/python bench/bench_load.py --setup                 # once: 50 operator accounts
    .venv/bin/python bench/bench_load.py --url http://127.0.0.1:8000 --mode paced
    .venv/bin/python bench/bench_load.py --url http://127.0.0.1:8000 --mode flat

``--setup`` (with the server's DATABASE_URL or RADKLA_DATA_DIR, the demo loaded)
creates the operators ``beban01`` … ``beban50`` spread over the demo plan's
agencies (by their number of measures), password ``BENCH_PASSWORD``.

Each operator is a thread with its own cookies. It signs in once (the login page,
then the form), then loops: open the grid of the open period, save it (one row's
narrative changed; the POST and the redirect's GET), open the dashboard
(*Capaian*). ``paced`` waits 10 s between actions (starts spread over the first
10 s); ``flat`` does not wait. Prints requests/s, p50/p95 per action, errors and the
login's p50/p95.

A save posts the fields of the row it changes: two operators of one agency then
do not overwrite each other's rows with stale copies (which the server refuses
as a conflict, by design). The server still builds the whole grid for the POST.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

BENCH_PASSWORD = "beban-uji-radkla-2026"  # noqa: S105
OPERATORS = 50


class GridForm(HTMLParser):
    """The fields of ``#grid-form`` as a browser would send them (enabled ones only)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}
        self.textarea: str | None = None
        self.rows: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "grid-form"
        if tag == "tr" and (measure := a.get("data-measure")):
            self.rows.append(int(measure))
        if not self.inside or "disabled" in a or "form" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"file", "submit"}:
            self.fields[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.fields[self.textarea] += data


def save_data(page: str, nth: int, stamp: str) -> dict[str, str]:
    """What "Simpan semua" posts when only the ``nth`` editable row's narrative changed."""
    form = GridForm()
    form.feed(page)
    editable = [pk for pk in form.rows if f"narrative-{pk}" in form.fields]
    data = {"csrfmiddlewaretoken": form.fields["csrfmiddlewaretoken"], "action": "save"}
    if not editable:
        return data
    pk = editable[nth % len(editable)]
    pattern = re.compile(rf"^(?:[a-z_]+-{pk}|part-{pk}-\d+|spend-{pk}-\w+)$")
    data.update({k: v for k, v in form.fields.items() if pattern.match(k)})
    data[f"narrative-{pk}"] = f"Uji beban {stamp}"
    # Confirms any entry-check warning on the stored value (a jump, over target).
    data[f"note-{pk}"] = "uji beban"
    return data


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    conflicts: int = 0
    started: float = 0.0
    ended: float = 0.0

    def add(self, action: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.requests += 1
            self.times.setdefault(action, []).append(seconds)
            if error:
                self.errors[action] = self.errors.get(action, 0) + 1
                self.first_error.setdefault(action, error)


class Operator:
    """One person's browser: one keep-alive connection, the session and CSRF cookies."""

    def __init__(self, url: str, username: str, results: Results) -> None:
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.username = username
        self.cookies: dict[str, str] = {}
        self.results = results
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self, action: str, method: str, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        start = time.perf_counter()
        error = ""
        status, text, location = 0, "", ""
        for attempt in range(2):  # a keep-alive connection the server closed: reconnect once
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                status, location = response.status, response.getheader("Location", "")
                for header, value in response.getheaders():
                    if header.lower() == "set-cookie":
                        name, _, rest = value.partition("=")
                        self.cookies[name] = rest.split(";", 1)[0]
                break
            except (OSError, http.client.HTTPException) as problem:
                if self.connection is not None:
                    self.connection.close()
                self.connection = None
                if attempt:
                    error = f"{type(problem).__name__}: {problem}"
        if not error and status >= 400:
            error = f"HTTP {status} {path}"
        self.results.add(action, time.perf_counter() - start, error)
        return status, text, location

    def log_in(self) -> bool:
        self.request("login page", "GET", "/akun/masuk/")
        status, _text, _location = self.request(
            "login",
            "POST",
            "/akun/masuk/",
            {
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                "username": self.username,
                "password": BENCH_PASSWORD,
            },
        )
        if status != 302:
            with self.results.lock:
                self.results.errors["login"] = self.results.errors.get("login", 0) + 1
                self.results.first_error.setdefault("login", f"HTTP {status}, not signed in")
            return False
        return True


def run_operator(
    operator: Operator, grid_path: str, nth: int, pause: float, stop_at: float, first: float
) -> None:
    time.sleep(first)
    if not operator.log_in():
        return
    rounds = 0
    while time.monotonic() < stop_at:
        time.sleep(pause)
        _status, page, _ = operator.request("grid GET", "GET", grid_path)
        if time.monotonic() >= stop_at:
            break
        time.sleep(pause)
        rounds += 1
        status, _text, location = operator.request(
            "save POST", "POST", grid_path, save_data(page, nth, f"{operator.username} {rounds}")
        )
        if status == 302:
            operator.request("save redirect GET", "GET", urllib.parse.urlsplit(location).path)
        elif status == 200:  # refused: a conflict or a check; not a server error but not saved
            reason = re.search(r'data-error="\d+">([^<]*)', _text)
            if reason and "sudah diubah" in reason.group(1):
                # Another agency sharing the measure saved it first: the conflict radkla
                # shows by design (the person reloads and saves again), not a failure.
                with operator.results.lock:
                    operator.results.conflicts += 1
            else:
                operator.results.add(
                    "save POST", 0.0, f"saved nothing: {reason.group(1) if reason else status}"
                )
        if time.monotonic() >= stop_at:
            break
        time.sleep(pause)
        operator.request("dashboard GET", "GET", "/capaian/")


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its children (gunicorn's master and workers)."""
    if not pid:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * share) - 1))]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radkla.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from radkla.accounts.models import Profile
    from radkla.accounts.services import create_account
    from radkla.plan.models import Agency

    agencies = list(
        Agency.objects.annotate(n=Count("measure_links")).filter(n__gt=0).order_by("-n", "pk")
    )
    existing = set(
        get_user_model()
        .objects.filter(username__startswith="beban")
        .values_list("username", flat=True)
    )
    for i in range(OPERATORS):
        username = f"beban{i + 1:02d}"
        if username not in existing:
            create_account(
                username=username,
                password=BENCH_PASSWORD,
                role=Profile.Role.OPERATOR,
                agency=agencies[i % len(agencies)],
                full_name=f"Operator uji beban {i + 1}",
                actor=None,
            )
    print(f"{OPERATORS} operators over {len(agencies)} agencies (password {BENCH_PASSWORD})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setup", action="store_true", help="create the 50 operators and stop")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--mode", choices=["paced", "flat"], default="paced")
    parser.add_argument("--seconds", type=float, default=0, help="default 120 paced, 60 flat")
    parser.add_argument("--pause", type=float, default=10.0, help="paced: seconds between actions")
    parser.add_argument("--period", type=int, default=0, help="period id (default: an open one)")
    parser.add_argument(
        "--server-pid", type=int, default=0, help="Linux: report the server's CPU per request"
    )
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    results = Results()
    probe = Operator(args.url, "beban01", results)
    if not probe.log_in():
        raise SystemExit(f"beban01 cannot sign in: run --setup first ({results.first_error})")
    _status, page, _ = probe.request("probe", "GET", "/lapor/")
    if args.period:
        grid_path = f"/lapor/periode/{args.period}/"
    else:  # the first period whose grid can be saved (an open one)
        links = dict.fromkeys(re.findall(r'href="(/lapor/periode/\d+/)"', page))
        grid_path = next(
            (link for link in links if 'value="save"' in probe.request("probe", "GET", link)[1]),
            "",
        )
        if not grid_path:
            raise SystemExit("no open period on Laporan saya")
    results = Results()
    seconds = args.seconds or (120.0 if args.mode == "paced" else 60.0)
    pause = args.pause if args.mode == "paced" else 0.0
    spread = args.pause if args.mode == "paced" else 2.0
    threads = []
    rng = random.Random(1)  # noqa: S311  (a repeatable spread of start times)
    cpu_before = server_cpu(args.server_pid)
    results.started = time.perf_counter()
    stop_at = time.monotonic() + seconds
    for i in range(OPERATORS):
        operator = Operator(args.url, f"beban{i + 1:02d}", results)
        thread = threading.Thread(
            target=run_operator,
            # --setup gave operator i the agency i % 33: nth is its place in that agency,
            # so two operators of one agency change different rows.
            args=(operator, grid_path, i // 33, pause, stop_at, rng.uniform(0, spread)),
            daemon=True,
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=seconds + 120)
    results.ended = time.perf_counter()
    elapsed = results.ended - results.started
    print(f"{args.mode}: {OPERATORS} operators, {elapsed:.0f} s, grid {grid_path}")
    print(f"requests {results.requests}, {results.requests / elapsed:.1f} requests/s")
    for action in (
        "login page",
        "login",
        "grid GET",
        "save POST",
        "save redirect GET",
        "dashboard GET",
    ):
        times = [t for t in results.times.get(action, []) if t > 0]
        if not times:
            continue
        print(
            f"  {action:<18} n={len(times):5d}  p50 {statistics.median(times) * 1000:7.1f} ms"
            f"  p95 {percentile(times, 0.95) * 1000:7.1f} ms"
            f"  errors {results.errors.get(action, 0)}"
        )
    if args.server_pid:
        used = server_cpu(args.server_pid) - cpu_before
        per_request = used / max(1, results.requests)
        print(
            f"server CPU {used:.1f} s: {per_request * 1000:.1f} ms per request, "
            f"at most {(os.cpu_count() or 1) / per_request:.0f} requests/s on "
            f"{os.cpu_count()} cores if the server had them to itself"
        )
    print(f"conflicts {results.conflicts} (a measure shared by two agencies, saved by both)")
    errors = sum(results.errors.values())
    print(f"errors {errors}" + (f": {results.first_error}" if errors else ""))


if __name__ == "__main__":
    main()
