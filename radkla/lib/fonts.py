"""Where the DejaVu Sans files live: the copy matplotlib ships, found without importing it.

Charts (Pillow) and the laporan (reportlab) measure and draw text with the same
font files, so a word that fits on a chart fits in the document too. Importing
matplotlib would cost half a second; locating its package does not.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def dejavu_folder() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Huruf DejaVu Sans tidak ditemukan (paket matplotlib tidak terpasang).")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def dejavu(filename: str) -> str:
    """The path of one DejaVu file, e.g. ``DejaVuSans-Bold.ttf``."""
    return str(dejavu_folder() / filename)
