from __future__ import annotations

from django.urls import path

from radkla.reports import views

app_name = "reports"
urlpatterns = [
    path("laporan/", views.reports, name="index"),
    path("laporan/tugas/<int:job_id>/", views.job_status, name="job"),
    path("laporan/tugas/<int:job_id>/unduh/", views.job_download, name="job_download"),
    path("laporan/pengaturan/", views.settings_page, name="settings"),
    path("laporan/pengaturan/logo/", views.settings_logo, name="settings_logo"),
]
