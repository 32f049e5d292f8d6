"""The laporan's method note says how many polarities are still unconfirmed."""

from __future__ import annotations

from radkla.accounts.access import SYSTEM
from radkla.plan.models import Measure, Plan
from radkla.plan.services import confirm_polarity
from radkla.reports.builders import build_laporan
from radkla.reports.document import Heading, Paragraph


def _method_note(plan: Plan) -> str:
    blocks = build_laporan(plan, year=2023).blocks
    index = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "3.2 Catatan Metode"
    )
    note = blocks[index + 1]
    assert isinstance(note, Paragraph)
    return note.text


def test_the_method_note_counts_unconfirmed_polarities(small: Plan) -> None:
    text = _method_note(small)
    assert "Permendagri 86/2017" in text
    assert (
        "Polaritas 4 dari 4 ukuran belum dikonfirmasi sekretariat (1 di antaranya makin rendah "
        "makin baik); capaian ukuran itu dihitung dengan usulan sistem"
    ) in text
    stunting = Measure.objects.get(plan=small, name="Prevalensi stunting")
    confirm_polarity(
        plan=small,
        measure_ids=[stunting.pk],
        polarity_by_id={stunting.pk: "negative"},
        scope=SYSTEM,
        actor=None,
    )
    assert "Polaritas 3 dari 4 ukuran belum dikonfirmasi sekretariat; capaian" in (
        _method_note(small)
    )
    rest = list(Measure.objects.filter(plan=small, polarity_confirmed=False))
    confirm_polarity(
        plan=small,
        measure_ids=[m.pk for m in rest],
        polarity_by_id={m.pk: m.polarity for m in rest},
        scope=SYSTEM,
        actor=None,
    )
    assert _method_note(small).endswith(
        "Polaritas seluruh 4 ukuran sudah dikonfirmasi sekretariat."
    )
