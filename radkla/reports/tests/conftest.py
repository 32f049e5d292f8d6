"""The reports reuse the achievement tests' hand-computed small plan."""

from __future__ import annotations

from radkla.achievement.tests.conftest import small  # noqa: F401  (a fixture)
