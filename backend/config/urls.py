"""Top-level routes: the PWA's page, the versioned API, health, admin. The PWA's other files are
served by WhiteNoise."""

from django.contrib import admin
from django.urls import include, path, re_path

from kindred.api.handlers import API_NOT_FOUND, api_not_found
from kindred.api.throttling import auth_throttled
from kindred.api.views import HealthView
from kindred.meta.views import shell

urlpatterns = [
    path("", shell, name="pwa-shell"),  # index.html with the first screen's data (kindred/meta/shell.py)
    path("api/v1/", include("kindred.api.urls")),
    re_path(r"^api/", api_not_found, name=API_NOT_FOUND),  # after every API route: unknown paths
    path("healthz", HealthView.as_view(), name="healthz"),
    # The admin's sign-in, throttled per IP like the API's (django-axes locks the account for both).
    path("admin/login/", auth_throttled(admin.site.login)),
    path("admin/", admin.site.urls),
]

handler404 = "kindred.api.handlers.not_found"
handler500 = "kindred.api.handlers.server_error"
