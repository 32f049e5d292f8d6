"""Links on the Capaian pages are shown only where the reader may follow them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from radkla.accounts.models import Profile
from radkla.conftest import make_account
from radkla.monitoring.tests.conftest import persona
from radkla.plan.models import Agency, Cluster, Indicator, Plan
from radkla.tests.links import broken_links

Role = Profile.Role


def _client(profile: Profile) -> Client:
    client = Client()
    client.force_login(profile.user)
    return client


def _capaian_pages(plan: Plan) -> list[str]:
    """The dashboard, every cluster, indicator and agency page of the year with data."""
    pages = ["/capaian/?tahun=2023"]
    pages += [f"/capaian/klaster/{c.code}/?tahun=2023" for c in Cluster.objects.filter(plan=plan)]
    pages += [f"/capaian/indikator/{i.pk}/?tahun=2023" for i in Indicator.objects.filter(plan=plan)]
    agencies = Agency.objects.filter(acronym__in=("Dinkes", "Dinsos"))
    return pages + [f"/capaian/instansi/{a.pk}/?tahun=2023" for a in agencies]


@pytest.mark.parametrize(
    ("username", "role", "acronym", "clusters"),
    [
        ("dinkes", Role.OPERATOR, "Dinkes", ()),
        ("dinsos", Role.OPERATOR, "Dinsos", ()),
        ("koordinator3", Role.COORDINATOR, "", ("III",)),
        ("pimpinan", Role.VIEWER, "", ()),
    ],
)
def test_every_link_on_the_capaian_pages_answers(
    small: Plan, username: str, role: str, acronym: str, clusters: tuple[str, ...]
) -> None:
    client = _client(persona(username, role, acronym, clusters))
    assert broken_links(client, _capaian_pages(small)) == {}


def test_an_operator_sees_details_of_its_own_measures_only(small: Plan) -> None:
    dinsos = _client(make_account("dinsos", Role.OPERATOR, Agency.objects.get(acronym="Dinsos")))
    pimpinan = _client(make_account("pimpinan", Role.VIEWER))
    page = "/capaian/klaster/K/?tahun=2023"  # Cakupan sosialisasi, Dinkes's measure
    history = re.compile(r'href="/realisasi/\d+/riwayat/"')
    # The same cached table, read by two people: each gets their own links.
    assert len(history.findall(pimpinan.get(page).content.decode())) == 1
    assert history.findall(dinsos.get(page).content.decode()) == []
    assert len(history.findall(pimpinan.get(page).content.decode())) == 1
