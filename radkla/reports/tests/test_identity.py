"""Who issues the laporan: the secretariat's settings, with defaults for what is empty."""

from __future__ import annotations

import pytest

from radkla.plan.models import Plan
from radkla.reports.identity import identity_for
from radkla.reports.models import DEFAULT_POSITION, ReportSettings

pytestmark = pytest.mark.django_db


def test_without_settings_the_region_names_the_government_and_the_place(
    cilegon_plan: Plan,
) -> None:
    identity = identity_for(cilegon_plan.region)
    assert identity.government == "PEMERINTAH KOTA CILEGON"
    assert identity.region == "Kota Cilegon"
    assert identity.place == "Cilegon"
    assert identity.chair_position == DEFAULT_POSITION
    assert (identity.chair_name, identity.chair_nip, identity.logo) == ("", "", None)


def test_settings_name_the_signer_and_carry_the_logo(cilegon_plan: Plan) -> None:
    ReportSettings.objects.create(
        region=cilegon_plan.region,
        chair_name="Dr. Hj. Siti Aminah, M.Si.",
        chair_nip="197001011995032001",
        place="Cilegon",
        logo=b"\x89PNG\r\n\x1a\nlogo",
        logo_type="image/png",
    )
    identity = identity_for(cilegon_plan.region)
    assert identity.chair_name == "Dr. Hj. Siti Aminah, M.Si."
    assert identity.chair_nip == "197001011995032001"
    assert identity.logo == b"\x89PNG\r\n\x1a\nlogo"
    assert identity.logo_type == "image/png"
