"""The /api/v1/ tree: each app contributes its own urls module."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

# Swagger UI and ReDoc (self-hosted) need an inline bootstrap script, inline styles and, for ReDoc,
# a blob: worker. Only these two pages get that; everything else keeps the strict site policy.
DOCS_CSP = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", csp_update(DOCS_CSP)(SpectacularSwaggerView.as_view(url_name="schema")), name="swagger-ui"),
    path("redoc/", csp_update(DOCS_CSP)(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
    path("", include("kindred.accounts.urls")),
    path("", include("kindred.groups.urls")),
    path("", include("kindred.meetings.urls")),
    path("", include("kindred.feeds.urls")),
    path("", include("kindred.moderation.urls")),
    path("", include("kindred.notifications.urls")),
]
