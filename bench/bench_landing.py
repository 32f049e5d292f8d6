"""Login to landing in a browser: from the click on *Masuk* to the landing page loaded.

    .venv/bin/radkla demo --load-only
    RADKLA_DEMO=true .venv/bin/radkla runserver 127.0.0.1:8000 --noreload &
    .venv/bin/python bench/bench_landing.py --url http://127.0.0.1:8000 [--runs N]
        [--chromium PATH]

Chromium (Playwright) signs each demo role in ``--runs`` times on a fresh
browser context and times the click on the login button until the landing
page's ``load`` event; it prints per role the page it landed on, its height,
and the median and worst time.
"""

from __future__ import annotations

import argparse
import statistics
import time

ROLES = ("sekretariat", "pimpinan", "koordinator3", "dinkes")
PASSWORD = "demo-radkla"  # noqa: S105  (the demo accounts' published password)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--chromium", default=None, help="a Chromium instead of Playwright's")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=options.chromium)
        print(f"{options.runs} logins per role, medians")
        for role in ROLES:
            times = []
            landed, height = "", 0
            for _ in range(options.runs):
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                page = context.new_page()
                page.goto(f"{options.url}/akun/masuk/")
                page.fill("#id_username", role)
                page.fill("#id_password", PASSWORD)
                start = time.perf_counter()
                with page.expect_navigation(wait_until="load"):
                    page.click("#login-form button[type=submit]")
                times.append(time.perf_counter() - start)
                landed = page.url.removeprefix(options.url)
                height = page.evaluate("document.documentElement.scrollHeight")
                context.close()
            print(
                f"  {role:<13} {landed:<28} {height:6d} px   "
                f"median {statistics.median(times) * 1000:6.0f} ms   "
                f"worst {max(times) * 1000:6.0f} ms"
            )
        browser.close()


if __name__ == "__main__":
    main()
