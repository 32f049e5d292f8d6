"""The secretariat's page of API tokens: issue one (shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from radkla.accounts.access import require_secretariat, scope_for
from radkla.api import services
from radkla.api.forms import IssueForm
from radkla.api.models import ApiToken
from radkla.errors import NotFound


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require_secretariat(scope)
    form = IssueForm()
    issued = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token_id = request.POST.get("token", "")
        token = ApiToken.objects.filter(pk=int(token_id)).first() if token_id.isdecimal() else None
        if token is None:
            raise NotFound("Token tidak ditemukan.")
        try:
            services.revoke_token(token=token, scope=scope, actor=request.user)
        except services.TokenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Token {token.name} dicabut; token itu tidak berlaku lagi.")
        return redirect("api:tokens")
    if request.method == "POST":
        form = IssueForm(request.POST)
        if form.is_valid():
            try:
                issued = services.issue_token(
                    user=form.cleaned_data["user"],
                    name=form.cleaned_data["name"],
                    access=form.cleaned_data["access"],
                    scope=scope,
                    actor=request.user,
                )
            except services.TokenError as error:
                form.add_error(None, str(error))
            else:
                form = IssueForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": ApiToken.objects.select_related(
                "user__profile__agency", "created_by", "revoked_by"
            ).order_by("revoked_at", "-created_at", "-id"),
        },
    )
