"""Routes of the meta app, mounted under /api/v1/."""

from django.urls import path

from kindred.public.cache import page

from . import views

urlpatterns = [
    path("meta/", page("meta", views.MetaView.as_view()), name="meta"),
]
