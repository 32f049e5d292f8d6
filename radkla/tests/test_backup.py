"""`radkla backup` and `radkla restore` as an administrator runs them: real processes, real files.

The demo installation is backed up, restored into a second, empty installation, and
found equal row for row, byte for byte and figure for figure.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.accounts.services import DEMO_PASSWORD
from radkla.lib.backup import read_facts


@dataclass
class Home:
    """One installation: its data directory and the environment its commands run in."""

    data: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "radkla", *args], env=self.env, capture_output=True, text=True
        )

    def rows(self) -> dict[str, int]:
        """Rows in every table of the SQLite database, read with sqlite3 itself."""
        with sqlite3.connect(self.data / "radkla.sqlite3") as db:
            tables = [
                name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            count = 'SELECT COUNT(*) FROM "{}"'
            return {t: db.execute(count.format(t)).fetchone()[0] for t in tables}

    def status(self) -> dict[str, object]:
        done = self.run("status", "--format", "json")
        assert done.returncode == 0, done.stderr
        return dict(json.loads(done.stdout))


def sqlite_home(path: Path) -> Home:
    env = {**os.environ, "RADKLA_DATA_DIR": str(path)}
    env.pop("DATABASE_URL", None)  # SQLite here, whatever the suite runs on
    return Home(path, env)


def uploads(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Home, Path]:
    """The demo installation and its backup."""
    home = sqlite_home(tmp_path_factory.mktemp("asal"))
    loaded = home.run("demo", "--load-only")
    assert loaded.returncode == 0, loaded.stderr
    out = tmp_path_factory.mktemp("cadangan")
    backup = out / "radkla-cadangan.zip"
    done = home.run("backup", "-o", str(backup))
    assert done.returncode == 0, done.stderr
    assert "Cadangan tersimpan" in done.stdout
    # Built under another name and renamed: nothing else is left beside it.
    assert [p.name for p in out.iterdir()] == [backup.name]
    assert backup.stat().st_mode & 0o077 == 0  # password hashes: the owner's alone
    return home, backup


def test_a_restored_installation_equals_the_one_backed_up(
    demo: tuple[Home, Path], tmp_path: Path
) -> None:
    source, backup = demo
    target = sqlite_home(tmp_path / "baru")
    # An installation set up and still empty, as on a new server.
    assert target.run("migrate", "-v0").returncode == 0
    done = target.run("restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "jumlah baris dan sha256 cocok" in done.stdout
    assert target.rows() == source.rows()
    restored = uploads(target.data / "uploads")
    assert restored == uploads(source.data / "uploads")
    assert len(restored) > 10  # the demo's evidence and city documents
    assert target.status() == source.status()
    # The restored accounts sign in as before: the demo's password hashes came along.
    check = target.run(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth import get_user_model as g;"
        f"print(g().objects.get(username='dinkes').check_password('{DEMO_PASSWORD}'))",
    )
    assert check.stdout.strip() == "True", check.stderr


def test_the_manifest_describes_the_backup(demo: tuple[Home, Path]) -> None:
    source, backup = demo
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        files = {e["path"]: e for e in manifest["files"]}
        for name, data in uploads(source.data / "uploads").items():
            assert files[name]["size"] == len(data)
            assert files[name]["sha256"] == hashlib.sha256(data).hexdigest()
            assert archive.read(f"files/{name}") == data
    assert manifest["vendor"] == "sqlite"
    assert manifest["radkla_version"]
    assert manifest["created_at"].endswith("+00:00")
    assert manifest["rows"]["plan.Plan"] == 1
    assert manifest["rows"]["auth.User"] == source.rows()["auth_user"]
    with sqlite3.connect(source.data / "radkla.sqlite3") as db:
        applied = db.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app")
        assert manifest["migrations"] == dict(applied.fetchall())


def test_restore_into_an_installation_with_data_is_refused_and_changes_nothing(
    demo: tuple[Home, Path], tmp_path: Path
) -> None:
    source, backup = demo
    other = sqlite_home(tmp_path / "lain")
    assert other.run("migrate", "-v0").returncode == 0
    made = other.run(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create(username='ada')",
    )
    assert made.returncode == 0, made.stderr
    before = other.rows()
    line = one_line(other.run("restore", str(backup)))
    assert "sudah berisi akun" in line and "Tidak ada yang diubah" in line
    assert other.rows() == before
    assert uploads(other.data / "uploads") == {}
    # Nor over the installation it came from.
    rows, status = source.rows(), source.status()
    assert "sudah berisi rencana" in one_line(source.run("restore", str(backup)))
    assert source.rows() == rows and source.status() == status


def _rewritten(backup: Path, target: Path, change: dict[str, object]) -> Path:
    """A copy of the backup whose manifest says something else."""
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                data = json.dumps({**json.loads(data), **change}).encode()
            copy.writestr(item, data)
    return target


def test_a_damaged_or_foreign_file_is_refused_naming_it(
    demo: tuple[Home, Path], tmp_path: Path
) -> None:
    _, backup = demo
    data = backup.read_bytes()
    truncated = tmp_path / "terpotong.zip"
    truncated.write_bytes(data[: len(data) // 2])
    text = tmp_path / "catatan.txt"
    text.write_text("bukan cadangan\n")
    other_zip = tmp_path / "paket.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("laporan.txt", "isi")
    with zipfile.ZipFile(backup) as archive:
        first = json.loads(archive.read("manifest.json"))["files"][0]
    tampered = _rewritten(
        backup,
        tmp_path / "diubah.zip",
        {"files": [{**first, "sha256": "0" * 64}]},
    )
    target = sqlite_home(tmp_path / "kosong")
    for path, reason in [
        (truncated, "terpotong"),
        (text, "bukan ZIP"),
        (other_zip, "tidak ada manifest.json"),
        (tmp_path / "tidak-ada.zip", "tidak ada"),
        (tampered, f"isi files/{first['path']} tidak cocok dengan sha256"),
        (_rewritten(backup, tmp_path / "pg.zip", {"vendor": "postgresql"}), "cadangan PostgreSQL"),
        (
            _rewritten(backup, tmp_path / "baru.zip", {"migrations": {"plan": "9999_masa_depan"}}),
            "radkla yang lebih baru",
        ),
    ]:
        line = one_line(target.run("restore", str(path)))
        assert str(path) in line and reason in line, line
    assert not (target.data / "uploads").exists()
    assert target.run("migrate", "--check", "-v0").returncode != 0  # still nothing set up


def test_a_backup_that_cannot_be_written_leaves_no_file(
    demo: tuple[Home, Path], tmp_path: Path
) -> None:
    source, _ = demo
    line = one_line(source.run("backup", "-o", str(tmp_path / "tidak-ada" / "c.zip")))
    assert "tidak ada" in line
    # The name is taken by a folder: the finished file cannot be put in place.
    taken = tmp_path / "folder"
    taken.mkdir()
    line = one_line(source.run("backup", "-o", str(taken)))
    assert "Tidak dapat menulis" in line
    assert [p.name for p in tmp_path.iterdir()] == ["folder"]
    assert list(taken.iterdir()) == []


# --- PostgreSQL --------------------------------------------------------------------------

RESTORE_DB = "radkla_restore_test"


def _database_url(name: str) -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(str(db["USER"] or ""))
    password = urllib.parse.quote(str(db["PASSWORD"] or ""))
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{auth}{db['HOST'] or ''}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def restore_database() -> Iterator[str]:
    import psycopg

    admin = _database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{RESTORE_DB}"')
    yield _database_url(RESTORE_DB)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')


needs_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the suite runs on SQLite",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_a_second_database(
    restore_database: str, tmp_path: Path, settings: SettingsWrapper
) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore are not installed")
    import psycopg

    settings.MEDIA_ROOT = tmp_path / "asal"
    call_command("demo", "--load-only")
    backup = tmp_path / "cadangan.zip"
    call_command("backup", "-o", str(backup))
    with connection.cursor() as cursor:
        facts = read_facts(cursor)
    status = _status_json()
    target = Home(
        tmp_path / "baru",
        {**os.environ, "RADKLA_DATA_DIR": str(tmp_path / "baru"), "DATABASE_URL": restore_database},
    )
    done = target.run("restore", str(backup))
    assert done.returncode == 0, done.stderr
    with psycopg.connect(restore_database) as db, db.cursor() as cursor:
        assert read_facts(cursor) == facts
    assert facts.rows["plan.Plan"] == 1 and facts.files
    assert uploads(target.data / "uploads") == uploads(Path(settings.MEDIA_ROOT))
    assert target.status() == status
    # New rows still get fresh ids: the sequences came along.
    made = target.run(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create(username='baru')",
    )
    assert made.returncode == 0, made.stderr
    assert "sudah berisi" in one_line(target.run("restore", str(backup)))


def _status_json() -> dict[str, object]:
    from io import StringIO

    out = StringIO()
    call_command("status", "--format", "json", stdout=out)
    return dict(json.loads(out.getvalue()))


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_without_pg_dump_says_what_to_install(tmp_path: Path) -> None:
    # The suite's migrated test database, reached by a process that finds no pg_dump.
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(str(connection.settings_dict["NAME"])),
        "PATH": str(tmp_path),
        "RADKLA_DATA_DIR": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "radkla", "backup", "-o", str(tmp_path / "c.zip")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "Program 'pg_dump' tidak ditemukan" in one_line(done)
    assert not (tmp_path / "c.zip").exists()


def test_a_recorded_file_gone_from_disk_is_named_and_the_backup_still_made(
    demo: tuple[Home, Path], tmp_path: Path
) -> None:
    source, _ = demo
    copy = sqlite_home(tmp_path / "salinan")
    shutil.copytree(source.data, copy.data)
    gone = sorted(uploads(copy.data / "uploads"))[0]
    (copy.data / "uploads" / gone).unlink()
    backup = tmp_path / "c.zip"
    done = copy.run("backup", "-o", str(backup))
    assert done.returncode == 0, done.stderr
    assert f"PERINGATAN: berkas {gone} tercatat di basis data tetapi tidak ada" in done.stderr
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["missing_files"] == [gone]
        assert f"files/{gone}" not in archive.namelist()
