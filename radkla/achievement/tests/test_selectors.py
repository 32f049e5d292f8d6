"""Achievement of a hand-computed small plan, and its query count."""

from __future__ import annotations

from decimal import Decimal

from radkla.achievement.engine import Category
from radkla.achievement.selectors import plan_achievement
from radkla.achievement.tests.conftest import _agency
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.services import Entry, save_entry
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure, Plan
from radkla.plan.services import import_plan, read_plan_file

D = Decimal


def by_name(result, name: str):  # type: ignore[no-untyped-def]
    return next(m for m in result.measures if m.name == name)


def test_measures_roll_up_to_indicator_cluster_agency_and_plan(small: Plan) -> None:
    result = plan_achievement(small, 2023)
    sosialisasi = by_name(result, "Cakupan sosialisasi")
    assert (sosialisasi.value.number, sosialisasi.score.capaian) == (D("86"), D("101.18"))  # latest
    petugas = by_name(result, "Petugas terlatih")
    assert (petugas.value.number, petugas.score.capaian, petugas.score.category) == (
        D("30"),
        D("75.00"),
        Category.SEDANG,
    )
    stunting = by_name(result, "Prevalensi stunting")
    assert stunting.polarity == "negative"
    assert stunting.score.capaian == D("91.67")  # (2·18 − 19.5) / 18
    profil = by_name(result, "Profil gizi")
    assert profil.score.capaian is None and profil.score.reason == "Target tidak berupa angka."
    # Plan: (100 [101.18 capped] + 75 + 91.67) / 3
    assert result.plan_rollup.capaian == D("88.89")
    assert result.plan_rollup.category == Category.TINGGI
    assert (result.plan_rollup.scored, result.plan_rollup.not_scored) == (3, 1)
    clusters = {g.key: g.rollup for g in result.clusters}
    assert clusters["K"].capaian == D("100.00")
    assert clusters["I"].capaian == D("75.00")
    assert clusters["III"].capaian == D("91.67") and clusters["III"].not_scored == 1
    assert clusters["V"].capaian is None and clusters["V"].total == 0
    indicators = {g.label: g.rollup for g in result.indicators}
    assert indicators["12"].counts[Category.SANGAT_TINGGI] == 1
    agencies = {g.label: g.rollup for g in result.agencies}
    assert agencies["Dinkes"].capaian == D("95.84")  # (100 + 91.67) / 2
    assert agencies["Dinsos"].capaian == D("75.00")


def test_period_to_date_and_unverified_views(small: Plan) -> None:
    first = ReportingPeriod.objects.get(plan=small, year=2023, number=1)
    early = plan_achievement(small, 2023, period=first)
    assert by_name(early, "Cakupan sosialisasi").score.capaian == D("96.47")  # 82 / 85
    # A summed measure is not scored on a year in progress: 10 of 40 by the first period
    # is time not yet passed, not a 25 % shortfall.
    trained = by_name(early, "Petugas terlatih")
    assert (trained.score.capaian, trained.score.status) == (None, "incomplete")
    assert trained.value is not None and trained.value.total == D("10")
    assert early.cutoff.text == "data terverifikasi sampai dengan Caturwulan I 2023"
    assert early.cutoff.year_to_date
    whole = plan_achievement(small, 2023)
    assert whole.cutoff.complete and by_name(whole, "Petugas terlatih").score.scored
    assert by_name(plan_achievement(small, 2024), "Cakupan sosialisasi").score.capaian is None
    draft = plan_achievement(small, 2024, verified_only=False)
    assert by_name(draft, "Cakupan sosialisasi").score.capaian == D("97.78")  # 88 / 90


def test_one_measured_year_is_no_trend_and_no_risk(small: Plan) -> None:
    result = plan_achievement(small, 2023)
    # Baseline 2022 plus the one closed year 2023: the baseline is not a measured year.
    # Stunting (target 12 in 2026) used to be projected at 18 and counted at risk.
    stunting = by_name(result, "Prevalensi stunting")
    assert (stunting.projection, stunting.at_risk) == (None, None)
    assert by_name(result, "Cakupan sosialisasi").projection is None
    assert by_name(result, "Petugas terlatih").projection is None
    assert result.at_risk == []
    assert result.trend[2023].capaian == D("88.89")


