"""Importing the regulation into the database: exact, all-or-nothing, never twice."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from radkla.audittrail.models import AuditEvent
from radkla.plan.exporters import plan_csv, plan_json, plan_xlsx
from radkla.plan.models import Agency, Cluster, Indicator, Measure, MeasureAgency, Plan, Target
from radkla.plan.selectors import measure_rows
from radkla.plan.services import PlanImportError, import_plan, read_plan_file
from radkla.regions.services import load_region


def table_counts() -> dict[str, int]:
    """Rows in every radkla table: what 'the database is unchanged' compares."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"plan", "regions", "audittrail", "accounts"}
    }


def test_it_imports_every_row_of_the_regulation(cilegon_plan: Plan) -> None:
    plan = cilegon_plan
    assert plan.region.code == "36.72"
    assert plan.legal_basis == "Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023"
    assert (plan.start_year, plan.end_year, plan.baseline_year) == (2023, 2026, 2022)
    assert Cluster.objects.filter(plan=plan).count() == 6
    assert Indicator.objects.filter(plan=plan).count() == 28
    assert plan.actions.count() == 177
    assert Measure.objects.filter(plan=plan).count() == 195
    assert Target.objects.filter(measure__plan=plan).count() == 195 * 4
    cluster_iii = Cluster.objects.get(plan=plan, code="III")
    assert cluster_iii.heading == ""  # the document has no heading for it
    assert cluster_iii.indicators.count() == 6


def test_it_keeps_raw_and_typed_cells(cilegon_plan: Plan) -> None:
    akta = Measure.objects.get(plan=cilegon_plan, name="Capaian Kepemilikan Akta Kelahiran")
    assert (akta.baseline_raw, akta.baseline_kind, akta.baseline_value) == (
        "95,53",
        "percent",
        95.53,
    )
    targets = list(akta.targets.values_list("year", "raw", "kind", "value"))
    assert targets == [
        (2023, "97,50", "percent", 97.5),
        (2024, "97,75", "percent", 97.75),
        (2025, "97,8", "percent", 97.8),
        (2026, "98", "percent", 98),
    ]
    molin = Measure.objects.get(plan=cilegon_plan, baseline_raw="Motor 2 Molin 1")
    assert molin.baseline_kind == "composite"
    assert molin.baseline_value == {
        "parts": [{"label": "Motor", "value": 2}, {"label": "Molin", "value": 1}]
    }
    text = Target.objects.get(measure__plan=cilegon_plan, kind="text")
    assert (text.year, text.raw, text.value) == (2026, "Tahun 2022 - Tahun 2027", None)


def test_it_maps_agency_text_to_canonical_agencies(cilegon_plan: Plan) -> None:
    def agencies_of(raw: str) -> list[str]:
        measure = Measure.objects.filter(plan=cilegon_plan, agency_raw=raw).first()
        assert measure is not None, raw
        links = MeasureAgency.objects.filter(measure=measure).select_related("agency")
        return [link.agency.acronym or link.agency.name for link in links]

    assert agencies_of("DP3AP2KB Bappedalitbang") == ["DP3AP2KB", "Bappedalitbang"]
    assert agencies_of("Dinas Sosial UPT PPA") == ["Dinsos", "UPTD PPA"]
    assert agencies_of("DINKES/PUSKESMAS") == ["Dinkes", "Puskesmas"]
    assert agencies_of("KEMENAG DP3AP2KB") == ["Kemenag", "DP3AP2KB"]
    assert agencies_of("Dinas Sosial BPBD") == ["Dinsos", "BPBD"]
    assert not Measure.objects.filter(plan=cilegon_plan, agency_links__isnull=True).exists()
    # Spelling variants land on one agency.
    assert Agency.objects.filter(acronym="Dinkes").count() == 1
    assert any("PIC Cilegon Cerdas" in w for w in cilegon_plan.import_warnings)


def test_it_proposes_polarity_and_aggregation_for_confirmation(cilegon_plan: Plan) -> None:
    measures = Measure.objects.filter(plan=cilegon_plan)
    assert not measures.filter(polarity_confirmed=True).exists()
    prevalence = measures.get(name="Prevalansi kekerasan terhadap anak")
    assert prevalence.polarity == "negative"
    assert measures.get(name="Capaian Kepemilikan Akta Kelahiran").aggregation == "latest"
    assert measures.get(name="Jumlah Kader PATBM").aggregation == "sum"


