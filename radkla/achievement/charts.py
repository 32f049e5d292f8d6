"""Charts drawn on the server: SVG for the pages, PNG for documents, from one definition.

Each chart is a function of plain numbers, so the same call serves a page and a
report. Results are cached by their inputs: a dashboard redraws only when its
numbers change.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable, Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure

from radkla.achievement.engine import Category, category

COLOURS = {
    Category.SANGAT_TINGGI: "#12805c",
    Category.TINGGI: "#53b27a",
    Category.SEDANG: "#f2c94c",
    Category.RENDAH: "#f2994a",
    Category.SANGAT_RENDAH: "#d64545",
}
EMPTY = "#cbd2d9"
_CACHE: OrderedDict[tuple[object, ...], str | bytes] = OrderedDict()
_CACHE_SIZE = 128

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: smaller, and in the page's font
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


def _colour(value: Decimal | None) -> str:
    return EMPTY if value is None else COLOURS[category(value)]


def _render(figure: Figure, fmt: str) -> str | bytes:
    if fmt == "png":
        raw = io.BytesIO()
        figure.savefig(raw, format="png", dpi=150, bbox_inches="tight")
        return raw.getvalue()
    text = io.StringIO()
    figure.savefig(text, format="svg", bbox_inches="tight")
    svg = text.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prologue to inline it in HTML


def _cached(key: tuple[object, ...], draw: Callable[[], str | bytes]) -> str | bytes:
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    result = draw()
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def capaian_bars(
    labels: Sequence[str], values: Sequence[Decimal | None], *, title: str = "", fmt: str = "svg"
) -> str | bytes:
    """Capaian per group or year as bars in their category colour, with the 91 line."""

    def draw() -> str | bytes:
        figure = Figure(figsize=(max(4.0, 0.9 * len(labels) + 1.5), 2.6))
        axes = figure.subplots()
        heights = [float(v) if v is not None else 0.0 for v in values]
        bars = axes.bar(list(labels), heights, color=[_colour(v) for v in values])
        for bar, value in zip(bars, values, strict=True):
            text = "–" if value is None else f"{float(value):.1f}".replace(".", ",")
            axes.annotate(
                text,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
            )
        axes.axhline(91, color="#52606d", linewidth=0.8, linestyle="--")
        axes.set_ylim(0, max(110.0, max(heights, default=0) * 1.15))
        axes.set_ylabel("capaian (%)")
        if title:
            axes.set_title(title, fontsize=10, loc="left")
        return _render(figure, fmt)

    key = ("bars", tuple(labels), tuple(values), title, fmt)
    return _cached(key, draw)


def capaian_bars_png(
    labels: Sequence[str], values: Sequence[Decimal | None], *, title: str = ""
) -> bytes:
    """``capaian_bars`` as a PNG image, for documents."""
    image = capaian_bars(labels, values, title=title, fmt="png")
    return image if isinstance(image, bytes) else image.encode()
