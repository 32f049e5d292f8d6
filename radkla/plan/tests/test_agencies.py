"""Tests for the agency catalogue and matcher (pure: no database)."""

from __future__ import annotations

import functools
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radkla.plan.agencies import (
    CATALOGUE_PATH,
    AgencyEntry,
    AgencyMatch,
    AgencyMatcher,
    load_catalogue,
    parse_catalogue,
)

SEED = pathlib.Path(__file__).resolve().parent.parent / "seed" / "perwal-cilegon-7-2023-rad-kla.txt"
AGENCY_COLUMN = 10

BAPPEDA = "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah"
BAZNAS = "Badan Amil Zakat Nasional"
BNN = "Badan Narkotika Nasional"
BPBD = "Badan Penanggulangan Bencana Daerah"
BPS = "Badan Pusat Statistik"
CSR = "Corporate Social Responsibility / dunia usaha"
DINKES = "Dinas Kesehatan"
DINSOS = "Dinas Sosial"
DISDIKBUD = "Dinas Pendidikan dan Kebudayaan"
DISDUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
DISHUB = "Dinas Perhubungan"
DISKOMINFO = "Dinas Komunikasi dan Informatika"
DISNAKER = "Dinas Tenaga Kerja"
DISPORA = "Dinas Kepemudaan dan Olahraga"
DISPUSIP = "Dinas Perpustakaan dan Kearsipan"
DLH = "Dinas Lingkungan Hidup"
DP3AP2KB = (
    "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana"
)
DPUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
GUGUS_TUGAS = "Gugus Tugas KLA"
KEMENAG = "Kantor Kementerian Agama"
KESBANGPOL = "Badan Kesatuan Bangsa dan Politik"
KUA = "Kantor Urusan Agama"
LPA = "Lembaga Perlindungan Anak"
MUI = "Majelis Ulama Indonesia"
PDAM = "Perusahaan Daerah Air Minum"
PENGADILAN_NEGERI = "Pengadilan Negeri"
POLRES = "Kepolisian Resor"
PUSKESMAS = "Puskesmas"
PUSPAGA = "Pusat Pembelajaran Keluarga"
RSKIA = "Rumah Sakit Khusus Ibu dan Anak"
RSUD = "Rumah Sakit Umum Daerah"
SATPOL_PP = "Satuan Polisi Pamong Praja"
UPTD_PPA = "Unit Pelaksana Teknis Daerah Perlindungan Perempuan dan Anak"

