from __future__ import annotations

from django.urls import path

from radkla.nation import views

app_name = "nation"
urlpatterns = [
    path("wilayah/", views.recap_page, name="recap"),
]
