"""What the secretariat sets once for its laporan: checks on the NIP and the logo, and saving.

Read back through ``identity.identity_for``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from radkla.accounts.access import Scope, require_secretariat
from radkla.audittrail.services import Actor, record_event
from radkla.plan.parsers.cells import format_decimal
from radkla.regions.models import Region
from radkla.reports.identity import region_title
from radkla.reports.models import ReportSettings

LOGO_MAX_BYTES = 1024 * 1024
# A logo is printed a few centimetres wide: a larger picture is only a larger file.
LOGO_MAX_SIDE = 4000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}

_NIP = re.compile(r"[0-9]{18}")

LABELS = {
    "chair_name": "nama Ketua Gugus Tugas",
    "chair_nip": "NIP",
    "chair_position": "jabatan",
    "place": "tempat",
    "foreword": "kata pengantar",
    "logo": "logo",
}


class SettingsError(ValueError):
    pass


def clean_nip(text: str) -> str:
    """An NIP of 18 digits (spaces dropped), or SettingsError saying what is wrong.

    The digits are a birth date (YYYYMMDD), the month of appointment (YYYYMM),
    1 or 2, and a serial number, so a mistyped date is caught too.
    """
    nip = "".join(text.split())
    if not nip:
        return ""
    if not _NIP.fullmatch(nip):
        count = sum(c.isdigit() for c in nip)
        raise SettingsError(
            f"NIP harus 18 angka (spasi boleh); yang diisi berisi {count} angka"
            + (" dan tanda lain." if count != len(nip) else ".")
        )
    try:
        dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
        dt.date(int(nip[8:12]), int(nip[12:14]), 1)
    except ValueError:
        raise SettingsError(
            "NIP tidak sah: 8 angka pertama adalah tanggal lahir (TTTTBBHH) dan 6 berikutnya "
            "bulan pengangkatan (TTTTBB)."
        ) from None
    if nip[14] not in "12":
        raise SettingsError("NIP tidak sah: angka ke-15 adalah 1 (laki-laki) atau 2 (perempuan).")
    return nip


@dataclass(frozen=True, slots=True)
class Logo:
    data: bytes
    content_type: str


def check_logo(data: bytes, name: str) -> Logo:
    """A PNG or JPEG of at most 1 MB, judged by its content (never by its name)."""
    if len(data) > LOGO_MAX_BYTES:
        mb = (Decimal(len(data)) / LOGO_MAX_BYTES).quantize(Decimal("0.1"), ROUND_HALF_UP)
        raise SettingsError(f"Logo {name} berukuran {format_decimal(mb)} MB; batasnya 1 MB.")
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise SettingsError(
            f"Logo harus gambar PNG atau JPEG; isi berkas {name} bukan PNG maupun JPEG "
            "(jenis berkas dibaca dari isinya, bukan dari namanya)."
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format or "", image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise SettingsError(f"Logo {name} rusak: gambarnya tidak dapat dibaca.") from None
    if kind not in LOGO_TYPES:
        raise SettingsError(f"Logo harus gambar PNG atau JPEG; berkas {name} bukan keduanya.")
    if max(size) > LOGO_MAX_SIDE:
        raise SettingsError(
            f"Logo {name} berukuran {size[0]}×{size[1]} piksel; sisi terpanjang paling banyak "
            f"{LOGO_MAX_SIDE} piksel."
        )
    return Logo(data, LOGO_TYPES[kind])


def _snapshot(settings: ReportSettings | None) -> dict[str, str]:
    if settings is None:
        return {}
    logo = bytes(settings.logo or b"")
    return {
        "chair_name": settings.chair_name,
        "chair_nip": settings.chair_nip,
        "chair_position": settings.chair_position,
        "place": settings.place,
        "foreword": settings.foreword,
        # The picture itself stays out of the audit trail; its fingerprint shows a change.
        "logo": f"{settings.logo_type} sha256:{hashlib.sha256(logo).hexdigest()[:16]}"
        if logo
        else "",
    }


def save_report_settings(
    *,
    region: Region,
    chair_name: str,
    chair_nip: str,
    chair_position: str,
    place: str,
    foreword: str,
    logo: Logo | None,
    remove_logo: bool,
    scope: Scope,
    actor: Actor,
) -> tuple[ReportSettings, list[str]]:
    """Save the region's laporan settings; returns them and the labels of what changed.

    A change is recorded in the audit trail; saving the same values records nothing.
    """
    require_secretariat(scope)
    with transaction.atomic():
        current = ReportSettings.objects.select_for_update().filter(region=region).first()
        before = _snapshot(current)
        settings = current or ReportSettings(region=region)
        settings.chair_name = chair_name.strip()
        settings.chair_nip = clean_nip(chair_nip)
        settings.chair_position = chair_position.strip()
        settings.place = place.strip()
        settings.foreword = foreword.strip()
        if logo is not None:
            settings.logo, settings.logo_type = logo.data, logo.content_type
        elif remove_logo:
            settings.logo, settings.logo_type = b"", ""
        after = _snapshot(settings)
        changed = [LABELS[key] for key in after if before.get(key, "") != after[key]]
        if current is None or changed:
            settings.save()
        if changed:
            record_event(
                actor=actor,
                action="report.settings",
                obj=settings,
                summary=f"Pengaturan laporan {region_title(region)} diubah: " + ", ".join(changed),
                old=before or None,
                new=after,
            )
    return settings, changed
