#!/usr/bin/env python3
"""`make prodcheck`: run the production stack natively and smoke-test it through gunicorn.

What docker-compose.yml runs, without Docker: PostgreSQL and Redis on loopback (started if they
are not running), a fresh database, ``migrate``, ``collectstatic``, ``check --deploy``, gunicorn
with ``config.settings.production`` and its config file on a free loopback port, and a task
worker (``db_worker``). Then a smoke test over HTTP: health, the PWA, the schema, register and
sign in with CSRF, the directory with its caching headers (ETag, Last-Modified, 304, invalidation
on change), security headers. Then a notification end to end: a facilitator schedules a weekly
series, a second person joins and says going, the facilitator cancels that meeting with a note, and
the worker must send that person the "cancelled" email (written to a temporary directory by the file
email backend, EMAIL_FILE_PATH) with both task rows SUCCESSFUL. Everything is shut down
afterwards; any failure exits non-zero.
"""

# ruff: noqa: S603, S607 - fixed argument lists for our own tools and PATH's pg_ctlcluster/redis-server
from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from email.message import EmailMessage
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
VENV_BIN = REPO / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
PG_ADMIN_URL = os.environ.get("PRODCHECK_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("PRODCHECK_REDIS_URL", "redis://127.0.0.1:6379/13")  # a db index of its own


class SmokeFailure(AssertionError):
    pass


def log(message: str) -> None:
    print(f"prodcheck: {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)
    log(f"ok - {message}")


# --- infrastructure -------------------------------------------------------------------------

def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def ensure_services() -> None:
    """PostgreSQL and Redis on loopback: start them the Debian way if they are not answering."""
    if not port_open("127.0.0.1", 5432):
        for version in sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []:
            log(f"starting PostgreSQL {version}")
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False)
    if not port_open("127.0.0.1", 6379) and shutil.which("redis-server"):
        log("starting Redis")
        subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
                        "--save", "", "--appendonly", "no"], check=False)
    deadline = time.monotonic() + 20
    while not (port_open("127.0.0.1", 5432) and port_open("127.0.0.1", 6379)):
        if time.monotonic() > deadline:
            raise SmokeFailure("PostgreSQL (5432) and Redis (6379) must be reachable on 127.0.0.1")
        time.sleep(0.5)


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=BACKEND, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SmokeFailure(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


# --- a tiny HTTP client that behaves like a browser behind an HTTPS load balancer ------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer to check, not to follow


OPENER = urllib.request.build_opener(NoRedirect)

class Client:
    """Cookies by hand: the production cookies are Secure, and we speak plain HTTP to gunicorn while
    telling Django (X-Forwarded-Proto) that the load balancer terminated TLS."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.origin = base.replace("http://", "https://")
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                ) -> tuple[int, dict[str, str], bytes]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)  # noqa: S310 - loopback only
        request.add_header("X-Forwarded-Proto", "https")
        if "Accept" not in (headers or {}):
            request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if method not in ("GET", "HEAD"):
            request.add_header("Origin", self.origin)
            request.add_header("Referer", self.origin + "/")
            if "csrftoken" in self.cookies:
                request.add_header("X-CSRFToken", self.cookies["csrftoken"])
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{key}={value}" for key, value in self.cookies.items()))
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with OPENER.open(request, timeout=15) as response:
                status, response_headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, response_headers, content = error.code, error.headers, error.read()
        for raw in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return status, {key.lower(): value for key, value in response_headers.items()}, content

    def json(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
             ) -> tuple[int, dict[str, str], Any]:
        status, response_headers, content = self.request(method, path, body, headers)
        try:
            return status, response_headers, json.loads(content) if content else None
        except ValueError:
            return status, response_headers, content


# --- the smoke test ---------------------------------------------------------------------------

def smoke(base: str, env: dict[str, str], mail_dir: Path) -> None:
    anonymous, person = Client(base), Client(base)

    status, headers, body = anonymous.json("GET", "/healthz")
    check(status == 200 and body.get("status") == "ok", "GET /healthz is 200 ok")
    check("max-age" in headers.get("strict-transport-security", ""), "HSTS header is sent")
    check(headers.get("x-content-type-options") == "nosniff", "nosniff header is sent")

    status, headers, content = anonymous.request("GET", "/")
    check(status == 200 and b"<html" in content.lower(), "the PWA's index.html is served at /")
    status, headers, content = anonymous.request("GET", "/manifest.webmanifest")
    check(status == 200, "the PWA manifest is served")
    status, headers, content = anonymous.request("GET", "/sw.js")
    check(status == 200, "the service worker is served at /sw.js")

    status, headers, content = anonymous.request("GET", "/api/v1/schema/")
    check(status == 200 and b"openapi" in content, "GET /api/v1/schema/ returns the OpenAPI document")
    status, headers, content = anonymous.request("GET", "/api/v1/docs/", headers={"Accept": "text/html"})
    check(status == 200, "Swagger UI is served")

    status, headers, body = anonymous.request("GET", "/healthz", headers={"X-Forwarded-Proto": "http"})
    check(status == 301 and headers.get("location", "").startswith("https://"), "plain HTTP redirects to HTTPS")

    status, _, body = person.json("GET", "/api/v1/auth/csrf/")
    check(status == 200 and "csrftoken" in person.cookies, "GET /auth/csrf/ sets the CSRF cookie")
    status, _, body = person.json("POST", "/api/v1/auth/register/", {
        "email": "smoke@example.org", "display_name": "Smoke", "password": "a long smoke passphrase",
        "time_zone": "Europe/London"})
    check(status == 202 and "sessionid" not in person.cookies,
          f"register with CSRF gives 202 and no session until the address is confirmed ({status})")
    confirm_address(person, mail_dir, "smoke@example.org")
    status, _, body = person.json("POST", "/api/v1/auth/login/", {"email": "smoke@example.org",
                                                                   "password": "a long smoke passphrase"})
    check(status == 200 and "sessionid" in person.cookies, f"the confirmed account signs in ({status})")
    no_csrf = Client(base)
    no_csrf.cookies = {key: value for key, value in person.cookies.items() if key != "csrftoken"}
    status, _, _ = no_csrf.json("POST", "/api/v1/auth/logout/")
    check(status == 403, "a session write without the CSRF token is refused")
    status, _, body = person.json("POST", "/api/v1/auth/logout/")
    check(status == 204, "logout")
    person.json("GET", "/api/v1/auth/csrf/")
    status, _, body = person.json("POST", "/api/v1/auth/login/", {"email": "smoke@example.org",
                                                                   "password": "a long smoke passphrase"})
    check(status == 200, f"login with CSRF ({status})")
    status, _, body = person.json("GET", "/api/v1/me/")
    check(status == 200 and body.get("email") == "smoke@example.org", "GET /me/ with the session")

    slug = directory_checks(anonymous, person)
    notification_checks(base, person, slug, env, mail_dir)


def directory_checks(anonymous: Client, person: Client) -> str:
    status, headers, body = anonymous.json("GET", "/api/v1/groups/")
    check(status == 200 and "results" in body, "GET /groups/ (the directory) is 200")
    etag = headers.get("etag")
    check(bool(etag) and bool(headers.get("last-modified")), "the directory sends ETag and Last-Modified")
    status, headers, _ = anonymous.json("GET", "/api/v1/groups/")
    check(status == 200 and headers.get("x-cache") == "hit", "the second anonymous read is a cache hit")
    status, _, content = anonymous.request("GET", "/api/v1/groups/", headers={"If-None-Match": etag})
    check(status == 304 and content == b"", "If-None-Match with the ETag answers 304")
    status, headers, _ = person.json("GET", "/api/v1/groups/")
    check(status == 200 and "x-cache" not in headers, "a signed-in read never uses the shared cache")

    status, _, created = person.json("POST", "/api/v1/groups/", {
        "name": "Smoke Test Circle", "description": "Checking the stack end to end.", "format": "online",
        "join_policy": "open", "time_zone": "Europe/London", "languages": ["en"], "topics": ["grief"],
        "online_url": "https://meet.example.org/smoke", "agreements": "Be kind."})
    check(status == 201 and created.get("slug"), f"create a group ({status})")
    status, _, content = anonymous.request("GET", "/api/v1/groups/", headers={"If-None-Match": etag})
    check(status == 200 and b"Smoke Test Circle" in content, "the directory cache is invalidated by the change")
    status, headers, body = anonymous.json("GET", f"/api/v1/groups/{created['slug']}/")
    check(status == 200 and body.get("name") == "Smoke Test Circle" and headers.get("etag"),
          "GET /groups/{slug}/ anonymously, with an ETag")
    status, _, _ = anonymous.request("GET", f"/api/v1/groups/{created['slug']}/",
                                     headers={"If-None-Match": headers["etag"]})
    check(status == 304, "the group page answers 304 to its ETag")
    return str(created["slug"])


MEMBER_EMAIL = "member@example.org"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CANCEL_NOTE = f"The hall is closed for repairs (prodcheck {secrets.token_hex(4)})."


def notification_checks(base: str, facilitator: Client, slug: str, env: dict[str, str], mail_dir: Path) -> None:
    """A cancelled meeting reaches the member who said going, as an email sent by the task worker."""
    first_day = dt.datetime.now(ZoneInfo("Europe/London")).date() + dt.timedelta(days=7)
    status, _, series = facilitator.json("POST", f"/api/v1/groups/{slug}/series/", {
        "title": "Smoke weekly circle", "start_date": first_day.isoformat(), "start_time": "19:00",
        "duration_minutes": 90, "recurrence": {"frequency": "weekly", "weekdays": [WEEKDAYS[first_day.weekday()]],
                                                "count": 4}})
    check(status == 201 and series.get("id"), f"the facilitator schedules a weekly series ({status})")
    status, _, page = facilitator.json("GET", f"/api/v1/groups/{slug}/occurrences/")
    occurrences = page.get("results", []) if isinstance(page, dict) else []
    check(status == 200 and len(occurrences) == 4 and occurrences[0]["series"] == series["id"],
          f"the series has its 4 weekly occurrences ({status}, {len(occurrences)})")
    occurrence = occurrences[0]["id"]

    member = Client(base)
    member.json("GET", "/api/v1/auth/csrf/")
    status, _, _ = member.json("POST", "/api/v1/auth/register/", {
        "email": MEMBER_EMAIL, "display_name": "Member", "password": "another long smoke passphrase",
        "time_zone": "Europe/London"})
    check(status == 202, f"a second person registers ({status})")
    confirm_address(member, mail_dir, MEMBER_EMAIL)
    status, _, _ = member.json("POST", "/api/v1/auth/login/", {"email": MEMBER_EMAIL,
                                                                "password": "another long smoke passphrase"})
    check(status == 200, f"and signs in once the address is confirmed ({status})")
    status, _, _ = member.json("POST", f"/api/v1/groups/{slug}/membership/", {"agreed": True})
    check(status == 201, f"they join the group, accepting its agreements ({status})")
    status, _, rsvp = member.json("PUT", f"/api/v1/occurrences/{occurrence}/rsvp/", {"status": "going"})
    check(status == 200 and rsvp.get("status") == "going", f"they say going to the first meeting ({status})")

    status, _, cancelled = facilitator.json("POST", f"/api/v1/occurrences/{occurrence}/cancel/",
                                            {"note": CANCEL_NOTE})
    check(status == 200 and cancelled.get("status") == "cancelled",
          f"the facilitator cancels it with a note ({status})")

    message, waited = wait_for_email(mail_dir, MEMBER_EMAIL, CANCEL_NOTE, seconds=30)
    check(message is not None, f"the worker emailed the member the cancellation and its note ({waited:.1f}s)")
    subject = str(message["Subject"]) if message else ""
    unsubscribe = str(message["List-Unsubscribe"] or "").strip() if message else ""
    check(subject == "Cancelled: Smoke weekly circle" and unsubscribe.startswith("<https://127.0.0.1:"),
          f"the email has the cancellation subject and a List-Unsubscribe link ({subject!r}, {unsubscribe[:40]!r}…)")
    rows = task_rows(env, ("notify_occurrence_cancelled", "deliver_email"))
    notify = [row for row in rows if row["task"].endswith(".notify_occurrence_cancelled")]
    deliver = [row for row in rows if row["task"].endswith(".deliver_email")][2:]  # after the two confirmations
    check(len(notify) == 1 and notify[0]["status"] == "SUCCESSFUL" and notify[0]["value"] == 1,
          f"task row notify_occurrence_cancelled is SUCCESSFUL, 1 person to tell ({summary(notify)})")
    check(len(deliver) == 1 and deliver[0]["status"] == "SUCCESSFUL" and deliver[0]["value"] == "sent",
          f"task row deliver_email is SUCCESSFUL, 'sent' ({summary(deliver)})")
    check(not any("smoke@example.org" in str(parsed["To"]) and "Cancelled" in str(parsed["Subject"])
                  for parsed in read_mail(mail_dir)),
          "the facilitator, who did not reply, got no cancellation email")


def confirm_address(client: Client, mail_dir: Path, address: str) -> None:
    """Use the link the worker emailed: its token is the query of the PWA link ``/#/confirm?token=``."""
    message, waited = wait_for_email(mail_dir, address, "/#/confirm?token=", seconds=30)
    check(message is not None, f"the worker emailed {address} a confirmation link ({waited:.1f}s)")
    body = message.get_body(preferencelist=("plain",)) if message else None
    found = re.search(r"/#/confirm\?token=(\S+)", body.get_content() if body else "")
    status, _, _ = client.json("POST", "/api/v1/auth/verify-email/", {"token": found.group(1) if found else ""})
    check(status == 200, f"the link's token confirms the address ({status})")


def summary(rows: list[dict[str, Any]]) -> str:
    return ", ".join(f"{row['status']} -> {row['value']!r}" for row in rows) or "no row"


def read_mail(mail_dir: Path) -> list[EmailMessage]:
    """Every message the file backend wrote (one file per connection, messages separated by dashes)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.lstrip(), policy=email.policy.default))
    return messages


def wait_for_email(mail_dir: Path, to: str, text: str, seconds: float,
                   ) -> tuple[EmailMessage | None, float]:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        for message in read_mail(mail_dir):
            body = message.get_body(preferencelist=("plain",))
            if to in str(message["To"]) and body is not None and text in body.get_content():
                return message, time.monotonic() - started
        time.sleep(0.25)
    return None, time.monotonic() - started


def task_rows(env: dict[str, str], names: tuple[str, ...], seconds: int = 30) -> list[dict[str, Any]]:
    """The task rows (django_tasks_db's DBTaskResult) of these tasks, once all of them have finished."""
    code = ("from django_tasks_db.models import DBTaskResult; from django.db.models import Q\n"
            "import functools, json, operator, time\n"
            f"names = {names!r}\n"
            "query = DBTaskResult.objects.filter(functools.reduce(operator.or_,\n"
            "                                    (Q(task_path__endswith='.' + name) for name in names)))\n"
            f"for _ in range({seconds * 4}):\n"
            "    if query.exists() and not query.exclude(status__in=('SUCCESSFUL', 'FAILED')).exists(): break\n"
            "    time.sleep(0.25)\n"
            "print(json.dumps([{'task': row.task_path, 'status': row.status, 'value': row.return_value}\n"
            "                  for row in query.order_by('enqueued_at')]))")
    return list(json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1]))


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SmokeFailure(f"gunicorn exited with {process.returncode}")
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - loopback only
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SmokeFailure(f"{url} did not answer within {seconds:.0f}s")