# Every distinct agency text of the seed's appendix (page-break fragments joined), plus
# "Dinas Sosial BPBD", the importer's join of a "Dinas Sosial" / "BPBD" page break.
SEED_EXPECTED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "BAPPEDALITBANG": ((BAPPEDA,), ()),
    "BNN": ((BNN,), ()),
    "BPBD": ((BPBD,), ()),
    "BPS / Gugus Tugas KLA": ((BPS, GUGUS_TUGAS), ()),
    "Bappedalitbang": ((BAPPEDA,), ()),
    "DINKES": ((DINKES,), ()),
    "DINKES DP3AP2KB": ((DINKES, DP3AP2KB), ()),
    "DINKES PUTR": ((DINKES, DPUPR), ()),
    "DINKES/PUSKESMAS": ((DINKES, PUSKESMAS), ()),
    "DISHUB": ((DISHUB,), ()),
    "DISHUB, DPU dan Instansi Terkait Lainnya": ((DISHUB, DPUPR), ()),
    "DISPORA": ((DISPORA,), ()),
    "DLH": ((DLH,), ()),
    "DP3AP2KB": ((DP3AP2KB,), ()),
    "DP3AP2KB Bappedalitbang": ((DP3AP2KB, BAPPEDA), ()),
    "DP3AP2KB DINKES": ((DP3AP2KB, DINKES), ()),
    "DP3AP2KB Dinas Sosial": ((DP3AP2KB, DINSOS), ()),
    "DP3AP2KB KEMENAG": ((DP3AP2KB, KEMENAG), ()),
    "DP3AP2KB LPA": ((DP3AP2KB, LPA), ()),
    "DP3AP2KB/UPT PPA": ((DP3AP2KB, UPTD_PPA), ()),
    "DPU": ((DPUPR,), ()),
    "Dinas Kependudukan dan Pencatatan Sipil": ((DISDUKCAPIL,), ()),
    "Dinas Kesehatan": ((DINKES,), ()),
    "Dinas Pendidikan": ((DISDIKBUD,), ()),
    "Dinas Pendidikan & Kebudayaan": ((DISDIKBUD,), ()),
    "Dinas Pendidikan & Kebudayaan DP3AP2KB Kemenag": ((DISDIKBUD, DP3AP2KB, KEMENAG), ()),
    "Dinas Pendidikan & Kebudayaan Kemenag": ((DISDIKBUD, KEMENAG), ()),
    "Dinas Perpustakaan dan Arsip": ((DISPUSIP,), ()),
    "Dinas Perpustakaan dan Kearsipan": ((DISPUSIP,), ()),
    "Dinas Sosial": ((DINSOS,), ()),
    "Dinas Sosial BPBD": ((DINSOS, BPBD), ()),
    "Dinas Sosial Kesbangpol": ((DINSOS, KESBANGPOL), ()),
    "Dinas Sosial UPT PPA": ((DINSOS, UPTD_PPA), ()),
    "Dinas pendidikan DINKES CCSR": ((DISDIKBUD, DINKES, CSR), ()),
    "Dinkes": ((DINKES,), ()),
    "Diskominfo": ((DISKOMINFO,), ()),
    "Diskominfo DPA DP3AP2KB": ((DISKOMINFO, DISPUSIP, DP3AP2KB), ()),
    "Disnaker": ((DISNAKER,), ()),
    "KEMENAG DP3AP2KB": ((KEMENAG, DP3AP2KB), ()),
    "KUA": ((KUA,), ()),
    "Kemenag": ((KEMENAG,), ()),
    "Kesbangpol": ((KESBANGPOL,), ()),
    "MUI PUSPAGA": ((MUI, PUSPAGA), ()),
    "PDAM": ((PDAM,), ()),
    "PIC Cilegon Cerdas - Baznas": ((BAZNAS,), ("PIC Cilegon Cerdas",)),
    "Pengadilan Negeri": ((PENGADILAN_NEGERI,), ()),
    "Polres": ((POLRES,), ()),
    "RSKIA": ((RSKIA,), ()),
    "RSKIA DINKES": ((RSKIA, DINKES), ()),
    "RSKIA DINKES DP3AP2KB": ((RSKIA, DINKES, DP3AP2KB), ()),
    "RSUD": ((RSUD,), ()),
    "Satpol PP": ((SATPOL_PP,), ()),
    "UPT.PPA": ((UPTD_PPA,), ()),
    "VCT Dinas Kesehatan": ((DINKES,), ()),
}

CATALOGUE_HEADER = "name,acronym,aliases\n"


@functools.cache
def _catalogue() -> tuple[AgencyEntry, ...]:
    return load_catalogue()


@functools.cache
def _matcher() -> AgencyMatcher:
    return AgencyMatcher(_catalogue())


def _is_year_line(cells: list[str]) -> bool:
    filled = [cell.strip() for cell in cells if cell.strip()]
    return bool(filled) and all(cell.isdigit() and len(cell) == 4 for cell in filled)


def _seed_agency_texts() -> set[str]:
    """Distinct agency cells of the seed, a cell ending in a connector joined to the next."""
    cells_in_order = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) <= AGENCY_COLUMN or line.startswith("No\t") or _is_year_line(cells):
            continue
        if text := " ".join(cells[AGENCY_COLUMN].split()):
            cells_in_order.append(text)
    texts: set[str] = set()
    carried = ""
    for text in cells_in_order:
        whole = f"{carried} {text}" if carried else text
        carried = ""
        if whole.split()[-1].casefold() in {"&", "dan", "serta"}:
            carried = whole
        else:
            texts.add(whole)
    if carried:
        texts.add(carried)
    return texts


