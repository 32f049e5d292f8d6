from __future__ import annotations

from django.urls import path

from radkla.reports import views

app_name = "reports"
urlpatterns = [path("laporan/", views.reports, name="index")]
