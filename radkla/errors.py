"""The error pages (400, 403, 404, 500 and a refused form) in the site's own layout.

Django's defaults are bare English pages that drop the view's own message. These
handlers keep the reader's language and the site around the message, and always
offer a way back. A 404's message is shown only when a view raised ``NotFound``
on purpose: Django's own 404s carry internals (URL patterns, model names).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme


class NotFound(Http404):
    """A 404 whose message is written for the reader (Indonesian, no internals)."""


NO_PLAN = (
    "Belum ada rencana aksi (RAD KLA) yang dimuat. Sekretariat mengimpornya di halaman Rencana."
)


def _back(request: HttpRequest) -> str:
    """The page the reader came from, when it is one of ours and not this one."""
    referer = request.headers.get("referer", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return "" if referer == request.build_absolute_uri() else referer


def _page(
    request: HttpRequest, template: str, status: int, message: str = "", *, reason: str = ""
) -> HttpResponse:
    context = {"message": message, "back_url": _back(request), "reason": reason}
    return HttpResponse(loader.render_to_string(template, context, request), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Like Django's: no request context, nothing of the refused request shown.
    return HttpResponse(loader.render_to_string("400.html"), status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Our PermissionDenied messages are written for the reader; Django's own are empty.
    return _page(request, "403.html", 403, str(exception))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(
        request, "404.html", 404, str(exception) if isinstance(exception, NotFound) else ""
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused for its missing or stale security token (CSRF_FAILURE_VIEW)."""
    return _page(request, "403_csrf.html", 403)


SAFE_500 = (
    '<!doctype html><html lang="id"><meta charset="utf-8"><title>Kesalahan server · radkla</title>'
    "<h1>Terjadi kesalahan di server</h1><p>Kesalahan ini telah dicatat. "
    'Silakan coba lagi nanti, atau kembali ke <a href="{home}">halaman awal</a>.</p></html>'
)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: rendered without the request, so nothing that failed is asked again."""
    try:
        return HttpResponse(loader.render_to_string("500.html"), status=500)
    except Exception:
        try:
            home = reverse("plan:home")
        except Exception:
            home = "/"
        return HttpResponse(SAFE_500.format(home=escape(home)), status=500)


__all__ = [
    "NotFound",
    "bad_request",
    "csrf_failure",
    "page_not_found",
    "permission_denied",
    "server_error",
]
