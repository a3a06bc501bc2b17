"""Routes of the meta app, mounted under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("meta/", views.MetaView.as_view(), name="meta"),
]
