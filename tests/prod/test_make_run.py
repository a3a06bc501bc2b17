"""`make run` is the whole system: the web server and the task worker, so email is really sent,
and one Ctrl-C stops both.

Runs the real `make run` in a terminal-like process group on a free port, with a fresh SQLite
database and the file email backend under var/, cancels a demo meeting over HTTP as the demo
facilitator, and waits for the worker to write the member's email. Then it presses Ctrl-C (SIGINT
to the whole process group, as a terminal does) and checks that no process of the run is left.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO_FACILITATOR = ("facilitator@kindred.test", "kindred-demo-2026")
NOTE = f"The hall is flooded; see you next week ({uuid.uuid4().hex[:8]})."

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def processes_marked(marker: str) -> dict[int, str]:
    """Live processes (not zombies) whose environment carries ``marker``: everything `make run` started."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() not in (entry / "environ").read_bytes():
                continue
            if "\nState:\tZ" in (entry / "status").read_text():
                continue
            found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # it ended meanwhile, or is not ours
            continue
    return found


class Session:
    """A browser-like client: cookies, and the CSRF header on writes."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)  # noqa: S310 - loopback
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        csrf = next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), None)
        if csrf and method != "GET":
            request.add_header("X-CSRFToken", csrf)
        try:
            with self.opener.open(request, timeout=30) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        return status, json.loads(content) if content else None


def wait_until_up(url: str, make: subprocess.Popen[bytes], log: Path, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert make.poll() is None, f"make run exited early:\n{log.read_text()[-3000:]}"
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"make run did not serve {url} within {seconds:.0f}s:\n{log.read_text()[-3000:]}")


def mail_containing(mail_dir: Path, text: str, seconds: float = 60) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
            content = path.read_text(errors="replace")
            if text in content:
                return content
        time.sleep(0.3)
    return None


@pytest.fixture
def run_dir() -> Any:
    path = REPO / "var" / f"test-make-run-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_make_run_serves_sends_email_through_the_worker_and_stops_on_one_ctrl_c(run_dir):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    port, marker = free_port(), f"KINDRED_MAKE_RUN_TEST={uuid.uuid4().hex}"
    mail_dir, log = run_dir / "mail", run_dir / "make-run.log"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "DATABASE_", "EMAIL_", "REDIS_", "TASKS_", "MAKE", "MFLAGS"))}
    env.update({
        "DATABASE_URL": f"sqlite:///{run_dir / 'kindred.sqlite3'}", "KINDRED_VAR_DIR": str(run_dir),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir),
        marker.split("=")[0]: marker.split("=")[1],
    })
    with log.open("wb") as output:
        make = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}"],  # noqa: S603,S607 - make on PATH, fixed
                                cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)  # a process group of its own, like a terminal's job
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/healthz", make, log)
        commands = " | ".join(processes_marked(marker).values())
        assert "runserver" in commands and "db_worker" in commands, commands

        facilitator = Session(base)
        facilitator.call("GET", "/api/v1/auth/csrf/")
        email, password = DEMO_FACILITATOR
        status, _ = facilitator.call("POST", "/api/v1/auth/login/", {"email": email, "password": password})
        assert status == 200
        # The demo member said going to the next two Tuesday circles (seed_demo), and is told of changes.
        status, page = facilitator.call("GET", "/api/v1/groups/grief-circle-hackney/occurrences/")
        assert status == 200 and page["results"], page
        occurrence = page["results"][0]["id"]
        status, body = facilitator.call("POST", f"/api/v1/occurrences/{occurrence}/cancel/", {"note": NOTE})
        assert status == 200 and body["status"] == "cancelled", body

        message = mail_containing(mail_dir, NOTE)
        assert message is not None, f"no email from the worker:\n{log.read_text()[-3000:]}"
        assert "To: member@kindred.test" in message

        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C in the terminal
        make.wait(timeout=60)
        deadline = time.monotonic() + 20
        while processes_marked(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert processes_marked(marker) == {}, "left running after Ctrl-C"
    finally:
        for pid in processes_marked(marker):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if make.poll() is None:
            make.kill()
            make.wait()
