"""The small hand-computed plan with evidence in every state, tagged for the evaluation.

Data of 2024, so the 2025 evaluation; default weights (indicator 1: 60, every
cluster indicator: 40):
- indicator 1 (3 checklist items): Dinkes evidence, verified, proves item 1; a
  city document (uploaded in May 2024) proves item 2 → 2/3 of 60 = 40 points;
- indicator 4 (3 items): Dinsos evidence awaiting verification (item 1) and a
  Dinsos draft (item 2) → 0 points, one item awaiting;
- indicator 12 (2 items): one verified Dinkes file proves both → 40 points.
Total 80 of 1000; every missing item supplied: 1000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from radkla.accounts.access import SYSTEM
from radkla.achievement.tests.conftest import _agency, _save, small  # noqa: F401
from radkla.evaluation.models import ChecklistItem, CityDocument, NationalIndicator
from radkla.evaluation.services import Upload, add_city_document, ensure_reference, tag_evidence
from radkla.lib.localtime import local_zone
from radkla.monitoring.demo import DEMO_PDF
from radkla.monitoring.models import Evidence, ReportingPeriod
from radkla.monitoring.services import (
    add_evidence,
    open_period,
    submit_realization,
    verify_realization,
)
from radkla.plan.models import Measure, Plan


@dataclass
class Tagged:
    plan: Plan
    sosialisasi: Evidence  # indicator 1, Dinkes, verified
    stunting: Evidence  # indicator 12, Dinkes, verified
    petugas: Evidence  # indicator 4, Dinsos, awaiting verification
    draft: Evidence  # indicator 4, Dinsos, draft
    document: CityDocument  # indicator 1, item 2


def items(number: int) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(indicator__number=number).order_by("position"))


def upload(measure: Measure, period: ReportingPeriod, value: str, name: str) -> Evidence:
    from radkla.monitoring.services import current_realization

    realization = current_realization(measure, period) or _save(measure, period, value)
    return add_evidence(
        realization=realization,
        name=name,
        data=DEMO_PDF + name.encode(),
        scope=_agency(measure),
        actor=None,
        max_bytes=5_000_000,
    )


def _submit(evidence: Evidence, verify: bool) -> None:
    realization = evidence.realization
    measure = realization.measure
    realization = submit_realization(realization=realization, scope=_agency(measure), actor=None)
    if verify:
        verify_realization(realization=realization, scope=SYSTEM, actor=None)


@pytest.fixture
def tagged(small: Plan) -> Tagged:  # noqa: F811
    ensure_reference()
    first, second = ReportingPeriod.objects.filter(plan=small, year=2024).order_by("number")[:2]
    open_period(period=second, scope=SYSTEM, actor=None)
    measure = {m.name: m for m in Measure.objects.filter(plan=small)}
    sosialisasi = upload(measure["Cakupan sosialisasi"], first, "88", "Laporan sosialisasi.pdf")
    stunting = upload(measure["Prevalensi stunting"], first, "18", "Data gizi 2024.pdf")
    petugas = upload(measure["Petugas terlatih"], first, "12", "Daftar petugas.pdf")
    draft = upload(measure["Petugas terlatih"], second, "5", "Draf rahasia dinsos.pdf")
    for evidence, verify in ((sosialisasi, True), (stunting, True), (petugas, False)):
        _submit(evidence, verify)
    for evidence, chosen in (
        (sosialisasi, [items(1)[0]]),
        (stunting, items(12)),
        (petugas, [items(4)[0]]),
        (draft, [items(4)[1]]),
    ):
        tag_evidence(evidence=evidence, item_ids={i.pk for i in chosen}, scope=SYSTEM, actor=None)
    document = add_city_document(
        plan=small,
        national=NationalIndicator.objects.get(number=1),
        item=items(1)[1],
        title="Perwal turunan Perda KLA",
        upload=Upload("perwal-turunan.pdf", DEMO_PDF + b"perwal"),
        scope=SYSTEM,
        actor=None,
        max_bytes=5_000_000,
    )
    # A fixed upload day: which evaluations count a city document depends on it.
    document.uploaded_at = dt.datetime(2024, 5, 2, 9, tzinfo=local_zone())
    CityDocument.objects.filter(pk=document.pk).update(uploaded_at=document.uploaded_at)
    return Tagged(small, sosialisasi, stunting, petugas, draft, document)
