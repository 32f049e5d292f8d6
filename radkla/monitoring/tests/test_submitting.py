"""Submitting means what it says: "Simpan dan ajukan" sends the rows that are ready and
changed since their return; a return reason stays until the row changes, and the history
keeps every one; evidence is offered only where it would be accepted."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.lib.text import shortened
from radkla.monitoring.models import Evidence, Realization, ReportingPeriod
from radkla.monitoring.selectors import grid_rows
from radkla.monitoring.services import (
    Entry,
    return_realization,
    save_entry,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.tests.conftest import scope
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure
from radkla.plan.parsers.cells import CellKind, format_decimal

State = Realization.State
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(profile: Profile) -> Client:
    client = Client()
    client.force_login(profile.user)
    return client


@pytest.fixture
def measures(people: dict[str, Profile], period: ReportingPeriod) -> list[Measure]:
    """Five Dinkes measures with a plain number or percent target in 2025."""
    rows = grid_rows(period, people["dinkes"].agency_id or 0)
    plain = [
        row.measure
        for row in rows
        if not row.labels
        and row.target is not None
        and row.target.kind in (CellKind.NUMBER, CellKind.PERCENT)
    ]
    assert len(plain) >= 5
    return plain[:5]


def save(
    people: dict[str, Profile],
    period: ReportingPeriod,
    measure: Measure,
    value: str,
    version: int | None = None,
    narrative: str = "",
) -> Realization:
    dinkes = people["dinkes"]
    return save_entry(
        entry=Entry(
            measure=measure,
            value=read_value(value, unit=measure.unit, target=None),
            narrative=narrative,
            expected_version=version,
        ),
        period=period,
        scope=scope(dinkes),
        actor=dinkes.user,
    )


def returned(
    people: dict[str, Profile], period: ReportingPeriod, measure: Measure, reason: str
) -> Realization:
    draft = save(people, period, measure, "80")
    submitted = submit_realization(realization=draft, scope=scope(people["dinkes"]), actor=None)
    return return_realization(realization=submitted, reason=reason, scope=SYSTEM, actor=None)


def target_of(period: ReportingPeriod, measure: Measure) -> str:
    """The measure's 2025 target as typed: a value the grid takes without a warning."""
    row = grid_rows(period, measure.agency_links.first().agency_id, measure.pk)[0]  # type: ignore[union-attr]
    assert row.target is not None and row.target.number is not None
    return format_decimal(row.target.number)


def state_of(measure: Measure) -> Realization:
    return Realization.objects.filter(measure=measure).order_by("-revision").first()  # type: ignore[return-value]


def test_submit_all_sends_only_the_rows_ready_and_changed_since_their_return(
    people: dict[str, Profile], period: ReportingPeriod, measures: list[Measure]
) -> None:
    untouched, fixed, draft, empty, no_file = measures
    returned(people, period, untouched, "Angka tidak sesuai data Puskesmas.")
    back = returned(people, period, fixed, "Lengkapi perkembangannya.")
    save(people, period, draft, "75")
    save(people, period, empty, "", narrative="Data menyusul.")
    no_file.requires_evidence = True
    no_file.save()
    save(people, period, no_file, "60")

    client = client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    response = client.post(
        url,
        {
            "action": "submit",
            f"value-{fixed.pk}": target_of(period, fixed),
            f"narrative-{fixed.pk}": "Sweeping di 8 kecamatan.",
            f"version-{fixed.pk}": str(back.version),
        },
        follow=True,
    )
    page = response.content.decode()

    assert state_of(fixed).state == State.SUBMITTED
    assert state_of(draft).state == State.SUBMITTED
    left = state_of(untouched)
    assert (left.state, left.return_reason) == (
        State.RETURNED,
        "Angka tidak sesuai data Puskesmas.",
    )
    assert state_of(empty).state == State.DRAFT
    assert state_of(no_file).state == State.DRAFT
    assert "2 realisasi diajukan untuk diverifikasi." in page
    assert "1 realisasi yang dikembalikan belum diubah dan tidak diajukan" in page
    assert f"{shortened(empty.name, 60)}: belum diajukan. Isi nilai realisasi" in page
    assert f"{shortened(no_file.name, 60)}: belum diajukan. Ukuran ini wajib disertai bukti" in page
    # The reason is still shown on the returned row of the grid.
    row = page.split(f'id="row-{untouched.pk}"')[1].split("</tr>")[0]
    assert "Angka tidak sesuai data Puskesmas." in row and "state-returned" in row


