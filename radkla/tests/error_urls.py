"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from radkla.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("rusak di dalam")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("internal detail")


def django_404(request: HttpRequest) -> HttpResponse:
    # What get_object_or_404 says: a model name, not for the reader.
    raise Http404("No Plan matches the given query.")


urlpatterns = [
    *urlpatterns,
    path("uji/rusak/", broken),
    path("uji/curiga/", suspicious),
    path("uji/tidak-ada/", django_404),
]
