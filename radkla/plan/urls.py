from __future__ import annotations

from django.urls import path

from radkla.plan import views

app_name = "plan"
urlpatterns = [
    path("rencana/", views.home, name="home"),
    path("rencana/<int:plan_id>/", views.overview, name="overview"),
    path("rencana/<int:plan_id>/ekspor.<str:fmt>", views.export, name="export"),
    path("rencana/<int:plan_id>/audit/", views.audit, name="audit"),
    path("rencana/impor/", views.import_upload, name="import"),
    path("rencana/impor/<str:token>/", views.import_preview_page, name="import_preview"),
    path("rencana/impor/<str:token>/konfirmasi/", views.import_confirm, name="import_confirm"),
    path("rencana/<int:plan_id>/polaritas/", views.polarity, name="polarity"),
]
urlpatterns += [
    path("rencana/<int:plan_id>/data-dasar/", views.baselines, name="baselines"),
]