def wait_for_tasks(env: dict[str, str]) -> None:
    """Every task enqueued during the smoke test (e.g. email) is picked up by the worker."""
    code = ("from django_tasks_db.models import DBTaskResult; import time\n"
            "for _ in range(60):\n"
            "    pending = DBTaskResult.objects.filter(status='READY').count()\n"
            "    if not pending: break\n"
            "    time.sleep(0.5)\n"
            "print(DBTaskResult.objects.count(), pending)")
    total, pending = manage(env, "shell", "-c", code).split()[-2:]
    check(pending == "0", f"the worker processed every task ({total} enqueued)")


def stop(process: subprocess.Popen[bytes] | None, name: str) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        log(f"{name} did not stop in time; killing it")
        process.kill()
        process.wait()


def main() -> int:
    ensure_services()
    database = f"kindred_prodcheck_{os.getpid()}"
    var_dir = Path(tempfile.mkdtemp(prefix="kindred-prodcheck-"))
    mail_dir = var_dir / "mail"
    mail_dir.mkdir()
    port = free_port()
    env = {
        **{key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "DATABASE_", "EMAIL_", "TASKS_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": f"{PG_ADMIN_URL}/{database}",
        "REDIS_URL": REDIS_URL,
        "KINDRED_VAR_DIR": str(var_dir),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "3",
        "DB_CONN_MAX_AGE": "60",
        "GUNICORN_ACCESS_LOG": str(var_dir / "access.log"),
        "PYTHONUNBUFFERED": "1",
        # Mail goes to files in mail_dir (Django's file backend), so the check can read what the worker sent.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    web = worker = None
    admin_sql(f'CREATE DATABASE "{database}"')
    try:
        flush_redis()
        log(f"database {database}, static files and mail in {var_dir}, port {port}")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "check", "--deploy")
        report = manage(env, "check", "--deploy", "--tag", "security", "--fail-level", "WARNING")
        check(True, f"manage.py check --deploy: no errors, no security warnings ({report.strip().splitlines()[-1]})")
        web = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
                               cwd=BACKEND, env=env)
        worker = subprocess.Popen([PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--no-reload",
                                   "--interval", "0.2"], cwd=BACKEND, env=env)
        wait_for(f"http://127.0.0.1:{port}/healthz", web)
        smoke(f"http://127.0.0.1:{port}", env, mail_dir)
        wait_for_tasks(env)
        check(worker.poll() is None, "the task worker is still running")
        access_log = (var_dir / "access.log").read_text()
        check('"GET /healthz' in access_log, "gunicorn wrote its access log")
        log("PASSED")
        return 0
    except (SmokeFailure, OSError, ValueError, KeyError, AttributeError) as failure:
        log(f"FAILED: {failure!r}")
        return 1
    finally:
        stop(web, "gunicorn")
        stop(worker, "db_worker")
        time.sleep(0.5)
        admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
