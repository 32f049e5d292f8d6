"""Charts drawn on the server: SVG for the pages, PNG for documents, from one layout.

A chart is laid out once as plain shapes (bars, lines, text) measured in points;
one small writer turns the shapes into SVG, where text stays text, and another
paints them with Pillow into a PNG for DOCX and PDF. Laying out bars directly is
what makes a laporan's seven charts cost tens of milliseconds instead of the
second a plotting library spends on axes it does not need (docs/PERFORMANCE.md).
Pillow and the DejaVu font load with the first chart, never at start-up.

Every number on a chart reads as the tables print it (``value_label``): half up to
two decimals, comma, no trailing zeros. Results are cached by their inputs, so a
dashboard redraws only when its numbers change.
"""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Literal

from radkla.achievement.display import capaian_text
from radkla.achievement.engine import Category, category
from radkla.lib.fonts import dejavu

if TYPE_CHECKING:
    from PIL import Image as PILImage
    from PIL.ImageFont import FreeTypeFont

COLOURS = {
    Category.SANGAT_TINGGI: "#12805c",
    Category.TINGGI: "#53b27a",
    Category.SEDANG: "#f2c94c",
    Category.RENDAH: "#f2994a",
    Category.SANGAT_RENDAH: "#d64545",
}
# The lower bound of each band, as the legend states it (engine.category decides).
BANDS = {
    Category.SANGAT_TINGGI: "≥ 91",
    Category.TINGGI: "≥ 76",
    Category.SEDANG: "≥ 66",
    Category.RENDAH: "≥ 51",
    Category.SANGAT_RENDAH: "< 51",
}
EMPTY = "#cbd2d9"
THRESHOLD = 91
THRESHOLD_LABEL = f"batas sangat tinggi {THRESHOLD}"
INK = "#1f2933"
MUTED = "#52606d"
GRID = "#e4e7eb"
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"

DOCUMENT_WIDTH = 453.5  # points: 16 cm, the text width of the laporan's A4 pages
PNG_SCALE = 2.5  # pixels per point: 180 dpi at the document width

_CACHE: OrderedDict[tuple[object, ...], str | bytes] = OrderedDict()
_CACHE_SIZE = 128
# Pages and background report builds draw from several threads.
_LOCK = threading.Lock()

_PAD = 6.0
_TITLE_SIZE = 9.5
_TEXT_SIZE = 7.5  # legend, ticks, axis title
_LABEL_SIZE = 8.0  # one label per bar
_VALUE_SIZE = 7.5  # the number above a bar
_PLOT_HEIGHT = 150.0
_SLOT = 40.0  # preferred width per bar on a page
_MIN_WIDTH, _MAX_WIDTH = 300.0, 720.0
_ASCENT = 0.76  # DejaVu Sans cap height and a little, in ems
_LINE = 1.2  # line height in ems
_ROTATED_CHARS = 28  # a label longer than this is cut with an ellipsis when rotated


def value_label(value: Decimal | None) -> str:
    """A capaian as charts and tables print it: ``87,25``, ``87,50``; ``–`` for none.

    The tables' rule (``display.capaian_text``): half up, two decimals always.
    """
    return capaian_text(value, sign="")


# --- shapes ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True, slots=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 0.6
    dashed: bool = False


Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True, slots=True)
class _Text:
    x: float  # the anchor point on the baseline
    y: float
    text: str
    size: float
    colour: str = INK
    anchor: Anchor = "start"
    angle: int = 0  # 0, -45 or -90: counter-clockwise about the anchor, as in SVG
    bold: bool = False
    halo: bool = False  # a white outline, so a number stays readable across the 91 line


Shape = _Rect | _Line | _Text


@dataclass(frozen=True, slots=True)
class _Canvas:
    width: float
    height: float
    title: str
    shapes: tuple[Shape, ...]


# --- text measure ----------------------------------------------------------------------


