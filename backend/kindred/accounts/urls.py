from django.urls import path

from . import views

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/register/", views.RegisterView.as_view(), name="auth-register"),
    path("auth/verify-email/", views.VerifyEmailView.as_view(), name="auth-verify-email"),
    path("auth/verify-email/resend/", views.VerifyEmailResendView.as_view(), name="auth-verify-email-resend"),
    path("auth/password-reset/", views.PasswordResetView.as_view(), name="auth-password-reset"),
    path("auth/password-reset/confirm/", views.PasswordResetConfirmView.as_view(), name="auth-password-reset-confirm"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/tokens/", views.ApiTokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:token_id>/", views.ApiTokenDetailView.as_view(), name="auth-token-detail"),
    path("me/password/", views.PasswordChangeView.as_view(), name="me-password"),
    path("me/email/", views.EmailChangeView.as_view(), name="me-email"),
    path("me/sessions/", views.SessionListView.as_view(), name="me-sessions"),
    path("me/sessions/end-others/", views.SessionsEndOthersView.as_view(), name="me-sessions-end-others"),
    path("me/sessions/<str:session_id>/", views.SessionDetailView.as_view(), name="me-session-detail"),
]
