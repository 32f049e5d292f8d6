"""The secretariat's page of API tokens: issue one (shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from radkla.accounts.access import accounts_in, request_scope, require_secretariat
from radkla.api import services
from radkla.api.forms import IssueForm
from radkla.api.models import ApiToken
from radkla.errors import NotFound


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require_secretariat(scope)
    accounts = accounts_in(scope)
    form = IssueForm(accounts=accounts)
    issued = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token_id = request.POST.get("token", "")
        token = (
            ApiToken.objects.filter(pk=int(token_id), user__in=accounts).first()
            if token_id.isdecimal() and len(token_id) < 12
            else None
        )
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
        form = IssueForm(request.POST, accounts=accounts)
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
                form = IssueForm(accounts=accounts)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": ApiToken.objects.filter(user__in=accounts)
            .select_related("user__profile__agency", "created_by", "revoked_by")
            .order_by("revoked_at", "-created_at", "-id"),
        },
    )
