"""The real URL tree plus a stock DRF list (bench/stock.py) at /bench-http/stock/ (bench_http settings only)."""

from django.urls import path

from bench.stock import StockGroupList
from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench-http/stock/", StockGroupList.as_view()), *app_urlpatterns]
