"""Following every link a page shows, as its reader: none may lead to a 403 or 404."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from django.test import Client

HREF = re.compile(r'href="(/[^"#]*)"')


def links_on(html: str, base: str) -> set[str]:
    """The site's own links on a page, resolved against its address (no static files)."""
    return {
        urljoin(base, href.replace("&amp;", "&"))
        for href in HREF.findall(html)
        if not href.startswith("/static/")
    }


def broken_links(client: Client, pages: list[str]) -> dict[str, int]:
    """Every link on these pages that does not answer 200 to this reader, with its status."""
    broken: dict[str, int] = {}
    checked: set[str] = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for url in sorted(links_on(response.content.decode(), page) - checked):
            checked.add(url)
            answer = client.get(url)
            if answer.streaming:
                b"".join(answer.streaming_content)  # type: ignore[arg-type]  # read: closed
            if answer.status_code != 200 and not (
                answer.status_code == 302 and answer.url and not answer.url.startswith("/akun/")
            ):
                broken[url] = answer.status_code
    return broken