# -- catalogue ---------------------------------------------------------------


def test_it_ships_a_catalogue_next_to_the_package() -> None:
    assert CATALOGUE_PATH.is_file()
    assert CATALOGUE_PATH.parent.name == "data"
    assert load_catalogue() == load_catalogue(CATALOGUE_PATH)


def test_it_loads_generic_canonical_agencies() -> None:
    catalogue = _catalogue()
    names = [entry.name for entry in catalogue]
    assert len(catalogue) >= 60
    assert len(set(names)) == len(names)
    assert not [name for name in names if "cilegon" in name.casefold()]
    by_name = {entry.name: entry for entry in catalogue}
    assert by_name[DP3AP2KB].acronym == "DP3AP2KB"
    assert by_name[BAPPEDA].acronym == "Bappedalitbang"
    assert "Bappeda" in by_name[BAPPEDA].aliases
    assert {"Dinas Pendidikan", "Dinas Pendidikan & Kebudayaan", "Dindikbud"} <= set(
        by_name[DISDIKBUD].aliases
    )
    assert {"UPT PPA", "UPT.PPA", "UPTD. PPA"} <= set(by_name[UPTD_PPA].aliases)
    assert {"DPU", "PUTR", "DPUTR"} <= set(by_name[DPUPR].aliases)


def test_it_matches_every_catalogue_phrase_to_its_own_entry() -> None:
    matcher = _matcher()
    for entry in _catalogue():
        for phrase in (entry.name, entry.acronym, *entry.aliases):
            if phrase:
                assert matcher.match(phrase) == AgencyMatch((entry.name,), ()), phrase


