"""The one pagination both formats print: where pages start, what fits, how wide columns are."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from radkla.reports.document import Table
from radkla.reports.layout import (
    CELL_PAD_X,
    FONT,
    Line,
    column_widths,
    frame_width,
    longest_word,
    paginate,
    register_fonts,
    text_width,
    wrap,
)
from radkla.reports.tests.sample import CHAPTERS, big_table, sample_report


def test_chapters_start_pages_and_a_landscape_chapter_has_landscape_pages() -> None:
    report = sample_report()
    layout = paginate(report)
    assert layout.pages[0].cover and not any(p.cover for p in layout.pages[1:])
    starts = {b.text: layout.page_of(i) for i, b in enumerate(report.blocks) if hasattr(b, "level")}
    pages = [starts[c] for c in CHAPTERS]
    assert pages == sorted(set(pages)) and pages[0] == 2
    second, third = pages[2], pages[3]
    assert all(p.landscape for p in layout.pages[second - 1 : third - 1])
    assert not layout.pages[third - 1].landscape


def test_a_long_table_goes_on_under_its_header_and_a_group_row_never_ends_a_page() -> None:
    report = sample_report()
    layout = paginate(report)
    index = next(i for i, b in enumerate(report.blocks) if isinstance(b, Table))
    continued = [part for (block, part), _page in layout.opens.items() if block == index]
    assert len(continued) >= 3  # 120 rows take several landscape pages
    for page in layout.pages:
        texts = [i.text for i in page.items if isinstance(i, Line)]
        if "Tabel 2.1 (lanjutan)" in texts:
            assert texts[texts.index("Tabel 2.1 (lanjutan)") + 1] == "No"  # the header again
    group = next(page for page in layout.pages if "Indikator 2. Kelembagaan" in _texts(page))
    texts = _texts(group)
    assert texts.index("Indikator 2. Kelembagaan") < len(texts) - 5  # rows follow it


def _texts(page: object) -> list[str]:
    return [i.text for i in page.items if isinstance(i, Line)]  # type: ignore[attr-defined]


def test_the_contents_give_each_entry_the_page_its_block_starts_on() -> None:
    layout = paginate(sample_report())
    numbers = {}
    for page in layout.pages:
        for item in page.items:
            if type(item).__name__ == "PageNumber":
                numbers[item.target] = item.text  # type: ignore[attr-defined]
    for entry in layout.entries["isi"]:
        assert numbers[f"b{entry.block}"] == str(layout.page_of(entry.block))
    assert len(layout.entries["tabel"]) == len(layout.entries["gambar"]) == 1


def test_columns_hold_their_longest_word_and_fill_the_width() -> None:
    register_fonts()
    table = big_table()
    width = frame_width(True)
    widths = column_widths(table, width)
    assert abs(sum(widths) - width) < 0.01
    for c, w in enumerate(widths):
        words = max(longest_word(row[c], FONT, 8) for row in table.rows)
        assert w - 2 * CELL_PAD_X >= words
    assert widths[1] > widths[0]  # the relative widths share what is left
    assert paginate(sample_report()).cramped == []


@given(st.text(alphabet="abcdefghij KLMNOP,.%–\n", max_size=300), st.floats(20, 400))
def test_no_wrapped_line_is_wider_than_its_room(text: str, width: float) -> None:
    register_fonts()
    for line in wrap(text, FONT, 9, width):
        assert text_width(line, FONT, 9) <= width or len(line) == 1
    assert "".join("".join(wrap(text, FONT, 9, width)).split()) == "".join(text.split())