def test_it_records_the_import_in_the_audit_trail(cilegon_plan: Plan) -> None:
    event = AuditEvent.objects.get(action="plan.import")
    assert event.object_id == str(cilegon_plan.pk)
    assert event.new["measures"] == 195
    assert event.actor_label == "sistem"


def test_importing_the_same_regulation_again_changes_nothing(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    before = table_counts()
    result = import_plan(parsed=read_plan_file(seed_bytes, "lagi.txt"), actor=None)
    assert not result.created
    assert result.plan == cilegon_plan
    assert table_counts() == before


def test_the_same_regulation_with_other_content_is_refused(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    before = table_counts()
    changed = seed_bytes.replace(b"\t97,50\t", b"\t97,60\t")
    with pytest.raises(PlanImportError, match=r"sudah diimpor .* isi yang berbeda"):
        import_plan(parsed=read_plan_file(changed, "ubah.txt"), actor=None)
    assert table_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary", "biner"),
        (b"PK\x03\x04 not really a zip", "arsip XLSX rusak"),
        (b"Hanya surat.\n", "tidak ada tabel lampiran"),
    ],
)
def test_a_bad_file_changes_nothing(data: bytes, message: str) -> None:
    before = table_counts()
    with pytest.raises(PlanImportError, match=message):
        import_plan(parsed=read_plan_file(data, "buruk.bin"), actor=None)
    assert table_counts() == before


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(seed_bytes: bytes) -> None:
    # An agency of Cilegon whose alias collides with the catalogue makes the matcher
    # refuse, after the plan rows were already written in the transaction.
    cilegon = load_region("36.72").region
    Agency.objects.create(region=cilegon, name="Dinas Lain", acronym="Dinkes")
    before = table_counts()
    with pytest.raises(PlanImportError, match="Dinkes"):
        import_plan(parsed=read_plan_file(seed_bytes, "perwal.txt"), actor=None)
    assert table_counts() == before


def test_the_xlsx_export_imports_back_as_the_same_plan(cilegon_plan: Plan) -> None:
    data = plan_xlsx(cilegon_plan, measure_rows(cilegon_plan))
    parsed = read_plan_file(data, "rad.xlsx")
    assert parsed.facts.legal_basis == cilegon_plan.legal_basis
    assert parsed.table.fingerprint() == cilegon_plan.source_fingerprint
    result = import_plan(parsed=parsed, actor=None)
    assert not result.created


@pytest.mark.django_db
def test_a_workbook_imports_into_an_empty_database(seed_bytes: bytes) -> None:
    # Build the workbook from a first import, then start over from it alone.
    plan = import_plan(parsed=read_plan_file(seed_bytes, "p.txt"), actor=None).plan
    data = plan_xlsx(plan, measure_rows(plan))
    Plan.objects.all().delete()
    result = import_plan(parsed=read_plan_file(data, "rad.xlsx", "xlsx"), actor=None)
    assert result.created
    assert result.measures == 195
    raws = Target.objects.filter(measure__plan=result.plan, year=2023).values_list("raw", flat=True)
    assert "97,50" in set(raws)


def test_the_json_export_follows_the_contract(cilegon_plan: Plan) -> None:
    document = json.loads(json.dumps(plan_json(cilegon_plan, measure_rows(cilegon_plan))))
    assert document["plan"]["baseline_year"] == 2022
    measures = document["measures"]
    assert len(measures) == 195
    first = measures[0]
    for key in (
        "indicator_no",
        "indicator_sub",
        "indicator",
        "cluster",
        "action",
        "measure",
        "unit",
        "baseline",
        "targets",
        "agencies",
        "agency_raw",
        "program",
    ):
        assert key in first
    assert first["indicator_sub"] is None
    assert first["baseline"] == {
        "raw": "8 Kecamatan 43 Kelurahan",
        "kind": "composite",
        "value": {
            "parts": [{"label": "Kecamatan", "value": 8}, {"label": "Kelurahan", "value": 43}]
        },
    }
    assert first["targets"]["2023"] == {"raw": "51", "kind": "number", "value": 51}
    threshold = next(m for m in measures if m["measure"] == "Cakupan Kunjungan Nifas Lengkap")
    assert threshold["targets"]["2024"]["value"] == {
        "comparator": ">",
        "value": 90,
        "percent": True,
    }
    sub_b = next(m for m in measures if m["indicator_no"] == 21 and m["indicator_sub"] == "b")
    assert sub_b["cluster"].startswith("Klaster V")


