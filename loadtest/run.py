"""`make loadtest`: seed a fresh database, serve it with gunicorn on 127.0.0.1, drive it with locust.

Loopback only and bounded in time (LOAD_SECONDS, default 60). Prints one line: how many requests
locust sent (every request of the run, including those the simulated users' last tasks finished in
the few seconds after LOAD_SECONDS), checked against gunicorn's access log, with p50/p99 and the
error count; writes them to var/loadtest/summary.json, and exits non-zero if any request failed.
Everything it writes is under var/loadtest/ (gunicorn's access log too; its control socket is off).
SQLite by default; set LOAD_DATABASE_URL=postgres://... to run against PostgreSQL.
"""

from __future__ import annotations

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
        # One line per request goes to a file, not the terminal; `report` counts them.
        GUNICORN_ACCESS_LOG=str(VAR / "access.log"),
        # No static files are collected for a load test (the API is what is measured).
        PYTHONWARNINGS="ignore:No directory at:UserWarning",
    )
    env.pop("GUNICORN_CONTROL_SOCKET", None)
    env.pop("REDIS_URL", None)
    return env


def prepare(env: dict[str, str]) -> Path:
    VAR.mkdir(parents=True, exist_ok=True)
    for stale in [*VAR.glob("load.sqlite3*"), *VAR.glob("locust*"), VAR / "access.log"]:
        stale.unlink(missing_ok=True)
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
             "-r", "10", "-t", f"{seconds}s", "--stop-timeout", "5", "--json-file", str(VAR / "locust"),
             "--csv", str(VAR / "locust"), "--only-summary", "--loglevel", "WARNING"],
            cwd=REPO, env=env, timeout=seconds + 60, check=False)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return report(seconds, users)


def percentile(times: dict[int, int], fraction: float) -> float:
    """The response time (ms, as locust rounds it) below which ``fraction`` of the requests finished."""
    total, seen = sum(times.values()), 0
    for milliseconds in sorted(times):
        seen += times[milliseconds]
        if seen >= fraction * total:
            return float(milliseconds)
    return 0.0


def served_requests() -> int:
    """Requests gunicorn answered, from its access log (the start-up health checks aside)."""
    log = VAR / "access.log"
    if not log.exists():
        return 0
    return sum(1 for line in log.read_text().splitlines() if '"GET /healthz ' not in line)


def report(seconds: int, users: str) -> int:
    """One count: locust's final statistics (``--json-file``, written once every user has stopped).
    The CSV's ``_stats`` file is written every second and misses the last of them, so it is not read."""
    entries = json.loads((VAR / "locust.json").read_text())
    times: dict[int, int] = {}
    for entry in entries:
        for milliseconds, count in entry["response_times"].items():
            times[int(milliseconds)] = times.get(int(milliseconds), 0) + count
    requests = sum(entry["num_requests"] for entry in entries)
    elapsed = (max(entry["last_request_timestamp"] or 0 for entry in entries)
               - min(entry["start_time"] for entry in entries)) if entries else 0.0
    summary = {
        "seconds": seconds, "elapsed": round(elapsed, 1), "users": int(users), "requests": requests,
        "served": served_requests(), "errors": sum(entry["num_failures"] for entry in entries),
        "rps": round(requests / elapsed, 1) if elapsed else 0.0,
        "p50_ms": percentile(times, 0.5), "p99_ms": percentile(times, 0.99),
        "by_endpoint": {f"{entry['method']} {entry['name']}": {
            "requests": entry["num_requests"], "errors": entry["num_failures"],
            "p50_ms": percentile({int(k): v for k, v in entry["response_times"].items()}, 0.5),
            "p99_ms": percentile({int(k): v for k, v in entry["response_times"].items()}, 0.99)}
            for entry in entries},
    }
    (VAR / "summary.json").write_text(json.dumps(summary, indent=2))
    agreement = ("gunicorn's access log (var/loadtest/access.log) has the same number" if summary["served"] == requests
                 else f"gunicorn's access log has {summary['served']}: the rest never reached the server")
    print(f"\nloadtest: {requests} requests in {summary['elapsed']} s ({summary['rps']}/s), "
          f"p50 {summary['p50_ms']:.0f} ms, p99 {summary['p99_ms']:.0f} ms, errors {summary['errors']}\n"
          f"  every request the {users} simulated users sent: {seconds} s of load, then up to 5 s for the tasks "
          f"under way to finish; {agreement}.")
    if summary["errors"]:
        failures = VAR / "locust_failures.csv"
        print(failures.read_text() if failures.exists() else "see var/loadtest/")
    return 1 if summary["errors"] or not requests else 0


if __name__ == "__main__":
    raise SystemExit(main())
