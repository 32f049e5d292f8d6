from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from radkla.accounts.views import start
from radkla.api.endpoints import api

admin.site.site_header = _("Administrasi radkla")
admin.site.site_title = _("radkla")
admin.site.index_title = _("Data rencana aksi dan pengguna")

urlpatterns = [
    path("", start, name="start"),
    path("admin/", admin.site.urls),
    path("akun/", include("radkla.accounts.urls")),
    path("akun/token/", include("radkla.api.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("radkla.monitoring.urls")),
    path("", include("radkla.meetings.urls")),
    path("", include("radkla.achievement.urls")),
    path("", include("radkla.reports.urls")),
    path("", include("radkla.evaluation.urls")),
    path("", include("radkla.nation.urls")),
    path("", include("radkla.plan.urls")),
    path("", include("radkla.regions.urls")),
]

# The error pages in the site's layout and the reader's language (see radkla/errors.py).
handler400 = "radkla.errors.bad_request"
handler403 = "radkla.errors.permission_denied"
handler404 = "radkla.errors.page_not_found"
handler500 = "radkla.errors.server_error"
