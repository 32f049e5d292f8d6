"""Which evidence files radkla accepts, judged by their content, not their name.

An allow-list of document and image formats recognised by their first bytes
(and, for Office files, by the parts inside the ZIP). Anything else — HTML,
SVG, scripts, executables — is refused, so nothing uploaded can run in a
browser. Pure: no Django.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass


class UploadError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class FileKind:
    name: str
    content_type: str
    extension: str
    inline: bool  # safe to show in the browser (PDF, images); others are downloaded


PDF = FileKind("PDF", "application/pdf", ".pdf", True)
PNG = FileKind("PNG", "image/png", ".png", True)
JPEG = FileKind("JPEG", "image/jpeg", ".jpg", True)
WEBP = FileKind("WebP", "image/webp", ".webp", True)
DOCX = FileKind(
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    False,
)
XLSX = FileKind(
    "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", False
)
PPTX = FileKind(
    "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
    False,
)
ODT = FileKind("ODT", "application/vnd.oasis.opendocument.text", ".odt", False)
ODS = FileKind("ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods", False)
OLE = FileKind("Office 97-2003", "application/octet-stream", ".bin", False)

# Shown in the browser (with a sandboxing policy); everything else is downloaded.
INLINE_TYPES = frozenset(k.content_type for k in (PDF, PNG, JPEG, WEBP))

ALLOWED = "PDF, JPG, PNG, WebP, Word, Excel, PowerPoint, ODT/ODS"

_OLE_EXTENSIONS = {".doc": ".doc", ".xls": ".xls", ".ppt": ".ppt"}


def _office(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read a few bytes only: a crafted archive could inflate to gigabytes.
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100).decode("ascii", "replace").strip()
                return {ODT.content_type: ODT, ODS.content_type: ODS}.get(mimetype)
            if "[Content_Types].xml" not in names:
                return None
            for prefix, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
                if any(n.startswith(prefix) for n in names):
                    return kind
    except Exception:
        return None
    return None


def sniff(data: bytes, name: str) -> FileKind:
    """The file's kind from its content, or UploadError naming the file and what is allowed."""
    head = data[:16]
    kind: FileKind | None = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(b"PK\x03\x04"):
        kind = _office(data)
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        extension = _OLE_EXTENSIONS.get(name[name.rfind(".") :].lower(), ".bin")
        kind = FileKind(OLE.name, OLE.content_type, extension, False)
    if kind is None:
        raise UploadError(
            f"Berkas {name} bukan dokumen atau gambar yang diterima; yang diterima: {ALLOWED}."
        )
    return kind


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    kind: FileKind
    stored_name: str  # random, with the extension of the content
    sha256: str


def check_upload(data: bytes, name: str, max_bytes: int) -> CheckedUpload:
    """Size and content checked, and the random name the file is stored under."""
    if not data:
        raise UploadError(f"Berkas {name} kosong (0 bita); pilih berkas yang berisi dokumen.")
    if len(data) > max_bytes:
        raise UploadError(
            f"Berkas {name} berukuran {len(data) / 1_048_576:.1f} MB; batasnya "
            f"{max_bytes / 1_048_576:.0f} MB."
        )
    kind = sniff(data, name)
    return CheckedUpload(
        kind, f"{secrets.token_hex(16)}{kind.extension}", hashlib.sha256(data).hexdigest()
    )
