from __future__ import annotations

from django.urls import path

from radkla.api import views

app_name = "api"
urlpatterns = [
    path("", views.tokens, name="tokens"),
]
