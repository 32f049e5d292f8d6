from __future__ import annotations

from django.urls import path

from radkla.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("beranda/", views.workbench, name="workbench"),
    path("lapor/", views.my_reports, name="my_reports"),
    path("lapor/periode/<int:period_id>/", views.grid, name="grid"),
    path("lapor/periode/<int:period_id>/excel/", views.grid_workbook, name="grid_workbook"),
    path("lapor/periode/<int:period_id>/unggah/", views.grid_upload, name="grid_upload"),
    path(
        "lapor/periode/<int:period_id>/wilayah/<int:measure_id>/",
        views.area_grid,
        name="area_grid",
    ),
    path(
        "lapor/periode/<int:period_id>/periksa/<int:measure_id>/",
        views.check_row,
        name="check_row",
    ),
    path(
        "lapor/periode/<int:period_id>/ajukan/<int:measure_id>/",
        views.submit_measure,
        name="submit_measure",
    ),
    path("realisasi/<int:realization_id>/bukti/", views.upload_evidence, name="upload_evidence"),
    path("realisasi/<int:realization_id>/riwayat/", views.history, name="history"),
    path("bukti/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("verifikasi/periode/<int:period_id>/", views.verification, name="verification"),
    path("periode/", views.periods, name="periods"),
    path("log-audit/", views.audit_log, name="audit_log"),
    path("anggaran/", views.funding, name="funding"),
]
