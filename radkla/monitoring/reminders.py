"""Reminding agencies whose reports are due within a week or already late.

Run daily (``radkla remind``, e.g. from cron); it sends each agency at most one
e-mail of a kind per period and day, and records who was reminded.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from radkla.accounts.models import Profile
from radkla.audittrail.services import record_event
from radkla.monitoring.models import Reminder, ReportingPeriod
from radkla.monitoring.selectors import agency_status
from radkla.plan.models import Agency, Plan

DUE_WITHIN_DAYS = 7


def send_reminders(*, plan: Plan, today: dt.date) -> list[Reminder]:
    """E-mail every agency with unfinished reports that are due soon or late."""
    agencies = list(Agency.objects.filter(measures__plan=plan).distinct().order_by("name"))
    users = (
        get_user_model()
        .objects.filter(profile__role=Profile.Role.OPERATOR, is_active=True)
        .exclude(email="")
    )
    emails: dict[int, list[str]] = {}
    for user in users.values("email", "profile__agency_id"):
        emails.setdefault(user["profile__agency_id"], []).append(user["email"])
    sent = []
    for agency in agencies:
        for status in agency_status(plan, agency.pk):
            period = status.period
            if period.state != ReportingPeriod.State.OPEN or not status.to_do:
                continue
            if status.is_late(today):
                kind = Reminder.Kind.LATE
            elif today <= period.deadline <= today + dt.timedelta(days=DUE_WITHIN_DAYS):
                kind = Reminder.Kind.DUE
            else:
                continue
            reminder = _send(
                agency, status.period, kind, status.to_do, emails.get(agency.pk, []), today
            )
            if reminder is not None:
                sent.append(reminder)
    return sent


def _send(
    agency: Agency,
    period: ReportingPeriod,
    kind: str,
    pending: int,
    recipients: list[str],
    today: dt.date,
) -> Reminder | None:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                agency=agency,
                period=period,
                kind=kind,
                sent_on=today,
                recipients=", ".join(recipients),
                pending=pending,
            )
            record_event(
                actor=None,
                action="reminder.send",
                obj=reminder,
                summary=(
                    f"Pengingat {reminder.get_kind_display().lower()} untuk {agency} "
                    f"({period.label})"
                ),
                new={"recipients": recipients, "pending": pending},
            )
    except IntegrityError:
        return None  # already reminded today
    if recipients:
        late = kind == Reminder.Kind.LATE
        subject = (
            f"[RAD KLA] Laporan {period.label} {'terlambat' if late else 'segera jatuh tempo'}"
        )
        body = (
            f"Yth. operator {agency.name},\n\n"
            f"{pending} ukuran untuk {period.label} belum selesai dilaporkan. "
            f"Batas lapor: {period.deadline:%d-%m-%Y}"
            f"{' (sudah lewat)' if late else ''}.\n\n"
            "Silakan isi dan ajukan melalui menu Laporan saya di radkla.\n"
        )
        send_mail(subject, body, None, recipients)
    return reminder
