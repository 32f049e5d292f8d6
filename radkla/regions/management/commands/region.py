"""``radkla region load CODE`` / ``set-code ID CODE``: regions by their Kemendagri code."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from radkla.accounts.access import SYSTEM
from radkla.lib.commands import require_migrated_database
from radkla.regions.models import Region
from radkla.regions.services import RegionError, load_region, set_region_code


class Command(BaseCommand):
    help = "Muat wilayah (kota/kabupaten beserta kecamatan dan kelurahannya) dari kode Kemendagri."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="load|set-code")
        p_load = sub.add_parser("load", help="Muat wilayah dari kode Kemendagri, mis. 36.72.")
        p_load.add_argument("code", help="Kode Kemendagri, mis. 36.72 untuk Kota Cilegon.")
        p_set = sub.add_parser(
            "set-code", help="Tetapkan kode Kemendagri bagi wilayah sementara (daerah baru)."
        )
        p_set.add_argument("id", type=int, help="ID wilayah sementara (lihat peringatan impor).")
        p_set.add_argument("code", help="Kode Kemendagri wilayah itu, mis. 36.72.")

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        if options["action"] == "set-code":
            self.do_set_code(options["id"], options["code"])
            return
        try:
            result = load_region(options["code"])
        except RegionError as error:
            raise CommandError(str(error)) from None
        children = result.region.children.count()
        self.stdout.write(
            f"{result.region.name} ({result.region.code}): {result.created} wilayah baru, "
            f"{result.total} seluruhnya; {children} wilayah langsung di bawahnya."
        )

    def do_set_code(self, region_id: int, code: str) -> None:
        region = Region.objects.filter(pk=region_id).first()
        if region is None:
            raise CommandError(f"Wilayah #{region_id} tidak ada.")
        try:
            region = set_region_code(region=region, code=code, scope=SYSTEM, actor=None)
        except RegionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{region.name} kini berkode Kemendagri {region.code}; "
            f"{region.children.count()} kecamatan dimuat."
        )
