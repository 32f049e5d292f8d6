"""The secretariat imports a plan in the browser: upload, preview (nothing written), confirm."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.conftest import SEED_NAME, make_account
from radkla.plan import staging
from radkla.plan.exporters import plan_xlsx
from radkla.plan.models import Measure, Plan, PlanRevision
from radkla.plan.preview import IDENTICAL, NEW, ImportPreview, import_preview
from radkla.plan.selectors import measure_rows
from radkla.plan.services import read_plan_file
from radkla.plan.tests.test_import import table_counts

# Measures per national cluster in the shipped Cilegon appendix (195 in all).
SEED_PER_CLUSTER = {"K": 15, "I": 23, "II": 21, "III": 52, "IV": 37, "V": 47}


def _account(username: str, role: str = Profile.Role.SECRETARIAT) -> User:
    return make_account(username, role, None, full_name=username.title()).user


@pytest.fixture(autouse=True)
def _own_data_dir(settings: object, tmp_path: Path) -> None:
    # Each test sees only the files it staged itself.
    settings.DATA_DIR = tmp_path / "data"  # type: ignore[attr-defined]


@pytest.fixture
def clerk(db: None) -> Client:
    """The secretariat, signed in, on a database with no plan yet."""
    client = Client()
    client.force_login(_account("sekretariat-baru"))
    return client


def _upload(client: Client, data: bytes, name: str, fmt: str = "auto", region: str = "") -> object:
    return client.post(
        reverse("plan:import"),
        {"berkas": SimpleUploadedFile(name, data), "format": fmt, "kode_wilayah": region},
    )


def _token(response: object) -> str:
    location: str = response["Location"]  # type: ignore[index]
    return location.rstrip("/").rsplit("/", 1)[-1]


def _staged_files() -> list[str]:
    root = staging.staging_root(settings.DATA_DIR)
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def _preview_of(client: Client, token: str) -> ImportPreview:
    response = client.get(reverse("plan:import_preview", args=[token]))
    assert response.status_code == 200
    preview: ImportPreview = response.context["preview"]
    return preview


def test_the_preview_of_the_seed_shows_every_cluster_and_writes_nothing(
    clerk: Client, seed_bytes: bytes
) -> None:
    before = table_counts()
    response = _upload(clerk, seed_bytes, SEED_NAME)
    assert response.status_code == 302
    page = clerk.get(response["Location"])
    html = page.content.decode()
    preview: ImportPreview = page.context["preview"]
    assert preview.measures == 195
    assert '<strong data-count="measures">195</strong>' in html
    assert {c.code: c.measures for c in preview.clusters} == SEED_PER_CLUSTER
    for cluster in preview.clusters:
        assert f'<tr data-cluster="{cluster.code}"><td>{cluster.name}</td>' in html
        assert f'<td class="num">{cluster.measures}</td>' in html
        assert len(cluster.sample) == 3
    assert html.count('<tr data-sample="') == 18
    assert "Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023" in html
    assert (preview.start_year, preview.end_year, preview.baseline_year) == (2023, 2026, 2022)
    assert (preview.indicators, preview.actions, preview.targets) == (28, 177, 195 * 4)
    # Every warning is on the page, each naming its file and line.
    assert preview.warnings
    assert html.count("<li>perwal-cilegon-7-2023-rad-kla.txt, baris ") == len(preview.warnings)
    assert len(preview.proposals) == 195
    assert html.count('<td class="loc">baris ') == 195 + 18
    assert preview.state == NEW
    assert 'id="confirm-form"' in html
    assert table_counts() == before
    assert Plan.objects.count() == 0
    assert len(_staged_files()) == 2


def test_confirming_imports_what_was_previewed_in_one_audited_transaction(
    clerk: Client, seed_bytes: bytes
) -> None:
    token = _token(_upload(clerk, seed_bytes, SEED_NAME))
    preview = _preview_of(clerk, token)
    response = clerk.post(reverse("plan:import_confirm", args=[token]), follow=True)
    plan = Plan.objects.get()
    assert response.redirect_chain[-1][0] == reverse("plan:overview", args=[plan.pk])
    html = response.content.decode()
    assert "28 indikator, 177 rencana aksi, 195 ukuran, 780 target" in html
    assert Measure.objects.filter(plan=plan).count() == 195
    per_cluster = {
        code: Measure.objects.filter(plan=plan, action__indicator__cluster__code=code).count()
        for code in SEED_PER_CLUSTER
    }
    assert per_cluster == SEED_PER_CLUSTER
    events = AuditEvent.objects.filter(action="plan.import")
    assert events.count() == 1
    actor = events.get().actor
    assert actor is not None
    assert actor.username == "sekretariat-baru"
    # The preview announced exactly the warnings the import recorded, and the proposals it wrote.
    assert plan.import_warnings == list(preview.warnings)
    written = dict(Measure.objects.filter(plan=plan).values_list("source_line", "polarity"))
    assert written == {p.location: p.polarity for p in preview.proposals}
    assert _staged_files() == []
    # The token is spent: confirming again imports nothing more.
    again = clerk.post(reverse("plan:import_confirm", args=[token]))
    assert again.status_code == 404
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("catatan.txt", b"ini bukan peraturan\n", "catatan.txt: tidak ada tabel lampiran"),
        ("rusak.xlsx", b"PK\x03\x04 bukan buku kerja", "rusak.xlsx:"),
        ("surat.docx", b"apa saja", "Berkas surat.docx bukan PDF, teks (.txt) atau Excel"),
    ],
)
def test_a_bad_file_shows_its_one_line_reason_and_changes_nothing(
    clerk: Client, name: str, data: bytes, reason: str
) -> None:
    before = table_counts()
    response = _upload(clerk, data, name)
    assert response.status_code == 400
    html = response.content.decode()
    assert reason in html
    assert 'id="import-form"' in html
    assert table_counts() == before
    assert _staged_files() == []


def test_a_file_over_the_size_limit_is_refused(
    clerk: Client, seed_bytes: bytes, settings: object
) -> None:
    settings.UPLOAD_MAX_BYTES = 1_048_576  # type: ignore[attr-defined]
    response = _upload(clerk, seed_bytes + b" " * 1_048_576, SEED_NAME)
    assert response.status_code == 400
    assert f"Berkas {SEED_NAME} lebih besar dari 1 MB." in response.content.decode()
    assert _staged_files() == []


def test_another_users_token_or_a_forged_one_is_refused(clerk: Client, seed_bytes: bytes) -> None:
    token = _token(_upload(clerk, seed_bytes, SEED_NAME))
    other = Client()
    other.force_login(_account("sekretariat-lain"))
    before = table_counts()
    forged = "A" * 43
    for tried in (token, forged, "..%2F..%2Fsecret_key"):
        assert other.get(reverse("plan:import_preview", args=[tried])).status_code == 404
        assert other.post(reverse("plan:import_confirm", args=[tried])).status_code == 404
    assert clerk.get(reverse("plan:import_preview", args=[forged])).status_code == 404
    assert table_counts() == before
    # The uploader's own token still works afterwards.
    confirmed = clerk.post(reverse("plan:import_confirm", args=[token]))
    assert confirmed.status_code == 302
    assert Plan.objects.count() == 1


@pytest.mark.parametrize("persona", ["dinkes_operator", "pimpinan"])
def test_only_the_secretariat_may_import(
    persona: str,
    request: pytest.FixtureRequest,
    clerk: Client,
    seed_bytes: bytes,
) -> None:
    token = _token(_upload(clerk, seed_bytes, SEED_NAME))
    profile: Profile = request.getfixturevalue(persona)
    client = Client()
    client.force_login(profile.user)
    before = table_counts()
    assert client.get(reverse("plan:import")).status_code == 403
    assert _upload(client, seed_bytes, SEED_NAME).status_code == 403  # type: ignore[attr-defined]
    assert client.get(reverse("plan:import_preview", args=[token])).status_code == 403
    assert client.post(reverse("plan:import_confirm", args=[token])).status_code == 403
    assert table_counts() == before
    # Nor do they see the way in.
    overview = client.get(reverse("plan:overview", args=[Plan.objects.get().pk]))
    assert 'id="plan-import-link"' not in overview.content.decode()


def test_anonymous_visitors_are_sent_to_login(client: Client, db: None) -> None:
    token = "A" * 43
    for response in (
        client.get(reverse("plan:import")),
        client.post(reverse("plan:import")),
        client.get(reverse("plan:import_preview", args=[token])),
        client.post(reverse("plan:import_confirm", args=[token])),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_secretariat_finds_the_import_from_the_plan_list_and_header(
    clerk: Client, seed_bytes: bytes
) -> None:
    empty = clerk.get(reverse("plan:home")).content.decode()
    assert f'href="{reverse("plan:import")}" id="plan-import-link"' in empty
    clerk.post(reverse("plan:import_confirm", args=[_token(_upload(clerk, seed_bytes, SEED_NAME))]))
    plan = Plan.objects.get()
    header = clerk.get(reverse("plan:overview", args=[plan.pk])).content.decode()
    assert f'href="{reverse("plan:import")}" id="plan-import-link"' in header


def test_a_workbook_exported_from_the_plan_previews_the_same_counts(
    clerk: Client, cilegon_plan: Plan
) -> None:
    workbook = plan_xlsx(cilegon_plan, measure_rows(cilegon_plan))
    token = _token(_upload(clerk, workbook, "rad-kla-cilegon.xlsx"))
    # The same regulation is already here, with the same content: nothing would change.
    identical = _preview_of(clerk, token)
    assert identical.state == IDENTICAL
    page = clerk.get(reverse("plan:import_preview", args=[token])).content.decode()
    assert "sudah diimpor dengan isi yang sama" in page
    assert 'id="confirm-form"' not in page
    cilegon_plan.delete()
    fresh = _preview_of(clerk, token)
    assert fresh.state == NEW
    assert fresh.measures == 195
    assert {c.code: c.measures for c in fresh.clusters} == SEED_PER_CLUSTER
    assert (fresh.indicators, fresh.actions, fresh.targets) == (28, 177, 780)


def test_other_content_under_the_same_regulation_is_previewed_as_a_revision(
    clerk: Client, cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    last_row = b"terorisme\tKota\t1\t1\t1\t1\t1\tKesbangpol"
    changed = seed_bytes.replace(last_row, last_row.replace(b"1\tKes", b"2\tKes"))
    assert changed != seed_bytes
    token = _token(_upload(clerk, changed, "perwal-cilegon-ubah.txt"))
    response = clerk.get(reverse("plan:import_preview", args=[token]))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert [(c.label, c.old, c.new) for e in diff.changed for c in e.changes] == [
        ("target 2026", "1", "2")
    ]
    page = response.content.decode()
    assert "target 2026" in page and 'id="revision-form"' in page
    before = table_counts()
    # Importing it as a new plan is refused, and says what differs.
    refused = clerk.post(reverse("plan:import_confirm", args=[token]), follow=True)
    assert "1 ukuran diubah (1 isian), 0 ditambah, 0 dihapus" in refused.content.decode()
    # A revision needs a reason: the form comes back, nothing written.
    revise = reverse("plan:import_revise", args=[token])
    missing = clerk.post(revise, {"alasan": " ", "berlaku": "2023-1"})
    assert missing.status_code == 400
    assert table_counts() == before
    done = clerk.post(revise, {"alasan": "Perwal perubahan 2025", "berlaku": "2025-1"})
    assert done.status_code == 302
    revision = PlanRevision.objects.get(plan=cilegon_plan, number=1)
    assert (revision.reason, revision.effective_from) == ("Perwal perubahan 2025", 20251)
    assert revision.created_by is not None
    assert revision.created_by.username == "sekretariat-baru"
    assert _staged_files() == []


def test_a_region_code_of_another_level_is_named_before_confirming(
    clerk: Client, seed_bytes: bytes
) -> None:
    token = _token(_upload(clerk, seed_bytes, SEED_NAME, region="36.01"))
    preview = _preview_of(clerk, token)
    assert "wilayah 36.01 adalah Kabupaten" in preview.region.problem
    assert not preview.can_confirm
    before = table_counts()
    response = clerk.post(reverse("plan:import_confirm", args=[token]), follow=True)
    assert preview.region.problem in response.content.decode()
    assert table_counts() == before


def test_the_preview_reads_three_queries_and_writes_none(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    parsed = read_plan_file(seed_bytes, SEED_NAME)
    with CaptureQueriesContext(connection) as queries:
        preview = import_preview(parsed)
    assert len(queries.captured_queries) == 3
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert preview.state == IDENTICAL
    assert preview.existing_plan_id == cilegon_plan.pk


def test_staged_files_older_than_a_day_are_swept(tmp_path: Path) -> None:
    old = staging.stage(
        root=tmp_path, data=b"lama", user_id=1, source_name="a.txt", fmt="auto", region_code=""
    )
    day_ago = time.time() - staging.MAX_AGE_SECONDS - 60
    for path in tmp_path.iterdir():
        os.utime(path, (day_ago, day_ago))
    new = staging.stage(
        root=tmp_path, data=b"baru", user_id=1, source_name="b.txt", fmt="auto", region_code=""
    )
    with pytest.raises(staging.StagedFileMissing):
        staging.load_staged(tmp_path, old, user_id=1)
    assert staging.load_staged(tmp_path, new, user_id=1).data == b"baru"
    with pytest.raises(staging.StagedFileMissing):
        staging.load_staged(tmp_path, new, user_id=2)
    assert len(new) == 43
    assert new != old


@settings_(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(max_size=60))
def test_no_token_reaches_a_file_outside_the_staging_folder(tmp_path: Path, token: str) -> None:
    root = tmp_path / "impor"
    root.mkdir(exist_ok=True)
    secret = tmp_path / "secret_key"
    secret.write_text("rahasia")
    (root / "bukan-token.json").write_text('{"user_id": 1}')
    with pytest.raises(staging.StagedFileMissing):
        staging.load_staged(root, token, user_id=1)
    staging.discard(root, token)
    assert secret.read_text() == "rahasia"
    assert (root / "bukan-token.json").exists()
