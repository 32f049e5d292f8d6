"""Readiness on the hand-computed case: statuses, points, layout, order and query count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from radkla.accounts.access import SYSTEM, Scope
from radkla.achievement.tests.conftest import _agency, _save
from radkla.evaluation.models import (
    ChecklistItem,
    EvaluationYear,
    IndicatorWeight,
    NationalIndicator,
)
from radkla.evaluation.selectors import AWAITING, MISSING, VERIFIED, readiness
from radkla.evaluation.services import (
    EvaluationError,
    ensure_reference,
    proposed_mapping,
    save_weights,
    set_mapping,
    tag_evidence,
    weights_for,
)
from radkla.evaluation.tests.conftest import Tagged, items, upload
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.services import submit_realization, verify_realization
from radkla.plan.models import Agency, Indicator, Measure, Plan

D = Decimal


def test_the_reference_loads_once_from_the_shipped_files(db: None) -> None:
    ensure_reference()
    ensure_reference()
    assert NationalIndicator.objects.count() == 24
    assert ChecklistItem.objects.count() == 58
    perda = items(1)[0]
    assert perda.document == "Peraturan daerah tentang Kabupaten/Kota Layak Anak"
    assert "Perpres 25/2021" in perda.source


def test_the_hand_computed_score_and_what_if(tagged: Tagged) -> None:
    result = readiness(tagged.plan, 2025)
    by_number = {i.number: i for i in result.indicators}
    assert [i.status for i in by_number[1].items] == [VERIFIED, VERIFIED, MISSING]
    assert [i.status for i in by_number[4].items] == [AWAITING, MISSING, MISSING]
    assert [i.status for i in by_number[12].items] == [VERIFIED, VERIFIED]
    assert (by_number[1].points, by_number[4].points, by_number[12].points) == (
        D("40.00"),
        D(0),
        D("40.00"),
    )
    assert result.total == D(80)
    assert result.category is None
    assert (result.what_if_total, result.what_if_category) == (D(1000), "KLA")
    assert not result.weights.official


def test_the_evaluation_sheet_layout(tagged: Tagged) -> None:
    by_number = {i.number: i for i in readiness(tagged.plan, 2025).indicators}
    perda, akta = by_number[1], by_number[4]
    assert perda.local == ["1"]
    assert [a.name for a in perda.done] == [
        "Sosialisasi"
    ]  # its 2024 realization is verified: data of the 2025 evaluation
    assert perda.done[0].capaian is not None
    assert [a.name for a in akta.not_done] == ["Pelatihan"]  # only awaiting verification
    assert akta.agencies == ["Dinsos"]
    assert [i.status for i in akta.needed] == [AWAITING, MISSING, MISSING]
    assert [i.document for i in perda.needed] == [items(1)[2].document]


def test_indicators_come_most_points_to_gain_first(tagged: Tagged) -> None:
    ordered = readiness(tagged.plan, 2025).indicators
    gains = [i.gain for i in ordered]
    assert gains == sorted(gains, reverse=True)
    assert ordered[0].number == 2  # 60 points, none of them proven
    assert ordered[-1].number == 12  # complete


def test_official_weights_and_answer_levels_change_the_score(tagged: Tagged) -> None:
    points = {n: D(40) for n in range(1, 25)}
    points[1], points[2] = D(100), D(20)
    save_weights(
        year=2025,
        points=points,
        levels="0; 50; 100",
        source="Juknis 2024",
        scope=SYSTEM,
        actor=None,
    )
    result = readiness(tagged.plan, 2025)
    by_number = {i.number: i for i in result.indicators}
    assert by_number[1].points == D(50)  # 2 of 3 proven reaches the 50% answer, not 66.67%
    assert by_number[12].points == D(40)
    assert result.total == D(90)
    assert result.weights.official and result.weights.source == "Juknis 2024"
    assert readiness(tagged.plan, 2026).weights.official is False  # other years keep the default


def test_weights_that_do_not_total_1000_are_refused_and_nothing_changes(db: None) -> None:
    points = {n: D(40) for n in range(1, 25)}
    with pytest.raises(EvaluationError, match="Jumlah bobot 960; harus tepat 1000"):
        save_weights(year=2025, points=points, levels="", source="", scope=SYSTEM, actor=None)
    points[1] = D(80)
    with pytest.raises(EvaluationError, match="memuat 0 dan 100"):
        save_weights(
            year=2025, points=points, levels="50; 100", source="", scope=SYSTEM, actor=None
        )
    assert not EvaluationYear.objects.exists() and not IndicatorWeight.objects.exists()
    assert weights_for(2025).points[1] == D(60)


def test_only_the_secretariat_sets_weights_and_mapping(tagged: Tagged) -> None:
    viewer = Scope(user_id=None, role="viewer", agency_id=None, cluster_ids=frozenset())
    points = {n: D(60 if n in (1, 2) else 40) for n in range(1, 25)}
    with pytest.raises(PermissionDenied):
        save_weights(year=2025, points=points, levels="", source="", scope=viewer, actor=None)
    with pytest.raises(PermissionDenied):
        set_mapping(plan=tagged.plan, choices={}, scope=viewer, actor=None)


def test_the_secretariat_remaps_an_indicator_and_readiness_follows(tagged: Tagged) -> None:
    mapping = proposed_mapping(tagged.plan)
    labels = {i.pk: i.label for i in Indicator.objects.filter(plan=tagged.plan)}
    assert {labels[pk]: n.number for pk, (n, _set) in mapping.items()} == {
        "1": 1,
        "4": 4,
        "12": 12,
    }
    assert not any(confirmed for _n, confirmed in mapping.values())
    gizi = Indicator.objects.get(plan=tagged.plan, number=12)
    choices = {pk: n.number for pk, (n, _set) in mapping.items()} | {gizi.pk: 13}
    set_mapping(plan=tagged.plan, choices=choices, scope=SYSTEM, actor=None)
    assert proposed_mapping(tagged.plan)[gizi.pk][0].number == 13
    assert proposed_mapping(tagged.plan)[gizi.pk][1] is True
    by_number = {i.number: i for i in readiness(tagged.plan, 2025).indicators}
    assert by_number[13].local == ["12"] and by_number[12].local == []
    # The stunting file now sits under 13, whose checklist its old tags are not part of.
    assert [f.name for f in by_number[13].files] == ["Data gizi 2024.pdf"]
    assert by_number[12].verified == 0
    with pytest.raises(EvaluationError, match="belum dipetakan"):
        set_mapping(plan=tagged.plan, choices={gizi.pk: 12}, scope=SYSTEM, actor=None)


def test_tags_must_belong_to_the_indicator_and_the_tagger(tagged: Tagged) -> None:
    with pytest.raises(EvaluationError, match="bukan data dukung indikator nasional 1"):
        tag_evidence(
            evidence=tagged.sosialisasi, item_ids={items(4)[0].pk}, scope=SYSTEM, actor=None
        )
    dinsos = Scope(
        user_id=None,
        role="operator",
        agency_id=Agency.objects.get(acronym="Dinsos").pk,
        cluster_ids=frozenset(),
    )
    with pytest.raises(PermissionDenied):
        tag_evidence(evidence=tagged.sosialisasi, item_ids=set(), scope=dinsos, actor=None)
    # Its own agency may tag its file.
    assert tag_evidence(
        evidence=tagged.petugas, item_ids={items(4)[2].pk}, scope=dinsos, actor=None
    ) == [items(4)[2].pk]


def test_readiness_reads_a_fixed_number_of_queries(tagged: Tagged) -> None:
    readiness(tagged.plan, 2025)  # warm the figures' cache
    with CaptureQueriesContext(connection) as before:
        readiness(tagged.plan, 2025)
    second = ReportingPeriod.objects.get(plan=tagged.plan, year=2024, number=2)
    extra = upload(
        Measure.objects.get(plan=tagged.plan, name="Prevalensi stunting"), second, "17", "Lagi.pdf"
    )
    tag_evidence(evidence=extra, item_ids={items(12)[0].pk}, scope=SYSTEM, actor=None)
    readiness(tagged.plan, 2025)
    with CaptureQueriesContext(connection) as after:
        readiness(tagged.plan, 2025)
    assert len(after) == len(before) <= 20


def test_an_action_reported_at_zero_capaian_is_not_yet_done(small: Plan) -> None:
    period = ReportingPeriod.objects.get(plan=small, year=2024, number=1)
    measure = Measure.objects.get(plan=small, name="Petugas terlatih")
    realization = submit_realization(
        realization=_save(measure, period, "0"), scope=_agency(measure), actor=None
    )
    verify_realization(realization=realization, scope=SYSTEM, actor=None)
    akta = next(i for i in readiness(small, 2025).indicators if i.number == 4)
    assert akta.done == []
    # 2024 is still in progress: the summed measure has no capaian yet, its zero still counts.
    assert [(a.name, a.reported, a.capaian) for a in akta.not_done] == [("Pelatihan", True, None)]
