"""Where each role lands after signing in, and the secretariat's start page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM, scope_for
from radkla.accounts.models import Profile
from radkla.conftest import TEST_PASSWORD
from radkla.meetings.services import complete_follow_up, record_meeting
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.selectors import target_is_due
from radkla.monitoring.services import Entry, save_entry, submit_realization
from radkla.monitoring.tests.conftest import persona
from radkla.monitoring.values import read_value
from radkla.plan.models import Agency, Measure, MeasureAgency, Plan

WIB = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.date(2025, 6, 16)  # caturwulan I 2025 is past its deadline (10 May)


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=WIB), tick=False)


def _sign_in(username: str, **extra: str) -> tuple[Client, str]:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": TEST_PASSWORD, **extra}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client, response["Location"]


def _submit(measure: Measure, period: ReportingPeriod, text: str) -> None:
    agency = Agency.objects.get(pk=measure.agency_links.first().agency_id)  # type: ignore[union-attr]
    operator = scope_for(
        persona(f"op-{agency.pk}-{measure.pk}", Profile.Role.OPERATOR, agency.acronym).user
    )
    draft = save_entry(
        entry=Entry(measure=measure, value=read_value(text, unit=measure.unit, target=None)),
        period=period,
        scope=operator,
        actor=None,
    )
    submit_realization(realization=draft, scope=operator, actor=None)


def _dinkes_measures(plan: Plan) -> list[Measure]:
    """Dinkes' measures due in 2025 whose row names Dinkes alone, in cluster III."""
    return [
        m
        for m in Measure.objects.filter(
            plan=plan,
            agency_links__agency__acronym="Dinkes",
            action__indicator__cluster__code="III",
        )
        .prefetch_related("targets", "agency_links")
        .order_by("position")
        if len(m.agency_links.all()) == 1
        and any(t.year == 2025 and target_is_due(t.raw, m.unit) for t in m.targets.all())
    ]


@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("dinkes", "monitoring:my_reports"),
        ("pimpinan", "achievement:dashboard"),
        ("sekretariat", "monitoring:workbench"),
    ],
)
def test_each_role_lands_on_its_start_page(
    people: dict[str, Profile], period: ReportingPeriod, username: str, landing: str
) -> None:
    client, location = _sign_in(username)
    assert location == reverse(landing)
    # The brand link and "/" lead to the same page, and it answers.
    assert client.get("/")["Location"] == location
    assert client.get(location).status_code == 200


def test_a_coordinator_lands_on_the_queue_with_their_submissions(
    people: dict[str, Profile], cilegon_plan: Plan, period: ReportingPeriod
) -> None:
    from radkla.monitoring.services import create_periods, open_period

    # A newer open period without submissions: the queue with work still comes first.
    newer = open_period(
        period=create_periods(plan=cilegon_plan, year=2026, scope=SYSTEM, actor=None)[0],
        scope=SYSTEM,
        actor=None,
    )
    _submit(_dinkes_measures(cilegon_plan)[0], period, "50")  # cluster III
    client, location = _sign_in("koordinator3")
    assert location == reverse("monitoring:verification", args=[period.pk])
    assert client.get(location).status_code == 200
    assert client.get("/")["Location"] == location
    # Nothing waits in cluster V: the newest open period's queue.
    _client, elsewhere = _sign_in("koordinator5")
    assert elsewhere == reverse("monitoring:verification", args=[newer.pk])


def test_a_coordinator_without_any_open_period_lands_on_the_periods(
    people: dict[str, Profile],
) -> None:
    _client, location = _sign_in("koordinator3")
    assert location == reverse("monitoring:periods")


def test_a_next_page_still_wins_and_slash_does_not_count_as_one(
    people: dict[str, Profile], period: ReportingPeriod
) -> None:
    assert _sign_in("dinkes", next="/capaian/")[1] == "/capaian/"
    assert _sign_in("dinkes", next="/")[1] == reverse("monitoring:my_reports")


def test_a_visitor_at_the_root_is_asked_to_sign_in(db: None) -> None:
    assert Client().get("/")["Location"] == reverse("accounts:login")


