"""Signing in, the start page at ``/``, and the login page's lockout answer.

django-axes calls ``lockout_response`` through AXES_LOCKOUT_CALLABLE.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_username, get_cool_off  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from radkla.accounts.landing import landing_url


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page again, saying why and for how long; 429 Too Many Requests."""
    cool_off = get_cool_off(request)
    username = get_client_username(request, credentials) or ""
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "locked_out": True,
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        "contact": settings.RADKLA_CONTACT,
    }
    return render(request, "accounts/login.html", context, status=429)


class SignInView(LoginView):
    """The login page; without a ``next`` page, each role lands on its start page."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        # "/" only redirects again: go to the start page in one step.
        url = super().get_redirect_url()
        return "" if url == "/" else url

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


def start(request: HttpRequest) -> HttpResponse:
    """``/`` and the brand link: the signed-in user's start page, else the login page."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect(landing_url(request.user))
