"""Pushing an exported package to a CKAN portal (Satu Data), with the standard library only.

The portal's address, API key, dataset name and (optional) organisation come
from the environment (``RADKLA_CKAN_*``, see settings). The push creates the
dataset or updates its title, description and licence, then creates or
replaces each file as a resource of the same name (``capaian_klaster.csv``,
…, ``datapackage.json``): ``package_show`` → ``package_create`` or
``package_patch`` → ``resource_create`` or ``resource_update``. Any error the
portal answers stops the push with a message naming the address and the action.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 120
# CKAN's default licence ids for the SPDX ids radkla knows; any other id is sent as is.
CKAN_LICENCES = {
    "CC-BY-4.0": "cc-by",
    "CC-BY-SA-4.0": "cc-by-sa",
    "CC0-1.0": "cc-zero",
    "ODbL-1.0": "odc-odbl",
    "PDDL-1.0": "odc-pddl",
}
_DATASET_NAME = re.compile(r"[a-z0-9_-]{2,100}")


class CkanError(Exception):
    """The portal could not be reached or refused an action; the message says which."""


class _NotFound(CkanError):
    pass


@dataclass(frozen=True, slots=True)
class CkanConfig:
    url: str
    api_key: str
    dataset: str
    organization: str = ""

    @classmethod
    def from_settings(cls) -> CkanConfig:
        """The portal from the environment; a clear error naming what is missing or wrong."""
        config = cls(
            url=settings.RADKLA_CKAN_URL.strip().rstrip("/"),
            api_key=settings.RADKLA_CKAN_API_KEY.strip(),
            dataset=settings.RADKLA_CKAN_DATASET.strip(),
            organization=settings.RADKLA_CKAN_ORG.strip(),
        )
        missing = [
            name
            for name, value in (
                ("RADKLA_CKAN_URL", config.url),
                ("RADKLA_CKAN_API_KEY", config.api_key),
                ("RADKLA_CKAN_DATASET", config.dataset),
            )
            if not value
        ]
        if missing:
            raise CkanError(f"Portal CKAN belum diatur: isi {', '.join(missing)}.")
        if not config.url.startswith(("http://", "https://")):
            raise CkanError(
                f"RADKLA_CKAN_URL harus diawali http:// atau https://, bukan {config.url!r}."
            )
        if _DATASET_NAME.fullmatch(config.dataset) is None:
            raise CkanError(
                f"RADKLA_CKAN_DATASET {config.dataset!r} bukan nama dataset CKAN: 2-100 huruf "
                "kecil, angka, '-' atau '_'."
            )
        return config


@dataclass
class PushSummary:
    dataset_url: str
    created: bool  # the dataset was new
    resources: list[tuple[str, str]] = field(default_factory=list)  # (name, "dibuat"/"diperbarui")


def _multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = f"radkla-{uuid.uuid4().hex}"
    chunks: list[bytes] = []
    for name, value in fields.items():
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
        )
    for name, (filename, data, content_type) in files.items():
        chunks.append(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def _error_text(error: object) -> str:
    """CKAN's error object in one line: its message, or each field with its complaints."""
    if not isinstance(error, dict):
        return str(error)
    if error.get("message"):
        return str(error["message"])
    parts = [
        f"{key}: {'; '.join(map(str, value)) if isinstance(value, list) else value}"
        for key, value in error.items()
        if key != "__type"
    ]
    return ", ".join(parts) or str(error.get("__type", "galat tanpa keterangan"))


class CkanClient:
    def __init__(self, config: CkanConfig) -> None:
        self.config = config

    def call(
        self,
        action: str,
        data: dict[str, object],
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> dict[str, object]:
        """POST one action; its ``result``, or ``CkanError`` naming the address and action."""
        url = f"{self.config.url}/api/3/action/{action}"
        if files:
            body, content_type = _multipart({k: str(v) for k, v in data.items()}, files)
        else:
            body, content_type = json.dumps(data).encode("utf-8"), "application/json"
        request = urllib.request.Request(  # noqa: S310  (the address is checked: http or https)
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                "Authorization": self.config.api_key,
                "User-Agent": "radkla",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raw = error.read().decode("utf-8", "replace")
            try:
                answer = json.loads(raw).get("error", raw)
            except (ValueError, AttributeError):
                answer = raw.strip()[:200] or error.reason
            message = f"CKAN {url} menolak ({error.code}): {_error_text(answer)}"
            if error.code == 404 and action == "package_show":
                raise _NotFound(message) from None
            raise CkanError(message) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise CkanError(f"CKAN {url} tidak dapat dihubungi: {reason}") from None
        except ValueError:
            raise CkanError(f"CKAN {url} menjawab bukan JSON.") from None
        if not isinstance(payload, dict) or not payload.get("success"):
            error_object = payload.get("error") if isinstance(payload, dict) else payload
            raise CkanError(f"CKAN {url} menolak: {_error_text(error_object)}")
        result = payload.get("result")
        return result if isinstance(result, dict) else {}


def push_package(directory: Path, config: CkanConfig) -> PushSummary:
    """Create or update the dataset, then each file of the package as a resource of its name."""
    descriptor_path = directory / "datapackage.json"
    if not descriptor_path.is_file():
        raise CkanError(
            f"{descriptor_path} tidak ada; buat dulu dengan "
            f"'radkla opendata export -o {directory}'."
        )
    package = json.loads(descriptor_path.read_text(encoding="utf-8"))
    licences = package.get("licenses") or [{}]
    licence = str(licences[0].get("name", ""))
    metadata: dict[str, object] = {
        "title": package.get("title", config.dataset),
        "notes": package.get("description", ""),
        "license_id": CKAN_LICENCES.get(licence, licence),
        "version": package.get("version", ""),
    }
    if config.organization:
        metadata["owner_org"] = config.organization
    client = CkanClient(config)
    try:
        shown: dict[str, object] | None = client.call("package_show", {"id": config.dataset})
    except _NotFound:
        shown = None
    if shown is None:
        dataset = client.call("package_create", {"name": config.dataset, **metadata})
    else:
        dataset = client.call("package_patch", {"id": shown.get("id", config.dataset), **metadata})
    listed = (shown or {}).get("resources")
    existing = {
        str(r.get("name")): str(r.get("id"))
        for r in (listed if isinstance(listed, list) else [])
        if isinstance(r, dict)
    }
    dataset_id = str(dataset.get("id") or config.dataset)
    files = [
        (str(r["path"]), str(r.get("title", r["path"])), "CSV", "text/csv")
        for r in package.get("resources", [])
    ]
    files.append(("datapackage.json", "Frictionless Data Package", "JSON", "application/json"))
    summary = PushSummary(f"{config.url}/dataset/{config.dataset}", created=shown is None)
    for name, description, file_format, content_type in files:
        path = directory / name
        if not path.is_file():
            raise CkanError(f"{path} tidak ada, padahal disebut dalam {descriptor_path}.")
        fields: dict[str, object] = {
            "name": name,
            "description": description,
            "format": file_format,
        }
        upload = {"upload": (name, path.read_bytes(), content_type)}
        if name in existing:
            client.call("resource_update", {"id": existing[name], **fields}, upload)
            summary.resources.append((name, "diperbarui"))
        else:
            client.call("resource_create", {"package_id": dataset_id, **fields}, upload)
            summary.resources.append((name, "dibuat"))
    return summary
