"""Local development (make run): debug on, a throwaway secret, SQLite unless DATABASE_URL is set."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
from .base import REST_FRAMEWORK, SECRET_KEY  # noqa: E402

SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: S105
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
    "rest_framework.renderers.JSONRenderer",
    "rest_framework.renderers.BrowsableAPIRenderer",
]
