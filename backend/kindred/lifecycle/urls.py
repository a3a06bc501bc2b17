"""Routes of the lifecycle app, mounted under /api/v1/."""

from django.urls import path

from . import views

GROUP = "groups/<slug:slug>/"

urlpatterns = [
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/export/", views.MeExportView.as_view(), name="me-export"),
    path("me/calendar/rotate/", views.CalendarRotateView.as_view(), name="me-calendar-rotate"),
    path(GROUP + "membership/", views.MembershipView.as_view(), name="group-membership"),
    path(GROUP + "members/<int:membership_id>/remove/", views.MemberRemoveView.as_view(), name="group-member-remove"),
]
