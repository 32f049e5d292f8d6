"""Charts: the tables' numbers, half up; a labelled 91 line and legend; labels that never collide."""

from __future__ import annotations

import io
import itertools
import math
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from radkla.accounts.models import Profile
from radkla.achievement import charts
from radkla.achievement.charts import capaian_bars, capaian_bars_png, value_label
from radkla.achievement.engine import Category
from radkla.achievement.templatetags.achievement_tags import percent
from radkla.conftest import make_account
from radkla.plan.models import Plan


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_a_chart_prints_87_25_as_the_table_does() -> None:
    svg = capaian_bars(["I", "II"], [Decimal("87.25"), Decimal("87.50")])
    assert isinstance(svg, str) and svg.startswith("<svg")
    assert "87,25" in _texts(svg) and "87,2" not in _texts(svg)
    # The same text as the table's filter, without its % sign: two decimals always.
    assert percent(Decimal("87.25")) == "87,25%" and percent(Decimal("87.50")) == "87,50%"
    assert "87,50" in _texts(svg)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("87.245"), "87,25"),  # half up; half to even would print 87,24
        (Decimal("0.125"), "0,13"),
        (Decimal("66.666"), "66,67"),
        (Decimal("100.00"), "100,00"),
        (Decimal("-2.5"), "-2,50"),
        (None, "–"),
    ],
)
def test_every_label_rounds_half_up_to_two_decimals(value: Decimal | None, text: str) -> None:
    assert value_label(value) == text


def test_the_91_line_is_labelled_and_the_category_colours_have_a_legend() -> None:
    svg = capaian_bars(["I", "II"], [Decimal(95), None], title="Capaian per klaster")
    texts = _texts(svg)
    assert "batas sangat tinggi 91" in texts
    for band in Category:
        legend = next(t for t in texts if t.startswith(f"{band} "))
        assert charts.COLOURS[band] in svg, legend
    assert "belum dinilai" in texts  # the grey bar of a group without a value
    assert 'stroke-dasharray="4 3"' in svg  # the 91 line itself


def test_labels_from_the_plan_are_escaped() -> None:
    svg = capaian_bars(['<script>alert("x")</script>', "A & B"], [Decimal(50), Decimal(60)])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "A &amp; B" in svg


def _label_boxes(canvas: charts._Canvas) -> list[tuple[float, float, float, float]]:
    """The horizontal bar labels' boxes (x0, y0, x1, y1) below the axis."""
    base = max(s.y1 for s in canvas.shapes if isinstance(s, charts._Line) and s.y1 == s.y2)
    boxes = []
    for s in canvas.shapes:
        if isinstance(s, charts._Text) and s.anchor == "middle" and s.angle == 0 and s.y > base:
            width = charts._width(s.text, s.size)
            x0 = s.x - width / 2
            boxes.append((x0, s.y - s.size, x0 + width, s.y))
    return boxes


@pytest.mark.parametrize("width", [None, charts.DOCUMENT_WIDTH])
def test_twenty_short_labels_sit_side_by_side_without_touching(width: float | None) -> None:
    labels = [f"{n}{s}" for n in range(10, 20) for s in "ab"]
    canvas = charts._layout(labels, [Decimal("87.25")] * 20, title="", axis_label="", width=width)
    boxes = sorted(_label_boxes(canvas))
    assert len(boxes) == 20
    assert all(a[2] < b[0] for a, b in itertools.pairwise(boxes))


def test_long_labels_are_turned_and_clear_of_each_other() -> None:
    labels = [f"Persentase anak yang memiliki akta kelahiran {i}" for i in range(20)]
    canvas = charts._layout(
        labels, [Decimal(i * 5) for i in range(20)], title="", axis_label="", width=None
    )
    turned = [s for s in canvas.shapes if isinstance(s, charts._Text) and s.angle == -45]
    assert len(turned) == 20
    xs = sorted(s.x for s in turned)
    gap = min(b - a for a, b in itertools.pairwise(xs))
    # Parallel lines at 45° lie gap·sin 45° apart: more than a line of text.
    assert gap * math.sqrt(0.5) > turned[0].size
    assert min(charts._width(s.text, s.size) * math.sqrt(0.5) for s in turned) > 0
    assert all(s.x - charts._width(s.text, s.size) * math.sqrt(0.5) >= 0 for s in turned)
    assert all(len(s.text) <= 28 for s in turned)


