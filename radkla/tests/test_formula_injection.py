"""Text typed into radkla comes back as text, never as a live formula, in every download."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from radkla.accounts.models import Profile
from radkla.achievement.selectors import forget_cached
from radkla.lib.spreadsheets import FORMULA_START, csv_text, formula_like
from radkla.lib.tables import Column, download
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.services import Entry, save_entry
from radkla.monitoring.tests.conftest import people, period, scope, vitamin_a  # noqa: F401
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure
from radkla.reports.render_xlsx import render_workbook
from radkla.reports.workbook_builder import build_workbook

TYPED = "=1+2"
CONCAT = '=CONCAT("a";"b")'


@given(st.sampled_from(FORMULA_START), st.text())
def test_text_beginning_like_a_formula_is_escaped_in_csv(start: str, rest: str) -> None:
    text = start + rest
    field = next(csv.reader(io.StringIO(csv_text([[text]]), newline="")))[0]
    if formula_like(text):
        assert field == "'" + text
    else:  # a lone sign or a plain number: cannot run
        assert text[0] in "+-" and not any(c.isalpha() or c in "=@()" for c in text)
        assert field == text


@given(st.text())
def test_other_text_and_numbers_are_left_alone(text: str) -> None:
    if not text.startswith(FORMULA_START):
        assert not formula_like(text)
    assert not formula_like(-5) and not formula_like(Decimal("-1.5"))


@pytest.mark.parametrize("text", ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", CONCAT])
def test_the_classic_payloads_are_formula_like(text: str) -> None:
    assert formula_like(text)


@pytest.mark.parametrize("text", ["-", "+", "-5", "-12,5", "+90%", "1+2", "Motor 2 Molin 1"])
def test_plain_values_are_not(text: str) -> None:
    assert not formula_like(text)


def test_a_table_download_keeps_text_as_text_and_numbers_as_numbers() -> None:
    columns = (Column("Teks", lambda r: r[0]), Column("Angka", lambda r: r[1]))
    rows = [(TYPED, -5), (CONCAT, Decimal("-2.5")), ("@x", 3)]
    book = load_workbook(io.BytesIO(download("xlsx", "Uji", columns, rows).content))  # type: ignore[union-attr]
    sheet = book.active
    assert sheet is not None
    assert [(c.value, c.data_type) for c in sheet["A"][3:]] == [
        (TYPED, "s"),
        (CONCAT, "s"),
        ("@x", "s"),
    ]
    assert [(c.value, c.data_type) for c in sheet["B"][3:]] == [(-5, "n"), (-2.5, "n"), (3, "n")]
    text = download("csv", "Uji", columns, rows).content.decode()  # type: ignore[union-attr]
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["'" + TYPED, "-5"],
        ["'" + CONCAT, "-2.5"],
        ["'@x", "3"],
    ]


def _typed_in(vitamin: Measure, when: ReportingPeriod, persons: dict[str, Profile]) -> None:
    """An agency types formulas as its obstacle and note; a measure is renamed to one."""
    save_entry(
        entry=Entry(
            measure=vitamin,
            value=read_value("86,5", unit=vitamin.unit, target=None),
            obstacles=TYPED,
            follow_up=CONCAT,
            check_note="@SUM(A1)",
        ),
        period=when,
        scope=scope(persons["dinkes"]),
        actor=None,
    )
    vitamin.name = TYPED
    vitamin.save(update_fields=["name"])
    cache.clear()
    forget_cached()


def _formula_cells(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def _texts(data: bytes) -> set[object]:
    book = load_workbook(io.BytesIO(data))
    return {
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "s"
    }


@pytest.mark.django_db
def test_typed_formulas_come_back_as_text_in_every_download(
    people: dict[str, Profile],  # noqa: F811
    period: ReportingPeriod,  # noqa: F811
    vitamin_a: Measure,  # noqa: F811
) -> None:
    _typed_in(vitamin_a, period, people)
    operator = Client()
    operator.force_login(people["dinkes"].user)
    workbook = operator.get(reverse("monitoring:grid_workbook", args=[period.pk])).content
    assert _formula_cells(workbook) == []
    assert {TYPED, CONCAT, "@SUM(A1)"} <= _texts(workbook)

    secretariat = Client()
    secretariat.force_login(people["sekretariat"].user)
    plan = vitamin_a.plan
    xlsx = secretariat.get(reverse("plan:export", args=[plan.pk, "xlsx"])).content
    assert _formula_cells(xlsx) == [] and TYPED in _texts(xlsx)
    text = secretariat.get(reverse("plan:export", args=[plan.pk, "csv"])).content.decode()
    assert "'" + TYPED in [field for row in csv.reader(io.StringIO(text)) for field in row]

    agency = vitamin_a.agency_links.get().agency_id
    page = reverse("achievement:agency", args=[agency])
    table = secretariat.get(f"{page}?tahun=2025&export=xlsx").content
    assert _formula_cells(table) == [] and TYPED in _texts(table)
    table_csv = secretariat.get(f"{page}?tahun=2025&export=csv").content.decode()
    assert "'" + TYPED in [field for row in csv.reader(io.StringIO(table_csv)) for field in row]

    report = render_workbook(build_workbook(plan, year=2025))
    assert _formula_cells(report) == [] and TYPED in _texts(report)
    # The workbook's numbers stay numbers.
    book = load_workbook(io.BytesIO(report))
    assert any(
        cell.data_type == "n" and isinstance(cell.value, int | float)
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows()
        for cell in row
    )


def test_every_writer_goes_through_the_one_place() -> None:
    """No module saves a workbook or writes CSV itself: lib/spreadsheets.py does."""
    from pathlib import Path

    import radkla

    root = Path(radkla.__file__).parent
    direct = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "spreadsheets.py"
        and any(
            needle in path.read_text(encoding="utf-8")
            for needle in ("book.save(", "csv.writer(", "csv.DictWriter(")
        )
    ]
    assert direct == []
