#!/usr/bin/env python3
"""`make bench`: CPU time per request of the hot endpoints, against plain-Django baselines.

    python bench/run.py --size small                      # SQLite, a few minutes
    DATABASE_URL=postgres://postgres@127.0.0.1/kindred_bench python bench/run.py --size full --explain

Seeds the database with ``seed_scale`` when it is empty (a database seeded by it is reused), then
calls Django's WSGI handler directly (no server, no network) with a built environ. For each
endpoint it runs several rounds of N requests, alternating API and baseline rounds, and keeps the
best round's CPU time per request (``time.process_time``: this process only, so on PostgreSQL the
server's own work is excluded; on SQLite it is included), and the 95th percentile of wall-clock
latency over every request.
The whole measurement is repeated ``--runs`` times (3 by default) and each figure is shown as the
median over the runs with [lowest–highest], beside the machine's load average: on a shared machine
one run is not a figure. A last pass times the database calls of 20 requests of each endpoint
(``database ms/req``; on PostgreSQL the issue-16 target is ≤ 5 ms for the directory).
The baseline is a plain Django view around the same selector, presenter and service as the API view,
answering with ``JsonResponse`` (bench/baseline.py), measured in the same run: speed = baseline CPU /
API CPU is what the HTTP layer (DRF, negotiation, permissions, throttles, pagination) costs, and no
rule is written a second time for the benchmark.
The table is printed and written to var/bench/<database>-<size>.md; with ``--write-docs`` (``make
bench-docs``) it also replaces the section between this database and size's markers in the committed
docs/performance.md. Nothing else writes the docs: running a benchmark never dirties the checkout.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "backend")]
READ_TARGET, WRITE_TARGET, P95_TARGET_MS, DIRECTORY_DB_TARGET_MS = 0.8, 0.6, 50.0, 5.0  # issue 16


@dataclass
class Endpoint:
    name: str
    method: str
    path: str
    baseline: str
    signed_in: bool = False
    bodies: list[dict[str, Any]] = field(default_factory=list)
    write: bool = False


@dataclass
class Result:
    """One endpoint over several runs (each run: alternating API and baseline rounds)."""

    endpoint: Endpoint
    api_cpu: list[float]
    base_cpu: list[float]
    api_p95: list[float]
    base_p95: list[float]
    queries: int
    base_queries: int
    same: str
    db_ms: float | None = None
    loads: list[float] = field(default_factory=list)

    @property
    def speeds(self) -> list[float]:
        return [base / api for api, base in zip(self.api_cpu, self.base_cpu, strict=True)]

    @property
    def speed(self) -> float:
        return statistics.median(self.speeds)

    @property
    def target(self) -> float:
        return WRITE_TARGET if self.endpoint.write else READ_TARGET


def spread(values: list[float], digits: int = 2) -> str:
    """The median, and [lowest–highest] when there is more than one value."""
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.{digits}f}"
    return f"{median:.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"


def setup(size: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    if not os.environ.get("DATABASE_URL"):
        path = REPO / "var" / "bench" / f"kindred-bench-{size}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command

    from kindred.accounts.models import User
    from kindred.groups.models import Group
    from kindred.meetings.management.commands.seed_scale import BENCH_EMAIL

    call_command("migrate", verbosity=0)
    if not User.objects.filter(email=BENCH_EMAIL).exists():
        if Group.objects.exists():
            sys.exit("This database has groups but was not seeded by seed_scale; use an empty one.")
        print(f"seeding ({size}) ...", flush=True)
        call_command("seed_scale", size=size)


class Wsgi:
    """Calls Django's WSGI application in-process with a hand-built environ."""

    def __init__(self) -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.app = WSGIHandler()
        self.cookie = ""
        self.csrf = "benchcsrfsecretbenchcsrfsecret12"  # 32 characters: an unmasked CSRF secret

    def sign_in(self, user: Any) -> None:
        from django.test import Client

        client = Client()
        client.force_login(user)
        self.cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"

    def call(self, method: str, path: str, body: dict[str, Any] | None = None,
             signed_in: bool = False) -> tuple[int, bytes]:
        raw = json.dumps(body).encode() if body is not None else b""
        route, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": route, "QUERY_STRING": query, "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1", "HTTP_ACCEPT": "application/json",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(raw),
            "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": True,
            "wsgi.run_once": False, "CONTENT_LENGTH": str(len(raw)),
        }
        if raw:
            environ["CONTENT_TYPE"] = "application/json"
        if signed_in:
            environ["HTTP_COOKIE"] = self.cookie
            environ["HTTP_X_CSRFTOKEN"] = self.csrf
        status: list[str] = []
        chunks = self.app(environ, lambda line, headers, exc_info=None: status.append(line))
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        return int(status[0].split()[0]), content


