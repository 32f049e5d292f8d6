"""``radkla region load CODE``: set up a city or regency by its Kemendagri code."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from radkla.lib.commands import require_migrated_database
from radkla.regions.services import RegionError, load_region


class Command(BaseCommand):
    help = "Muat wilayah (kota/kabupaten beserta kecamatan dan kelurahannya) dari kode Kemendagri."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="load")
        p_load = sub.add_parser("load", help="Muat wilayah dari kode Kemendagri, mis. 36.72.")
        p_load.add_argument("code", help="Kode Kemendagri, mis. 36.72 untuk Kota Cilegon.")

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        try:
            result = load_region(options["code"])
        except RegionError as error:
            raise CommandError(str(error)) from None
        children = result.region.children.count()
        self.stdout.write(
            f"{result.region.name} ({result.region.code}): {result.created} wilayah baru, "
            f"{result.total} seluruhnya; {children} wilayah langsung di bawahnya."
        )