def _font_path(bold: bool) -> str:
    return dejavu("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


@lru_cache(maxsize=32)
def _font(pixels: float, bold: bool = False) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(_font_path(bold), pixels)


def _width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of ``text`` in points at ``size`` points."""
    return _font(100.0, bold).getlength(text) * size / 100.0


def _wrap(text: str, limit: float, size: float, bold: bool = False) -> list[str] | None:
    """``text`` in lines no wider than ``limit``, its own breaks kept; None if a word won't fit."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            candidate = f"{line} {word}" if line else word
            if _width(candidate, size, bold) <= limit:
                line = candidate
            elif _width(word, size, bold) <= limit and line:
                lines.append(line)
                line = word
            else:
                return None
        lines.append(line)
    return lines


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# --- layout ----------------------------------------------------------------------------


def _ticks(top: float) -> list[int]:
    step = 25 if top <= 150 else 50 if top <= 300 else 100
    return list(range(0, int(top) + 1, step))


def _legend(left: float, y: float, width: float, has_empty: bool) -> tuple[list[Shape], float]:
    """The category colours and the 91 line, flowed into rows; returns shapes and height."""
    entries: list[tuple[str, str, bool]] = [
        (COLOURS[c], f"{c} {BANDS[c]}", False) for c in Category
    ]
    if has_empty:
        entries.append((EMPTY, "belum dinilai", False))
    entries.append((MUTED, THRESHOLD_LABEL, True))
    row_height = _TEXT_SIZE * 1.5
    shapes: list[Shape] = []
    x, rows = left, 1
    for colour, text, is_line in entries:
        needed = 12 + 3 + _width(text, _TEXT_SIZE)
        if x > left and x + needed > left + width:
            x, rows = left, rows + 1
        top = y + (rows - 1) * row_height
        middle = top + row_height / 2
        if is_line:
            shapes.append(_Line(x, middle, x + 12, middle, colour, 0.9, dashed=True))
        else:
            shapes.append(_Rect(x + 2, middle - 4, 8, 8, colour))
        baseline = middle + _TEXT_SIZE * _ASCENT / 2
        shapes.append(_Text(x + 15, baseline, text, _TEXT_SIZE, MUTED))
        x += needed + 10
    return shapes, rows * row_height


def _layout(
    labels: Sequence[str],
    values: Sequence[Decimal | None],
    *,
    title: str,
    axis_label: str,
    width: float | None,
) -> _Canvas:
    n = max(len(labels), 1)
    texts = [value_label(v) for v in values]
    # Capaian is never below zero; a stray negative draws no bar, never one below the axis.
    heights = [max(float(v), 0.0) if v is not None else 0.0 for v in values]

    tick_width = _width("100", _TEXT_SIZE)
    left = _PAD + _TEXT_SIZE * _LINE + tick_width + 6
    right = _PAD + 2
    if width is None:
        width = min(_MAX_WIDTH, max(_MIN_WIDTH, left + right + n * _SLOT))
    plot_width = width - left - right

    # Bar labels: as written if they fit their slot, else wrapped, else rotated 45°.
    slot = plot_width / n
    lines = [label.split("\n") for label in labels]
    rotated = False
    if any(_width(line, _LABEL_SIZE) > slot - 2 for label in lines for line in label):
        wrapped = [_wrap(label, slot - 2, _LABEL_SIZE) for label in labels]
        if all(w is not None and len(w) <= 3 for w in wrapped):
            lines = [w for w in wrapped if w is not None]
        else:
            rotated = True
            lines = [[_shorten(label, _ROTATED_CHARS)] for label in labels]
            # The first label runs down to the left of its bar: keep it inside.
            reach = _width(lines[0][0], _LABEL_SIZE) * math.sqrt(0.5) if lines else 0.0
            left = max(left, reach - slot / 2 + _PAD)
            plot_width = width - left - right
            slot = plot_width / n
    if rotated:
        longest = max((_width(label[0], _LABEL_SIZE) for label in lines), default=0.0)
        label_height = (longest + _LABEL_SIZE) * math.sqrt(0.5) + 6
    else:
        label_height = max((len(label) for label in lines), default=1) * _LABEL_SIZE * _LINE + 4

    # Numbers above the bars: upright if they fit the slot, else turned upward.
    upright = all(_width(t, _VALUE_SIZE) <= slot * 0.96 for t in texts)
    headroom = (_VALUE_SIZE * _LINE) if upright else 0.0
    top_value = max(110.0, max(heights, default=0.0) * 1.05)
    for height, text in zip(heights, texts, strict=True):
        needed = headroom if upright else _width(text, _VALUE_SIZE) + 4
        # The value's label must end inside the plot: height + needed (in points) <= top.
        top_value = max(top_value, height / max(0.2, 1 - (needed + 2) / _PLOT_HEIGHT))
    ticks = _ticks(top_value)

    shapes: list[Shape] = []
    y = _PAD
    if title:
        for line in _wrap(title, width - 2 * _PAD, _TITLE_SIZE, bold=True) or [title]:
            shapes.append(_Text(_PAD, y + _TITLE_SIZE * _ASCENT, line, _TITLE_SIZE, bold=True))
            y += _TITLE_SIZE * _LINE
        y += 3
    legend, legend_height = _legend(_PAD, y, width - 2 * _PAD, any(v is None for v in values))
    shapes += legend
    plot_top = y + legend_height + 8
    base = plot_top + _PLOT_HEIGHT

    def at(value: float) -> float:
        return base - value / top_value * _PLOT_HEIGHT

    for tick in ticks:
        shapes.append(_Line(left, at(tick), left + plot_width, at(tick), GRID, 0.5))
        shapes.append(
            _Text(
                left - 4, at(tick) + _TEXT_SIZE * _ASCENT / 2, str(tick), _TEXT_SIZE, MUTED, "end"
            )
        )
    if axis_label:
        shapes.append(
            _Text(
                _PAD + _TEXT_SIZE * _ASCENT,
                plot_top + _PLOT_HEIGHT / 2,
                axis_label,
                _TEXT_SIZE,
                MUTED,
                "middle",
                -90,
            )
        )

    numbers: list[Shape] = []  # drawn last, above the 91 line
    for i, (value, height, text) in enumerate(zip(values, heights, texts, strict=True)):
        middle = left + slot * (i + 0.5)
        bar = min(slot * 0.7, 36.0)
        if height > 0:
            shapes.append(
                _Rect(middle - bar / 2, at(height), bar, base - at(height), _colour(value))
            )
        if upright:
            numbers.append(
                _Text(middle, at(height) - 2.5, text, _VALUE_SIZE, INK, "middle", halo=True)
            )
        else:
            numbers.append(
                _Text(
                    middle + _VALUE_SIZE * _ASCENT / 2, at(height) - 2.5, text, _VALUE_SIZE,
                    INK, "start", -90, halo=True,
                )
            )  # fmt: skip
        if rotated:
            shapes.append(
                _Text(
                    middle + _LABEL_SIZE * 0.35,
                    base + 4 + _LABEL_SIZE * _ASCENT * math.sqrt(0.5),
                    lines[i][0],
                    _LABEL_SIZE,
                    INK,
                    "end",
                    -45,
                )
            )
        else:
            for row, line in enumerate(lines[i]):
                baseline = base + 3 + _LABEL_SIZE * (_ASCENT + row * _LINE)
                shapes.append(_Text(middle, baseline, line, _LABEL_SIZE, INK, "middle"))

    shapes.append(
        _Line(left, at(THRESHOLD), left + plot_width, at(THRESHOLD), MUTED, 0.9, dashed=True)
    )
    shapes.append(_Line(left, base, left + plot_width, base, MUTED, 0.8))
    shapes.append(_Line(left, plot_top, left, base, MUTED, 0.8))
    shapes += numbers
    height = base + label_height + _PAD
    return _Canvas(width, height, title, tuple(shapes))


def _colour(value: Decimal | None) -> str:
    return EMPTY if value is None else COLOURS[category(value)]


# --- writers ---------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(canvas: _Canvas) -> str:
    """The canvas as inline SVG; every text is escaped, since labels come from the plan."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(canvas.width)}pt" '
        f'height="{_num(canvas.height)}pt" viewBox="0 0 {_num(canvas.width)} '
        f'{_num(canvas.height)}" role="img" aria-label="{escape(canvas.title or "grafik")}" '
        f'font-family="{FONT_FAMILY}">'
    ]
    if canvas.title:
        parts.append(f"<title>{escape(canvas.title)}</title>")
    parts.append(f'<rect width="{_num(canvas.width)}" height="{_num(canvas.height)}" fill="#fff"/>')
    for shape in canvas.shapes:
        if isinstance(shape, _Rect):
            parts.append(
                f'<rect x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.w)}" '
                f'height="{_num(shape.h)}" fill="{shape.fill}"/>'
            )
        elif isinstance(shape, _Line):
            dash = ' stroke-dasharray="4 3"' if shape.dashed else ""
            parts.append(
                f'<line x1="{_num(shape.x1)}" y1="{_num(shape.y1)}" x2="{_num(shape.x2)}" '
                f'y2="{_num(shape.y2)}" stroke="{shape.colour}" '
                f'stroke-width="{_num(shape.width)}"{dash}/>'
            )
        else:
            turn = (
                f' transform="rotate({shape.angle} {_num(shape.x)} {_num(shape.y)})"'
                if shape.angle
                else ""
            )
            weight = ' font-weight="bold"' if shape.bold else ""
            if shape.halo:
                weight += ' stroke="#fff" stroke-width="2" paint-order="stroke"'
            parts.append(
                f'<text x="{_num(shape.x)}" y="{_num(shape.y)}" font-size="{_num(shape.size)}" '
                f'fill="{shape.colour}" text-anchor="{shape.anchor}"{weight}{turn}>'
                f"{escape(shape.text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _paint_text(image: PILImage.Image, shape: _Text, scale: float) -> None:
    from PIL import Image, ImageDraw

    font = _font(shape.size * scale, shape.bold)
    x, y = shape.x * scale, shape.y * scale
    halo = round(scale) if shape.halo else 0
    if shape.angle == 0:
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
        ImageDraw.Draw(image).text(
            (x, y),
            shape.text,
            fill=shape.colour,
            font=font,
            anchor=anchor,
            stroke_width=halo,
            stroke_fill="white",
        )
        return
    length = font.getlength(shape.text)
    shift = {"start": 0.0, "middle": length / 2, "end": length}[shape.anchor]
    ascent, descent = font.getmetrics()
    if shape.angle == -90:
        # Drawn flat, then turned a quarter: exact, no resampling.
        pad = 2 + halo
        flat = (math.ceil(length) + 2 * pad, ascent + descent + 2 * pad)
        mask = Image.new("L", flat, 0)
        ImageDraw.Draw(mask).text((pad, pad + ascent), shape.text, fill=255, font=font, anchor="ls")
        mask = mask.transpose(Image.Transpose.ROTATE_90)
        if halo:
            outline = Image.new("L", flat, 0)
            ImageDraw.Draw(outline).text(
                (pad, pad + ascent), shape.text, 255, font, "ls", stroke_width=halo, stroke_fill=255
            )
            outline = outline.transpose(Image.Transpose.ROTATE_90)
        # (px, py) of the flat mask lands at (py, width - 1 - px) once turned.
        ax, ay = pad + ascent, mask.height - 1 - (pad + shift)
        if halo:
            image.paste("white", (round(x - ax), round(y - ay)), outline)
    else:
        # A square around the anchor, turned about it, keeps every pixel of the text.
        side = math.ceil(length + ascent + descent) + 4
        mask = Image.new("L", (2 * side, 2 * side), 0)
        ImageDraw.Draw(mask).text(
            (side - shift, side), shape.text, fill=255, font=font, anchor="ls"
        )
        mask = mask.rotate(-shape.angle, resample=Image.Resampling.BICUBIC, center=(side, side))
        ax = ay = side
    image.paste(shape.colour, (round(x - ax), round(y - ay)), mask)


def _png(canvas: _Canvas, scale: float = PNG_SCALE) -> bytes:
    from PIL import Image, ImageDraw

    size = (math.ceil(canvas.width * scale), math.ceil(canvas.height * scale))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for shape in canvas.shapes:
        if isinstance(shape, _Rect):
            if shape.h * scale >= 0.5:
                box = (shape.x, shape.y, shape.x + shape.w, shape.y + shape.h)
                draw.rectangle([round(v * scale) for v in box], fill=shape.fill)
        elif isinstance(shape, _Line):
            width = max(1, round(shape.width * scale))
            if not shape.dashed:
                ends = (shape.x1, shape.y1, shape.x2, shape.y2)
                draw.line([round(v * scale) for v in ends], fill=shape.colour, width=width)
                continue
            # Dashes of 4 points, gaps of 3, along a horizontal line.
            start = shape.x1
            while start < shape.x2:
                end = min(start + 4, shape.x2)
                draw.line(
                    [round(v * scale) for v in (start, shape.y1, end, shape.y2)],
                    fill=shape.colour,
                    width=width,
                )
                start += 7
        else:
            _paint_text(image, shape, scale)
    out = io.BytesIO()
    dpi = round(72 * scale)
    # Level 3 compresses a flat chart about as well as the default, in half the time.
    image.save(out, format="png", dpi=(dpi, dpi), compress_level=3)
    return out.getvalue()


# --- public ----------------------------------------------------------------------------


def _cached(key: tuple[object, ...], draw: Callable[[], str | bytes]) -> str | bytes:
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        result = draw()
        _CACHE[key] = result
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return result


def capaian_bars(
    labels: Sequence[str],
    values: Sequence[Decimal | None],
    *,
    title: str = "",
    fmt: str = "svg",
    axis_label: str = "capaian (%)",
    width: float | None = None,
) -> str | bytes:
    """Capaian per group or year as bars in their category colour, with the 91 line.

    ``width`` in points; by default the document's text width for PNG and a width
    grown with the number of bars for SVG. Labels that do not fit their bar are
    wrapped, or turned 45° when a word is too long.
    """
    if len(labels) != len(values):
        raise ValueError("capaian_bars: as many labels as values")
    if fmt not in ("svg", "png"):
        raise ValueError(f"capaian_bars: unknown format {fmt}")
    chosen = width if width is not None else (DOCUMENT_WIDTH if fmt == "png" else None)

    def draw() -> str | bytes:
        canvas = _layout(labels, values, title=title, axis_label=axis_label, width=chosen)
        return _png(canvas) if fmt == "png" else _svg(canvas)

    key = ("bars", tuple(labels), tuple(values), title, fmt, axis_label, chosen)
    return _cached(key, draw)


def capaian_bars_png(
    labels: Sequence[str], values: Sequence[Decimal | None], *, title: str = ""
) -> bytes:
    """``capaian_bars`` as a PNG image, for documents."""
    image = capaian_bars(labels, values, title=title, fmt="png")
    return image if isinstance(image, bytes) else image.encode()