def pick_targets() -> tuple[Any, list[Endpoint]]:
    import datetime as dt

    from django.db.models import Count
    from django.utils import timezone

    from kindred.accounts.models import User
    from kindred.groups.models import Group
    from kindred.meetings.management.commands.seed_scale import BENCH_EMAIL
    from kindred.meetings.models import Occurrence

    member = User.objects.get(email=BENCH_EMAIL)
    groups = (Group.objects.filter(memberships__user=member, listed=True, is_archived=False)
              .annotate(n=Count("series", distinct=True)).order_by("id"))
    # a typical group: the seed gives three series per group on average
    group = min(groups, key=lambda candidate: (abs(candidate.n - 3), candidate.pk), default=None)
    assert group is not None, "the bench member belongs to no listed group"
    now = timezone.now()
    occurrence = (Occurrence.objects.filter(group__memberships__user=member, capacity__isnull=True,
                                            status="scheduled", starts_at__gt=now + dt.timedelta(days=2))
                  .order_by("starts_at").first())
    assert occurrence is not None, "no upcoming occurrence to RSVP to"
    today = timezone.localdate()
    window = f"from={today.isoformat()}&to={(today + dt.timedelta(days=90)).isoformat()}&page_size=100"
    directory = "q=grief&format=in_person&language=en&page_size=20"
    endpoints = [
        Endpoint("directory (q + filters, 20)", "GET", f"/api/v1/groups/?{directory}", f"/bench/groups/?{directory}"),
        Endpoint("one group", "GET", f"/api/v1/groups/{group.slug}/", f"/bench/groups/{group.slug}/"),
        Endpoint("occurrences, 3 months", "GET", f"/api/v1/groups/{group.slug}/occurrences/?{window}",
                 f"/bench/groups/{group.slug}/occurrences/?{window}"),
        Endpoint("my meetings (30 groups)", "GET", "/api/v1/me/meetings/?page_size=20",
                 "/bench/me/meetings/?page_size=20", signed_in=True),
        Endpoint("RSVP write (PUT)", "PUT", f"/api/v1/occurrences/{occurrence.pk}/rsvp/",
                 f"/bench/occurrences/{occurrence.pk}/rsvp/", signed_in=True, write=True,
                 bodies=[{"status": "going"}, {"status": "maybe"}]),
    ]
    return member, endpoints


def compare(api: bytes, base: bytes) -> str:
    """Do the API and the baseline answer the same rows with the same keys and values?"""
    api_body, base_body = json.loads(api), json.loads(base)
    api_rows = api_body.get("results", [api_body])
    base_rows = base_body.get("results", [base_body])
    ident = "id" if api_rows and "id" in api_rows[0] else "slug" if api_rows and "slug" in api_rows[0] else None
    if ident and [row.get(ident) for row in api_rows] != [row.get(ident) for row in base_rows]:
        return "ROWS DIFFER"
    api_keys = set().union(*(row.keys() for row in api_rows)) if api_rows else set()
    base_keys = set().union(*(row.keys() for row in base_rows)) if base_rows else set()
    if api_keys != base_keys:
        return "keys differ: " + ", ".join(sorted(api_keys ^ base_keys))
    # The same values too: a baseline that skips part of the work (a field left null) is not a baseline.
    differ = sorted({key for api_row, base_row in zip(api_rows, base_rows, strict=True) for key in api_row
                     if api_row[key] != base_row.get(key)})
    if differ:
        return "VALUES DIFFER: " + ", ".join(differ)
    return f"yes ({len(api_rows)} rows)"


