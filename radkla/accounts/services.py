"""Creating accounts with their role; the demo accounts live here too."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from radkla.accounts.models import Profile, region_problem
from radkla.audittrail.services import Actor, record_event
from radkla.plan.models import Agency, Cluster, Plan
from radkla.regions.models import Region

DEMO_PASSWORD = "demo-radkla"  # noqa: S105  (printed to the console; demo databases only)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role: str
    agency: str


class AccountError(ValueError):
    pass


def create_account(
    *,
    username: str,
    password: str,
    role: str,
    agency: Agency | None,
    full_name: str,
    actor: Actor,
    region: Region | None = None,
    administrator: bool | None = None,
) -> Profile:
    """An account working in ``region`` (an operator: its agency's region).

    The installation's administrator (the admin pages, every city) is by default a
    secretariat account without a region; a single-city installation may make its
    city's secretariat the administrator too.
    """
    if region is None and agency is not None:
        region = agency.region
    problem = region_problem(role, region, agency)
    if problem:
        raise AccountError(problem)
    if administrator is None:
        administrator = role == Profile.Role.SECRETARIAT and region is None
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username,
            password=password,
            first_name=full_name,
            is_staff=administrator,
            is_superuser=administrator,
        )
        profile = Profile.objects.create(user=user, role=role, agency=agency, region=region)
        record_event(
            actor=actor,
            action="account.create",
            obj=profile,
            summary=f"Akun {username} dibuat sebagai {profile.get_role_display()}",
            new={
                "username": username,
                "role": role,
                "agency": agency.name if agency else None,
                "region": region.name if region else None,
            },
        )
    return profile


# The demo's people: the secretariat, a reader, two cluster coordinators and a few
# agencies' operators (with .invalid addresses, so reminders go nowhere real).
_DEMO_ACCOUNTS = (
    ("sekretariat", Profile.Role.SECRETARIAT, "", (), "Demo Sekretariat Gugus Tugas"),
    ("pimpinan", Profile.Role.VIEWER, "", (), "Demo Pimpinan"),
    ("koordinator3", Profile.Role.COORDINATOR, "", ("III",), "Demo Koordinator Klaster III"),
    ("koordinator5", Profile.Role.COORDINATOR, "", ("V",), "Demo Koordinator Klaster V"),
    ("dinkes", Profile.Role.OPERATOR, "DINKES", (), "Demo Operator Dinas Kesehatan"),
    ("dinsos", Profile.Role.OPERATOR, "DINSOS", (), "Demo Operator Dinas Sosial"),
    ("disdukcapil", Profile.Role.OPERATOR, "DISDUKCAPIL", (), "Demo Operator Disdukcapil"),
    ("dp3ap2kb", Profile.Role.OPERATOR, "DP3AP2KB", (), "Demo Operator DP3AP2KB"),
)


def ensure_demo_accounts(plan: Plan) -> list[DemoLogin]:
    """Create the demo accounts that do not exist yet; return every demo login."""
    logins = []
    by_acronym = {
        a.acronym.upper(): a for a in Agency.objects.filter(region=plan.region).exclude(acronym="")
    }
    existing = set(
        get_user_model()
        .objects.filter(username__in=[a[0] for a in _DEMO_ACCOUNTS])
        .values_list("username", flat=True)
    )
    for username, role, acronym, clusters, full_name in _DEMO_ACCOUNTS:
        agency = by_acronym.get(acronym) if acronym else None
        if acronym and agency is None:
            continue  # the plan names no such agency
        if username not in existing:
            profile = create_account(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                agency=agency,
                full_name=full_name,
                actor=None,
                region=plan.region,
                # A one-city demo: its secretariat also runs the installation.
                administrator=role == Profile.Role.SECRETARIAT,
            )
            profile.user.email = f"{username}@demo.radkla.invalid"
            profile.user.save(update_fields=["email"])
            if clusters:
                profile.clusters.set(Cluster.objects.filter(plan=plan, code__in=clusters))
        label = str(role.label) + (f" {', '.join(clusters)}" if clusters else "")
        logins.append(DemoLogin(username, DEMO_PASSWORD, label, agency.name if agency else ""))
    return logins
