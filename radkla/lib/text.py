"""Shortening a name for a sentence: whole words, and an ellipsis where words were left out."""

from __future__ import annotations

ELLIPSIS = "…"


def shortened(text: str, limit: int) -> str:
    """``text`` on one line in at most ``limit`` characters, cut after a whole word.

    A name in an audit summary or a message must still read as words
    ("Persentase anak mendapat…", never "Persentase anak menda"); only a first word
    longer than the limit is cut inside.
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - len(ELLIPSIS) + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head[:-1]
    return cut.rstrip(" ,.;:-") + ELLIPSIS
