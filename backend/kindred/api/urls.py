"""The /api/v1/ tree: each app contributes its own urls module."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("", include("kindred.accounts.urls")),
    path("", include("kindred.groups.urls")),
    path("", include("kindred.meetings.urls")),
    path("", include("kindred.feeds.urls")),
    path("", include("kindred.moderation.urls")),
    path("", include("kindred.notifications.urls")),
]
