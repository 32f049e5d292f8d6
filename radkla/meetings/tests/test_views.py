"""The meeting pages: who sees and does what, and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.meetings.models import Decision, Meeting
from radkla.meetings.selectors import open_follow_ups
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Agency, Plan


def signed_in(client: Client, profile: Profile) -> Client:
    client.force_login(profile.user)
    return client


def test_anonymous_visitors_are_sent_to_login(client: Client, meeting: Meeting) -> None:
    for url in (
        reverse("meetings:list"),
        reverse("meetings:create"),
        reverse("meetings:detail", args=[meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_reader_sees_the_list_and_the_meeting_with_its_snapshot(
    client: Client, meeting: Meeting, people: dict[str, Profile]
) -> None:
    reader = signed_in(client, people["pimpinan"])
    listing = reader.get(reverse("meetings:list")).content.decode()
    assert f'data-meeting="{meeting.pk}"' in listing
    assert "Rapat koordinasi caturwulan I" in listing
    assert "Catat rapat baru" not in listing
    response = reader.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lengkapi data imunisasi per Puskesmas." in html
    assert "Data PKH belum masuk." in html
    assert 'id="snapshot"' in html and "Dinas Kesehatan" in html
    for heading in ("Wajib", "Belum diisi", "Draf", "Diajukan", "Terverifikasi", "Dikembalikan"):
        assert f">{heading}</th>" in html
    assert "Tandai selesai" not in html  # a reader completes nothing


def test_the_pages_take_fixed_queries(
    client: Client,
    meeting: Meeting,
    people: dict[str, Profile],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    reader = signed_in(client, people["sekretariat"])
    url = reverse("meetings:detail", args=[meeting.pk])
    reader.get(url)
    # Session, user, scope (2), meeting, attendees, decisions, snapshot (3), and the
    # agencies for the secretariat's add-decision form, and the menu's question whether
    # the reader covers one city: the context processor reuses the view's scope.
    with django_assert_num_queries(12):
        reader.get(url)
    # Session, user, scope (2), plan, meetings with their counts.
    with django_assert_num_queries(6):
        reader.get(reverse("meetings:list"))


def test_a_missing_meeting_is_404(
    client: Client, meeting: Meeting, people: dict[str, Profile]
) -> None:
    reader = signed_in(client, people["pimpinan"])
    assert reader.get(reverse("meetings:detail", args=[meeting.pk + 1000])).status_code == 404
    secretariat = signed_in(Client(), people["sekretariat"])
    url = reverse("meetings:complete_follow_up", args=[meeting.pk + 1000, 1])
    assert secretariat.post(url, {"note": "Sudah."}).status_code == 404


def test_the_secretariat_records_a_meeting_by_post(
    client: Client,
    cilegon_plan: Plan,
    people: dict[str, Profile],
    period: ReportingPeriod,
    dinkes: Agency,
    dinsos: Agency,
) -> None:
    secretariat = signed_in(client, people["sekretariat"])
    form = secretariat.get(reverse("meetings:create")).content.decode()
    assert f'<option value="{period.pk}" selected>' in form  # the open period is offered first
    assert f'value="{dinkes.pk}"' in form and 'name="keputusan-5-text"' in form
    response = secretariat.post(
        reverse("meetings:create"),
        {
            "held_on": "2025-05-20",
            "period": str(period.pk),
            "title": "Rapat koordinasi Mei",
            "place": "Ruang rapat Setda",
            "minutes": "Dibuka oleh Sekda.",
            "attendees": [str(dinkes.pk), str(dinsos.pk)],
            "keputusan-1-text": "Perbarui data imunisasi.",
            "keputusan-1-owner": str(dinkes.pk),
            "keputusan-1-due_on": "2025-06-30",
            "keputusan-3-text": "Undang Forum Anak pada rapat berikutnya.",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert (meeting.title, meeting.period_id, meeting.attendees.count()) == (
        "Rapat koordinasi Mei",
        period.pk,
        2,
    )
    assert list(meeting.decisions.values_list("position", "owner_id")) == [
        (1, dinkes.pk),
        (2, None),
    ]
    assert AuditEvent.objects.filter(action="meeting.create").count() == 1
    # The title says "Rapat" already: the message and the log do not say it twice.
    page = secretariat.get(response["Location"]).content.decode()
    assert "Rapat koordinasi Mei dicatat." in page and "Rapat Rapat" not in page
    summary = AuditEvent.objects.get(action="meeting.create").summary
    assert summary == "Rapat koordinasi Mei (20-05-2025) dicatat"
    decisions = AuditEvent.objects.filter(action="decision.create").order_by("id")
    assert [e.summary for e in decisions] == [
        "Keputusan 1 Rapat koordinasi Mei dicatat; tindak lanjut oleh Dinkes",
        "Keputusan 2 Rapat koordinasi Mei dicatat",
    ]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Rapat koordinasi Mei", "Rapat koordinasi Mei"),
        ("RAPAT evaluasi", "RAPAT evaluasi"),
        ("Evaluasi caturwulan I", "Rapat Evaluasi caturwulan I"),
        ("Rapatan", "Rapat Rapatan"),
    ],
)
def test_a_meeting_is_named_with_rapat_once(title: str, name: str) -> None:
    assert Meeting(title=title).name == name


def test_the_form_shows_what_is_wrong_and_writes_nothing(
    client: Client, people: dict[str, Profile], period: ReportingPeriod, dinkes: Agency
) -> None:
    secretariat = signed_in(client, people["sekretariat"])
    base = {"held_on": "2025-05-20", "period": str(period.pk), "title": "Rapat"}
    early = secretariat.post(
        reverse("meetings:create"),
        {**base, "keputusan-1-text": "Kirim data.", "keputusan-1-due_on": "2025-05-01"},
    )
    assert early.status_code == 200
    assert "tidak boleh sebelum tanggal rapat" in early.content.decode()
    no_text = secretariat.post(
        reverse("meetings:create"), {**base, "keputusan-2-owner": str(dinkes.pk)}
    )
    assert "Isi teks keputusan, atau kosongkan baris ini." in no_text.content.decode()
    no_date = secretariat.post(reverse("meetings:create"), {**base, "held_on": ""})
    assert no_date.status_code == 200
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["dinkes", "koordinator3", "pimpinan"])
def test_the_create_page_is_403_for_anyone_but_the_secretariat(
    client: Client, people: dict[str, Profile], period: ReportingPeriod, who: str
) -> None:
    outsider = signed_in(client, people[who])
    assert outsider.get(reverse("meetings:create")).status_code == 403
    response = outsider.post(
        reverse("meetings:create"),
        {"held_on": "2025-05-20", "period": str(period.pk), "title": "Rapat"},
    )
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_the_owner_operator_completes_its_follow_up_from_its_page(
    client: Client, meeting: Meeting, people: dict[str, Profile], dinkes: Agency, dinsos: Agency
) -> None:
    mine = meeting.decisions.get(owner=dinkes)
    theirs = meeting.decisions.get(owner=dinsos)
    operator = signed_in(client, people["dinkes"])
    detail = operator.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:complete_follow_up", args=[meeting.pk, mine.pk]) in detail
    assert reverse("meetings:complete_follow_up", args=[meeting.pk, theirs.pk]) not in detail
    refused = operator.post(
        reverse("meetings:complete_follow_up", args=[meeting.pk, theirs.pk]), {"note": "Sudah."}
    )
    assert refused.status_code == 403
    back = reverse("monitoring:my_reports")
    response = operator.post(
        reverse("meetings:complete_follow_up", args=[meeting.pk, mine.pk]),
        {"note": "Data sudah lengkap.", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.state, theirs.state) == (Decision.State.DONE, Decision.State.OPEN)
    again = operator.post(
        reverse("meetings:complete_follow_up", args=[meeting.pk, mine.pk]),
        {"note": "Lagi.", "next": "https://contoh.invalid/"},
        follow=True,
    )
    assert again.redirect_chain[-1][0] == reverse("meetings:detail", args=[meeting.pk])
    assert "Tindak lanjut ini sudah selesai." in again.content.decode()


def test_the_follow_up_partial_renders_a_form_per_item_only_when_allowed(
    meeting: Meeting, dinkes: Agency
) -> None:
    request = RequestFactory().get("/lapor/")
    follow_ups = open_follow_ups(dinkes.pk)
    with_forms = render_to_string(
        "meetings/partials/follow_ups.html",
        {"follow_ups": follow_ups, "can_complete": True},
        request=request,
    )
    assert with_forms.count('name="note"') == 1
    assert 'name="next" value="/lapor/"' in with_forms
    assert "Lengkapi data imunisasi per Puskesmas." in with_forms
    read_only = render_to_string(
        "meetings/partials/follow_ups.html",
        {"follow_ups": follow_ups, "can_complete": False},
        request=request,
    )
    assert 'name="note"' not in read_only
    empty = render_to_string(
        "meetings/partials/follow_ups.html", {"follow_ups": [], "can_complete": True}
    )
    assert "Tidak ada tindak lanjut rapat yang terbuka." in empty


def test_the_secretariat_corrects_a_meeting_and_a_stale_page_is_refused(
    client: Client, meeting: Meeting, people: dict[str, Profile], dinkes: Agency
) -> None:
    secretariat = signed_in(client, people["sekretariat"])
    url = reverse("meetings:edit", args=[meeting.pk])
    page = secretariat.get(url).content.decode()
    assert 'name="version" value="1"' in page and "Capaian imunisasi dibahas." in page
    changed = {
        "held_on": "2025-05-15",
        "period": str(meeting.period_id),
        "title": meeting.title,
        "place": "Aula DP3AP2KB",
        "minutes": "Capaian imunisasi dibahas.\nData PKH masuk 10 Juni.",
        "attendees": [str(dinkes.pk)],
        "version": "1",
    }
    response = secretariat.post(url, changed)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes.endswith("Data PKH masuk 10 Juni.")
    assert list(meeting.attendees.values_list("pk", flat=True)) == [dinkes.pk]
    assert meeting.version == 2
    assert AuditEvent.objects.filter(action="meeting.change").count() == 1
    # Someone else's page, loaded at version 1, does not overwrite the change.
    stale = secretariat.post(url, {**changed, "minutes": "Versi lama."})
    assert stale.status_code == 200
    assert "sudah diubah orang lain" in stale.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes.endswith("Data PKH masuk 10 Juni.")


def test_the_secretariat_adds_a_decision_that_becomes_a_follow_up(
    client: Client, meeting: Meeting, people: dict[str, Profile], dinsos: Agency
) -> None:
    secretariat = signed_in(client, people["sekretariat"])
    detail = reverse("meetings:detail", args=[meeting.pk])
    assert 'id="add-decision"' in secretariat.get(detail).content.decode()
    url = reverse("meetings:add_decision", args=[meeting.pk])
    response = secretariat.post(
        url,
        {
            "baru-text": "Susun profil anak 2025.",
            "baru-owner": str(dinsos.pk),
            "baru-due_on": "2025-08-01",
        },
    )
    assert response.status_code == 302
    added = meeting.decisions.get(position=4)
    assert (added.text, added.owner_id) == ("Susun profil anak 2025.", dinsos.pk)
    assert added in open_follow_ups(dinsos.pk)
    early = secretariat.post(url, {"baru-text": "Terlambat.", "baru-due_on": "2025-01-01"})
    assert (
        "tidak boleh sebelum tanggal rapat" in secretariat.get(early["Location"]).content.decode()
    )
    secretariat.post(url, {"baru-owner": str(dinsos.pk)})
    assert meeting.decisions.count() == 4


@pytest.mark.parametrize("who", ["dinkes", "koordinator3", "pimpinan"])
def test_only_the_secretariat_edits_meetings_and_adds_decisions(
    client: Client, meeting: Meeting, people: dict[str, Profile], who: str
) -> None:
    outsider = signed_in(client, people[who])
    assert outsider.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403
    response = outsider.post(
        reverse("meetings:add_decision", args=[meeting.pk]), {"baru-text": "Keputusan."}
    )
    assert response.status_code == 403
    page = outsider.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'id="add-decision"' not in page and 'id="edit-meeting"' not in page
    assert meeting.decisions.count() == 3
