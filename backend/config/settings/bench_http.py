"""``make bench-http``: the production settings unchanged, plus one stock DRF list to compare with.

bench/http.py serves this with gunicorn and the production gunicorn.conf.py; the environment it
sets is the only difference from a deployment (plain HTTP on loopback, throttle rates out of reach
so the load is never refused while the throttles still run, the public-page cache off so the
uncached directory is measured). See docs/performance.md.
"""

from .production import *  # noqa: F403

ROOT_URLCONF = "config.urls_bench_http"
