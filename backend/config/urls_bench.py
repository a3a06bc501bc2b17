"""The real URL tree plus the benchmark's baseline views under /bench/ (bench settings only)."""

from django.urls import include, path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench/", include("bench.baseline")), *app_urlpatterns]
