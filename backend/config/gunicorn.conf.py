"""gunicorn settings for production: everything tunable from the environment.

Run from backend/: ``gunicorn -c config/gunicorn.conf.py config.wsgi``. The web workers keep no
state of their own (sessions, throttles and cache live in PostgreSQL and Redis), so scale out by
raising WEB_CONCURRENCY or by running more containers behind the load balancer.
"""

import datetime as dt
import multiprocessing
import os
import re
from typing import Any

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY") or min(multiprocessing.cpu_count() * 2 + 1, 9))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak can never grow without bound; jitter (10 %) keeps the
# workers from recycling together. A worker's memory levels off at ~95 MB (issue 16), so this is a
# safety net, not a routine: at 2,000 a worker was recycled 103 times in one load test, and each
# recycle stalled requests (/healthz p99 0.45-1.3 s). 0 turns recycling off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 10)))
# Load the app once in the master, then fork: faster start and shared memory pages. config.wsgi also
# imports the URLconf there, so a new worker inherits every view module already imported.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
# Only trust X-Forwarded-* from the load balancer's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The workers' heartbeat files in memory, as gunicorn's docs advise for containers.
SHM = "/dev/shm"  # noqa: S108 - not a temporary file of ours; gunicorn's heartbeat location
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", SHM if os.path.isdir(SHM) else None)

# gunicorn 25.1+ opens a control socket for `gunicornc`, by default in $XDG_RUNTIME_DIR or ~/.gunicorn/,
# outside the app's own directories. Nothing here uses it: it is off unless GUNICORN_CONTROL_SOCKET names a path.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Path without the query string, and time taken in microseconds so slow requests show.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus "%(a)s"'
proc_name = "kindred"

SECRET_PATH = re.compile(r"/calendar/[^/?\s\"]+\.ics")
# A link's token in a query string (account emails link to `/#/reset?token=…`: the fragment never
# reaches the server, but a pasted or rewritten link, a Referer or an operator's own log format
# could carry one).
SECRET_PARAMETER = re.compile(r"((?:^|[?&;#])token=)[^&;\s\"]*", flags=re.IGNORECASE)


def redact(text: str) -> str:
    """The private calendar path and any ``token=`` value, replaced by ``<secret>``."""
    if "/calendar/" in text:
        text = SECRET_PATH.sub("/calendar/<secret>.ics", text)
    if "token=" in text.lower():
        text = SECRET_PARAMETER.sub(r"\1<secret>", text)
    return text


class RedactingLogger(Logger):
    """Bearer secrets never reach the access log: the private calendar URL and the tokens of the
    links in account emails, in whichever atom a log format uses (path, query, request line, Referer)."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) if isinstance(value, str) else value for name, value in atoms.items()}


logger_class = RedactingLogger


def post_worker_init(worker: Any) -> None:
    """Before a new worker accepts a connection it answers a few GETs in-process (config/warmup.py):
    its database connection is open and every layer has run once, so no client meets a cold worker."""
    from config.warmup import warm_worker

    for path, status, took in warm_worker(worker.wsgi):
        worker.log.debug("warm-up %s: %s in %.0f ms", path, status, took)
