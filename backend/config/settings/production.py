"""Production: everything from the environment, secure by default, no browsable API."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, REST_FRAMEWORK, SECRET_KEY, env_bool

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters in production")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
X_FRAME_OPTIONS = "DENY"

# Per-IP throttles read the client's address from X-Forwarded-For only when told how many proxies
# (load balancers) in front append to it: the entry the outermost trusted one wrote is the client.
# With 0 (the default) it is the socket's address, and a client cannot pick its own.
_num_proxies = os.environ.get("NUM_PROXIES", "").strip() or "0"
if not _num_proxies.isdigit():
    raise ImproperlyConfigured(f"NUM_PROXIES must be the number of trusted proxies (0 or more), not {_num_proxies!r}")
REST_FRAMEWORK["NUM_PROXIES"] = int(_num_proxies)

# Webhooks to loopback receivers (and over plain http) are for the test suite only: never in production.
if env_bool("WEBHOOKS_ALLOW_LOOPBACK"):
    raise ImproperlyConfigured("WEBHOOKS_ALLOW_LOOPBACK is for tests only; production sends webhooks only to "
                               "public https receivers")
WEBHOOKS_ALLOW_LOOPBACK = False

# JSON only: no browsable API (and so no HTML rendering of anyone's text) in production.
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]

# Container and load-balancer health probes call http://127.0.0.1:8000/healthz from inside the
# host; they must not be refused as a DisallowedHost whatever public names ALLOWED_HOSTS lists.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, *(host for host in ("127.0.0.1", "localhost") if host not in ALLOWED_HOSTS)]
