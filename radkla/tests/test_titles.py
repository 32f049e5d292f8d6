"""A page's <title> is its name alone: no markup may leak into the title block."""

from __future__ import annotations

import re
from pathlib import Path

import radkla

TEMPLATES = Path(radkla.__file__).parent / "templates"
TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)


def test_every_title_block_holds_words_only() -> None:
    leaks = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        for block in TITLE_BLOCK.findall(template.read_text(encoding="utf-8")):
            if "<" in block or "{% include" in block or "\n" in block.strip():
                leaks[str(template.relative_to(TEMPLATES))] = block.strip()[:80]
    assert leaks == {}
    assert len(list(TEMPLATES.rglob("*.html"))) > 40  # the templates were found
