"""A stand-in CKAN portal on 127.0.0.1: the five action endpoints a push uses, and a record.

It answers ``package_show``, ``package_create``, ``package_patch``, ``resource_create``
and ``resource_update`` as CKAN's action API does (JSON ``{"success", "result"}`` or
``{"success": false, "error"}``) and keeps every request and every uploaded file.
"""

from __future__ import annotations

import email
import email.policy
import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "kunci-uji-ckan"


@dataclass
class Call:
    action: str
    fields: dict[str, Any]
    files: dict[str, tuple[str, bytes]]  # form name → (file name, bytes)
    authorization: str


@dataclass
class FakeCkan:
    calls: list[Call] = field(default_factory=list)
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)
    uploads: dict[str, bytes] = field(default_factory=dict)  # resource id → newest bytes
    # action → (HTTP status, CKAN error object) to answer instead of doing it
    failures: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                action = self.path.rsplit("/", 1)[-1]
                fields, files = _parse(self.headers.get("Content-Type", ""), body)
                portal.calls.append(
                    Call(action, fields, files, self.headers.get("Authorization", ""))
                )
                status, answer = portal.answer(action, fields, files)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(
        self, action: str, fields: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> tuple[int, dict[str, Any]]:
        if action in self.failures:
            status, error = self.failures[action]
            return status, {"success": False, "error": error}
        by_id = {d["id"]: d for d in self.datasets.values()}
        if action == "package_show":
            found = self.datasets.get(fields["id"]) or by_id.get(fields["id"])
            if found is None:
                return 404, {
                    "success": False,
                    "error": {"message": "Not found", "__type": "Not Found Error"},
                }
            return 200, {"success": True, "result": found}
        if action == "package_create":
            dataset = {**fields, "id": str(uuid.uuid4()), "resources": []}
            self.datasets[fields["name"]] = dataset
            return 200, {"success": True, "result": dataset}
        if action == "package_patch":
            dataset = by_id[fields["id"]]
            dataset.update({k: v for k, v in fields.items() if k != "id"})
            return 200, {"success": True, "result": dataset}
        if action == "resource_create":
            dataset = by_id[fields["package_id"]]
            resource = {k: v for k, v in fields.items() if k != "package_id"}
            resource["id"] = str(uuid.uuid4())
            dataset["resources"].append(resource)
            self.uploads[resource["id"]] = files["upload"][1]
            return 200, {"success": True, "result": resource}
        if action == "resource_update":
            for dataset in self.datasets.values():
                for resource in dataset["resources"]:
                    if resource["id"] == fields["id"]:
                        resource.update(fields)
                        self.uploads[resource["id"]] = files["upload"][1]
                        return 200, {"success": True, "result": resource}
            return 404, {"success": False, "error": {"message": "Not found"}}
        return 400, {"success": False, "error": {"message": f"Unknown action {action}"}}

    def files_of(self, dataset: str) -> dict[str, bytes]:
        """The dataset's resources by name, with the bytes last uploaded."""
        return {r["name"]: self.uploads[r["id"]] for r in self.datasets[dataset]["resources"]}


def _parse(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    if content_type.startswith("application/json"):
        return json.loads(body), {}
    message = email.message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body, policy=email.policy.HTTP
    )
    fields: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        filename = part.get_filename()
        if filename:
            files[name] = (filename, payload)
        else:
            fields[name] = payload.decode("utf-8")
    return fields, files
