"""Texts of regulations that change the shipped Cilegon plan, for revision tests.

- ``amended_seed_text(...)`` is an AMENDING regulation, Peraturan Wali Kota Cilegon
  Nomor 12 Tahun 2025 tentang Perubahan atas Peraturan Wali Kota Cilegon Nomor 7
  Tahun 2023 tentang Rencana Aksi Daerah ... Tahun 2023-2026 (number, year and
  ordinal are parameters). Its body says the appendix "diubah sehingga berbunyi
  sebagaimana tercantum dalam Lampiran", and its appendix is the whole table again.
- ``seed_text_with(...)`` is the ORIGINAL regulation (Nomor 7 Tahun 2023, its own
  prose and title) with a changed appendix.

Both read with ``parse_regulation`` like the seed. The appendix is written anew from
the seed's parsed table, one tab-separated row per measure under the seed's own
two header lines, repeated (as at a page break) before an indicator now and then.
With no changes it reads as the same table: the same measures in the same order,
the same ``AppendixTable.fingerprint()``; only the line numbers in ``location``
fields differ from the seed's. (``action_key`` counts actions in table order, so
dropping or adding an action shifts the keys after it: match measures by content.)

A measure is named by a ``MeasureRef``:

- an ``int``: its 1-based position among the seed's measures, in the order the
  parser gives them (``parse_regulation(seed).table.measures[ref - 1]``; 1..195);
- a ``str``: the measure's UKURAN text, or a part of it, compared without case; it
  must name exactly one measure (a whole text that equals one measure's wins over
  other measures that merely contain it).

Every reference is resolved against the seed as shipped, whatever else the same
call changes, so the order of the changes does not matter. A reference naming no
measure or several, a year outside the table, or a measure both dropped and changed
raises ``ValueError``. To build a second amendment on top of a first, pass the
first's changes again together with the new ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from radkla.plan.parsers.appendix import AppendixTable, ParsedMeasure
from radkla.plan.parsers.perwal import ParsedRegulation, parse_regulation

SEED_NAME = "perwal-cilegon-7-2023-rad-kla.txt"

MeasureRef = int | str

# Rows between repeated headers, breaking only before a numbered indicator, which a
# page break can never be mistaken to continue.
_PAGE_ROWS = 14
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True, slots=True)
class NewMeasure:
    """A measure the changed appendix adds, right after the measure ``after``.

    It belongs to the same indicator as ``after``, and to the same action unless
    ``action`` names a new one. Empty ``targets`` means "1" for every year; an empty
    ``agency`` or ``program`` copies ``after``'s.
    """

    after: MeasureRef
    measure: str
    unit: str = "Kegiatan"
    baseline: str = "0"
    targets: tuple[str, ...] = ()
    agency: str = ""
    program: str = ""
    action: str = ""


@cache
def seed_text() -> str:
    return resources.files("radkla.plan").joinpath("seed", SEED_NAME).read_text("utf-8")


@cache
def seed_regulation() -> ParsedRegulation:
    return parse_regulation(seed_text().encode("utf-8"), SEED_NAME)


def find_measure(table: AppendixTable, ref: MeasureRef) -> int:
    """The 0-based index in ``table.measures`` of the measure ``ref`` names."""
    measures = table.measures
    if isinstance(ref, int):
        if not 1 <= ref <= len(measures):
            raise ValueError(f"measure #{ref}: the table has measures 1..{len(measures)}")
        return ref - 1
    wanted = " ".join(ref.split()).casefold()
    exact = [i for i, m in enumerate(measures) if m.measure.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    found = [i for i, m in enumerate(measures) if wanted in m.measure.casefold()]
    if len(found) != 1:
        named = "; ".join(f"#{i + 1} {measures[i].measure!r}" for i in found[:5])
        raise ValueError(f"{ref!r} names {len(found)} measures, not one: {named}")
    return found[0]


@dataclass(slots=True)
class _Entry:
    """One measure of the table to write, as cell texts."""

    section: str
    indicator_key: tuple[int, str]
    indicator: str
    action_key: object
    action: str
    cells: list[str]  # UKURAN, SATUAN, DATA DASAR, the targets, INSTANSI, PROGRAM


def _entry(m: ParsedMeasure) -> _Entry:
    return _Entry(
        section=m.section_heading,
        indicator_key=(m.indicator_no, m.indicator_sub),
        indicator=m.indicator,
        action_key=m.action_key,
        action=m.action,
        cells=[
            m.measure,
            m.unit,
            m.baseline.raw,
            *(cell.raw for _year, cell in m.targets),
            m.agency_raw,
            m.program,
        ],
    )


def _changed_entries(
    table: AppendixTable,
    target_changes: Iterable[tuple[MeasureRef, int, str]],
    rename: Iterable[tuple[MeasureRef, str]],
    drop: Iterable[MeasureRef],
    add: Iterable[NewMeasure],
) -> list[_Entry]:
    entries = [_entry(m) for m in table.measures]
    years = table.years
    changed: set[int] = set()
    for ref, year, raw in target_changes:
        index = find_measure(table, ref)
        if year not in years:
            raise ValueError(f"year {year} is not a target column ({years[0]}-{years[-1]})")
        entries[index].cells[3 + years.index(year)] = raw
        changed.add(index)
    for ref, text in rename:
        index = find_measure(table, ref)
        entries[index].cells[0] = text
        changed.add(index)
    dropped = {find_measure(table, ref) for ref in drop}
    if dropped & changed:
        raise ValueError("a measure cannot be both dropped and changed")
    added: dict[int, list[_Entry]] = {}
    for number, new in enumerate(add):
        index = find_measure(table, new.after)
        base = entries[index]
        targets = new.targets or tuple("1" for _year in years)
        if len(targets) != len(years):
            raise ValueError(f"{new.measure!r}: {len(targets)} targets for {len(years)} years")
        added.setdefault(index, []).append(
            _Entry(
                section=base.section,
                indicator_key=base.indicator_key,
                indicator=base.indicator,
                action_key=("new", number) if new.action else base.action_key,
                action=new.action or base.action,
                cells=[
                    new.measure,
                    new.unit,
                    new.baseline,
                    *targets,
                    new.agency or base.cells[-2],
                    new.program or base.cells[-1],
                ],
            )
        )
    result: list[_Entry] = []
    for index, entry in enumerate(entries):
        if index not in dropped:
            result.append(entry)
        result.extend(added.get(index, []))
    return result


def _table_lines(entries: Sequence[_Entry], header: Sequence[str]) -> list[str]:
    """The appendix as tab-separated lines: names on a measure's first row only."""
    lines = list(header)
    heading: str | None = None
    indicator: tuple[int, str] | None = None
    action: object = None
    sections = 0
    since_break = 0
    for entry in entries:
        if entry.section != heading:
            heading = entry.section
            lines.append("\t".join([_ROMAN[sections], heading, *[""] * 10]))
            sections += 1
            since_break += 1
        number = name = act = ""
        if entry.indicator_key != indicator:
            no, sub = entry.indicator_key
            if indicator is None or indicator[0] != no:
                number = f"{no}."
            name = f"{sub}. {entry.indicator}" if sub else entry.indicator
            indicator, action = entry.indicator_key, None
        if entry.action_key != action:
            act, action = entry.action, entry.action_key
        if number and since_break >= _PAGE_ROWS:
            lines += ["", *header]
            since_break = 0
        lines.append("\t".join([number, name, act, *entry.cells]))
        since_break += 1
    return lines


