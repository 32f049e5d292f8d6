"""The monitoring personas and open period, for the landing tests."""

from __future__ import annotations

from radkla.monitoring.tests.conftest import people, period  # noqa: F401 (fixtures)
