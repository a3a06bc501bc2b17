from django.urls import path

from . import views

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/register/", views.RegisterView.as_view(), name="auth-register"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/tokens/", views.ApiTokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:token_id>/", views.ApiTokenDetailView.as_view(), name="auth-token-detail"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/export/", views.MeExportView.as_view(), name="me-export"),
    path("me/calendar/rotate/", views.CalendarRotateView.as_view(), name="me-calendar-rotate"),
]
