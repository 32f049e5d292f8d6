"""The evaluation pages through the test client: who sees what, and what each form changes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.test import Client

from radkla.accounts.access import scope_for
from radkla.accounts.models import Profile
from radkla.evaluation.models import CityDocument, EvaluationYear, EvidenceTag, IndicatorMapping
from radkla.evaluation.tests.conftest import Tagged, items
from radkla.lib.localtime import local_date, local_zone
from radkla.monitoring.demo import DEMO_PDF
from radkla.monitoring.tests.conftest import persona
from radkla.plan.models import Indicator

Role = Profile.Role


def _client(username: str, role: str, acronym: str = "", clusters: tuple[str, ...] = ()) -> Client:
    client = Client()
    client.force_login(persona(username, role, acronym, clusters).user)
    return client


@pytest.fixture
def sekretariat(tagged: Tagged) -> Client:
    return _client("sekretariat", Role.SECRETARIAT)


def test_operators_do_not_see_readiness_and_only_readers_of_all_download(tagged: Tagged) -> None:
    assert _client("dinkes", Role.OPERATOR, "Dinkes").get("/evaluasi/").status_code == 403
    coordinator = _client("koordinator3", Role.COORDINATOR, clusters=("III",))
    assert coordinator.get("/evaluasi/?tahun=2025").status_code == 200
    assert coordinator.get("/evaluasi/paket/?tahun=2025").status_code == 403
    pimpinan = _client("pimpinan", Role.VIEWER)
    page = pimpinan.get("/evaluasi/?tahun=2025").content.decode()
    assert 'id="score-total">80</span>' in page
    assert "Belum berkategori" in page and 'id="what-if-category">KLA<' in page
    assert 'id="sheet-1"' in page and "Telah dilaksanakan" in page
    response = pimpinan.get("/evaluasi/paket/?tahun=2025&menunggu=1")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert any("Daftar petugas" in n for n in archive.namelist())
    assert not any("rahasia" in n for n in archive.namelist())
    sheet = pimpinan.get("/evaluasi/?tahun=2025&export=xlsx")
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_secretariat_attaches_a_city_document_and_a_bad_file_changes_nothing(
    sekretariat: Client,
) -> None:
    item = items(4)[1]
    response = sekretariat.post(
        "/evaluasi/indikator/4/?tahun=2024",
        {
            "action": "upload",
            "item": item.pk,
            "title": "MoU RSUD akta kelahiran",
            "file": io.BytesIO(DEMO_PDF),
        },
        format="multipart",
    )
    assert response.status_code == 302
    document = CityDocument.objects.get(title="MoU RSUD akta kelahiran")
    assert document.item == item and document.national.number == 4
    # Uploaded today: it counts from this year's evaluation on, not for 2024's; the page says so.
    this_year = local_date(document.uploaded_at).year
    page = sekretariat.get(response["Location"]).content.decode()
    assert f"terhitung mulai Evaluasi KLA {this_year}, tidak pada Evaluasi KLA 2024" in page
    assert f'data-file="document-{document.pk}"' not in page
    CityDocument.objects.filter(pk=document.pk).update(
        uploaded_at=dt.datetime(2024, 3, 1, 9, tzinfo=local_zone())
    )
    page = sekretariat.get("/evaluasi/indikator/4/?tahun=2024").content.decode()
    row = page.split(f'data-item="{item.pk}"')[1].split("</tr>")[0]
    assert "Terverifikasi" in row and f"/evaluasi/dokumen/{document.pk}/" in row
    html = io.BytesIO(b"<html><script>alert(1)</script></html>")
    html.name = "jahat.html"
    sekretariat.post("/evaluasi/indikator/4/", {"action": "upload", "title": "x", "file": html})
    assert CityDocument.objects.filter(plan=document.plan).count() == 2  # the fixture's + this
    served = sekretariat.get(f"/evaluasi/dokumen/{document.pk}/")
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content).startswith(b"%PDF")  # read to the end: closed


def test_tagging_from_the_indicator_page(tagged: Tagged, sekretariat: Client) -> None:
    wanted = {i.pk for i in items(12)[:1]}
    sekretariat.post(
        "/evaluasi/indikator/12/",
        {"action": "tag", "evidence": tagged.stunting.pk, "items": sorted(wanted)},
    )
    assert (
        set(EvidenceTag.objects.filter(evidence=tagged.stunting).values_list("item_id", flat=True))
        == wanted
    )
    dinsos = _client("dinsos", Role.OPERATOR, "Dinsos")
    assert dinsos.get("/evaluasi/indikator/12/").status_code == 403


def test_weights_form_refuses_a_wrong_total_then_saves(sekretariat: Client) -> None:
    data = {f"w-{n}": "40" for n in range(1, 25)}
    page = sekretariat.post("/evaluasi/bobot/?tahun=2025", data).content.decode()
    assert "Jumlah bobot 960; harus tepat 1000" in page
    assert not EvaluationYear.objects.exists()
    data |= {"w-1": "80", "levels": "0; 50; 100", "source": "Juknis 2024"}
    assert sekretariat.post("/evaluasi/bobot/?tahun=2025", data).status_code == 302
    saved = EvaluationYear.objects.get(year=2025)
    assert saved.answer_levels == "0; 50; 100" and saved.weights.count() == 24


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "Bobot indikator 1: Bukan angka yang dapat disimpan."),
        ("99999", "Bobot indikator 1: Angka terlalu besar: paling banyak 4 angka sebelum koma."),
        ("40,125", "Bobot indikator 1: Angka terlalu rinci: paling banyak 2 angka di belakang"),
    ],
)
def test_weights_form_refuses_a_number_its_column_cannot_hold(
    sekretariat: Client, typed: str, message: str
) -> None:
    data = {f"w-{n}": "40" for n in range(1, 25)} | {"w-1": typed}
    response = sekretariat.post("/evaluasi/bobot/?tahun=2025", data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert f'name="w-1" value="{typed}"' in page
    assert not EvaluationYear.objects.exists()
    assert sekretariat.get("/evaluasi/bobot/?tahun=2025").status_code == 200


def test_mapping_form_sets_every_indicator(tagged: Tagged, sekretariat: Client) -> None:
    indicators = Indicator.objects.filter(plan=tagged.plan)
    data = {f"ind-{i.pk}": str(i.number) for i in indicators}
    data[f"ind-{indicators.get(number=12).pk}"] = "13"
    assert sekretariat.post("/evaluasi/pemetaan/", data).status_code == 302
    assert IndicatorMapping.objects.get(indicator__number=12).national.number == 13
    assert IndicatorMapping.objects.count() == indicators.count()
    viewer = _client("pimpinan", Role.VIEWER)
    assert viewer.post("/evaluasi/pemetaan/", data).status_code == 403


def test_an_operator_tags_its_own_evidence_and_no_one_elses(tagged: Tagged) -> None:
    dinsos = _client("dinsos", Role.OPERATOR, "Dinsos")
    page = dinsos.get("/evaluasi/instansi/?tahun=2025").content.decode()
    assert 'id="agency-4"' in page and 'id="agency-1"' not in page
    assert "Daftar petugas.pdf" in page and "Draf rahasia dinsos.pdf" in page
    assert "Laporan sosialisasi.pdf" not in page  # Dinkes's file
    wanted = items(4)[2].pk
    response = dinsos.post(
        "/evaluasi/instansi/?tahun=2025",
        {"action": "tag", "evidence": tagged.draft.pk, "items": [wanted]},
    )
    assert response.status_code == 302
    assert list(
        EvidenceTag.objects.filter(evidence=tagged.draft).values_list("item_id", flat=True)
    ) == [wanted]
    refused = dinsos.post(
        "/evaluasi/instansi/", {"action": "tag", "evidence": tagged.sosialisasi.pk, "items": []}
    )
    assert refused.status_code == 403
    assert EvidenceTag.objects.filter(evidence=tagged.sosialisasi).count() == 1
    assert _client("pimpinan", Role.VIEWER).get("/evaluasi/instansi/").status_code == 403


ROLES = ("sekretariat", "koordinator3", "koordinator5", "dinkes", "dinsos", "pimpinan")
MATRIX = {
    # page: expected status per role, in ROLES order
    "readiness": (200, 200, 200, 403, 403, 200),
    "package": (200, 403, 403, 403, 403, 200),
    "indicator": (200, 200, 200, 403, 403, 200),
    "agency": (403, 403, 403, 200, 200, 403),
    "mapping": (200, 200, 200, 403, 403, 200),
    "weights": (200, 200, 200, 403, 403, 200),
    "document": (200, 200, 200, 403, 403, 200),
}


def _people() -> dict[str, Client]:
    return {
        "sekretariat": _client("sekretariat", Role.SECRETARIAT),
        "koordinator3": _client("koordinator3", Role.COORDINATOR, clusters=("III",)),
        "koordinator5": _client("koordinator5", Role.COORDINATOR, clusters=("V",)),
        "dinkes": _client("dinkes", Role.OPERATOR, "Dinkes"),
        "dinsos": _client("dinsos", Role.OPERATOR, "Dinsos"),
        "pimpinan": _client("pimpinan", Role.VIEWER),
    }


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_permission_matrix(tagged: Tagged, page: str) -> None:
    urls = {
        "readiness": "/evaluasi/",
        "package": "/evaluasi/paket/",
        "indicator": "/evaluasi/indikator/1/",
        "agency": "/evaluasi/instansi/",
        "mapping": "/evaluasi/pemetaan/",
        "weights": "/evaluasi/bobot/",
        "document": f"/evaluasi/dokumen/{tagged.document.pk}/",
    }
    people = _people()
    got = []
    for role in ROLES:
        response = people[role].get(urls[page])
        if response.streaming:
            b"".join(response.streaming_content)  # read to the end: closed
        got.append(response.status_code)
    assert tuple(got) == MATRIX[page]
    assert Client().get(urls[page]).status_code == 302  # anonymous: to the login page


def test_who_may_tag_a_cluster_iii_file_of_dinkes(tagged: Tagged) -> None:
    measure = tagged.stunting.realization.measure
    agencies = frozenset(link.agency_id for link in measure.agency_links.all())
    cluster = measure.action.indicator.cluster_id
    _people()
    may = {
        p.user.username: scope_for(p.user).can_tag(cluster, agencies)
        for p in Profile.objects.select_related("user")
    }
    assert may == {
        "sekretariat": True,
        "koordinator3": True,
        "koordinator5": False,
        "dinkes": True,
        "dinsos": False,
        "pimpinan": False,
    }


def test_the_checklist_and_the_mapping_download_as_excel(
    tagged: Tagged, sekretariat: Client
) -> None:
    from openpyxl import load_workbook

    response = sekretariat.get("/evaluasi/indikator/1/?tahun=2025&export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2] == ("Dokumen", "Status", "Berkas", "Sumber butir")
    assert rows[3][:2] == (items(1)[0].document, "Terverifikasi")
    assert "Laporan sosialisasi.pdf (Dinkes)" in rows[3][2]
    assert rows[5][1] == "Belum ada"
    response = sekretariat.get("/evaluasi/pemetaan/?export=csv")
    assert (
        "12,Gizi,12,Persalinan di fasilitas kesehatan,usulan otomatis" in response.content.decode()
    )


@pytest.mark.parametrize("role", ["koordinator3", "koordinator5", "pimpinan", "sekretariat"])
def test_every_file_link_on_the_readiness_pages_opens(tagged: Tagged, role: str) -> None:
    from radkla.tests.links import broken_links

    client = _people()[role]
    pages = ["/evaluasi/?tahun=2025", "/evaluasi/indikator/1/?tahun=2025"]
    pages += ["/evaluasi/indikator/4/?tahun=2025", "/evaluasi/indikator/12/?tahun=2025"]
    assert broken_links(client, pages) == {}


def test_a_coordinator_sees_only_the_files_of_its_clusters(tagged: Tagged) -> None:
    page = _people()["koordinator5"].get("/evaluasi/?tahun=2025").content.decode()
    assert "Data gizi 2024.pdf" not in page  # cluster III, Dinkes
    assert "perwal-turunan.pdf" in page  # city documents are for every reader