class Series:
    """One side of a comparison (the API or its baseline): best round's CPU time, all latencies."""

    def __init__(self, wsgi: Wsgi, endpoint: Endpoint, path: str) -> None:
        self.wsgi, self.endpoint, self.path = wsgi, endpoint, path
        self.best, self.content, self.counter = float("inf"), b"", 0
        self.latencies: list[float] = []
        for _ in range(2):  # warm up: imports, caches, the database's buffers
            wsgi.call(endpoint.method, path, (endpoint.bodies or [None])[0], endpoint.signed_in)  # type: ignore[list-item]

    def round(self, per_round: int) -> None:
        bodies = self.endpoint.bodies or [None]  # type: ignore[list-item]
        cpu_start = time.process_time()
        for _ in range(per_round):
            body = bodies[self.counter % len(bodies)]
            self.counter += 1
            wall_start = time.perf_counter()
            status, self.content = self.wsgi.call(self.endpoint.method, self.path, body, self.endpoint.signed_in)
            self.latencies.append(time.perf_counter() - wall_start)
            if status != 200:
                raise SystemExit(f"{self.endpoint.method} {self.path} answered {status}: {self.content[:300]!r}")
        self.best = min(self.best, (time.process_time() - cpu_start) / per_round)

    def result(self) -> tuple[float, float, bytes]:
        latencies = self.latencies
        p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies)
        return self.best * 1000, p95 * 1000, self.content


def measure(wsgi: Wsgi, endpoint: Endpoint, rounds: int, per_round: int) -> tuple[tuple[float, float, bytes], ...]:
    """API and baseline rounds alternate, so a busy moment on a shared machine slows both alike."""
    api, base = Series(wsgi, endpoint, endpoint.path), Series(wsgi, endpoint, endpoint.baseline)
    for _ in range(rounds):
        api.round(per_round)
        base.round(per_round)
    return api.result(), base.result()


