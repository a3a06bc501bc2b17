"""Routes of the feeds app, mounted under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("groups/<slug:slug>/calendar.ics", views.GroupCalendarView.as_view(), name="group-calendar"),
    path("me/calendar/<str:secret>.ics", views.PersonalCalendarView.as_view(), name="me-calendar"),
    path("feeds/meeting-guide.json", views.MeetingGuideView.as_view(), name="meeting-guide"),
]
