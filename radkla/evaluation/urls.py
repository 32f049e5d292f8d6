from __future__ import annotations

from django.urls import path

from radkla.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("evaluasi/", views.readiness_page, name="readiness"),
    path("evaluasi/paket/", views.package_download, name="package"),
    path("evaluasi/indikator/<int:number>/", views.indicator_page, name="indicator"),
    path("evaluasi/instansi/", views.agency_page, name="agency"),
    path("evaluasi/pemetaan/", views.mapping_page, name="mapping"),
    path("evaluasi/bobot/", views.weights_page, name="weights"),
    path("evaluasi/dokumen/<int:document_id>/", views.document_file, name="document"),
]
