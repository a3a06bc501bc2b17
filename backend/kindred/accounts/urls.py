from django.urls import path

from . import views

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/tokens/", views.ApiTokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:token_id>/", views.ApiTokenDetailView.as_view(), name="auth-token-detail"),
]
