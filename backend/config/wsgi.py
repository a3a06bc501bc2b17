"""WSGI entry point (gunicorn config.wsgi).

The URLconf (and so every view module) is imported here, at load time: with gunicorn's
``preload_app`` that happens once in the master, before the workers are forked (config/warmup.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

from config.warmup import load_urls  # noqa: E402 - needs the apps loaded by get_wsgi_application

load_urls()
