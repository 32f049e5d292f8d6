"""A regulation of the next plan cycle, made from the seed by moving every year on four."""

from __future__ import annotations

import re


def next_cycle(data: bytes, years: int = 4) -> bytes:
    """The same regulation text for the plan ``years`` later (2023-2026 → 2027-2030)."""
    return re.sub(rb"\b(20[0-9]{2})\b", lambda m: str(int(m.group(1)) + years).encode(), data)
