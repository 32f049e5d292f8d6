from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from radkla.accounts.views import SignInView

app_name = "accounts"
urlpatterns = [
    path("masuk/", SignInView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
