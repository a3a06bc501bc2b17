"""The production stack's configuration: compose file, image, gunicorn settings, replica router.

Docker's engine is not available here, so the compose file is checked for the structure the
deployment relies on; `make prodcheck` runs the same processes natively.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_compose_runs_the_whole_stack_with_health_checks(compose):
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "migrate"} <= set(services)
    for name in ("postgres", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], f"{name} has no health check"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_web_and_worker_wait_for_healthy_services_and_migrations(compose):
    for name in ("web", "worker"):
        depends = compose["services"][name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_web_runs_gunicorn_with_its_config_and_the_worker_runs_db_worker(compose):
    web, worker = compose["services"]["web"], compose["services"]["worker"]
    assert web["command"][:3] == ["gunicorn", "-c", "config/gunicorn.conf.py"]
    assert (REPO / "backend" / "config" / "gunicorn.conf.py").exists()
    assert worker["command"][2] == "db_worker"
    for service in (web, worker):
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert service["env_file"] == ".env"
        assert service["environment"]["REDIS_URL"].startswith("redis://redis")
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")


def test_env_example_names_every_setting_production_needs():
    example = (REPO / ".env.example").read_text()
    for name in ("SECRET_KEY=", "ALLOWED_HOSTS=", "DATABASE_URL=", "REDIS_URL=", "CORS_ALLOWED_ORIGINS=",
                 "THROTTLE_RATES=", "EMAIL_HOST=", "DATABASE_REPLICA_URL=", "WEB_CONCURRENCY="):
        assert name in example


def test_image_runs_as_a_non_root_user_and_collects_static_files_at_build():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "\nUSER kindred" in dockerfile
    assert ".venv" in (REPO / ".dockerignore").read_text()


def load_gunicorn_config(monkeypatch, **env: str):  # type: ignore[no-untyped-def]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", REPO / "backend" / "config" / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_gunicorn_takes_workers_and_port_from_the_environment(monkeypatch):
    config = load_gunicorn_config(monkeypatch, WEB_CONCURRENCY="5", PORT="9123", HOST="127.0.0.1")
    assert config.workers == 5
    assert config.bind == "127.0.0.1:9123"
    assert config.timeout == 30 and config.accesslog == "-"


def test_gunicorn_access_log_never_shows_a_private_calendar_secret(monkeypatch):
    config = load_gunicorn_config(monkeypatch)
    assert config.SECRET_PATH.sub("/calendar/<secret>.ics", "/api/v1/me/calendar/s3cr3t-Tok_en.ics") == \
        "/api/v1/me/calendar/<secret>.ics"


def test_gunicorn_access_log_never_shows_a_link_token(monkeypatch):
    """Account emails' links carry ``token=`` (issue 11): whatever atom an access-log format uses."""
    config = load_gunicorn_config(monkeypatch)
    secret = "eyJ1Ijo3fQ:1u2v3w:Zk2mP0aLr8Qx"
    atoms = {"U": "/api/v1/auth/verify-email/", "q": f"token={secret}&next=me", "s": 200,
             "r": f"GET /?token={secret} HTTP/1.1", "f": f"https://kindred.example/#/reset?TOKEN={secret}",
             "{cookie}i": "", "h": "203.0.113.7", "a": "curl/8.5"}
    monkeypatch.setattr(config.Logger, "atoms", lambda *args: dict(atoms))
    logged = config.RedactingLogger.atoms(object.__new__(config.RedactingLogger), None, None, {}, None)
    assert secret not in repr(logged)
    assert logged["q"] == "token=<secret>&next=me" and logged["r"] == "GET /?token=<secret> HTTP/1.1"
    assert logged["s"] == 200 and logged["U"] == atoms["U"]
    assert config.redact("/api/v1/me/calendar/s3cr3t.ics?x=1") == "/api/v1/me/calendar/<secret>.ics?x=1"


def test_reads_go_to_a_replica_but_writes_and_transactions_to_the_primary(monkeypatch):
    from django.db import connections

    from config import routers
    from kindred.groups.models import Group

    router = routers.PrimaryReplicaRouter()
    assert router.db_for_read(Group) == "default"  # no replica configured
    monkeypatch.setattr(routers, "replica_aliases", lambda: ["replica"])
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    assert router.db_for_read(Group) == "replica"
    assert router.db_for_write(Group) == "default"
    assert router.allow_migrate("replica", "groups") is False
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(Group) == "default"  # a service sees its own writes


def test_health_probes_on_loopback_are_not_refused_whatever_the_public_host_names(tmp_path):
    """The compose and Dockerfile health checks call http://127.0.0.1:8000/healthz from inside."""
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "ALLOWED_HOSTS": "kindred.example.org", "SECRET_KEY": "k" * 60, "PYTHONPATH": "backend",
           # its own database, so the probe does not depend on a var/ directory another step made
           "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}"}
    script = ("import django; django.setup(); from django.test import Client; "
              "r = Client().get('/healthz', HTTP_HOST='127.0.0.1', HTTP_X_FORWARDED_PROTO='https'); "
              "print(r.status_code)")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False,  # noqa: S603 (our own interpreter)
                            timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "200", result.stderr[-2000:]


def test_gunicorn_preloads_warms_each_worker_and_recycles_rarely_with_jitter(monkeypatch):
    """Issue 16: recycling every 2,000 requests stalled requests; a fresh worker's first request took up to 1 s."""
    config = load_gunicorn_config(monkeypatch)
    assert config.preload_app is True
    assert config.max_requests >= 50_000 and config.max_requests_jitter == config.max_requests // 10
    assert callable(config.post_worker_init)
    assert load_gunicorn_config(monkeypatch, GUNICORN_MAX_REQUESTS="0").max_requests == 0  # off when asked


@pytest.mark.django_db
def test_a_new_worker_answers_its_warm_up_requests_before_serving(monkeypatch):
    import logging

    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config import warmup

    # as Django's test client does: the test's database connection must outlive each request
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answers = warmup.warm_worker(WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert [(path, status) for path, status, _ in answers] == [(path, 200) for path in warmup.warm_paths()]
    assert "/healthz" in warmup.warm_paths()  # the one that opens the database connection

    class Worker:
        wsgi = object()
        log = logging.getLogger("test.gunicorn")

    called = []
    monkeypatch.setattr(warmup, "warm_worker", lambda app: called.append(app) or [])
    load_gunicorn_config(monkeypatch).post_worker_init(Worker())
    assert called == [Worker.wsgi]
    monkeypatch.setenv("WARM_PATHS", "")
    assert warmup.warm_paths() == []