def test_the_cli_imports_and_reports(db: None, seed_bytes: bytes, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "perwal.txt"
    path.write_bytes(seed_bytes)
    call_command("plan", "import", str(path))
    out = capsys.readouterr().out
    assert "28 indikator, 177 rencana aksi, 195 ukuran, 780 target" in out
    assert "peringatan:" in out and "Tahun 2022 - Tahun 2027" in out
    call_command("plan", "import", str(path))
    assert "tidak ada yang diubah" in capsys.readouterr().out
    assert Plan.objects.count() == 1


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_called_xlsx_are_refused_with_the_file_name(data: bytes) -> None:
    with pytest.raises(PlanImportError, match=r"rad\.xlsx"):
        read_plan_file(b"PK\x03\x04" + data, "rad.xlsx")


# -- long cells: stored whatever their length, on SQLite and PostgreSQL -------------

LONG_TITLE = (
    "RENCANA AKSI DAERAH PENGEMBANGAN KOTA LAYAK ANAK "
    + " ".join(f"SASARAN{n} DAN LANGKAH TERPADU" for n in range(30))
    + " TAHUN 2023-2026"
)
LONG_HEADING = "KELEMBAGAAN " + " ".join(f"penguatan lembaga {n}" for n in range(20))
LONG_UNIT = " ".join(f"satuan{n}" for n in range(60))
LONG_BASELINE = " ".join(f"catatan{n}" for n in range(40))
LONG_TARGET = " ".join(f"tercapai{n}" for n in range(40))
LONG_AGENCY = "DP3AP2KB " + " ".join(f"mitra{n}" for n in range(70))
LONG_ROWS = [
    ["I", LONG_HEADING, *[""] * 10],
    ["1.", "Peraturan Daerah tentang KLA", "Sosialisasi Perda", "Kecamatan tersosialisasi",
     LONG_UNIT, LONG_BASELINE, LONG_TARGET, "8", "8", "8", LONG_AGENCY, "Program"],
]  # fmt: skip


def long_document_text() -> bytes:
    header = [
        "No", "INDIKATOR", "RENCANA AKSI", "UKURAN", "SATUAN", "DATA DASAR (2022)",
        "TARGET TAHUNAN", "", "", "", "INSTANSI PENANGGUNG JAWAB", "PROGRAM",
    ]  # fmt: skip
    years = ["", "", "", "", "", "", "2023", "2024", "2025", "2026", "", ""]
    lines = [
        "PERATURAN WALI KOTA CILEGON",
        "NOMOR 7 TAHUN 2023",
        "TENTANG",
        LONG_TITLE,
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        "",
        *("\t".join(row) for row in (header, years, *LONG_ROWS)),
        "",
        "WALI KOTA CILEGON,",
    ]
    return "\n".join(lines).encode("utf-8")


def long_document_xlsx(sheet_title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    sheet.append(["PERATURAN WALI KOTA CILEGON NOMOR 7 TAHUN 2023"])
    sheet.append([f"TENTANG {LONG_TITLE}"])
    sheet.append(
        ["No", "INDIKATOR", "RENCANA AKSI", "UKURAN", "SATUAN", "DATA DASAR (2022)", "2023",
         "2024", "2025", "2026", "INSTANSI PENANGGUNG JAWAB", "PROGRAM"]
    )  # fmt: skip
    for row in LONG_ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["perwal-text", "xlsx"])
def test_long_cells_are_stored_exactly(fmt: str) -> None:
    # Over the old limits: title 400, headings 300, unit/baseline/target 300, agency 400,
    # and a source location longer than 40 characters (a long sheet name).
    assert len(LONG_TITLE) > 700 and len(LONG_HEADING) > 300 and len(LONG_TARGET) > 400
    assert len(LONG_UNIT) > 500 and len(LONG_AGENCY) > 500 and len(LONG_BASELINE) > 300
    sheet = "Lampiran RAD KLA Cilegon 2023-6"  # 31 characters, the most Excel allows
    data = long_document_text() if fmt == "perwal-text" else long_document_xlsx(sheet)
    name = "p" * 300 + (".txt" if fmt == "perwal-text" else ".xlsx")
    plan = import_plan(parsed=read_plan_file(data, name, fmt), actor=None).plan
    plan.refresh_from_db()
    assert plan.title == " ".join(word.capitalize() for word in LONG_TITLE.split())
    assert plan.source_name == name
    assert Cluster.objects.get(plan=plan, code="K").heading == LONG_HEADING
    indicator = Indicator.objects.get(plan=plan)
    assert indicator.section_heading == LONG_HEADING
    measure = Measure.objects.get(plan=plan)
    assert (measure.unit, measure.baseline_raw, measure.agency_raw) == (
        LONG_UNIT,
        LONG_BASELINE,
        LONG_AGENCY,
    )
    assert Target.objects.get(measure=measure, year=2023).raw == LONG_TARGET
    if fmt == "xlsx":
        assert measure.source_line == f"lembar '{sheet}' baris 5"
        assert len(measure.source_line) > 40
    # The exports carry the long cells whole.
    document = plan_json(plan, measure_rows(plan))
    assert document["measures"][0]["targets"]["2023"]["raw"] == LONG_TARGET  # type: ignore[index]
    assert LONG_AGENCY in plan_csv(plan, measure_rows(plan))
    again = read_plan_file(plan_xlsx(plan, measure_rows(plan)), "lagi.xlsx")
    assert again.table.fingerprint() == plan.source_fingerprint


@pytest.mark.django_db
def test_an_overlong_regulation_number_is_refused_before_writing() -> None:
    data = long_document_text().replace(b"NOMOR 7 TAHUN", b"NOMOR " + b"7" * 30 + b" TAHUN")
    before = table_counts()
    with pytest.raises(PlanImportError, match=r"^panjang\.txt: nomor peraturan \"7+\".*20"):
        import_plan(parsed=read_plan_file(data, "panjang.txt"), actor=None)
    assert table_counts() == before


@pytest.mark.browser
def test_the_plan_overview_keeps_its_layout_with_long_cells(
    browser,
    live_server,
    transactional_db,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from radkla.accounts.models import Profile
    from radkla.conftest import make_account, sign_in

    plan = import_plan(parsed=read_plan_file(long_document_text(), "panjang.txt"), actor=None).plan
    make_account("pimpinan", Profile.Role.VIEWER, None, full_name="Pimpinan")
    for width, height in ((1366, 768), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        sign_in(page, live_server.url, "pimpinan", "rahasia-uji-123")
        page.goto(f"{live_server.url}/rencana/{plan.pk}/")
        page.wait_for_selector("#measures")
        page.screenshot(path=str(tmp_path / f"rencana-{width}.png"), full_page=True)
        # The content never pushes the page sideways: only the table's own scroller may scroll.
        main = page.evaluate(
            "[document.querySelector('main').scrollWidth, document.querySelector('main').clientWidth]"
        )
        assert main[0] <= main[1]
        target = page.locator("#measures tbody tr[data-measure] td.cell").nth(1)
        assert LONG_TARGET in target.inner_text()
        # The long target wraps instead of stretching the table to thousands of pixels.
        assert target.bounding_box()["width"] < 500  # type: ignore[index]
        page.close()


@pytest.mark.django_db
def test_the_admin_edits_document_texts_in_one_line_inputs(client) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    plan = import_plan(parsed=read_plan_file(long_document_text(), "panjang.txt"), actor=None).plan
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    measure = Measure.objects.get(plan=plan)
    pages = {
        f"/admin/plan/plan/{plan.pk}/change/": ("title", "legal_basis", "clusters-0-heading"),
        f"/admin/plan/measure/{measure.pk}/change/": ("unit", "agency_raw"),
        f"/admin/plan/indicator/{measure.action.indicator.pk}/change/": ("section_heading",),
    }
    for url, names in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for name in names:
            assert re.search(rf'<input type="text" name="{name}"', html), (url, name)
    # The long values are there whole, and the measure's own name keeps its textarea.
    response = client.get(f"/admin/plan/measure/{measure.pk}/change/")
    assert LONG_AGENCY in response.content.decode()
    assert '<textarea name="name"' in response.content.decode()
