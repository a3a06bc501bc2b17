"""The /api/v1/ tree: each app contributes its own urls module."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

# Swagger UI and ReDoc (self-hosted) need an inline bootstrap script, inline styles and, for ReDoc,
# a blob: worker. Only these two pages get that; everything else keeps the strict site policy.
DOCS_CSP = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}

# The docs pages are HTML pages to read: OPTIONS would render DRF's metadata through their page
# template, which cannot show it (a 500), so they answer GET and HEAD only.
PAGE_METHODS = ["get", "head"]
swagger_ui = SpectacularSwaggerView.as_view(url_name="schema", http_method_names=PAGE_METHODS)
redoc = SpectacularRedocView.as_view(url_name="schema", http_method_names=PAGE_METHODS)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", csp_update(DOCS_CSP)(swagger_ui), name="swagger-ui"),
    path("redoc/", csp_update(DOCS_CSP)(redoc), name="redoc"),
    path("", include("kindred.accounts.urls")),
    path("", include("kindred.lifecycle.urls")),
    path("", include("kindred.public.urls")),
    path("", include("kindred.groups.urls")),
    path("", include("kindred.meetings.urls")),
    path("", include("kindred.moderation.urls")),
    path("", include("kindred.notifications.urls")),
    path("", include("kindred.webhooks.urls")),
    path("", include("kindred.meta.urls")),
]
