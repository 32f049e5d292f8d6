"""Reminders: due within a week or late, once a day, recorded for the secretariat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from radkla.accounts.models import Profile
from radkla.monitoring.models import Reminder, ReportingPeriod
from radkla.monitoring.reminders import send_reminders
from radkla.plan.models import Plan


@pytest.fixture
def with_email(people: dict[str, Profile]) -> dict[str, Profile]:
    for name in ("dinkes", "dinsos"):
        user = people[name].user
        user.email = f"{name}@contoh.go.id"
        user.save()
    return people


def test_agencies_are_reminded_before_the_deadline_and_when_late(
    cilegon_plan: Plan, with_email: dict[str, Profile], period: ReportingPeriod
) -> None:
    assert period.deadline == dt.date(2025, 5, 10)
    assert send_reminders(plan=cilegon_plan, today=dt.date(2025, 4, 1)) == []
    due = send_reminders(plan=cilegon_plan, today=dt.date(2025, 5, 5))
    assert {r.kind for r in due} == {Reminder.Kind.DUE}
    dinkes = next(r for r in due if r.agency.acronym == "Dinkes")
    assert dinkes.recipients == "dinkes@contoh.go.id" and dinkes.pending > 0
    messages = [m for m in mail.outbox if m.to == ["dinkes@contoh.go.id"]]
    assert len(messages) == 1 and "segera jatuh tempo" in messages[0].subject
    assert send_reminders(plan=cilegon_plan, today=dt.date(2025, 5, 5)) == []  # once a day
    late = send_reminders(plan=cilegon_plan, today=dt.date(2025, 5, 20))
    assert {r.kind for r in late} == {Reminder.Kind.LATE}
    assert "terlambat" in mail.outbox[-1].subject


def test_the_secretariat_sees_who_was_reminded(
    cilegon_plan: Plan,
    with_email: dict[str, Profile],
    period: ReportingPeriod,
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("remind", "--date", "2025-05-20")
    assert "pengingat dikirim" in capsys.readouterr().out
    client = Client()
    client.force_login(with_email["sekretariat"].user)
    page = client.get(reverse("monitoring:periods")).content.decode()
    assert 'id="reminders"' in page and "dinkes@contoh.go.id" in page
    operator = Client()
    operator.force_login(with_email["dinkes"].user)
    assert 'id="reminders"' not in operator.get(reverse("monitoring:periods")).content.decode()
    late_page = operator.get(reverse("monitoring:my_reports")).content.decode()
    # The period's deadline (10 May 2025) has passed by the real today: the page says so.
    assert 'id="late-notice"' in late_page


def test_timeliness_counts_submissions_made_by_the_deadline(
    people: dict[str, Profile], period: ReportingPeriod
) -> None:
    from radkla.monitoring.selectors import agency_status
    from radkla.monitoring.services import Entry, save_entry, submit_realization
    from radkla.monitoring.tests.conftest import scope
    from radkla.monitoring.values import read_value
    from radkla.plan.models import Measure

    dinkes = people["dinkes"]
    measure = Measure.objects.get(
        plan=period.plan, name="Persentase balita yang mendapat kapsul vitamin A"
    )
    draft = save_entry(
        entry=Entry(measure=measure, value=read_value("90", unit="%", target=None)),
        period=period,
        scope=scope(dinkes),
        actor=None,
    )
    submit_realization(realization=draft, scope=scope(dinkes), actor=None)
    late = next(s for s in agency_status(period.plan, dinkes.agency_id) if s.period == period)
    assert (late.reported, late.on_time) == (1, 0)  # the 2025 deadline has passed
    period.deadline = dt.date(2100, 1, 1)
    period.save()
    timely = next(s for s in agency_status(period.plan, dinkes.agency_id) if s.period == period)
    assert (timely.reported, timely.on_time) == (1, 1)
    assert timely.completeness.timely_percent is not None and timely.completeness.timely_percent > 0


def test_radkla_remind_counts_only_what_was_sent_and_names_agencies_without_an_address(
    with_email: dict[str, Profile],
    period: ReportingPeriod,
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("remind", "--date", "2025-05-20")
    out = capsys.readouterr().out
    reminders = list(Reminder.objects.all())
    unaddressed = [r for r in reminders if not r.recipients]
    assert len(reminders) > 2 and len(unaddressed) == len(reminders) - 2
    assert len(mail.outbox) == 2  # Dinkes and Dinsos have an operator with an address
    assert "\n2 pengingat dikirim.\n" in f"\n{out}"
    assert f"{len(unaddressed)} pengingat tidak terkirim" in out
    assert f"{unaddressed[0].agency} ({period.label})" in out
    assert "tanpa alamat e-mail" not in out.split("pengingat dikirim")[0]


def test_radkla_remind_with_no_address_at_all_says_none_was_sent(
    people: dict[str, Profile],
    period: ReportingPeriod,
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("remind", "--date", "2025-05-20")
    out = capsys.readouterr().out
    count = Reminder.objects.count()
    assert count > 0 and mail.outbox == []
    assert "0 pengingat dikirim." in out
    assert f"{count} pengingat tidak terkirim" in out and "Dinkes" in out
