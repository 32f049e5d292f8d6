"""A plan's revision history, two revisions compared, and a measure corrected on the pages."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.plan.inforce import period_key
from radkla.plan.models import Measure, Plan, PlanRevision
from radkla.plan.revisions import apply_revision, measure_fingerprint
from radkla.plan.services import read_plan_file
from radkla.plan.tests.test_revisions import AKTA, FIRST_TARGET, MEASURE, SOCIALISED, edited

INOVASI = "\tJumlah Inovasi\t"


def _revise(plan: Plan, data: bytes, reason: str, effective: int) -> PlanRevision:
    return apply_revision(
        plan=plan,
        parsed=read_plan_file(data, "perubahan.txt"),
        reason=reason,
        actor=None,
        effective_from=effective,
    ).revision


@pytest.fixture
def two_revisions(cilegon_plan: Plan, seed_bytes: bytes) -> Plan:
    """Revision 1 raises the akta target 2024; revision 2 also drops a measure and renames one."""
    first = edited(seed_bytes, [(AKTA, FIRST_TARGET + 1, "99")])
    _revise(cilegon_plan, first, "Perubahan target akta", period_key(2025, 1))
    second = edited(
        seed_bytes,
        [(AKTA, FIRST_TARGET + 1, "99"), (INOVASI, MEASURE, "Jumlah Inovasi Layanan Anak")],
        drop=(SOCIALISED,),
    )
    _revise(cilegon_plan, second, "Sosialisasi selesai", period_key(2025, 2))
    return cilegon_plan


def _client(profile: Profile) -> Client:
    client = Client()
    client.force_login(profile.user)
    return client


def test_the_history_lists_every_revision_newest_first_with_its_diff(
    two_revisions: Plan, pimpinan: Profile
) -> None:
    page = _client(pimpinan).get(reverse("plan:history", args=[two_revisions.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # Newest first, and the import named as such.
    assert (
        html.index('data-label="2"') < html.index('data-label="1"') < html.index('data-label="0"')
    )
    assert "Revisi 0 — impor awal" in html
    assert "Perubahan target akta" in html and "Sosialisasi selesai" in html
    assert "Caturwulan I 2025" in html and "Caturwulan II 2025" in html
    assert "perubahan.txt" in html and "sistem" in html
    # Revision 1 against 0: the target as "target 2024: old → new".
    first = html[html.index('data-label="1"') : html.index('data-label="0"')]
    assert "target 2024:" in first and "97,75" in first and "99" in first
    assert "1 ukuran diubah (1 isian), 0 ditambah, 0 dihapus" in first
    # Revision 2 against 1: the retired measure shows as removed, the renamed one as changed.
    second = html[html.index('data-label="2"') : html.index('data-label="1"')]
    assert "dihapus" in second and SOCIALISED in second
    assert "Jumlah Inovasi Layanan Anak" in second and "target 2024" not in second


def test_comparing_revision_0_and_2_shows_the_union_of_changes(
    two_revisions: Plan, pimpinan: Profile
) -> None:
    url = reverse("plan:compare", args=[two_revisions.pk])
    page = _client(pimpinan).get(url, {"dari": "0", "ke": "2"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 ukuran diubah (2 isian), 0 ditambah, 1 dihapus" in html
    assert "target 2024" in html and "Jumlah Inovasi Layanan Anak" in html
    assert SOCIALISED in html
    # By the revision's id as well as its label.
    second = PlanRevision.objects.get(plan=two_revisions, number=2)
    by_id = _client(pimpinan).get(url, {"dari": "0", "ke": str(second.pk)})
    assert by_id.status_code == 200 and "1 dihapus" in by_id.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"dari": "0", "ke": "NONE"},
        {"dari": "abc", "ke": "1"},
        {"ke": "1"},
        {"dari": "0", "ke": "1.9"},
        {"dari": "0", "ke": "1" * 30},
    ],
)
def test_unknown_revisions_to_compare_give_the_404_page(
    two_revisions: Plan, pimpinan: Profile, query: dict[str, str]
) -> None:
    # A number neither a label nor the id of any revision (ids are not reset between tests).
    unused = PlanRevision.objects.order_by("-pk")[0].pk + 1000
    query = {k: str(unused) if v == "NONE" else v for k, v in query.items()}
    page = _client(pimpinan).get(reverse("plan:compare", args=[two_revisions.pk]), query)
    assert page.status_code == 404
    assert "Halaman tidak ditemukan" in page.content.decode()


def test_the_overview_names_the_revision_in_force_and_links_the_history(
    two_revisions: Plan, sekretariat: Profile
) -> None:
    html = _client(sekretariat).get(reverse("plan:overview", args=[two_revisions.pk])).content
    text = html.decode()
    assert reverse("plan:history", args=[two_revisions.pk]) in text
    # No period is open: the plan's first period is where work stands, so revision 0 is in force
    # and the newer one is announced.
    assert "Berlaku kini: Revisi 0 — impor awal" in text
    assert "Revisi 2 berlaku mulai Caturwulan II 2025" in text
    akta = Measure.objects.get(plan=two_revisions, name=AKTA)
    assert reverse("plan:correct", args=[two_revisions.pk, akta.pk]) in text


def _correction(measure: Measure, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": measure.name,
        "unit": measure.unit,
        "polarity": measure.polarity,
        "aggregation": measure.aggregation,
        "area_level": measure.area_level,
        "reason": "Salah ketik pada dokumen",
        "shown": measure_fingerprint(measure),
    }
    for flag in ("polarity_confirmed", "aggregation_confirmed", "requires_evidence"):
        if getattr(measure, flag):
            data[flag] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_correction_is_minor_revision_0_1_with_its_reason_and_audit_event(
    cilegon_plan: Plan, sekretariat: Profile
) -> None:
    measure = Measure.objects.get(plan=cilegon_plan, name=AKTA)
    url = reverse("plan:correct", args=[cilegon_plan.pk, measure.pk])
    client = _client(sekretariat)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _correction(measure, unit="Persen", requires_evidence="on", area_level="kecamatan"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("plan:history", args=[cilegon_plan.pk])
    assert "Koreksi disimpan sebagai revisi 0.1" in response.content.decode()
    measure.refresh_from_db()
    assert (measure.unit, measure.requires_evidence, measure.area_level) == (
        "Persen",
        True,
        "kecamatan",
    )
    revision = PlanRevision.objects.get(plan=cilegon_plan, number=0, minor=1)
    assert revision.kind == PlanRevision.Kind.CORRECTION
    assert revision.reason == "Salah ketik pada dokumen"
    assert revision.created_by == sekretariat.user
    event = AuditEvent.objects.get(action="plan.correct", object_id=str(cilegon_plan.pk))
    assert event.new["revision"] == "0.1" and event.new["unit"] == "Persen"
    # The history shows the correction with what it changed.
    html = response.content.decode()
    assert "Revisi 0.1" in html and "satuan:" in html and "per kecamatan" in html


def test_a_stale_correction_is_refused_and_nothing_changes(
    cilegon_plan: Plan, sekretariat: Profile
) -> None:
    measure = Measure.objects.get(plan=cilegon_plan, name=AKTA)
    form = _correction(measure, unit="Persen anak")
    Measure.objects.filter(pk=measure.pk).update(unit="Persen (diubah orang lain)")
    response = _client(sekretariat).post(
        reverse("plan:correct", args=[cilegon_plan.pk, measure.pk]), form
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah diubah orang lain" in html
    assert 'value="Persen anak"' in html  # what was typed stays in the form
    measure.refresh_from_db()
    assert measure.unit == "Persen (diubah orang lain)"
    assert PlanRevision.objects.filter(plan=cilegon_plan).count() == 1
    assert not AuditEvent.objects.filter(action="plan.correct").exists()


def test_a_correction_needs_a_reason(cilegon_plan: Plan, sekretariat: Profile) -> None:
    measure = Measure.objects.get(plan=cilegon_plan, name=AKTA)
    response = _client(sekretariat).post(
        reverse("plan:correct", args=[cilegon_plan.pk, measure.pk]),
        _correction(measure, unit="Persen", reason="   "),
    )
    assert response.status_code == 400
    assert "Alasan koreksi wajib diisi" in response.content.decode()
    measure.refresh_from_db()
    assert measure.unit != "Persen"
    assert PlanRevision.objects.filter(plan=cilegon_plan).count() == 1


def test_only_the_secretariat_corrects_and_others_see_no_link(
    cilegon_plan: Plan, dinkes_operator: Profile, pimpinan: Profile
) -> None:
    measure = Measure.objects.get(plan=cilegon_plan, name=AKTA)
    url = reverse("plan:correct", args=[cilegon_plan.pk, measure.pk])
    for profile in (dinkes_operator, pimpinan):
        client = _client(profile)
        assert client.get(url).status_code == 403
        assert client.post(url, _correction(measure, unit="Persen")).status_code == 403
        overview = client.get(reverse("plan:overview", args=[cilegon_plan.pk])).content.decode()
        assert url not in overview
    measure.refresh_from_db()
    assert measure.unit != "Persen"


def test_an_archived_plan_offers_no_correction(cilegon_plan: Plan, sekretariat: Profile) -> None:
    Plan.objects.filter(pk=cilegon_plan.pk).update(status=Plan.Status.ARCHIVED)
    measure = Measure.objects.get(plan=cilegon_plan, name=AKTA)
    url = reverse("plan:correct", args=[cilegon_plan.pk, measure.pk])
    client = _client(sekretariat)
    assert url not in client.get(reverse("plan:overview", args=[cilegon_plan.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "sudah diarsipkan" in page and 'id="correct-form"' not in page
    refused = client.post(url, _correction(measure, unit="Persen"))
    assert refused.status_code == 400 and "diarsipkan" in refused.content.decode()
    measure.refresh_from_db()
    assert measure.unit != "Persen"


def test_a_measure_of_another_plan_is_not_found(cilegon_plan: Plan, sekretariat: Profile) -> None:
    measure = Measure.objects.get(plan=cilegon_plan, name=AKTA)
    url = reverse("plan:correct", args=[cilegon_plan.pk + 1, measure.pk])
    assert _client(sekretariat).get(url).status_code == 404
    url = reverse("plan:correct", args=[cilegon_plan.pk, 999_999])
    assert _client(sekretariat).get(url).status_code == 404


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_the_cli_lists_the_history_and_compares_two_revisions(two_revisions: Plan) -> None:
    listed = json.loads(_command("history", "--format", "json"))
    assert listed["plan"] == two_revisions.pk
    assert [r["label"] for r in listed["revisions"]] == ["2", "1", "0"]
    newest, first, imported = listed["revisions"]
    assert (newest["reason"], newest["effective_from"], newest["created_by"]) == (
        "Sosialisasi selesai",
        "2025-2",
        "sistem",
    )
    assert newest["diff"]["summary"] == {
        "changed": 1,
        "fields_changed": 1,
        "added": 0,
        "removed": 1,
    }
    assert first["diff"]["measures"][0]["changes"] == [
        {"field": "target:2024", "label": "target 2024", "old": "97,75", "new": "99"}
    ]
    assert imported["kind"] == "import" and imported["diff"] is None
    assert imported["measures"] == 195

    compared = json.loads(_command("diff", "0", "2", "--format", "json"))
    assert (compared["from"], compared["to"]) == ("0", "2")
    assert compared["summary"] == {"changed": 2, "fields_changed": 2, "added": 0, "removed": 1}
    table = _command("history")
    assert "Sosialisasi selesai" in table and "1 ukuran diubah (1 isian)" in table
    compared_table = _command("diff", "0", "1")
    assert "[diubah]" in compared_table and "target 2024: 97,75 → 99" in compared_table


def test_the_cli_refuses_an_unknown_revision_in_indonesian(two_revisions: Plan) -> None:
    with pytest.raises(CommandError, match="tidak punya revisi 5"):
        _command("diff", "0", "5")
    with pytest.raises(CommandError, match="tidak dikenal"):
        _command("diff", "x", "1")
