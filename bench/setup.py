"""Shared benchmark setup: a plan with four years of demo realizations, and its removal."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from radkla.accounts.services import ensure_demo_accounts
from radkla.meetings.models import Meeting
from radkla.monitoring.demo import generate
from radkla.monitoring.models import Evidence, Realization, ReportingPeriod
from radkla.plan.models import Plan
from radkla.plan.services import import_plan, read_plan_file


def load_plan(name: str, text: str) -> tuple[Plan, dict[str, User], int]:
    """Import a regulation text and give it 2023-2026 of verified demo realizations."""
    plan = import_plan(parsed=read_plan_file(text.encode(), f"{name}.txt"), actor=None).plan
    logins = ensure_demo_accounts(plan)
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[x.username for x in logins])
    }
    made = generate(plan=plan, today=dt.date(plan.end_year + 1, 1, 1), users=users)
    return plan, users, made


def drop_plan(plan: Plan) -> None:
    """Remove a plan and its monitoring rows so the next one is the only plan."""
    Meeting.objects.filter(plan=plan).delete()
    Evidence.objects.filter(realization__period__plan=plan).delete()
    Realization.objects.filter(period__plan=plan).delete()
    ReportingPeriod.objects.filter(plan=plan).delete()
    plan.delete()