def _with_table(
    prose: Sequence[str],
    target_changes: Iterable[tuple[MeasureRef, int, str]],
    rename: Iterable[tuple[MeasureRef, str]],
    drop: Iterable[MeasureRef],
    add: Iterable[NewMeasure],
) -> str:
    """``prose``, then the changed appendix, then the seed's closing (signature)."""
    table = seed_regulation().table
    lines = seed_text().split("\n")
    # The seed's header is two lines: the column names, then the years under TARGET.
    header = lines[table.header_line - 1 : table.header_line + 1]
    if len(table.columns.headings) != 12:
        raise ValueError("the seed's table no longer has the 12 columns this helper writes")
    entries = _changed_entries(table, target_changes, rename, drop, add)
    closing = lines[table.last_line :]
    return "\n".join([*prose, *_table_lines(entries, header), *closing])


def seed_text_with(
    *,
    target_changes: Iterable[tuple[MeasureRef, int, str]] = (),
    rename: Iterable[tuple[MeasureRef, str]] = (),
    drop: Iterable[MeasureRef] = (),
    add: Iterable[NewMeasure] = (),
) -> str:
    """The seed regulation itself (Nomor 7 Tahun 2023) with its appendix changed.

    ``target_changes``: ``(measure, year, raw)``, the measure's target cell for
    ``year`` becomes ``raw`` ("90", "97,50", "-"). ``rename``: ``(measure, text)``, the
    measure's UKURAN text becomes ``text``. ``drop``: measures left out (an action or
    indicator left without measures goes with them). ``add``: ``NewMeasure``s.
    """
    table = seed_regulation().table
    prose = seed_text().split("\n")[: table.header_line - 1]
    return _with_table(prose, target_changes, rename, drop, add)


def amendment_title(*, ordinal: str = "") -> str:
    """'PERUBAHAN [KEDUA] ATAS PERATURAN WALI KOTA CILEGON NOMOR 7 TAHUN 2023 TENTANG ...'."""
    facts = seed_regulation().facts
    counted = f" {ordinal.upper()}" if ordinal else ""
    return f"PERUBAHAN{counted} ATAS {facts.legal_basis.upper()} TENTANG {facts.title.upper()}"