def test_it_loads_a_catalogue_from_a_given_path(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "agencies.csv"
    path.write_text(CATALOGUE_HEADER + "Dinas Sosial,Dinsos,Dinas Sosial Daerah\n", "utf-8")
    assert load_catalogue(path) == (
        AgencyEntry("Dinas Sosial", "Dinsos", ("Dinas Sosial Daerah",)),
    )


def test_it_parses_names_acronyms_and_aliases() -> None:
    text = (
        "\ufeff" + CATALOGUE_HEADER + '"Badan A, B dan C",BABC, Alias Satu | alias dua |\n'
        "\n"
        "Puskesmas,,\n"
        "Kantor X,KX\n"
    )
    assert parse_catalogue(text) == (
        AgencyEntry("Badan A, B dan C", "BABC", ("Alias Satu", "alias dua")),
        AgencyEntry("Puskesmas", "", ()),
        AgencyEntry("Kantor X", "KX", ()),
    )


def test_it_allows_an_alias_repeated_within_one_agency() -> None:
    catalogue = parse_catalogue(CATALOGUE_HEADER + "Unit PPA,UPT PPA,UPT.PPA|upt ppa\n")
    assert AgencyMatcher(catalogue).match("UPT-PPA").agencies == ("Unit PPA",)


def test_it_rejects_an_alias_naming_two_agencies() -> None:
    text = CATALOGUE_HEADER + "Dinas Sosial,Dinsos,\nDinas Kesehatan,Dinkes,DINSOS\n"
    with pytest.raises(ValueError, match=r"line 3: alias 'DINSOS'.*'Dinas Sosial' \(line 2\)"):
        parse_catalogue(text)


def test_it_rejects_an_alias_naming_two_agencies_once_normalised() -> None:
    text = CATALOGUE_HEADER + "Unit PPA,,UPT.PPA\nUnit Lain,,\nUnit Baru,,upt ppa\n"
    with pytest.raises(ValueError, match="line 4: alias 'upt ppa'"):
        parse_catalogue(text)


def test_it_rejects_a_duplicate_name() -> None:
    text = CATALOGUE_HEADER + "Dinas Sosial,Dinsos,\nDINAS SOSIAL,,\n"
    with pytest.raises(ValueError, match="line 3: name 'DINAS SOSIAL'"):
        parse_catalogue(text)


def test_it_rejects_a_row_without_a_name() -> None:
    with pytest.raises(ValueError, match="line 3: agency without a name"):
        parse_catalogue(CATALOGUE_HEADER + "Dinas Sosial,Dinsos,\n ,DX,Dinas X\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: expected the header"),
        ("nama,singkatan,alias\nDinas Sosial,,\n", "line 1: expected the header"),
        (CATALOGUE_HEADER + "Dinas Sosial,Dinsos,,extra\n", "line 2: expected 3 columns"),
        (CATALOGUE_HEADER + "Dinas Sosial,Dinsos,-\n", "line 2: alias '-' of 'Dinas Sosial'"),
        (CATALOGUE_HEADER + "Dinas Sosial,(),\n", "line 2: acronym '\\(\\)'"),
    ],
)
def test_it_rejects_a_malformed_catalogue(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_catalogue(text)


def test_it_rejects_entries_given_directly_that_share_a_phrase() -> None:
    entries = [AgencyEntry("Dinas Sosial", "DS", ()), AgencyEntry("Dinas Sampah", "ds", ())]
    with pytest.raises(ValueError, match=r"entry 2 .*already names 'Dinas Sosial'"):
        AgencyMatcher(entries)


# -- matching the seed -------------------------------------------------------


def test_it_reads_the_seed_agency_column() -> None:
    texts = _seed_agency_texts()
    assert "Dinas Pendidikan & Kebudayaan" in texts
    assert "Kebudayaan" not in texts
    assert "Dinas Pendidikan &" not in texts
    assert not [text for text in texts if "instansi penanggung" in text.casefold()]
    assert texts == set(SEED_EXPECTED) - {"Dinas Sosial BPBD"}


def test_it_resolves_every_seed_agency_text() -> None:
    matcher = _matcher()
    names = {entry.name for entry in _catalogue()}
    for text in sorted(_seed_agency_texts() | {"Dinas Sosial BPBD"}):
        match = matcher.match(text)
        assert match.agencies, text
        assert set(match.agencies) <= names, text


def test_it_leaves_only_the_programme_unmatched_in_the_seed() -> None:
    matcher = _matcher()
    leftovers = {
        phrase for text in _seed_agency_texts() for phrase in matcher.match(text).unmatched
    }
    assert leftovers == {"PIC Cilegon Cerdas"}


@pytest.mark.parametrize(("text", "expected"), sorted(SEED_EXPECTED.items()))
def test_it_matches_each_seed_text_as_expected(
    text: str, expected: tuple[tuple[str, ...], tuple[str, ...]]
) -> None:
    assert _matcher().match(text) == AgencyMatch(*expected)


def test_it_matches_the_page_break_fragments_on_their_own() -> None:
    assert _matcher().match("Dinas Pendidikan &") == AgencyMatch((DISDIKBUD,), ())
    assert _matcher().match("Kebudayaan") == AgencyMatch((), ("Kebudayaan",))


# -- matching rules ----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", " - / , ", "dan", "& serta", "Instansi terkait"])
def test_it_gives_an_empty_match_for_text_without_agencies(text: str) -> None:
    assert _matcher().match(text) == AgencyMatch((), ())


def test_it_collapses_duplicates_keeping_the_first_position() -> None:
    assert _matcher().match("Dinkes DINKES") == AgencyMatch((DINKES,), ())
    assert _matcher().match("Dinkes, DP3AP2KB / Dinas Kesehatan") == AgencyMatch(
        (DINKES, DP3AP2KB), ()
    )


def test_it_prefers_the_longest_phrase() -> None:
    matcher = _matcher()
    assert matcher.match("Dinas Ketahanan Pangan dan Pertanian").agencies == (
        "Dinas Ketahanan Pangan dan Pertanian",
    )
    assert matcher.match("Dinas Ketahanan Pangan").agencies == ("Dinas Ketahanan Pangan",)
    assert matcher.match("Dinas Pendidikan dan Kebudayaan Dinas Sosial").agencies == (
        DISDIKBUD,
        DINSOS,
    )


def test_it_ignores_case_separators_and_the_ampersand() -> None:
    matcher = _matcher()
    assert matcher.match("dinas PERPUSTAKAAN & kearsipan").agencies == (DISPUSIP,)
    assert matcher.match("UPTD.PPA(DP3AP2KB)").agencies == (UPTD_PPA, DP3AP2KB)
    assert matcher.match("SATPOL-PP;DISHUB").agencies == (SATPOL_PP, DISHUB)


def test_it_matches_a_name_written_without_its_inner_connector() -> None:
    matcher = _matcher()
    assert matcher.match("Dinas Pendidikan Kebudayaan").agencies == (DISDIKBUD,)
    assert matcher.match("Dinas Kependudukan Pencatatan Sipil").agencies == (DISDUKCAPIL,)


def test_it_keeps_unmatched_phrases_as_written() -> None:
    match = _matcher().match("Dinas Sosial  Yayasan   Peduli\nAnak (YPA) dan Dinkes")
    assert match == AgencyMatch((DINSOS, DINKES), ("Yayasan Peduli Anak (YPA)",))


def test_it_splits_unmatched_phrases_at_list_punctuation_and_filler() -> None:
    match = _matcher().match("Yayasan A, Komunitas B / Dinsos serta Ormas C dan Pihak D")
    assert match == AgencyMatch((DINSOS,), ("Yayasan A", "Komunitas B", "Ormas C dan Pihak D"))
    match = _matcher().match("Yayasan A dan instansi terkait lainnya serta Komunitas B")
    assert match == AgencyMatch((), ("Yayasan A", "Komunitas B"))


def test_it_drops_filler_but_keeps_agencies_around_it() -> None:
    match = _matcher().match("DISHUB, DPU dan Instansi Terkait")
    assert match == AgencyMatch((DISHUB, DPUPR), ())
    match = _matcher().match("Dinsos serta OPD terkait lainnya & BPBD")
    assert match == AgencyMatch((DINSOS, BPBD), ())


def test_it_leaves_the_programme_unmatched() -> None:
    assert _matcher().match("PIC Cilegon Cerdas") == AgencyMatch((), ("PIC Cilegon Cerdas",))


# -- properties --------------------------------------------------------------


def _vocabulary() -> list[str]:
    words = {
        word
        for entry in _catalogue()
        for phrase in (entry.name, entry.acronym, *entry.aliases)
        for word in phrase.split()
    }
    return sorted(words | {"dan", "&", "serta", "Instansi", "terkait", "lainnya"})


_PIECES = st.one_of(
    st.sampled_from(_vocabulary()),
    st.sampled_from([" ", "  ", ", ", "/", " - ", ".", "(", ")", "\n", "\t"]),
    st.text(max_size=8),
)


def _check(text: str) -> None:
    match = _matcher().match(text)
    names = {entry.name for entry in _catalogue()}
    assert isinstance(match, AgencyMatch)
    assert set(match.agencies) <= names
    assert len(set(match.agencies)) == len(match.agencies)
    assert len(set(match.unmatched)) == len(match.unmatched)
    collapsed = " ".join(text.split())
    for phrase in match.unmatched:
        assert phrase
        assert phrase == " ".join(phrase.split())
        assert phrase in collapsed


@settings(database=None, max_examples=300)
@given(st.text())
def test_it_never_raises_on_any_text(text: str) -> None:
    _check(text)


@settings(database=None, max_examples=300)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_it_returns_only_catalogue_names_for_agency_like_text(text: str) -> None:
    _check(text)
