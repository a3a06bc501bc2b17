"""Test settings: fast hashing, mail in memory, tasks run immediately, throttles out of the way."""

import os

os.environ.setdefault("THROTTLE_RATES", "anon=100000/min,user=100000/min,auth=100000/min,"
                      "join=100000/min,rsvp=100000/min,concern=100000/min")

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
