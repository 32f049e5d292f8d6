"""First guesses of a measure's polarity and period aggregation, from its words.

The regulation never says whether lower is better or how a year's periods add
up; the importer proposes both from the measure's text and unit, and the
secretariat confirms. Pure: no Django.
"""

from __future__ import annotations

import re

from radkla.plan.parsers.cells import is_percent_unit

POSITIVE = "positive"
NEGATIVE = "negative"
SUM = "sum"
LATEST = "latest"

# What the measure counts when lower is better (Indonesian, as the documents write it).
_NEGATIVE_WORDS = re.compile(
    r"\b(prevalen\w*|prevalan\w*|angka kematian|kematian|perkawinan anak|pernikahan anak|"
    r"perkawinan usia anak|stunting|wasting|gizi buruk|gizi kurang|putus sekolah|"
    r"pekerja anak|kasus|kekerasan|korban|perokok|penurunan)\b",
    re.IGNORECASE,
)
# Words that turn such a count into a service that should grow ("cases handled").
_SERVICE_WORDS = re.compile(
    r"\b(penanganan|ditangani|tertangani|terlayani|dilayani|pelayanan|layanan|pendampingan|"
    r"didampingi|terdampingi|mendapat\w*|pencegahan|diversi|rujukan|skrining|tatalaksana|"
    r"sosialisasi|tersosialisasi\w*|bimbingan|dukungan|fasilitasi|sistem)\b",
    re.IGNORECASE,
)
# Units of flows: each period adds new people, events or documents.
_FLOW_UNITS = re.compile(
    r"\b(orang|peserta|pasang|catin|kegiatan|dokumen|eksemplar|pelajar|siswa|anak|keluarga|"
    r"jiwa|kali|paket|pamflet|inovasi|laporan|kasus|masyarakat)\b",
    re.IGNORECASE,
)


def propose_polarity(measure: str, unit: str = "") -> str:
    """NEGATIVE where the measure counts a harm (prevalence, cases, stunting), else POSITIVE."""
    text = f"{measure} {unit}"
    if _NEGATIVE_WORDS.search(text) and not _SERVICE_WORDS.search(text):
        return NEGATIVE
    return POSITIVE


def propose_aggregation(measure: str, unit: str = "") -> str:
    """LATEST for percentages and standing counts, SUM for people, events and documents."""
    if is_percent_unit(unit) or "%" in unit or re.search(r"\bpersentase\b", measure, re.I):
        return LATEST
    if _FLOW_UNITS.search(unit):
        return SUM
    return LATEST
