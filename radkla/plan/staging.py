"""Uploaded plan files kept between the preview and the confirmation.

The secretariat uploads a file, reads the preview and confirms; the bytes wait
meanwhile in a private folder under an unguessable token, tied to the user who
uploaded them, so that the confirmation imports exactly what was previewed and
nothing is written to the database before it. Files older than a day are
removed whenever a new one is staged. Touches only the file system.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

MAX_AGE_SECONDS = 24 * 60 * 60
# secrets.token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-]; nothing else is a token,
# so a token can never name a path outside the folder.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


class StagedFileMissing(LookupError):
    """No staged file under this token for this user (unknown, expired or someone else's)."""


@dataclass(frozen=True, slots=True)
class StagedFile:
    token: str
    user_id: int
    source_name: str
    fmt: str
    region_code: str
    data: bytes


def _paths(root: Path, token: str) -> tuple[Path, Path]:
    return root / f"{token}.berkas", root / f"{token}.json"


def stage(
    *,
    root: Path,
    data: bytes,
    user_id: int,
    source_name: str,
    fmt: str,
    region_code: str,
    now: float | None = None,
) -> str:
    """Keep an uploaded file for its user and return the token that names it."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    sweep(root, now=now)
    token = secrets.token_urlsafe(32)
    data_path, meta_path = _paths(root, token)
    data_path.write_bytes(data)
    meta = {
        "user_id": user_id,
        "source_name": source_name,
        "fmt": fmt,
        "region_code": region_code,
    }
    # The metadata is written last: a token without it is not yet (or no longer) usable.
    partial = meta_path.with_suffix(".tmp")
    partial.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    partial.replace(meta_path)
    return token


def load_staged(root: Path, token: str, *, user_id: int) -> StagedFile:
    """The staged file of this user, or StagedFileMissing (also for another user's token)."""
    if not _TOKEN.match(token):
        raise StagedFileMissing(token)
    data_path, meta_path = _paths(root, token)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = data_path.read_bytes()
    except (OSError, ValueError):
        raise StagedFileMissing(token) from None
    if meta.get("user_id") != user_id:
        raise StagedFileMissing(token)
    return StagedFile(
        token=token,
        user_id=user_id,
        source_name=str(meta["source_name"]),
        fmt=str(meta["fmt"]),
        region_code=str(meta["region_code"]),
        data=data,
    )


def discard(root: Path, token: str) -> None:
    """Remove a staged file (after its import); unknown tokens are ignored."""
    if not _TOKEN.match(token):
        return
    for path in _paths(root, token):
        path.unlink(missing_ok=True)


def sweep(root: Path, *, now: float | None = None) -> int:
    """Remove staged files older than a day; returns how many files went."""
    if not root.is_dir():
        return 0
    limit = (time.time() if now is None else now) - MAX_AGE_SECONDS
    removed = 0
    for path in root.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            # Another request swept or confirmed it at the same moment.
            continue
    return removed


def staging_root(data_dir: Path | str) -> Path:
    """The folder under the data directory that holds staged imports."""
    return Path(os.fspath(data_dir)) / "impor"
