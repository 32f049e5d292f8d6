"""The secretariat confirms polarity proposals, a cluster at a time or one measure at a time."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM, Scope
from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.plan.models import Measure, Plan
from radkla.plan.services import (
    PolarityConflict,
    PolarityError,
    confirm_polarity,
    import_plan,
    read_plan_file,
)
from radkla.plan.tests.test_appendix import FIVE_YEAR_PLAN

NEEDS = "Kebutuhan dasar anak korban kekerasan terpenuhi"
PREVALENCE = "Prevalansi kekerasan terhadap anak"


@pytest.fixture
def secretariat_client(client: Client, sekretariat: Profile) -> Client:
    client.force_login(sekretariat.user)
    return client


def _url(plan: Plan, cluster: str = "V") -> str:
    return f"{reverse('plan:polarity', args=[plan.pk])}?klaster={cluster}"


def _form(html: str) -> dict[str, list[str]]:
    """The form as the browser would send it: hidden fields and the selected options."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        data.setdefault(name, []).append(value)
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html):
        data[name] = re.findall(r'<option value="([^"]+)" selected', options)
    return data


def _state(plan: Plan) -> dict[str, tuple[str, bool]]:
    return {
        name: (polarity, confirmed)
        for name, polarity, confirmed in Measure.objects.filter(plan=plan).values_list(
            "name", "polarity", "polarity_confirmed"
        )
    }


def test_only_the_secretariat_opens_the_page(
    client: Client, cilegon_plan: Plan, pimpinan: Profile, dinkes_operator: Profile
) -> None:
    url = _url(cilegon_plan)
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    for profile in (pimpinan, dinkes_operator):
        client.force_login(profile.user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"measure": ["1"], "all": "1"}).status_code == 403
        overview = client.get(reverse("plan:overview", args=[cilegon_plan.pk])).content.decode()
        assert 'id="polarity-tab"' not in overview
    assert not Measure.objects.filter(plan=cilegon_plan, polarity_confirmed=True).exists()


def test_the_page_shows_each_proposal_with_its_reason_and_targets(
    secretariat_client: Client, cilegon_plan: Plan
) -> None:
    overview = secretariat_client.get(reverse("plan:overview", args=[cilegon_plan.pk]))
    assert 'id="polarity-tab"' in overview.content.decode()  # linked from the plan header
    html = secretariat_client.get(_url(cilegon_plan)).content.decode()
    v_count = Measure.objects.filter(
        plan=cilegon_plan, action__indicator__cluster__code="V"
    ).count()
    assert html.count('<tr data-measure="') == v_count
    row = html[html.index("Jumlah perusahaan yang menerapkan") :]
    row = row[: row.index("</tr>")]
    assert "Target naik dari 25 ke 40, jadi makin tinggi makin baik." in row
    assert all(f"<b>{n}</b>" in row for n in ("25", "30", "35", "40"))
    assert "Belum dikonfirmasi" in row
    assert "195 ukuran belum dikonfirmasi" in html


def test_confirming_a_cluster_is_one_post_and_one_audit_event(
    secretariat_client: Client, cilegon_plan: Plan, sekretariat: Profile
) -> None:
    before = _state(cilegon_plan)
    page = secretariat_client.get(_url(cilegon_plan)).content.decode()
    data = {**_form(page), "all": ["1"]}
    response = secretariat_client.post(_url(cilegon_plan), data)
    assert response.status_code == 302
    after = _state(cilegon_plan)
    in_v = set(
        Measure.objects.filter(plan=cilegon_plan, action__indicator__cluster__code="V").values_list(
            "name", flat=True
        )
    )
    assert all(after[name][1] for name in in_v)
    assert not any(after[name][1] for name in after if name not in in_v)
    assert after[NEEDS] == ("positive", True) and after[PREVALENCE] == ("negative", True)
    events = list(AuditEvent.objects.filter(action="plan.polarity"))
    assert len(events) == 1
    event = events[0]
    assert event.actor_id == sekretariat.user.pk
    assert (
        len(event.new)
        == len(event.old)
        == Measure.objects.filter(plan=cilegon_plan, action__indicator__cluster__code="V").count()
    )
    needs = Measure.objects.get(plan=cilegon_plan, name=NEEDS)
    assert event.old[str(needs.pk)] == {"polarity": before[NEEDS][0], "confirmed": False}
    assert event.new[str(needs.pk)] == {"polarity": "positive", "confirmed": True}
    followed = secretariat_client.get(_url(cilegon_plan)).content.decode()
    assert "Dikonfirmasi" in followed and "Belum dikonfirmasi" not in followed


def test_one_measure_can_be_changed_alone(secretariat_client: Client, cilegon_plan: Plan) -> None:
    prevalence = Measure.objects.get(plan=cilegon_plan, name=PREVALENCE)
    page = secretariat_client.get(_url(cilegon_plan)).content.decode()
    data = {**_form(page), f"pol-{prevalence.pk}": ["positive"], "only": [str(prevalence.pk)]}
    assert secretariat_client.post(_url(cilegon_plan), data).status_code == 302
    assert list(
        Measure.objects.filter(plan=cilegon_plan, polarity_confirmed=True).values_list(
            "name", "polarity"
        )
    ) == [(PREVALENCE, "positive")]
    event = AuditEvent.objects.get(action="plan.polarity")
    assert event.old == {str(prevalence.pk): {"polarity": "negative", "confirmed": False}}


