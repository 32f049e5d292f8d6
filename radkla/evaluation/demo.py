"""Demo evaluation data: checklist tags on the demo evidence and a few city documents."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction

from radkla.audittrail.services import record_event
from radkla.evaluation.models import ChecklistItem, CityDocument, EvidenceTag, NationalIndicator
from radkla.evaluation.services import ensure_reference, proposed_mapping
from radkla.lib.localtime import local_zone
from radkla.monitoring.demo import DEMO_PDF
from radkla.monitoring.models import Evidence
from radkla.plan.models import Plan

# (national indicator, checklist position, title, month of the plan's first year it was
# uploaded) of the documents the secretariat holds: standing documents, in from the start.
CITY_DOCUMENTS = (
    (1, 1, "DEMO Perda Kota Cilegon tentang Kota Layak Anak", 2),
    (2, 1, "DEMO SK Wali Kota tentang Gugus Tugas KLA", 2),
    (2, 2, "DEMO Perwal Cilegon 7/2023 tentang RAD KLA 2023-2026", 3),
    (2, 3, "DEMO Profil Anak Kota Cilegon", 3),
    (6, 1, "DEMO SK Forum Anak Kota Cilegon", 4),
)


def generate(*, plan: Plan, users: dict[str, User]) -> int:
    """Tag the demo evidence and attach the city documents; returns the files touched."""
    ensure_reference()
    if CityDocument.objects.filter(plan=plan).exists():
        return 0
    secretariat = users.get("sekretariat")
    national = {n.number: n for n in NationalIndicator.objects.all()}
    items = {
        (i.indicator.number, i.position): i
        for i in ChecklistItem.objects.select_related("indicator")
    }
    mapping = proposed_mapping(plan)
    first_item: dict[int, ChecklistItem] = {}
    for (number, _position), item in sorted(items.items()):
        first_item.setdefault(number, item)
    touched = 0
    with transaction.atomic():
        evidence = Evidence.objects.filter(realization__measure__plan=plan).select_related(
            "realization__measure__action"
        )
        tags = []
        for number, e in enumerate(evidence.order_by("id")):
            # Two in three demo files are tagged, so some items stay missing.
            if number % 3 == 2:
                continue
            target = mapping[e.realization.measure.action.indicator_id][0].number
            tags.append(EvidenceTag(evidence=e, item=first_item[target]))
        EvidenceTag.objects.bulk_create(tags, ignore_conflicts=True)
        touched += len(tags)
        for indicator, position, title, month in CITY_DOCUMENTS:
            stored = f"demo-kota-{indicator}-{position}.pdf"
            document = CityDocument(
                plan=plan,
                national=national[indicator],
                item=items.get((indicator, position)),
                title=title,
                stored_name=stored,
                original_name=f"{title}.pdf",
                content_type="application/pdf",
                size=len(DEMO_PDF),
                sha256="demo",
                uploaded_by=secretariat,
            )
            document.file.save(stored, ContentFile(DEMO_PDF), save=False)
            document.save()
            uploaded = dt.datetime(plan.start_year, month, 10, 9, tzinfo=local_zone())
            CityDocument.objects.filter(pk=document.pk).update(uploaded_at=uploaded)
            touched += 1
        record_event(
            actor=None,
            action="demo.evaluation",
            obj=plan,
            summary=f"DATA DEMO: {len(tags)} bukti ditandai, {len(CITY_DOCUMENTS)} dokumen kota",
        )
    return touched
