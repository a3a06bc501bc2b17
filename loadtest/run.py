"""`make loadtest`: seed a fresh database, serve it with gunicorn on 127.0.0.1, drive it with locust.

Loopback only and bounded in time (LOAD_SECONDS, default 60). Prints p50/p99 and the error count,
writes them to var/loadtest/summary.json, and exits non-zero if any request failed.
SQLite by default; set LOAD_DATABASE_URL=postgres://... to run against PostgreSQL.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VAR = REPO / "var" / "loadtest"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false", PYTHONPATH=str(REPO / "backend"), LOG_LEVEL="WARNING", AXES_ENABLED="false",
        # The point is latency under mixed traffic, not the throttles (tests cover those).
        THROTTLE_RATES="anon=1000000/min,user=1000000/min,auth=1000000/min,join=1000000/min,"
                       "rsvp=1000000/min,concern=1000000/min",
        DATABASE_URL=os.environ.get("LOAD_DATABASE_URL") or f"sqlite:///{VAR / 'load.sqlite3'}",
        KINDRED_VAR_DIR=str(VAR), TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )
    env.pop("REDIS_URL", None)
    return env


def prepare(env: dict[str, str]) -> Path:
    VAR.mkdir(parents=True, exist_ok=True)
    for stale in VAR.glob("load.sqlite3*"):
        stale.unlink()
    if env["DATABASE_URL"].startswith("postgres"):
        subprocess.run([sys.executable, "backend/manage.py", "flush", "--noinput"],  # noqa: S603 - fixed
                       cwd=REPO, env=env, check=False)
    subprocess.run([sys.executable, "backend/manage.py", "migrate", "--noinput", "-v0"],  # noqa: S603 - fixed
                   cwd=REPO, env=env, check=True)
    people = VAR / "people.json"
    subprocess.run([sys.executable, "loadtest/seed.py", str(people)],  # noqa: S603 - fixed arguments
                   cwd=REPO, env=env, check=True)
    return people


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback, fixed URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not come up on " + url)


def main() -> int:
    env = environment()
    seconds = int(os.environ.get("LOAD_SECONDS", "60"))
    users = os.environ.get("LOAD_USERS", "20")
    env["KINDRED_LOAD_PEOPLE"] = str(prepare(env))
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
        [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", os.environ.get("LOAD_WORKERS", "3"), "--log-level", "warning"],
        cwd=REPO / "backend", env=env, start_new_session=True)
    try:
        wait_until_up(host + "/healthz", server)
        subprocess.run(  # noqa: S603 - fixed arguments
            [str(BIN / "locust"), "-f", "loadtest/locustfile.py", "--headless", "--host", host, "-u", users,
             "-r", "10", "-t", f"{seconds}s", "--stop-timeout", "5", "--csv", str(VAR / "locust"),
             "--only-summary", "--loglevel", "WARNING"],
            cwd=REPO, env=env, timeout=seconds + 60, check=False)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return report(seconds)


def report(seconds: int) -> int:
    with open(VAR / "locust_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    summary = {
        "seconds": seconds, "requests": int(total["Request Count"]), "errors": int(total["Failure Count"]),
        "rps": round(float(total["Requests/s"]), 1), "p50_ms": float(total["50%"]), "p99_ms": float(total["99%"]),
        "by_endpoint": {row["Name"]: {"requests": int(row["Request Count"]), "p50_ms": float(row["50%"]),
                                      "p99_ms": float(row["99%"]), "errors": int(row["Failure Count"])}
                        for row in rows if row["Name"] != "Aggregated"},
    }
    (VAR / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"\nloadtest: {summary['requests']} requests in {seconds}s ({summary['rps']}/s), "
          f"p50 {summary['p50_ms']:.0f} ms, p99 {summary['p99_ms']:.0f} ms, errors {summary['errors']}")
    if summary["errors"]:
        failures = VAR / "locust_failures.csv"
        print(failures.read_text() if failures.exists() else "see locust output")
    return 1 if summary["errors"] or not summary["requests"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
