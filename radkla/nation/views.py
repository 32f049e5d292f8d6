"""Rekap wilayah: the province and national recap of every city's plan in force."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from radkla.accounts.access import request_scope
from radkla.achievement.charts import capaian_bars
from radkla.errors import NotFound
from radkla.lib.tables import download
from radkla.nation.selectors import UnknownProvince, recap
from radkla.nation.table import columns

UNKNOWN_PROVINCE = "Provinsi yang diminta tidak ada di antara wilayah yang dapat Anda baca."


def _number(text: str) -> int | None:
    # isdecimal() alone lets "²" through; the number must fit a database key.
    return int(text) if text.isascii() and text.isdecimal() and len(text) <= 12 else None


@login_required
def recap_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    if not scope.reads_several_cities:
        # One city's task force has its own Capaian; the recap is for province and nation.
        return redirect("achievement:dashboard")
    province_text = request.GET.get("provinsi", "")
    province_id = _number(province_text) if province_text else None
    if province_text and province_id is None:
        raise NotFound(UNKNOWN_PROVINCE)
    try:
        result = recap(
            scope,
            year=_number(request.GET.get("tahun", "")),
            province_id=province_id,
            today=timezone.localdate(),
        )
    except UnknownProvince:
        raise NotFound(UNKNOWN_PROVINCE) from None
    where = f" {result.province.name}" if result.province is not None else ""
    title = f"Rekap wilayah{where} {result.year}"
    exported = download(request.GET.get("export", ""), title, columns(result), result.rows)
    if exported is not None:
        return exported
    ranked = [row for row in result.rows if row.rank is not None]
    chart = capaian_bars(
        [row.city for row in ranked],
        [row.capaian for row in ranked],
        title=f"Capaian keseluruhan per kabupaten/kota {result.year}",
    )
    query = f"tahun={result.year}" + (
        f"&provinsi={result.province.pk}" if result.province is not None else ""
    )
    return render(
        request,
        "nation/recap.html",
        {
            "active_url": reverse("nation:recap"),
            "recap": result,
            "title": title,
            "query": query,
            "national": scope.city_ids is None,
            "chart": mark_safe(chart),  # noqa: S308  (charts escape every label they draw)
        },
    )