def test_the_query_count_does_not_grow_with_the_plan(
    small: Plan, seed_bytes: bytes, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # The full plan in another city: one region holds one plan for the same years.
    large = import_plan(
        parsed=read_plan_file(seed_bytes.replace(b"CILEGON", b"SERANG"), "serang.txt"),
        actor=None,
    ).plan
    with django_assert_num_queries(7):
        plan_achievement(small, 2023)
    with django_assert_num_queries(7):
        plan_achievement(large, 2023)


def test_cached_figures_follow_every_change(small: Plan) -> None:
    from radkla.achievement.selectors import cached_plan_achievement

    first, _key = cached_plan_achievement(small, 2024, verified_only=False)
    before = by_name(first, "Cakupan sosialisasi").score.capaian
    assert before == D("97.78")
    later = ReportingPeriod.objects.get(plan=small, year=2024, number=1)
    measure = Measure.objects.get(plan=small, name="Cakupan sosialisasi")
    current = measure.realizations.get(period=later)
    save_entry(
        entry=Entry(
            measure=measure,
            value=read_value("81", unit="%", target=None),
            expected_version=current.version,
        ),
        period=later,
        scope=_agency(measure),
        actor=None,
    )
    after, _key = cached_plan_achievement(small, 2024, verified_only=False)
    assert by_name(after, "Cakupan sosialisasi").score.capaian == D("90.00")  # 81 / 90


def test_an_admin_edit_is_audited_and_refreshes_the_figures(small: Plan) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    from radkla.achievement.selectors import cached_plan_achievement
    from radkla.audittrail.models import AuditEvent

    stunting = Measure.objects.get(plan=small, name="Prevalensi stunting")
    assert by_name(
        cached_plan_achievement(small, 2023)[0], "Prevalensi stunting"
    ).score.capaian == D("91.67")
    admin = User.objects.create_superuser("admin", password="rahasia-uji-123")
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/plan/measure/{stunting.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "polarity": "positive",
            "polarity_confirmed": "on",
            "area_level": "",
            "action": stunting.action_id,
        }
    )
    for prefix in ("targets", "agency_links"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(f"/admin/plan/measure/{stunting.pk}/change/", data)
    assert response.status_code == 302, response.content[:500]
    assert AuditEvent.objects.filter(action="admin.change", object_id=str(stunting.pk)).exists()
    # Positive now: 19.5 / 18 = 108.33%.
    assert by_name(
        cached_plan_achievement(small, 2023)[0], "Prevalensi stunting"
    ).score.capaian == D("108.33")


def test_an_older_revision_in_force_costs_one_query_and_keeps_its_targets(
    small: Plan, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from radkla.achievement.tests.conftest import SMALL_PLAN
    from radkla.plan.inforce import period_key
    from radkla.plan.revisions import apply_revision

    # 2023's target of the sosialisasi measure moves from 85 to 95, from 2024 on.
    revised = SMALL_PLAN.replace("%\t80\t85\t90", "%\t80\t95\t90")
    apply_revision(
        plan=small,
        parsed=read_plan_file(revised.encode(), "perubahan.txt"),
        reason="Uji",
        actor=None,
        effective_from=period_key(2024, 1),
    )
    # 2023 is judged by revision 0 (its snapshot): one query more, also for 2024's trend.
    with django_assert_num_queries(8):
        old = plan_achievement(small, 2023)
    with django_assert_num_queries(8):
        new = plan_achievement(small, 2024)
    assert by_name(old, "Cakupan sosialisasi").target.raw == "85"  # type: ignore[union-attr]
    assert by_name(new, "Cakupan sosialisasi").targets[2023].raw == "95"
    assert old.trend[2023] == plan_achievement(small, 2024).trend[2023]
