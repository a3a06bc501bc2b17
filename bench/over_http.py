#!/usr/bin/env python3
"""`make bench-http`: the hot endpoints over HTTP, as a ratio to /healthz and to a stock DRF list.

    python bench/over_http.py --size small                    # SQLite, a few minutes
    DATABASE_URL=postgres://postgres@127.0.0.1/kindred_bench python bench/over_http.py --size full

Serves the production settings (``config.settings.bench_http``: production plus one stock DRF
``ListAPIView``, bench/stock.py) with gunicorn and the production ``gunicorn.conf.py`` on 127.0.0.1
(2 sync workers by default), and drives it with wrk (Debian package ``wrk``). Each round runs every
endpoint for ``--seconds`` in turn, so a busy moment on a shared machine falls on all of them alike;
each endpoint's requests per second is divided by /healthz's and by the stock list's in the same
round, and the median over rounds is reported with the spread. p50/p99 are wrk's, over the round.
What differs from a deployment is only what the environment below says: plain HTTP on loopback,
throttle rates out of reach (the throttles still run), the public-page cache off (the directory is
measured uncached), the access log in a file. The machine's load average is printed beside each
round. Gunicorn's error log is checked for worker restarts (``max_requests``): a recycled worker
is counted and reported.

Writes only under var/bench-http/ (gunicorn's logs, the wrk script, the results).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "var" / "bench-http"
BIN = Path(sys.executable).parent
HIGH_RATES = ("anon=10000000/min,user=10000000/min,auth=10000000/min,join=10000000/min,rsvp=10000000/min,"
              "concern=10000000/min,webhooks=10000000/min")
DIRECTORY_TARGET = 0.15  # of /healthz's requests per second (issue 16)
PUT_SCRIPT = """-- alternate the answer so every request writes
local bodies = {'{"status": "going"}', '{"status": "maybe"}'}
local n = 0
request = function()
  n = n + 1
  return wrk.format("PUT", nil, nil, bodies[n % 2 + 1])
end
"""


@dataclass
class Target:
    name: str
    path: str
    signed_in: bool = False
    write: bool = False
    runs: list[dict[str, float]] = field(default_factory=list)


def environment(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.bench_http",
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "THROTTLE_RATES": HIGH_RATES, "PUBLIC_CACHE_TIMEOUT": "0",
        "WEB_CONCURRENCY": str(args.workers), "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_ACCESS_LOG": str(OUT / "access.log"), "GUNICORN_ERROR_LOG": str(OUT / "error.log"),
        "GUNICORN_LOG_LEVEL": "info", "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "backend")]),
    })
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{REPO / 'var' / 'bench' / f'kindred-bench-{args.size}.sqlite3'}"
    return env


def prepare(args: argparse.Namespace, env: dict[str, str]) -> tuple[list[Target], str]:
    """Seed (bench/run.py's setup), pick the targets, and sign the bench member in (a real session)."""
    os.environ.update(env)
    sys.path[:0] = [str(REPO), str(REPO / "backend")]
    from bench.run import pick_targets, setup

    setup(args.size)
    from django.test import Client

    member, endpoints = pick_targets()
    client = Client()
    client.force_login(member, backend="kindred.accounts.backends.EmailBackend")
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    by_name = {endpoint.name: endpoint for endpoint in endpoints}
    directory = next(endpoint for name, endpoint in by_name.items() if name.startswith("directory"))
    targets = [
        Target("/healthz", "/healthz"),
        Target("stock DRF ListAPIView (20 columns, 20 rows)", "/bench-http/stock/?page_size=20"),
        Target("directory, uncached (q + filters, 20)", directory.path),
        *(Target(endpoint.name, endpoint.path, signed_in=endpoint.signed_in, write=endpoint.write)
          for endpoint in endpoints if not endpoint.name.startswith("directory")),
    ]
    from django.db import connections

    connections.close_all()
    return targets, f"{cookie}|{csrf}"


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    for log in ("access.log", "error.log"):
        (OUT / log).unlink(missing_ok=True)
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],  # noqa: S603
                              cwd=REPO / "backend", env=env)
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {OUT / 'error.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port}")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def run_wrk(wrk: str, port: int, target: Target, session: str, args: argparse.Namespace) -> dict[str, float]:
    cookie, csrf = session.split("|")
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s", "--latency",
               "-H", "Accept: application/json"]
    if target.signed_in:
        command += ["-H", f"Cookie: {cookie}", "-H", f"X-CSRFToken: {csrf}"]
    if target.write:
        script = OUT / "put.lua"
        script.write_text(PUT_SCRIPT)
        command += ["-H", "Content-Type: application/json", "-s", str(script)]
    load = os.getloadavg()[0]
    result = subprocess.run([*command, f"http://127.0.0.1:{port}{target.path}"], capture_output=True,  # noqa: S603
                            text=True, check=True)
    output = result.stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    if bad or errors:
        raise SystemExit(f"{target.name}: wrk saw errors:\n{output}")
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
            "p50": milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1)),  # type: ignore[union-attr]
            "p99": milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1)),  # type: ignore[union-attr]
            "load": load}


