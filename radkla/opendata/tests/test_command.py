"""`radkla opendata` as a person runs it: a real process, its output and its exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from radkla.achievement.tests.conftest import SMALL_PLAN
from radkla.opendata.tests.ckan_server import API_KEY, FakeCkan


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("radkla-opendata")
    env = {**os.environ, "RADKLA_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)  # a throwaway SQLite file, whatever the suite runs on
    for name in [n for n in env if n.startswith("RADKLA_CKAN_")]:
        env.pop(name)
    subprocess.run([sys.executable, "-m", "radkla", "migrate", "-v0"], env=env, check=True)
    return env


def radkla(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radkla", *args], env=env, capture_output=True, text=True
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_export_and_push_exit_status(home: dict[str, str], tmp_path: Path, ckan: FakeCkan) -> None:
    out = tmp_path / "terbuka"
    assert "Belum ada rencana" in one_line(radkla(home, "opendata", "export", "-o", str(out)))
    plan_file = tmp_path / "kecil.txt"
    plan_file.write_text(SMALL_PLAN, encoding="utf-8")
    assert radkla(home, "plan", "import", str(plan_file)).returncode == 0

    done = radkla(home, "opendata", "export", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "  capaian_ukuran.csv: 4 baris\n" in done.stdout
    # Nothing silent: the rows that carry no capaian are counted, by state.
    assert (
        "2023 (tahun berjalan): 4 ukuran — belum lengkap 1, tanpa target 1, belum ada "
        "realisasi 2" in done.stdout
    )
    assert "Baris ukuran tidak dinilai (ditulis dengan statusnya): 4 dari 4." in done.stdout
    assert "Lisensi: CC-BY-4.0." in done.stdout
    assert (out / "datapackage.json").is_file()

    reason = one_line(radkla(home, "opendata", "export", "-o", str(out), "--year", "2030"))
    assert reason == "CommandError: Tidak ada rencana yang mencakup tahun 2030."
    (tmp_path / "berkas").write_text("", "utf-8")
    assert "bukan folder" in one_line(
        radkla(home, "opendata", "export", "-o", str(tmp_path / "berkas"))
    )

    assert "Portal CKAN belum diatur" in one_line(radkla(home, "opendata", "push", str(out)))
    portal = {
        **home,
        "RADKLA_CKAN_URL": ckan.url,
        "RADKLA_CKAN_API_KEY": API_KEY,
        "RADKLA_CKAN_DATASET": "rad-kla-kecil",
    }
    ckan.failures["package_create"] = (403, {"message": "Access denied"})
    reason = one_line(radkla(portal, "opendata", "push", str(out)))
    assert reason == (
        f"CommandError: CKAN {ckan.url}/api/3/action/package_create menolak (403): Access denied"
    )
    ckan.failures.clear()
    done = radkla(portal, "opendata", "push", str(out))
    assert done.returncode == 0, done.stderr
    assert f"Dataset CKAN dibuat: {ckan.url}/dataset/rad-kla-kecil" in done.stdout
    assert (
        ckan.files_of("rad-kla-kecil")["capaian_ukuran.csv"]
        == (out / "capaian_ukuran.csv").read_bytes()
    )
    assert API_KEY not in done.stdout + done.stderr