_AMENDING_PROSE = """

BERITA DAERAH KOTA CILEGON



**TAHUN : {year}**

**NOMOR : {number}**

---

PERATURAN WALI KOTA CILEGON  
NOMOR {number} TAHUN {year}  
TENTANG  
PERUBAHAN{counted} ATAS PERATURAN WALI KOTA CILEGON  
NOMOR {base_number} TAHUN {base_year} TENTANG {base_title_1}  
{base_title_2}

DENGAN RAHMAT TUHAN YANG MAHA ESA  
WALI KOTA CILEGON,

- Menimbang : a. bahwa untuk menyesuaikan target Rencana Aksi Daerah Pengembangan Kota Layak Anak dengan capaian dan kebijakan terkini, perlu mengubah Lampiran {base_basis} tentang {base_title};
- b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Peraturan Wali Kota tentang Perubahan{counted_text} atas {base_basis} tentang {base_title};
- Mengingat : 1. Undang-Undang Nomor 15 Tahun 1999 tentang Pembentukan Kotamadya Daerah Tingkat II Depok dan Kotamadya Daerah Tingkat II Cilegon (Lembaran Negara Republik Indonesia Tahun 1999 Nomor 49, Tambahan Lembaran Negara Republik Indonesia Nomor 3828);
2. Undang-Undang Nomor 23 Tahun 2002 tentang Perlindungan Anak sebagaimana telah diubah beberapa kali terakhir dengan Undang-Undang Nomor 17 Tahun 2016 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2016 tentang Perubahan Kedua Atas Undang-Undang Nomor 23 Tahun 2002 tentang Perlindungan Anak (Lembaran Negara Republik Indonesia Tahun 2016 Nomor 237, Tambahan Lembaran Negara Republik Indonesia Nomor 5882);
3. Peraturan Presiden Nomor 25 Tahun 2021 tentang Kebijakan Kabupaten/Kota Layak Anak (Lembaran Negara Republik Indonesia Tahun 2021 Nomor 96);
4. {base_basis} tentang {base_title} (Berita Daerah Kota Cilegon Tahun {base_year} Nomor {base_number});

MEMUTUSKAN:

Menetapkan : PERATURAN WALI KOTA TENTANG PERUBAHAN{counted} ATAS {base_basis_upper} TENTANG {base_title_upper}.

Pasal I

Lampiran {base_basis} tentang {base_title} (Berita Daerah Kota Cilegon Tahun {base_year} Nomor {base_number}) diubah sehingga berbunyi sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari Peraturan Wali Kota ini.

Pasal II

Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.

Agar setiap orang dapat mengetahuinya, memerintahkan pengundangan Peraturan Wali Kota ini dengan penempatannya dalam Berita Daerah Kota Cilegon.

Ditetapkan di Cilegon  
pada tanggal 3 Maret {year}  
WALI KOTA CILEGON,  
ttd

HELLDY AGUSTIAN

Diundangkan di Cilegon  
pada tanggal 3 Maret {year}  
SEKRETARIS DAERAH KOTA CILEGON,



BERITA DAERAH KOTA CILEGON TAHUN {year} NOMOR {number}

LAMPIRAN  
 PERATURAN WALI KOTA CILEGON  
 NOMOR {number} TAHUN {year}  
 TENTANG  
 PERUBAHAN{counted} ATAS {base_basis_upper}  
 TENTANG {base_title_upper}

{base_title_upper}
"""


def amended_seed_text(
    *,
    number: str = "12",
    year: int = 2025,
    ordinal: str = "",
    target_changes: Iterable[tuple[MeasureRef, int, str]] = (),
    rename: Iterable[tuple[MeasureRef, str]] = (),
    drop: Iterable[MeasureRef] = (),
    add: Iterable[NewMeasure] = (),
) -> str:
    """An amending regulation of the seed: Nomor ``number`` Tahun ``year`` tentang
    Perubahan [``ordinal``] atas Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023 ...

    ``ordinal`` is "" (Perubahan atas), "pertama", "kedua" ...; the table changes are
    those of ``seed_text_with``. The title block breaks the amended title over lines
    and carries markdown line-end spaces as the seed does; the preamble cites
    "Perubahan Kedua Atas Undang-Undang ...", which is not this regulation's title.
    """
    facts = seed_regulation().facts
    title_upper = facts.title.upper()
    # Break the amended title mid-way, as a centred title block does.
    words = title_upper.split()
    half = len(words) // 2
    prose = _AMENDING_PROSE.format(
        number=number,
        year=year,
        counted=f" {ordinal.upper()}" if ordinal else "",
        counted_text=f" {ordinal.capitalize()}" if ordinal else "",
        base_number=facts.regulation_number,
        base_year=facts.regulation_year,
        base_basis=facts.legal_basis,
        base_basis_upper=facts.legal_basis.upper(),
        base_title=facts.title,
        base_title_upper=title_upper,
        base_title_1=" ".join(words[:half]),
        base_title_2=" ".join(words[half:]),
    )
    return _with_table(prose.split("\n"), target_changes, rename, drop, add)