def test_only_the_secretariat_has_the_work_page(
    people: dict[str, Profile], period: ReportingPeriod
) -> None:
    client, _location = _sign_in("pimpinan")
    assert client.get(reverse("monitoring:workbench")).status_code == 403


def test_the_secretariat_page_counts_what_waits(
    people: dict[str, Profile], cilegon_plan: Plan, period: ReportingPeriod
) -> None:
    dinkes = _dinkes_measures(cilegon_plan)
    _submit(dinkes[0], period, "50")
    _submit(dinkes[1], period, "60")
    owner = Agency.objects.get(acronym="Dinsos")
    meeting = record_meeting(
        plan=cilegon_plan,
        period=period,
        held_on=dt.date(2025, 5, 20),
        title="Rapat koordinasi I",
        decisions=[
            ("Lengkapi data anak terlantar.", owner.pk, dt.date(2025, 6, 1)),  # overdue
            ("Susun profil anak.", owner.pk, dt.date(2025, 7, 1)),  # not yet due
            ("Kirim undangan forum anak.", owner.pk, dt.date(2025, 6, 2)),  # done in time
            ("Catatan umum.", None, None),  # no due date
        ],
        scope=SYSTEM,
        actor=None,
    )
    done = meeting.decisions.get(position=3)
    complete_follow_up(decision=done, note="Sudah dikirim.", scope=SYSTEM, actor=None)
    # Agencies due in 2025 (a numeric target that year): every one is late, none finished.
    due = {
        link.agency_id
        for link in MeasureAgency.objects.filter(measure__plan=cilegon_plan).select_related(
            "measure"
        )
        if any(
            t.year == 2025 and target_is_due(t.raw, link.measure.unit)
            for t in link.measure.targets.all()
        )
    }
    assert len(due) > 5
    client, _location = _sign_in("sekretariat")
    with _at(TODAY):
        response = client.get(reverse("monitoring:workbench"))
    html = response.content.decode()
    assert '<strong data-count="open">1</strong>' in html
    assert '<strong data-count="waiting">2</strong>' in html
    assert '<strong data-count="overdue">1</strong>' in html
    assert f'<strong data-count="late">{len(due)}</strong>' in html
    assert html.count('<tr data-agency="') == len(due)
    assert html.count('<tr data-decision="') == 1 and "Lengkapi data anak terlantar." in html
    # Every item links to where it is acted on.
    verify = reverse("monitoring:verification", args=[period.pk])
    assert f'href="{verify}"' in html
    assert f'href="{reverse("meetings:detail", args=[meeting.pk])}"' in html
    dinkes_id = Agency.objects.get(acronym="Dinkes").pk
    assert f'href="{reverse("achievement:agency", args=[dinkes_id])}"' in html
    # Before the deadline nobody is late.
    with _at(dt.date(2025, 5, 1)):
        early = client.get(reverse("monitoring:workbench")).content.decode()
    assert '<strong data-count="late">0</strong>' in early
    assert '<strong data-count="overdue">0</strong>' in early


def test_the_work_page_costs_the_same_queries_whatever_waits(
    people: dict[str, Profile],
    cilegon_plan: Plan,
    period: ReportingPeriod,
    django_assert_max_num_queries,
) -> None:  # type: ignore[no-untyped-def]
    client, _location = _sign_in("sekretariat")
    with _at(TODAY), django_assert_max_num_queries(WORK_PAGE_QUERIES):
        assert client.get(reverse("monitoring:workbench")).status_code == 200
    for measure in _dinkes_measures(cilegon_plan)[:3]:
        _submit(measure, period, "50")
    with _at(TODAY), django_assert_max_num_queries(WORK_PAGE_QUERIES):
        assert client.get(reverse("monitoring:workbench")).status_code == 200


# Session, user, profile (+ clusters), the plan, then the periods, the waiting submissions,
# the late agencies (periods, agency links, realizations) and the follow-ups.
WORK_PAGE_QUERIES = 11
