from __future__ import annotations

from django.urls import path

from radkla.achievement import views

app_name = "achievement"
urlpatterns = [
    path("capaian/", views.dashboard, name="dashboard"),
    path("capaian/klaster/<str:code>/", views.cluster_page, name="cluster"),
    path("capaian/indikator/<int:indicator_id>/", views.indicator_page, name="indicator"),
    path("capaian/instansi/<int:agency_id>/", views.agency_page, name="agency"),
    path("capaian/wilayah/", views.areas_page, name="areas"),
    path("publik/", views.public_page, name="public"),
]