def count_queries(wsgi: Wsgi, endpoint: Endpoint, path: str) -> tuple[int, list[tuple[float, str]]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body = (endpoint.bodies or [None])[0]  # type: ignore[list-item]
    with CaptureQueriesContext(connection) as captured:
        wsgi.call(endpoint.method, path, body, endpoint.signed_in)
    return len(captured), [(float(query["time"]), query["sql"]) for query in captured.captured_queries]


WORST_CASE_SLUG = "bench-worst-case"
WORST_CASE_NAME = "worst case: 20 daily series, a year unread, anonymous furthest `to`"


def worst_case_group() -> Any:
    """An unlisted group (the directory never shows it) with as many live series as a group may hold,
    every one meeting daily: the most rows a group can need. Created once per bench database."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from kindred.groups.models import Group
    from kindred.meetings.services import series_create

    group, created = Group.objects.get_or_create(slug=WORST_CASE_SLUG, defaults={
        "name": "Bench worst case", "listed": False, "format": "online", "time_zone": "Europe/London",
        "online_url": "https://meet.example.org/bench"})
    for number in range(group.series.count(), settings.MAX_LIVE_SERIES_PER_GROUP):
        series_create(group=group, title=f"Daily {number}", start_date=timezone.localdate() + dt.timedelta(days=1),
                      start_time=dt.time(7 + number % 14, 0), duration_minutes=60,
                      recurrence={"frequency": "weekly", "weekdays": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]})
    return group


def make_unread_for_a_year(group: Any) -> None:
    """As if nobody had listed the group's meetings for a year: no row ahead of now exists."""
    from django.utils import timezone

    from kindred.meetings.models import MeetingSeries, Occurrence

    now = timezone.now()
    Occurrence.objects.filter(group=group, starts_at__gt=now).delete()
    MeetingSeries.objects.filter(group=group).update(materialized_until=now)


def worst_case(wsgi: Wsgi, repeats: int) -> str:
    """The most work one anonymous request can cause (docs/decisions/meetings-bounded-work.md), with the
    per-request cap on created rows and without it (what every such request cost before the cap)."""
    import datetime as dt

    from dateutil.relativedelta import relativedelta
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kindred.meetings.models import Occurrence

    group = worst_case_group()
    furthest = (timezone.now().astimezone(dt.UTC).date() + relativedelta(years=1) - dt.timedelta(days=1))
    path = f"/api/v1/groups/{group.slug}/occurrences/?to={furthest.isoformat()}&page_size=100"
    lines = [f"| {WORST_CASE_NAME} | wall ms | CPU ms | queries | rows created |", "|---|---:|---:|---:|---:|"]
    for label, budget in (("with the cap (MAX_OCCURRENCES_CREATED_PER_REQUEST, default)", None),
                          ("without it (the cap set out of reach)", 10**9)):
        runs = []
        for _ in range(repeats):
            make_unread_for_a_year(group)
            before = Occurrence.objects.filter(group=group).count()
            with override_settings(**({"MAX_OCCURRENCES_CREATED_PER_REQUEST": budget} if budget else {})), \
                    CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                status, content = wsgi.call("GET", path)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if status != 200:
                raise SystemExit(f"GET {path} answered {status}: {content[:300]!r}")
            created = Occurrence.objects.filter(group=group).count() - before
            runs.append((wall * 1000, cpu * 1000, len(captured), created))
        wall_ms, cpu_ms, queries, rows = min(runs)
        lines.append(f"| {label} | {wall_ms:.0f} | {cpu_ms:.0f} | {queries} | {rows:,} |")
        print(f"{WORST_CASE_NAME}: {label}: {wall_ms:.0f} ms wall, {cpu_ms:.0f} ms CPU, {queries} queries, "
              f"{rows:,} rows", flush=True)
    make_unread_for_a_year(group)
    return "\n".join([f"Worst case of bounded work, best of {repeats} (`{path.split('?')[0]}?to=<a year ahead>"
                       "&page_size=100`):", "", *lines])


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()}"


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def table(results: list[Result], size: str, rounds: int, per_round: int, runs: int) -> str:
    from kindred.meetings.management.commands.seed_scale import SIZES

    counts = SIZES[size]
    loads = [load for result in results for load in result.loads]
    lines = [
        f"Database: {database_label()}, size `{size}` ({counts['groups']:,} groups, {counts['series']:,} series, "
        f"{counts['users']:,} people, {counts['rsvps']:,} RSVPs). Machine: {machine()}, load average (1 min) "
        f"{min(loads):.1f}–{max(loads):.1f} during the run. "
        f"{runs} runs; in each, best of {rounds} rounds of {per_round} requests, API and baseline rounds alternating; "
        f"median over the runs with [lowest–highest]; p95 over each run's {rounds * per_round}. "
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| endpoint | API CPU ms/req | baseline CPU ms/req | speed vs baseline | API p95 ms | baseline p95 ms "
        "| database ms/req | queries (API / baseline) | same rows and keys |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        mark = " ✓" if result.speed >= result.target else " ✗"
        database = "" if result.db_ms is None else f"{result.db_ms:.2f}"
        lines.append(f"| {result.endpoint.name} | {spread(result.api_cpu)} | {spread(result.base_cpu)} | "
                     f"{spread(result.speeds)}{mark} | {spread(result.api_p95, 1)} | {spread(result.base_p95, 1)} | "
                     f"{database} | {result.queries} / {result.base_queries} | {result.same} |")
    reads = [result for result in results if not result.endpoint.write]
    writes = [result for result in results if result.endpoint.write]
    lines += ["", f"Reads at ≥ {READ_TARGET} of the baseline's speed (median): "
              f"{sum(result.speed >= READ_TARGET for result in reads)} of {len(reads)}; writes at ≥ {WRITE_TARGET}: "
              f"{sum(result.speed >= WRITE_TARGET for result in writes)} of {len(writes)}. "
              f"p95 under {P95_TARGET_MS:.0f} ms (median): "
              f"{sum(statistics.median(result.api_p95) < P95_TARGET_MS for result in results)} of {len(results)}. "
              "Database ms/req: the median over 20 requests of the time spent in the database calls of one "
              "request (as the client sees it: round trips included)."]
    return "\n".join(lines)


def database_time(wsgi: Wsgi, endpoint: Endpoint, requests: int = 20) -> float:
    """The median, over ``requests`` calls, of one request's summed query times (round trips included),
    timed around each ``execute`` with ``perf_counter`` (Django's captured queries keep whole ms only)."""
    from django.db import connection

    spent: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - started)

    bodies = endpoint.bodies or [None]  # type: ignore[list-item]
    totals = []
    for number in range(requests):
        spent.clear()
        with connection.execute_wrapper(timed):
            wsgi.call(endpoint.method, endpoint.path, bodies[number % len(bodies)], endpoint.signed_in)
        totals.append(sum(spent) * 1000)
    return statistics.median(totals)


