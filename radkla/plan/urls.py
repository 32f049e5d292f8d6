from __future__ import annotations

from django.urls import path

from radkla.plan import history_views, views

app_name = "plan"
urlpatterns = [
    path("rencana/", views.home, name="home"),
    path("rencana/<int:plan_id>/", views.overview, name="overview"),
    path("rencana/<int:plan_id>/ekspor.<str:fmt>", views.export, name="export"),
    path("rencana/<int:plan_id>/audit/", views.audit, name="audit"),
    path("rencana/impor/", views.import_upload, name="import"),
    path("rencana/impor/<str:token>/", views.import_preview_page, name="import_preview"),
    path("rencana/impor/<str:token>/konfirmasi/", views.import_confirm, name="import_confirm"),
    path("rencana/impor/<str:token>/revisi/", views.import_revise, name="import_revise"),
    path("rencana/<int:plan_id>/polaritas/", views.polarity, name="polarity"),
    path("rencana/<int:plan_id>/riwayat/", history_views.plan_history, name="history"),
    path("rencana/<int:plan_id>/riwayat/banding/", history_views.plan_compare, name="compare"),
    path(
        "rencana/<int:plan_id>/ukuran/<int:measure_id>/koreksi/",
        history_views.correct,
        name="correct",
    ),
]
urlpatterns += [
    path("rencana/<int:plan_id>/data-dasar/", views.baselines, name="baselines"),
]
