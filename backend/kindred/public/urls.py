"""Routes of the public app, mounted under /api/v1/. Cached ones are built by ``cache.page`` (the table)."""

from django.urls import path

from . import views
from .cache import page

GROUP = "groups/<slug:slug>/"

urlpatterns = [
    path("groups/", page("group-list", views.GroupListView.as_view()), name="group-list"),
    path(GROUP, page("group-detail", views.GroupDetailView.as_view()), name="group-detail"),
    path(GROUP + "calendar.ics", page("group-calendar", views.GroupCalendarView.as_view()), name="group-calendar"),
    path("me/calendar/<str:secret>.ics", views.PersonalCalendarView.as_view(), name="me-calendar"),
    path("feeds/meeting-guide.json", page("meeting-guide", views.MeetingGuideView.as_view()), name="meeting-guide"),
]
