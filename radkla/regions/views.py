"""The secretariat's page for giving a provisional region its Kemendagri code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from radkla.accounts.access import request_scope, require_secretariat, scope_for
from radkla.regions import selectors
from radkla.regions.forms import RegionCodeForm
from radkla.regions.models import Region
from radkla.regions.services import RegionError, set_region_code


def get_region_for_user(request: HttpRequest, region_id: int) -> Region:
    """Only the secretariat manages regions, its own city's: 403 for others, else 404."""
    scope = request_scope(request)
    require_secretariat(scope)
    region = selectors.get_region(region_id)
    if region is None or not scope.covers(region.pk):
        raise Http404
    return region


@login_required
def set_code(request: HttpRequest, region_id: int) -> HttpResponse:
    region = get_region_for_user(request, region_id)
    plans = list(selectors.region_plans(region))
    form = RegionCodeForm(request.POST if request.method == "POST" else None)
    if region.provisional and form.is_valid():
        try:
            region = set_region_code(
                region=region,
                code=form.cleaned_data["code"],
                scope=scope_for(request.user),
                actor=request.user,
            )
        except RegionError as error:
            form.add_error("code", str(error))
        else:
            messages.success(
                request,
                _("%(name)s kini berkode Kemendagri %(code)s; kecamatan dan kelurahannya dimuat.")
                % {"name": region.name, "code": region.code},
            )
            if plans:
                return redirect("plan:overview", plan_id=plans[0].pk)
            return redirect("regions:set_code", region_id=region.pk)
    return render(
        request, "regions/set_code.html", {"region": region, "form": form, "plans": plans}
    )
