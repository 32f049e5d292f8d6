"""radkla's own middleware: the language a user chose, no caching of signed-in pages, no NUL.

Django's LocaleMiddleware follows the browser's Accept-Language, and many
civil servants' browsers say English; radkla speaks Indonesian by default and
switches only on the user's own choice (the language cookie set by the switch).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.known else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class NoStoreForSignedInMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user.

    Offices share computers: a page or download seen by one user must not be kept
    in the browser's cache (or a proxy's) for the next one to find with the back
    button. A response that set its own Cache-Control keeps it; anonymous pages
    (the public page, the login) and static files (served before this runs) keep
    their caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class RefuseNulMiddleware:
    """A request carrying a NUL character is refused as a whole (400), before any view.

    Nobody types one; it comes from a broken paste or a hand-made request. PostgreSQL
    cannot store it in a text column, so a view would fail halfway with a server
    error; refusing it here keeps every form, on both databases, to a clear page and
    nothing saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = [request.GET]
        if request.method == "POST":
            fields.append(request.POST)
        for data in fields:
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("NUL character in a request field")
        return self.get_response(request)


class PlanChoiceMiddleware:
    """A reading page asked by someone who covers several cities: offer their plans.

    ``chosen_plan`` raises ``ChoosePlan`` when a province or national reader opens
    Capaian, Laporan or the public page without naming a plan; the answer is the
    list of plans in force, each linking back to the same page with ``?rencana=``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from radkla.plan.chosen import PARAM, ChoosePlan

        if not isinstance(exception, ChoosePlan):
            return None
        query = request.GET.copy()
        query.pop(PARAM, None)
        base = request.path + "?" + (query.urlencode() + "&" if query else "")
        choices = [(plan, f"{base}{PARAM}={plan.pk}") for plan in exception.choices]
        return render(request, "plan/choose.html", {"choices": choices})