def test_the_history_keeps_every_return_reason(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    first = returned(people, period, vitamin_a, "Lampirkan data Puskesmas.")
    changed = save(people, period, vitamin_a, "85", version=first.version)
    submitted = submit_realization(realization=changed, scope=scope(people["dinkes"]), actor=None)
    again = return_realization(
        realization=submitted,
        reason="Nilai masih berbeda dengan laporan.",
        scope=SYSTEM,
        actor=None,
    )
    # Submitted as it is, one row at a time: the operator's explicit choice.
    client = client_for(people["dinkes"])
    client.post(reverse("monitoring:submit_measure", args=[period.pk, vitamin_a.pk]))
    again.refresh_from_db()
    assert again.state == State.SUBMITTED
    assert again.return_reason == "Nilai masih berbeda dengan laporan."  # not erased

    page = (
        client_for(people["pimpinan"])
        .get(reverse("monitoring:history", args=[again.pk]))
        .content.decode()
    )
    reasons = [part.split("</p>")[0] for part in page.split("data-reason>")[1:]]
    assert len(reasons) == 2
    assert "Lampirkan data Puskesmas." in reasons[0]
    assert "Nilai masih berbeda dengan laporan." in reasons[1]


def test_new_evidence_on_a_returned_row_is_a_change_that_submit_all_sends(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    back = returned(people, period, vitamin_a, "Bukti dukung belum ada.")
    client = client_for(people["dinkes"])
    upload = io.BytesIO(PDF)
    upload.name = "daftar-posyandu.pdf"
    client.post(reverse("monitoring:upload_evidence", args=[back.pk]), {"file": upload})
    assert Evidence.objects.get().realization_id == back.pk
    back.refresh_from_db()
    assert back.state == State.DRAFT
    client.post(reverse("monitoring:grid", args=[period.pk]), {"action": "submit"})
    back.refresh_from_db()
    assert back.state == State.SUBMITTED


def test_upload_evidence_is_offered_only_where_it_is_accepted(
    people: dict[str, Profile], period: ReportingPeriod, measures: list[Measure]
) -> None:
    draft_m, returned_m, submitted_m, verified_m, _unused = measures
    dinkes = scope(people["dinkes"])
    draft = save(people, period, draft_m, "70")
    back = returned(people, period, returned_m, "Periksa lagi.")
    submitted = submit_realization(
        realization=save(people, period, submitted_m, "71"), scope=dinkes, actor=None
    )
    verified = verify_realization(
        realization=submit_realization(
            realization=save(people, period, verified_m, "72"), scope=dinkes, actor=None
        ),
        scope=SYSTEM,
        actor=None,
    )
    client = client_for(people["dinkes"])
    page = client.get(reverse("monitoring:grid", args=[period.pk])).content.decode()

    def offered(realization: Realization) -> bool:
        return f'form="upload-{realization.pk}">' in page

    assert offered(draft) and offered(back)
    assert not offered(submitted) and not offered(verified)
    # Where it is offered it is accepted; where it is not, it would be refused.
    for realization, accepted in ((draft, True), (back, True), (verified, False)):
        upload = io.BytesIO(PDF)
        upload.name = f"bukti-{realization.pk}.pdf"
        client.post(reverse("monitoring:upload_evidence", args=[realization.pk]), {"file": upload})
        assert Evidence.objects.filter(realization=realization).exists() is accepted


def test_the_audit_summary_names_a_long_measure_in_whole_words(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    vitamin_a.name = (
        "Persentase balita usia 6 sampai 59 bulan yang mendapat kapsul vitamin A dosis "
        "tinggi pada bulan Februari dan Agustus"
    )
    vitamin_a.save(update_fields=["name"])
    entry = Entry(measure=vitamin_a, value=read_value("80", unit="%", target=None))
    save_entry(entry=entry, period=period, scope=scope(people["dinkes"]), actor=None)
    summary = AuditEvent.objects.filter(action__startswith="realization.").latest("id").summary
    shown = summary.removeprefix("Realisasi ").split("…")[0]
    assert summary.count("…") == 1
    # The name is cut after a whole word, never inside one ("dosi").
    assert vitamin_a.name.startswith(shown) and vitamin_a.name[len(shown)] == " "
