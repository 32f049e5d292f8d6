"""Backup and restore of a whole installation: the database and every uploaded file.

A backup is one ZIP file:

    manifest.json            what the backup holds (see ``Manifest`` below)
    database/radkla.sqlite3  SQLite: a copy made with SQLite's online backup API
    database/radkla.pgdump   PostgreSQL: ``pg_dump --format=custom``
    files/<path>             each uploaded file, at its path under MEDIA_ROOT

The row counts, migration state and file list in the manifest are read from the
database snapshot itself, so they describe exactly what the backup restores, even
when people kept working while it ran.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = "radkla-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database/radkla.sqlite3", "postgresql": "database/radkla.pgdump"}
VENDOR_NAME = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024

Say = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one Indonesian line."""


@dataclass(frozen=True)
class Facts:
    """What a database snapshot holds: rows per model, migrations, referenced files."""

    rows: dict[str, int]
    migrations: dict[str, str]
    files: list[str]


def radkla_version() -> str:
    try:
        return version("radkla")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "tidak diketahui"


def _tables() -> Iterator[tuple[str, str]]:
    """(label, table) of every table radkla's models keep rows in, each once."""
    seen: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        yield meta.label, meta.db_table


def _file_columns() -> Iterator[tuple[str, str]]:
    """(table, column) of every file field: where uploaded files are named."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model._meta.db_table, field.column


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_facts(cursor: Any) -> Facts:
    """Row counts, latest migration per app and file names, through any DB-API cursor."""
    rows = {}
    for label, table in _tables():
        cursor.execute(f"SELECT COUNT(*) FROM {_q(table)}")  # noqa: S608  (model tables)
        rows[label] = int(cursor.fetchone()[0])
    cursor.execute("SELECT app, name FROM django_migrations")
    migrations: dict[str, str] = {}
    for app, name in cursor.fetchall():
        # Django's migration names start with their number, so the greatest is the latest.
        migrations[app] = max(name, migrations.get(app, name))
    files: set[str] = set()
    for table, column in _file_columns():
        cursor.execute(f"SELECT {_q(column)} FROM {_q(table)}")  # noqa: S608  (model fields)
        files.update(value for (value,) in cursor.fetchall() if value)
    return Facts(rows=rows, migrations=dict(sorted(migrations.items())), files=sorted(files))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


# --- PostgreSQL tools ------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"Program '{name}' tidak ditemukan; pasang klien PostgreSQL "
            f"(mis. apt-get install postgresql-client) lalu ulangi."
        )
    return found


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return [*args, "--no-password", "--dbname", str(db["NAME"])], env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    # The PostgreSQL client found on PATH, with the configured database's settings.
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["tanpa keterangan"])[-1]
        raise BackupError(f"{what} gagal: {detail}")


# --- backup ------------------------------------------------------------------------------


def _snapshot_sqlite(target: Path) -> Facts:
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): the copy is one consistent state of the database, and
        # a running server only waits for it, it never sees a half-made copy.
        source.backup(copy)
        return read_facts(copy.cursor())
    finally:
        copy.close()


def _snapshot_postgresql(target: Path) -> Facts:
    pg_dump = _pg_tool("pg_dump")
    args, env = _pg_args()
    fresh = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if fresh:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # pg_dump reads the very snapshot the counts below are taken from.
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                pg_dump,
                *args,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
            ],
            env,
            "pg_dump",
        )
        return read_facts(cursor)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    missing: list[str]


def create_backup(output: Path, say: Say) -> BackupResult:
    """Write the backup to ``output``: built under a temporary name, renamed when complete."""
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"Basis data {vendor} tidak didukung; hanya SQLite dan PostgreSQL.")
    output = output.expanduser().resolve()
    if not output.parent.is_dir():
        raise BackupError(f"Folder {output.parent} tidak ada.")
    partial = output.with_name(f".{output.name}.sebagian")
    with tempfile.TemporaryDirectory(prefix="radkla-backup-") as work:
        dump = Path(work) / "db"
        say(f"Menyalin basis data {VENDOR_NAME[vendor]} ...")
        facts = _snapshot_sqlite(dump) if vendor == "sqlite" else _snapshot_postgresql(dump)
        say(f"  {sum(facts.rows.values())} baris dari {len(facts.rows)} tabel.")
        media = _media_root()
        files: list[dict[str, Any]] = []
        missing: list[str] = []
        for name in facts.files:
            path = media / name
            if not path.is_file():
                missing.append(name)
                continue
            files.append({"path": name, "size": path.stat().st_size, "sha256": sha256_of(path)})
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "radkla_version": radkla_version(),
            "vendor": vendor,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "migrations": facts.migrations,
            "rows": facts.rows,
            "database": {
                "path": DB_MEMBER[vendor],
                "size": dump.stat().st_size,
                "sha256": sha256_of(dump),
            },
            "files": files,
            "missing_files": missing,
        }
        say(f"Mengemas {len(files)} berkas unggahan ...")
        try:
            # Owner only from the start: the file holds personal data and password hashes.
            partial.unlink(missing_ok=True)
            handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(handle, "wb") as sink,
                zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
            ):
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
                archive.write(dump, DB_MEMBER[vendor])
                for entry in files:
                    archive.write(media / entry["path"], f"files/{entry['path']}")
            os.replace(partial, output)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise BackupError(f"Tidak dapat menulis {output}: {error.strerror or error}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=output, manifest=manifest, missing=missing)


# --- restore -----------------------------------------------------------------------------


def _foreign(path: Path, why: str) -> BackupError:
    return BackupError(f"{path}: bukan cadangan radkla yang utuh ({why}).")


def _safe_name(name: object) -> bool:
    if not isinstance(name, str) or not name or "\\" in name:
        return False
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts


def read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise _foreign(path, "tidak ada manifest.json") from None
    except (ValueError, zipfile.BadZipFile, OSError):
        raise _foreign(path, "manifest.json rusak") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _foreign(path, "manifest.json bukan manifest cadangan radkla")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path}: format cadangan versi {manifest.get('format_version')} "
            f"tidak dikenal versi radkla ini."
        )
    for key in ("vendor", "migrations", "rows", "database", "files"):
        if key not in manifest:
            raise _foreign(path, f"manifest.json tanpa '{key}'")
    names = [entry.get("path") for entry in manifest["files"]]
    if not all(_safe_name(name) for name in names):
        raise _foreign(path, "nama berkas tidak sah di manifest.json")
    return manifest


def check_compatible(manifest: dict[str, Any], path: Path) -> None:
    """The backup's database vendor is this one's, and its migrations are known here."""
    here = VENDOR_NAME.get(connection.vendor, connection.vendor)
    there = VENDOR_NAME.get(manifest["vendor"], str(manifest["vendor"]))
    if here != there:
        raise BackupError(
            f"{path} adalah cadangan {there}, sedangkan instalasi ini memakai {here}; "
            f"cadangan {there} hanya dapat dipulihkan ke {there}."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in manifest["migrations"].items():
        if (app, name) not in known:
            raise BackupError(
                f"{path} dibuat oleh radkla yang lebih baru "
                f"({manifest.get('radkla_version', '?')}; migrasi {app}.{name} tidak dikenal); "
                f"pasang versi itu atau yang lebih baru dulu."
            )


def _verify_members(archive: zipfile.ZipFile, manifest: dict[str, Any], path: Path) -> None:
    entries = [(manifest["database"]["path"], manifest["database"])] + [
        (f"files/{entry['path']}", entry) for entry in manifest["files"]
    ]
    for member, entry in entries:
        digest = hashlib.sha256()
        try:
            with archive.open(member) as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
        except KeyError:
            raise _foreign(path, f"{member} tidak ada") from None
        except (zipfile.BadZipFile, OSError, EOFError):
            raise _foreign(path, f"{member} rusak") from None
        if digest.hexdigest() != entry.get("sha256"):
            raise _foreign(path, f"isi {member} tidak cocok dengan sha256 di manifest")


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_q(table)}")  # noqa: S608  (model tables)
        return int(cursor.fetchone()[0])


def require_empty_installation() -> None:
    """Refuse to restore over an installation that already holds a plan or an account."""
    from django.contrib.auth import get_user_model

    from radkla.plan.models import Plan

    tables = set(connection.introspection.table_names())
    for model, what in ((Plan, "rencana"), (get_user_model(), "akun")):
        table = model._meta.db_table
        if table in tables and _count(table):
            raise BackupError(
                f"Basis data tujuan sudah berisi {what}; pemulihan hanya ke instalasi kosong "
                f"(basis data baru). Tidak ada yang diubah."
            )


def _restore_sqlite(dump: Path) -> None:
    target = Path(str(connection.settings_dict["NAME"]))
    connection.close()
    source = sqlite3.connect(dump)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _restore_postgresql(dump: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    args, env = _pg_args()
    # The tables an empty installation has after `radkla migrate` make way for the
    # backup's own (the check above found no rows that matter in them).
    with transaction.atomic(), connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"DROP TABLE IF EXISTS {_q(table)} CASCADE")
    connection.close()
    _run(
        [
            pg_restore,
            *args,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(dump),
        ],
        env,
        "pg_restore",
    )


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    rows: int
    files: int


def _write_file(archive: zipfile.ZipFile, member: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.sebagian")
    with archive.open(member) as source, partial.open("wb") as sink:
        shutil.copyfileobj(source, sink, CHUNK)
    os.replace(partial, target)


def restore_backup(path: Path, say: Say) -> RestoreResult:
    """Fill this empty installation from the backup at ``path``, then check it matches."""
    path = path.expanduser()
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"{path}: berkas tidak ada.") from None
    except zipfile.BadZipFile:
        raise _foreign(path, "bukan ZIP, atau terpotong") from None
    except OSError as error:
        raise BackupError(f"{path}: tidak dapat dibaca ({error.strerror}).") from None
    with archive, tempfile.TemporaryDirectory(prefix="radkla-restore-") as work:
        manifest = read_manifest(archive, path)
        made, by = manifest.get("created_at", "?"), manifest.get("radkla_version", "?")
        vendor = VENDOR_NAME.get(manifest["vendor"], manifest["vendor"])
        say(f"Cadangan {made} (radkla {by}, {vendor}).")
        check_compatible(manifest, path)
        say("Memeriksa sha256 basis data dan setiap berkas ...")
        _verify_members(archive, manifest, path)
        require_empty_installation()
        dump = Path(work) / "db"
        with archive.open(manifest["database"]["path"]) as source, dump.open("wb") as sink:
            shutil.copyfileobj(source, sink, CHUNK)
        say("Memulihkan basis data ...")
        if manifest["vendor"] == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump)
        media = _media_root()
        say(f"Memulihkan {len(manifest['files'])} berkas unggahan ...")
        for entry in manifest["files"]:
            _write_file(archive, f"files/{entry['path']}", media / entry["path"])
    verify_restored(manifest, path)
    return RestoreResult(
        manifest=manifest, rows=sum(manifest["rows"].values()), files=len(manifest["files"])
    )


def verify_restored(manifest: dict[str, Any], path: Path) -> None:
    """Every row count and every file here equals the manifest's."""
    with connection.cursor() as cursor:
        facts = read_facts(cursor)
    for label, count in manifest["rows"].items():
        if facts.rows.get(label) != count:
            raise BackupError(
                f"Setelah pemulihan {label} berisi {facts.rows.get(label)} baris, "
                f"manifest {path} mencatat {count}."
            )
    media = _media_root()
    for entry in manifest["files"]:
        if sha256_of(media / entry["path"]) != entry["sha256"]:
            raise BackupError(
                f"Berkas {entry['path']} yang dipulihkan tidak cocok dengan sha256-nya."
            )
