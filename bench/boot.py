"""Start a benchmark: a fresh data directory, Django set up and migrated, the seed text."""

from __future__ import annotations

import os
import tempfile


def start() -> str:
    """Set up Django on a temporary data directory and return the Cilegon regulation's text."""
    os.environ["RADKLA_DATA_DIR"] = tempfile.mkdtemp(prefix="radkla-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radkla.settings")
    import django

    django.setup()
    from importlib import resources

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return (
        resources.files("radkla.plan")
        .joinpath("seed", "perwal-cilegon-7-2023-rad-kla.txt")
        .read_text(encoding="utf-8")
    )