def spread(values: list[float], digits: int = 2) -> str:
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.{digits}f}"
    return f"{median:.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"


def report(targets: list[Target], args: argparse.Namespace, recycled: int, database: str) -> str:
    healthz, stock = targets[0], targets[1]
    loads = [run["load"] for target in targets for run in target.runs]
    lines = [
        f"Database: {database}, size `{args.size}`. gunicorn (production settings, `config/gunicorn.conf.py`), "
        f"{args.workers} sync workers on 127.0.0.1; wrk -t{args.threads} -c{args.connections}, {args.seconds} s per "
        f"endpoint per round, {args.rounds} rounds, endpoints in turn within each round. Machine: {os.cpu_count()} "
        f"CPUs, load average (1 min) {min(loads):.1f}–{max(loads):.1f} during the run. "
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| endpoint | req/s | ratio to /healthz | ratio to stock DRF list | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for target in targets:
        rps = [run["rps"] for run in target.runs]
        to_health = [run["rps"] / base["rps"] for run, base in zip(target.runs, healthz.runs, strict=True)]
        to_stock = [run["rps"] / base["rps"] for run, base in zip(target.runs, stock.runs, strict=True)]
        lines.append(f"| {target.name} | {spread(rps, 0)} | {spread(to_health)} | {spread(to_stock)} | "
                     f"{spread([run['p50'] for run in target.runs], 1)} | "
                     f"{spread([run['p99'] for run in target.runs], 1)} |")
    directory = next((target for target in targets if target.name.startswith("directory")), None)
    if directory is not None:
        ratio = statistics.median(run["rps"] / base["rps"]
                                  for run, base in zip(directory.runs, healthz.runs, strict=True))
        lines += ["", f"Uncached directory at {ratio:.3f} of /healthz (target ≥ {DIRECTORY_TARGET})."]
    lines += ["", f"Workers recycled during the run (max_requests): {recycled}. Medians over rounds, [min–max]."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "full"), default="small")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="wrk's duration per endpoint per round")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (2 per worker)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_HTTP_PORT", "8150")))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""),
                        help="the shared cache (throttle counters), as production has; default: local memory")
    parser.add_argument("--only", help="run only endpoints whose name contains this (plus /healthz and the stock list)")
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("make bench-http needs wrk (Debian: apt-get install wrk); skipped.")
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    targets, session = prepare(args, env)
    if args.only:
        targets = targets[:2] + [target for target in targets[2:] if args.only in target.name]
    from bench.run import database_label

    database = database_label()
    server = serve(env, args.port)
    try:
        for number in range(args.rounds):
            for target in targets:
                target.runs.append(run_wrk(wrk, args.port, target, session, args))
                run = target.runs[-1]
                print(f"round {number + 1} {target.name:45} {run['rps']:8.1f} req/s  p50 {run['p50']:6.1f} ms  "
                      f"p99 {run['p99']:7.1f} ms  load {run['load']:.1f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    recycled = (OUT / "error.log").read_text().count("Autorestarting worker")
    output = report(targets, args, recycled, database)
    print("\n" + output)
    results = OUT / f"{database.split()[0].lower()}-{args.size}.md"
    results.write_text(output + "\n")
    print(f"\nwritten to {results.relative_to(REPO)}")


if __name__ == "__main__":
    main()
