from __future__ import annotations

from django.urls import path

from radkla.meetings import views

app_name = "meetings"
urlpatterns = [
    path("rapat/", views.meeting_list, name="list"),
    path("rapat/baru/", views.meeting_create, name="create"),
    path("rapat/<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("rapat/<int:meeting_id>/ubah/", views.meeting_edit, name="edit"),
    path("rapat/<int:meeting_id>/keputusan/", views.add_decision, name="add_decision"),
    path(
        "rapat/<int:meeting_id>/tindak-lanjut/<int:decision_id>/selesai/",
        views.complete_follow_up,
        name="complete_follow_up",
    ),
]