def test_a_value_too_wide_for_its_bar_turns_upward_inside_the_plot() -> None:
    canvas = charts._layout(
        [str(i) for i in range(20)],
        [Decimal("99.99")] * 20,
        title="",
        axis_label="",
        width=charts.DOCUMENT_WIDTH,
    )
    numbers = [s for s in canvas.shapes if isinstance(s, charts._Text) and s.text == "99,99"]
    assert len(numbers) == 20 and all(s.angle == -90 for s in numbers)
    top = min(s.y1 for s in canvas.shapes if isinstance(s, charts._Line) and s.x1 == s.x2)
    assert all(s.y - charts._width(s.text, s.size) >= top for s in numbers)


def test_the_png_for_documents_is_the_text_width_at_180_dpi() -> None:
    png = capaian_bars_png(["I", "II", "III"], [Decimal("87.25"), Decimal(40), None], title="X")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == math.ceil(charts.DOCUMENT_WIDTH * charts.PNG_SCALE)
    assert round(image.info["dpi"][0]) == 180
    # The bars are painted in their category colours.
    colours = {colour for _count, colour in image.getcolors(maxcolors=100_000) or []}
    assert (0x53, 0xB2, 0x7A) in colours and (0xD6, 0x45, 0x45) in colours


def test_charts_and_start_up_never_load_matplotlib(db: None) -> None:
    """Drawing uses Pillow; the URL configuration (every view) loads neither."""
    version = subprocess.run(
        [sys.executable, "-m", "radkla", "--version"], capture_output=True, text=True, check=True
    )
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?\s*", version.stdout)
    probe = (
        "import os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'radkla.settings')\n"
        "import django\n"
        "django.setup()\n"
        "import radkla.urls\n"
        "print('matplotlib' in sys.modules, 'radkla.reports.render_pdf' in sys.modules)\n"
        "from decimal import Decimal\n"
        "from radkla.achievement.charts import capaian_bars\n"
        "capaian_bars(['I'], [Decimal(1)], fmt='png')\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False", "False"]


def test_the_agency_chart_prints_the_completeness_the_table_prints(small: Plan, db: None) -> None:
    profile = make_account("pembaca", Profile.Role.VIEWER)
    client = Client()
    client.force_login(profile.user)
    agency = small.measures.first().agencies.first()  # type: ignore[union-attr]
    html = client.get(reverse("achievement:agency", args=[agency.pk])).content.decode()
    table = html[html.index('id="completeness"') :]
    cells = re.findall(r"<td>([0-9,]+)%</td>", table)
    chart = html[html.index('id="completeness-chart"') : html.index('id="completeness"')]
    assert cells and "kelengkapan (%)" in chart
    for cell in cells[::2]:  # completeness, then timeliness, per row
        assert f">{cell}</text>" in chart


def test_the_dashboard_chart_and_card_agree(small: Plan, db: None) -> None:
    profile = make_account("pembaca", Profile.Role.VIEWER)
    client = Client()
    client.force_login(profile.user)
    html = client.get(reverse("achievement:dashboard"), {"tahun": 2023}).content.decode()
    assert "88,89%" in html  # the card
    trend = html[html.index('id="trend-chart"') :]
    assert ">88,89</text>" in trend


def test_a_negative_value_is_printed_on_the_axis_not_among_the_labels() -> None:
    canvas = charts._layout(["a", "b"], [Decimal(-5), None], title="", axis_label="", width=None)
    axis = min(s.y1 for s in canvas.shapes if isinstance(s, charts._Line) and s.x1 == s.x2)
    base = max(s.y2 for s in canvas.shapes if isinstance(s, charts._Line) and s.x1 == s.x2)
    number = next(s for s in canvas.shapes if isinstance(s, charts._Text) and s.text == "-5,00")
    assert axis < number.y < base
    rects = [s for s in canvas.shapes if isinstance(s, charts._Rect)]
    red = [r for r in rects if r.fill == charts.COLOURS[Category.SANGAT_RENDAH]]
    assert len(red) == 1  # the legend's swatch only: no bar