def test_a_stale_page_is_refused_and_nothing_changes(
    secretariat_client: Client, cilegon_plan: Plan
) -> None:
    page = secretariat_client.get(_url(cilegon_plan)).content.decode()
    prevalence = Measure.objects.get(plan=cilegon_plan, name=PREVALENCE)
    # Someone else confirms the prevalence as higher-is-better meanwhile.
    confirm_polarity(
        plan=cilegon_plan,
        measure_ids=[prevalence.pk],
        polarity_by_id={prevalence.pk: "positive"},
        scope=SYSTEM,
        actor=None,
    )
    before = _state(cilegon_plan)
    events = AuditEvent.objects.count()
    response = secretariat_client.post(_url(cilegon_plan), {**_form(page), "all": ["1"]})
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah diubah orang lain sejak halaman ini dibuka" in html
    assert _state(cilegon_plan) == before and AuditEvent.objects.count() == events
    # The page shows the current state again, so a second try goes through.
    assert (
        secretariat_client.post(_url(cilegon_plan), {**_form(html), "all": ["1"]}).status_code
        == 302
    )


def test_bad_values_and_other_plans_measures_are_refused(
    secretariat_client: Client, cilegon_plan: Plan
) -> None:
    other = import_plan(parsed=read_plan_file(FIVE_YEAR_PLAN.encode(), "lain.txt"), actor=None)
    foreign = Measure.objects.filter(plan=other.plan).first()
    assert foreign is not None
    needs = Measure.objects.get(plan=cilegon_plan, name=NEEDS)
    before = _state(cilegon_plan)
    with pytest.raises(PolarityError, match="pilih makin tinggi atau makin rendah"):
        confirm_polarity(
            plan=cilegon_plan,
            measure_ids=[needs.pk],
            polarity_by_id={needs.pk: "sideways"},
            scope=SYSTEM,
            actor=None,
        )
    with pytest.raises(PolarityError, match="tidak ada dalam rencana ini"):
        confirm_polarity(
            plan=cilegon_plan,
            measure_ids=[needs.pk, foreign.pk],
            polarity_by_id={needs.pk: "positive", foreign.pk: "positive"},
            scope=SYSTEM,
            actor=None,
        )
    page = secretariat_client.get(_url(cilegon_plan)).content.decode()
    response = secretariat_client.post(
        _url(cilegon_plan), {**_form(page), f"pol-{needs.pk}": ["sideways"], "all": ["1"]}
    )
    assert response.status_code == 400
    broken = {**_form(page), "all": ["1"]}
    del broken[f"shown-{needs.pk}"]
    assert secretariat_client.post(_url(cilegon_plan), broken).status_code == 400
    assert _state(cilegon_plan) == before
    assert not AuditEvent.objects.filter(action="plan.polarity").exists()


def test_only_the_secretariat_may_confirm(cilegon_plan: Plan) -> None:
    needs = Measure.objects.get(plan=cilegon_plan, name=NEEDS)
    viewer = Scope(user_id=None, role=Profile.Role.VIEWER, agency_id=None, cluster_ids=frozenset())
    with pytest.raises(PermissionDenied):
        confirm_polarity(
            plan=cilegon_plan,
            measure_ids=[needs.pk],
            polarity_by_id={needs.pk: "positive"},
            scope=viewer,
            actor=None,
        )


def test_confirming_what_is_already_confirmed_writes_nothing(cilegon_plan: Plan) -> None:
    needs = Measure.objects.get(plan=cilegon_plan, name=NEEDS)
    kwargs = {"plan": cilegon_plan, "measure_ids": [needs.pk], "scope": SYSTEM, "actor": None}
    assert confirm_polarity(polarity_by_id={needs.pk: "positive"}, **kwargs) == 1  # type: ignore[arg-type]
    assert confirm_polarity(polarity_by_id={needs.pk: "positive"}, **kwargs) == 0  # type: ignore[arg-type]
    assert AuditEvent.objects.filter(action="plan.polarity").count() == 1
    with pytest.raises(PolarityConflict):
        confirm_polarity(
            polarity_by_id={needs.pk: "negative"},
            shown={needs.pk: ("positive", False)},
            **kwargs,  # type: ignore[arg-type]
        )


def test_the_page_costs_the_same_queries_for_any_cluster(
    secretariat_client: Client, cilegon_plan: Plan, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    secretariat_client.get(_url(cilegon_plan, "K"))  # warm the session
    # Session, user, profile (+ clusters) for the access check and again for the menu,
    # plan, clusters, the unconfirmed counts, then measures, targets and agency links.
    for cluster in ("K", "III", "V"):
        with django_assert_num_queries(13):  # 12, and the menu's: one city?
            secretariat_client.get(_url(cilegon_plan, cluster))