def explain(plans: dict[str, list[tuple[float, str]]]) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest SELECT of each read endpoint (PostgreSQL)."""
    from django.db import connection

    sections = []
    for name, queries in plans.items():
        selects = [(took, sql) for took, sql in queries if sql.lstrip().upper().startswith("SELECT")
                   and "django_session" not in sql and "accounts_user" not in sql[:200]]
        if not selects:
            continue
        took, sql = max(selects)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        short_sql = re.sub(r"\s+", " ", sql)
        short_sql = short_sql if len(short_sql) < 600 else short_sql[:600] + " …"
        sections.append(f"#### {name}\n\n```sql\n{short_sql}\n```\n\n```\n{plan}\n```\n")
    return "\n".join(sections)


def write_section(key: str, text: str) -> None:
    """Replace this run's section of docs/performance.md (only with ``--write-docs``)."""
    doc = REPO / "docs" / "performance.md"
    start, end = f"<!-- bench:{key}:start -->", f"<!-- bench:{key}:end -->"
    body = doc.read_text() if doc.exists() else "# Performance\n"
    block = f"{start}\n{text}\n{end}"
    if start in body and end in body:
        body = body[:body.index(start)] + block + body[body.index(end) + len(end):]
    else:
        body = body.rstrip("\n") + f"\n\n### Results: {key}\n\n{block}\n"
    doc.write_text(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "full"), default="small")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--requests", type=int, default=20, help="requests per round")
    parser.add_argument("--runs", type=int, default=3, help="whole measurements; the median and spread are shown")
    parser.add_argument("--explain", action="store_true", help="add EXPLAIN ANALYZE plans (PostgreSQL)")
    parser.add_argument("--write-docs", action="store_true",
                        help="also write the table into docs/performance.md (make bench-docs)")
    parser.add_argument("--only", help="run only endpoints whose name contains this")
    args = parser.parse_args()
    if args.write_docs and args.only:
        parser.error("--write-docs replaces the whole section for this database and size: run every endpoint")
    setup(args.size)

    from django.db import connection

    member, endpoints = pick_targets()
    wsgi = Wsgi()
    wsgi.sign_in(member)
    endpoints = [endpoint for endpoint in endpoints if not args.only or args.only in endpoint.name]
    measured: dict[str, list[tuple[float, float, float, float, float]]] = {endpoint.name: [] for endpoint in endpoints}
    bodies: dict[str, tuple[bytes, bytes]] = {}
    for run in range(args.runs):
        for endpoint in endpoints:
            load = os.getloadavg()[0]
            (api_cpu, api_p95, api_body), (base_cpu, base_p95, base_body) = measure(wsgi, endpoint, args.rounds,
                                                                                   args.requests)
            measured[endpoint.name].append((api_cpu, base_cpu, api_p95, base_p95, load))
            bodies[endpoint.name] = (api_body, base_body)
            print(f"run {run + 1} {endpoint.name:30} API {api_cpu:7.2f} ms  baseline {base_cpu:7.2f} ms  "
                  f"speed {base_cpu / api_cpu:5.2f}  p95 {api_p95:6.1f} ms  load {load:.1f}", flush=True)
    results, plans = [], {}
    for endpoint in endpoints:
        queries, captured = count_queries(wsgi, endpoint, endpoint.path)
        base_queries, _ = count_queries(wsgi, endpoint, endpoint.baseline)
        same = "n/a (write)" if endpoint.write else compare(*bodies[endpoint.name])
        rows = measured[endpoint.name]
        results.append(Result(endpoint, [row[0] for row in rows], [row[1] for row in rows], [row[2] for row in rows],
                              [row[3] for row in rows], queries, base_queries, same,
                              db_ms=database_time(wsgi, endpoint), loads=[row[4] for row in rows]))
        if not endpoint.write:
            plans[endpoint.name] = captured
    output = table(results, args.size, args.rounds, args.requests, args.runs)
    if not args.only or args.only in WORST_CASE_NAME:
        output += "\n\n" + worst_case(wsgi, repeats=5)
    print("\n" + output)
    key = f"{connection.vendor}-{args.size}"
    if args.explain and connection.vendor == "postgresql":
        output += "\n\n<details><summary>EXPLAIN (ANALYZE, BUFFERS) of each read's slowest query</summary>\n\n"
        output += explain(plans) + "\n</details>"
    results_file = REPO / "var" / "bench" / f"{key}.md"
    results_file.parent.mkdir(parents=True, exist_ok=True)
    results_file.write_text(output + "\n")
    print(f"\nwritten to {results_file.relative_to(REPO)}")
    if args.write_docs:
        write_section(key, output)
        print(f"written to docs/performance.md ({key})")


if __name__ == "__main__":
    main()
