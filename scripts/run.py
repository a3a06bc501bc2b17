#!/usr/bin/env python3
"""`make run`: the development server and the task worker together, stopped together.

    python scripts/run.py --port 8000

Starts ``manage.py runserver`` (the API and the PWA) and ``manage.py db_worker`` (the queue that
sends email: cancellations, approvals, reminders) side by side, their output in this terminal. Mail
goes to the console backend unless ``EMAIL_BACKEND`` (and ``EMAIL_FILE_PATH``) say otherwise, so a
cancelled meeting's email is printed here.

One Ctrl-C (SIGINT), or a SIGTERM or SIGHUP, stops both: each child runs in a process group of its
own (runserver's autoreloader forks, and so does the worker's), and the signal is passed on to the
whole group. If either child exits by itself, the other is stopped too and this script exits with
the child's status, so a crashed worker is never left unnoticed behind a running server. A second
Ctrl-C kills whatever has not stopped yet. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

REPO = Path(__file__).resolve().parent.parent
MANAGE = str(REPO / "backend" / "manage.py")
STOP_SECONDS = 10  # a task being sent may finish; then the group is killed


class Child:
    def __init__(self, name: str, command: list[str]) -> None:
        self.name = name
        # A session (and process group) of its own: the signals we pass on reach its autoreloader's child
        # too, and no stray terminal signal reaches it behind our back. No stdin: nothing reads it.
        self.process = subprocess.Popen(command, cwd=REPO, stdin=subprocess.DEVNULL,  # noqa: S603 - fixed
                                        start_new_session=True)

    def running(self) -> bool:
        return self.process.poll() is None

    def signal(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass  # already gone


class Supervisor:
    def __init__(self, children: list[Child]) -> None:
        self.children = children
        self.stop_signal: int | None = None
        self.signals_seen = 0

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.signals_seen += 1
        self.stop_signal = self.stop_signal or signum
        if self.signals_seen > 1:  # asked twice: do not wait any longer
            for child in self.children:
                child.signal(signal.SIGKILL)

    def wait(self) -> int:
        """Until a signal arrives or a child exits; then stop the rest. Returns the exit status."""
        status = 0
        while self.stop_signal is None:
            ended = next((child for child in self.children if not child.running()), None)
            if ended is not None:
                status = ended.process.returncode or 1
                print(f"run: {ended.name} exited ({ended.process.returncode}); stopping the rest", flush=True)
                break
            time.sleep(0.2)
        self.stop(self.stop_signal or signal.SIGTERM)
        return status

    def stop(self, signum: int) -> None:
        for child in self.children:
            if child.running():
                child.signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in self.children:
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"run: {child.name} did not stop in {STOP_SECONDS}s; killing it", flush=True)
            child.signal(signal.SIGKILL)  # whatever is left in its group (an autoreloader's child)
            child.process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    os.environ.setdefault("SITE_URL", f"http://{args.host}:{args.port}")
    os.environ.setdefault("PYTHONUNBUFFERED", "1")  # the two outputs interleave line by line
    supervisor = Supervisor([])
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, supervisor.on_signal)
    supervisor.children = [
        Child("web server", [sys.executable, MANAGE, "runserver", f"{args.host}:{args.port}"]),
        Child("task worker", [sys.executable, MANAGE, "db_worker", "--queue-name", "*", "--interval", "0.5"]),
    ]
    print(f"run: web server and task worker started; {mail_destination()}. Ctrl-C stops both.", flush=True)
    return supervisor.wait()


def mail_destination() -> str:
    """Where the worker's email goes, as config/settings/base.py decides it from the environment."""
    if os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST"):
        return f"mail goes to the SMTP server {os.environ.get('EMAIL_HOST', '')}".rstrip()
    backend = os.environ.get("EMAIL_BACKEND", "")
    if not backend or backend.endswith("console.EmailBackend"):
        return "mail is printed here"
    if backend.endswith("filebased.EmailBackend"):
        return f"mail is written to {os.environ.get('EMAIL_FILE_PATH', '?')}"
    return f"mail goes to {backend}"


if __name__ == "__main__":
    sys.exit(main())
