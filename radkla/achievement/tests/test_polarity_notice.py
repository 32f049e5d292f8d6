"""The dashboards say where the capaian still rests on an unconfirmed polarity proposal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.achievement.selectors import cached_plan_achievement
from radkla.conftest import make_account
from radkla.plan.models import Measure, Plan
from radkla.plan.services import confirm_polarity


def _client(role: str) -> Client:
    profile = make_account(f"akun-{role}", role, None, full_name=role.title())
    client = Client()
    client.force_login(profile.user)
    return client


def _confirm_all(plan: Plan, **changes: str) -> None:
    measures = list(Measure.objects.filter(plan=plan))
    confirm_polarity(
        plan=plan,
        measure_ids=[m.pk for m in measures],
        polarity_by_id={m.pk: changes.get(m.name, m.polarity) for m in measures},
        scope=SYSTEM,
        actor=None,
    )


def _row(html: str, name: str) -> str:
    start = html.index(f"<td>{name} ")
    return html[start : html.index("</tr>", start)]


def test_confirming_a_changed_polarity_changes_the_capaian(small: Plan) -> None:
    before, key = cached_plan_achievement(small, 2023)
    stunting = next(m for m in before.measures if m.name == "Prevalensi stunting")
    assert stunting.score.capaian == Decimal("91.67")  # (2·18 − 19.5) / 18, lower is better
    _confirm_all(small, **{"Prevalensi stunting": "positive"})
    after, new_key = cached_plan_achievement(small, 2023)
    assert new_key != key  # the audited write moved the data version
    stunting = next(m for m in after.measures if m.name == "Prevalensi stunting")
    assert stunting.score.capaian == Decimal("108.33")  # 19.5 / 18, now higher is better
    assert after.polarity_unconfirmed == [] and before.negative_unconfirmed != []


@pytest.mark.parametrize("role", [Profile.Role.SECRETARIAT, Profile.Role.VIEWER])
def test_the_plan_home_counts_unconfirmed_polarities_and_marks_negative_rows(
    small: Plan, role: str
) -> None:
    client = _client(role)
    html = client.get(reverse("achievement:dashboard"), {"tahun": 2023}).content.decode()
    assert 'id="polarity-notice"' in html
    assert "Polaritas 4 ukuran belum dikonfirmasi sekretariat (1 di antaranya" in html
    # Only the secretariat gets the link to the page where it can confirm.
    link = f'href="{reverse("plan:polarity", args=[small.pk])}"'
    assert (link in html) == (role == Profile.Role.SECRETARIAT)
    # The home lists only measures at risk (none here: one closed year is no trend);
    # the cluster page lists them all.
    cluster = client.get(reverse("achievement:cluster", args=["III"]), {"tahun": 2023})
    page = cluster.content.decode()
    assert "polaritas belum dikonfirmasi" in _row(page, "Prevalensi stunting")
    assert "polaritas belum dikonfirmasi" not in _row(page, "Profil gizi")  # positive


def test_once_everything_is_confirmed_the_notice_and_marks_go(small: Plan) -> None:
    client = _client(Profile.Role.SECRETARIAT)
    _confirm_all(small)
    html = client.get(reverse("achievement:dashboard"), {"tahun": 2023}).content.decode()
    assert 'id="polarity-notice"' not in html
    page = client.get(reverse("achievement:cluster", args=["III"]), {"tahun": 2023})
    assert "Prevalensi stunting" in (text := page.content.decode())
    assert "polaritas belum dikonfirmasi" not in text
