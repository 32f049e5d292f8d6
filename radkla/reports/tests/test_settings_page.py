"""The laporan settings page: the secretariat alone sets the signer, place, foreword and logo."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.conftest import make_account
from radkla.plan.models import Agency, Plan
from radkla.reports.identity import identity_for
from radkla.reports.report_settings import SettingsError, clean_nip

URL = "/laporan/pengaturan/"
FIELDS = {
    "chair_name": "Dr. Hj. Siti Aminah, M.Si.",
    "chair_nip": "19700101 199503 2 001",
    "chair_position": "Sekretaris Daerah selaku Ketua Gugus Tugas KLA",
    "place": "Cilegon",
    "foreword": "Puji syukur kami panjatkan.",
}


def _client(role: str, name: str, agency: Agency | None = None) -> Client:
    client = Client()
    client.force_login(make_account(name, role, agency).user)
    return client


def _png(size: tuple[int, int] = (40, 30), fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#12805c").save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def secretariat(small: Plan) -> Client:
    return _client(Profile.Role.SECRETARIAT, "sekretariat")


def test_only_the_secretariat_opens_the_page_and_the_logo(small: Plan) -> None:
    assert reverse("reports:settings") == URL
    operator = _client(Profile.Role.OPERATOR, "dinkes", Agency.objects.get(acronym="Dinkes"))
    for client in (
        _client(Profile.Role.VIEWER, "pimpinan"),
        _client(Profile.Role.COORDINATOR, "koordinator"),
        operator,
    ):
        assert client.get(URL).status_code == 403
        assert client.post(URL, FIELDS).status_code == 403
        assert client.get(reverse("reports:settings_logo")).status_code == 403
    assert Client().get(URL).status_code == 302  # to the login page
    secretariat = _client(Profile.Role.SECRETARIAT, "sekretariat")
    page = secretariat.get(URL)
    assert page.status_code == 200
    assert "PEMERINTAH KOTA CILEGON" in page.content.decode()
    # The Reports page links here for the secretariat only.
    assert 'id="settings-link"' in secretariat.get("/laporan/").content.decode()
    assert 'id="settings-link"' not in (
        _client(Profile.Role.VIEWER, "pembaca").get("/laporan/").content.decode()
    )


def test_saving_is_audited_and_identity_for_returns_it(small: Plan, secretariat: Client) -> None:
    logo = _png()
    response = secretariat.post(
        URL, {**FIELDS, "logo": SimpleUploadedFile("lambang.png", logo, "image/png")}
    )
    assert response.status_code == 302
    identity = identity_for(small.region)
    assert identity.chair_name == "Dr. Hj. Siti Aminah, M.Si."
    assert identity.chair_nip == "197001011995032001"  # spaces dropped
    assert identity.chair_position == "Sekretaris Daerah selaku Ketua Gugus Tugas KLA"
    assert identity.place == "Cilegon"
    assert identity.foreword == "Puji syukur kami panjatkan."
    assert (identity.logo, identity.logo_type) == (logo, "image/png")
    event = AuditEvent.objects.get(action="report.settings")
    assert event.actor_label == "sekretariat"
    assert event.summary.startswith("Pengaturan laporan Kota Cilegon diubah: nama Ketua")
    assert "logo" in event.summary and event.new["chair_nip"] == "197001011995032001"
    assert event.new["logo"].startswith("image/png sha256:")  # a fingerprint, not the bytes
    # Saved again unchanged: nothing more in the audit trail.
    secretariat.post(URL, FIELDS)
    assert AuditEvent.objects.filter(action="report.settings").count() == 1
    page = secretariat.get(URL).content.decode()
    assert 'id="logo-preview"' in page and 'value="19700101199503200' in page


def test_the_logo_preview_carries_the_upload_headers(small: Plan, secretariat: Client) -> None:
    jpeg = _png(fmt="JPEG")
    secretariat.post(URL, {**FIELDS, "logo": SimpleUploadedFile("logo.jpg", jpeg, "image/jpeg")})
    response = secretariat.get(reverse("reports:settings_logo"))
    assert response.status_code == 200 and response.content == jpeg
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # "Hapus logo" removes it, and says so in the audit trail.
    secretariat.post(URL, {**FIELDS, "remove_logo": "on"})
    assert identity_for(small.region).logo is None
    assert secretariat.get(reverse("reports:settings_logo")).status_code == 404
    latest = AuditEvent.objects.filter(action="report.settings").first()
    assert latest is not None and latest.summary.endswith("diubah: logo")


def test_a_bad_nip_names_the_field_and_keeps_what_was_typed(
    small: Plan, secretariat: Client
) -> None:
    typed = {**FIELDS, "chair_nip": "19700101 199503 2 00"}
    response = secretariat.post(URL, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "NIP: NIP harus 18 angka (spasi boleh); yang diisi berisi 17 angka." in html
    assert 'value="Dr. Hj. Siti Aminah, M.Si."' in html
    assert 'value="19700101 199503 2 00"' in html
    assert "Puji syukur kami panjatkan." in html
    assert identity_for(small.region).chair_name == ""  # nothing saved
    assert not AuditEvent.objects.filter(action="report.settings").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1970010119950320011", "18 angka"),
        ("19700101-199503-2-001", "dan tanda lain"),
        ("197013011995032001", "tanggal lahir"),
        ("197001011995132001", "bulan pengangkatan"),
        ("197001011995033001", "angka ke-15"),
    ],
)
def test_an_nip_is_checked_digit_by_digit(text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        clean_nip(text)
    assert clean_nip(" 19700101 199503 2 001 ") == "197001011995032001"
    assert clean_nip("  ") == ""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "logo.gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04;",
            "Logo harus gambar PNG atau JPEG; isi berkas logo.gif bukan PNG maupun JPEG",
        ),
        (
            "lambang.png",  # a text file renamed: the name says PNG, the content does not
            b"Lambang Kota Cilegon\n",
            "isi berkas lambang.png bukan PNG maupun JPEG (jenis berkas dibaca dari isinya",
        ),
        (
            "rusak.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
            "Logo rusak.png rusak: gambarnya tidak dapat dibaca.",
        ),
        ("besar.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1536 * 1024), "berukuran 1,5 MB"),
    ],
)
def test_a_logo_that_is_not_a_png_or_jpeg_of_1_mb_is_refused(
    small: Plan, secretariat: Client, name: str, data: bytes, message: str
) -> None:
    response = secretariat.post(URL, {**FIELDS, "logo": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert identity_for(small.region).logo is None


def test_uploading_and_removing_at_once_is_refused(small: Plan, secretariat: Client) -> None:
    response = secretariat.post(
        URL,
        {**FIELDS, "remove_logo": "on", "logo": SimpleUploadedFile("l.png", _png())},
    )
    assert "Pilih salah satu: unggah logo baru atau hapus logo yang ada." in (
        response.content.decode()
    )
