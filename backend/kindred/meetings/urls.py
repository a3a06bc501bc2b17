"""Routes of the meetings app, mounted under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("groups/<slug:slug>/series/", views.GroupSeriesView.as_view(), name="group-series"),
    path("groups/<slug:slug>/occurrences/", views.GroupOccurrencesView.as_view(), name="group-occurrences"),
    path("series/<int:series_id>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("occurrences/<int:occurrence_id>/", views.OccurrenceDetailView.as_view(), name="occurrence-detail"),
    path("occurrences/<int:occurrence_id>/cancel/", views.OccurrenceCancelView.as_view(), name="occurrence-cancel"),
    path("occurrences/<int:occurrence_id>/restore/", views.OccurrenceRestoreView.as_view(),
         name="occurrence-restore"),
    path("occurrences/<int:occurrence_id>/rsvp/", views.RsvpView.as_view(), name="occurrence-rsvp"),
    path("occurrences/<int:occurrence_id>/attendees/", views.AttendeesView.as_view(), name="occurrence-attendees"),
    path("me/meetings/", views.MyMeetingsView.as_view(), name="me-meetings"),
]
