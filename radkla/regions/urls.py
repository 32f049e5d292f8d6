from __future__ import annotations

from django.urls import path

from radkla.regions import views

app_name = "regions"
urlpatterns = [
    path("wilayah/<int:region_id>/kode/", views.set_code, name="set_code"),
]
