"""What every recorded action is called on the pages: one table for the whole site.

Services record short codes (``meeting.create``); readers see words
(``Rapat dicatat``). A code recorded anywhere must have its label here: a test
reads every ``record_event`` call and fails on a new action without one.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "account.create": _("Akun dibuat"),
    "admin.add": _("Ditambahkan di admin"),
    "admin.change": _("Diubah di admin"),
    "admin.delete": _("Dihapus di admin"),
    "budget.set": _("Pagu anggaran diubah"),
    "decision.complete": _("Tindak lanjut diselesaikan"),
    "decision.create": _("Keputusan rapat dicatat"),
    "demo.evaluation": _("Data dukung contoh dibuat"),
    "demo.generate": _("Data contoh dibuat"),
    "evaluation.document.add": _("Dokumen kota diunggah"),
    "evaluation.document.remove": _("Dokumen kota dihapus"),
    "evaluation.mapping": _("Pemetaan indikator ditetapkan"),
    "evaluation.tag": _("Bukti ditandai sebagai data dukung"),
    "evaluation.weights": _("Bobot evaluasi ditetapkan"),
    "evaluation.window": _("Jendela data evaluasi ditetapkan"),
    "evidence.add": _("Bukti dukung diunggah"),
    "meeting.change": _("Rapat diubah"),
    "meeting.create": _("Rapat dicatat"),
    "period.close": _("Periode ditutup"),
    "period.create": _("Periode dibuat"),
    "period.open": _("Periode dibuka"),
    "period.reopen": _("Periode dibuka kembali"),
    "plan.archive": _("Rencana aksi diarsipkan"),
    "plan.baseline": _("Data dasar diambil dari realisasi"),
    "plan.correct": _("Ukuran dikoreksi"),
    "plan.import": _("Rencana aksi diimpor"),
    "plan.polarity": _("Polaritas dikonfirmasi"),
    "plan.revise": _("Rencana aksi direvisi"),
    "realization.change": _("Realisasi diubah"),
    "realization.create": _("Realisasi diisi"),
    "realization.obstacles_public": _("Hambatan di halaman publik diatur"),
    "realization.return": _("Realisasi dikembalikan"),
    "realization.revise": _("Realisasi direvisi"),
    "realization.submit": _("Realisasi diajukan"),
    "realization.verify": _("Realisasi diverifikasi"),
    "region.create_provisional": _("Wilayah sementara dibuat"),
    "region.set_code": _("Kode wilayah ditetapkan"),
    "reminder.send": _("Pengingat dikirim"),
    "report.settings": _("Pengaturan laporan diubah"),
    "token.issue": _("Token API diterbitkan"),
    "token.revoke": _("Token API dicabut"),
}


def action_label(action: str) -> str:
    """The action in words; an unknown code (an older release's) is shown as it is."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
