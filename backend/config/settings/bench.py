"""Benchmark settings (make bench): production-like request handling plus the baseline views.

DEBUG is off (no query logging), connections persist as in production, throttles are out of the
way, and the shared public-page cache is off by default so the benchmark measures the work itself
(PUBLIC_CACHE_TIMEOUT=300 measures cache hits instead). Plain HTTP: no SSL redirect.
"""

import os

os.environ.setdefault("THROTTLE_RATES", "anon=10000000/min,user=10000000/min,auth=10000000/min,"
                      "join=10000000/min,rsvp=10000000/min,concern=10000000/min,webhooks=10000000/min,"
                      "group_create=10000000/min")
os.environ.setdefault("PUBLIC_CACHE_TIMEOUT", "0")

from .base import *  # noqa: E402,F403
from .base import DATABASES, SECRET_KEY  # noqa: E402

DEBUG = False
SECRET_KEY = SECRET_KEY or "bench-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "config.urls_bench"
DATABASES["default"]["CONN_MAX_AGE"] = None  # one connection for the whole run, as a warm worker has
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"handlers": [], "level": "ERROR"}}
