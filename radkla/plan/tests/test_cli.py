"""The `radkla` console command as a person runs it: real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from radkla.conftest import SEED_NAME


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("radkla-cli")
    env = {**os.environ, "RADKLA_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)  # a throwaway SQLite file, whatever the suite runs on
    subprocess.run([sys.executable, "-m", "radkla", "migrate", "-v0"], env=env, check=True)
    return env


def radkla(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radkla", *args], env=env, capture_output=True, text=True
    )


def test_bad_input_ends_with_one_line_and_a_failure_status(
    home: dict[str, str], tmp_path: Path
) -> None:
    binary = tmp_path / "foto.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    for args, reason in [
        (("plan", "import", str(tmp_path / "tidak-ada.txt")), "tidak dapat dibaca"),
        (("plan", "import", str(binary)), "berkas biner"),
        (("plan", "export", "--format", "json"), "Belum ada rencana"),
        (("region", "load", "12.345"), "tidak dikenal"),
    ]:
        done = radkla(home, *args)
        assert done.returncode != 0, args
        assert "Traceback" not in done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and reason in lines[0], done.stderr


def test_an_unprepared_database_gets_a_hint_not_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "RADKLA_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = radkla(env, "plan", "audit")
    assert done.returncode != 0
    assert done.stderr.strip() == (
        "CommandError: Basis data belum disiapkan atau belum mutakhir; "
        "jalankan 'radkla migrate' dulu."
    )


def test_import_then_export_round_trip(home: dict[str, str], tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[1] / "seed" / SEED_NAME
    done = radkla(home, "plan", "import", str(seed))
    assert done.returncode == 0, done.stderr
    assert "195 ukuran" in done.stdout
    # The summary lists measures per cluster, to be checked against the document.
    assert "    Kelembagaan: 15\n" in done.stdout
    assert "    Klaster V: Perlindungan Khusus: 47\n" in done.stdout
    exported = radkla(home, "plan", "export", "--format", "json")
    assert exported.returncode == 0
    document = json.loads(exported.stdout)
    assert len(document["measures"]) == 195
    workbook = tmp_path / "rad.xlsx"
    assert radkla(home, "plan", "export", "--format", "xlsx", "-o", str(workbook)).returncode == 0
    again = radkla(home, "plan", "import", str(workbook))
    assert again.returncode == 0
    assert "tidak ada yang diubah" in again.stdout
    csv_out = radkla(home, "plan", "export", "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("klaster,no_indikator")


def test_every_django_command_works_through_radkla(home: dict[str, str]) -> None:
    done = radkla(home, "check")
    assert done.returncode == 0
    assert "no issues" in done.stdout
    assert "plan" in radkla(home, "help").stdout
