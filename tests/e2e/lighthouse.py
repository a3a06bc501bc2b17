"""`make lighthouse`: score the PWA with Lighthouse (mobile profile) and measure its JS+CSS weight.

Starts `manage.py runserver` (DEBUG off, so caching headers are the production ones) on a free port
against a throwaway SQLite database with the demo data when `seed_demo` exists, runs the npm
`lighthouse` CLI with Debian's Chromium, prints the four category scores and the gzipped size of
every JS and CSS file in frontend/, and exits non-zero when a score is under 95 or the size over 60 KB.
"""

# S603: every command here is a fixed list built from this repository's own paths, never user input.
# ruff: noqa: S603
from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORE = 95
MAX_GZIPPED_BYTES = 60 * 1024


def gzipped_size() -> tuple[int, int]:
    files = [*FRONTEND.rglob("*.js"), *FRONTEND.rglob("*.css")]
    raw = sum(path.stat().st_size for path in files)
    return raw, sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in files)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(var_dir: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false",
           "KINDRED_VAR_DIR": var_dir, "DATABASE_URL": f"sqlite:///{var_dir}/lighthouse.sqlite3"}
    manage = [sys.executable, str(REPO / "backend" / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    commands = subprocess.run([*manage, "help", "--commands"], env=env, check=True, capture_output=True, text=True)
    if "seed_demo" in commands.stdout.split():
        subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310 (local URL)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("The server did not start.")


def run_lighthouse(url: str, report: Path) -> dict[str, int]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"], env=env, check=True)
    categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` at the repository root.")
    raw, gzipped = gzipped_size()
    report = REPO / "var" / "lighthouse" / "report.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kindred-lighthouse-") as var_dir:
        port = free_port()
        server = start_server(var_dir, port)
        try:
            scores = run_lighthouse(f"http://127.0.0.1:{port}/", report)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print("Lighthouse (mobile profile):")
    for name, score in scores.items():
        print(f"  {name:<15} {score:>3}  {'ok' if score >= MIN_SCORE else f'below {MIN_SCORE}'}")
    print(f"JS + CSS: {raw / 1024:.1f} KB raw, {gzipped / 1024:.1f} KB gzipped "
          f"({'ok' if gzipped <= MAX_GZIPPED_BYTES else 'over'} the 60 KB budget)")
    print(f"Full report: {report.relative_to(REPO)}")
    failed = any(score < MIN_SCORE for score in scores.values()) or gzipped > MAX_GZIPPED_BYTES
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
