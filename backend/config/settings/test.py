"""Test settings: fast hashing, mail in memory, tasks run immediately, throttles out of the way."""

import os

os.environ.setdefault("THROTTLE_RATES", "anon=100000/min,user=100000/min,auth=100000/min,"
                      "join=100000/min,rsvp=100000/min,concern=100000/min,webhooks=100000/min,"
                      "group_create=100000/min")

from .base import *  # noqa: E402,F403
from .base import SECRET_KEY  # noqa: E402

SECRET_KEY = SECRET_KEY or "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"

# N+1 detection: every request a test makes runs inside zeal, which raises on an N+1 pattern.
from .base import INSTALLED_APPS, MIDDLEWARE  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True

# SQLite tests use a file (one per process), not shared-cache memory: shared-cache connections fail
# at once with "database table is locked" instead of waiting for the IMMEDIATE lock, which breaks the
# multi-threaded capacity tests (tests/meetings/test_concurrency.py). Speed is the same.
import tempfile  # noqa: E402

from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"kindred-test-{os.getpid()}.sqlite3"),
    }
