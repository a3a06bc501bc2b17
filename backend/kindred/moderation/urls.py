"""Routes of the moderation app, mounted under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("concerns/", views.ConcernsView.as_view(), name="concerns"),
    path("concerns/<int:concern_id>/resolve/", views.ConcernResolveView.as_view(), name="concern-resolve"),
    path("groups/<slug:slug>/concerns/", views.GroupConcernListView.as_view(), name="group-concerns"),
]
