"""Controls for the OWASP API Security Top 10 (2023) that are not about one app (see docs/security.md)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from drf_spectacular.generators import SchemaGenerator
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
BACKEND = REPO / "backend"


@pytest.fixture(scope="module")
def openapi() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def request_properties(schema: dict, node: dict, prefix: str = "") -> dict[str, dict]:
    """Every property a request body accepts, nested ones as dotted paths."""
    node = resolve(schema, node)
    found: dict[str, dict] = {}
    for part in node.get("allOf", []) + node.get("oneOf", []) + node.get("anyOf", []):
        found.update(request_properties(schema, part, prefix))
    if node.get("type") == "array" and "items" in node:
        found.update(request_properties(schema, node["items"], prefix))
    for name, sub in node.get("properties", {}).items():
        found[prefix + name] = resolve(schema, sub)
        found.update(request_properties(schema, sub, f"{prefix}{name}."))
    return found


# API3 Broken Object Property Level Authorization: no input may set these.
FORBIDDEN_INPUT = re.compile(
    r"(^|\.)(id|pk|role|user|owner|reporter|is_staff|is_superuser|is_active|is_archived|archived_at|"
    r"created_at|updated_at|joined_at|waitlisted_at|agreed_version|agreements_version|sequence|"
    r"waitlist_position|[a-z_]+_count|counts|key_digest|password_hash|calendar_secret)$")
RSVP_STATUSES = {"going", "maybe", "not_going"}


def test_no_request_body_accepts_server_owned_properties(openapi):
    offenders = []
    bodies = 0
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                bodies += 1
                for name, prop in request_properties(openapi, media["schema"]).items():
                    if FORBIDDEN_INPUT.search(name):
                        offenders.append(f"{method.upper()} {path}: {name}")
                    if name.split(".")[-1] == "status" and not set(prop.get("enum", ["?"])) <= RSVP_STATUSES:
                        offenders.append(f"{method.upper()} {path}: {name} (only an RSVP's own choice may be set)")
    assert bodies >= 5
    assert not offenders, offenders


def test_every_input_serializer_is_separate_from_output(openapi):
    """Request components are distinct from responses (COMPONENT_SPLIT_REQUEST), so an output
    field can never silently become writable."""
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media["schema"].get("$ref", "")
                assert not ref or ref.endswith("Request"), f"{method} {path} reuses {ref}"


# API7 Server Side Request Forgery: the one URL the server fetches is a webhook's, and only the webhook
# sender does it (after kindred.webhooks.addresses checked it; tests/webhooks prove the checks).
HTTP_CLIENTS = re.compile(r"^\s*(import|from)\s+(requests|httpx|urllib3|aiohttp|pycurl|urllib\.request|"
                          r"http\.client)\b|urlopen\(|socket\.create_connection|wrap_socket\(", re.MULTILINE)
WEBHOOK_SENDER = "backend/kindred/webhooks/sender.py"


def test_only_the_webhook_sender_makes_outbound_http_requests():
    users = [str(path.relative_to(REPO)) for path in BACKEND.rglob("*.py")
             if HTTP_CLIENTS.search(path.read_text(encoding="utf-8"))]
    assert users == [WEBHOOK_SENDER]


# API8 Security Misconfiguration.
def production_env() -> dict[str, str]:
    # A clean deployment environment: nothing the test run itself set (e.g. DJANGO_ALLOW_ASYNC_UNSAFE
    # from the browser tests) may leak into the check.
    leaked = ("DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "THROTTLE_RATES")
    env = {key: value for key, value in os.environ.items() if key not in leaked}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="kindred.example",
               SECRET_KEY=secrets.token_urlsafe(60)[:60])
    return env


def test_production_settings_pass_check_deploy():
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(BACKEND / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(), capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_serves_json_only_over_https_with_hsts():
    code = ("from django.conf import settings as s; import json; print(json.dumps([s.DEBUG, "
            "s.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'], s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.PASSWORD_HASHERS[0], s.EMAIL_TIMEOUT]))")
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", f"import django; django.setup(); {code}"], env=production_env(), cwd=BACKEND,
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    import json

    debug, renderers, hsts, session_secure, csrf_secure, ssl_redirect, hasher, email_timeout = json.loads(
        result.stdout.strip().splitlines()[-1])
    assert debug is False and renderers == ["rest_framework.renderers.JSONRenderer"]
    assert hsts >= 31536000 and session_secure and csrf_secure and ssl_redirect
    assert hasher.endswith("Argon2PasswordHasher")
    assert 0 < email_timeout <= 30  # API10: mail never hangs a worker


def test_production_refuses_a_missing_or_short_secret():
    env = production_env() | {"SECRET_KEY": "short"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(BACKEND / "manage.py"), "check"], env=env, capture_output=True, text=True,
        timeout=60, check=False)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def csp(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_strict_content_security_policy_on_api_and_pwa(api_client):
    for path in ("/api/v1/groups/", "/", "/js/app.js", "/api/v1/nothing/"):
        response = api_client.get(path)
        policy = csp(response)
        assert policy["default-src"] == ["'self'"], path
        # Our own scripts, and the PWA's import map by its hash (tests/e2e/test_static.py): no other inline script.
        assert policy["script-src"][0] == "'self'" and len(policy["script-src"]) == 2, path
        assert policy["script-src"][1].startswith("'sha256-"), path
        assert "'unsafe-inline'" not in policy["style-src"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert response["X-Content-Type-Options"] == "nosniff"
    assert api_client.get("/api/v1/groups/")["X-Frame-Options"] == "DENY"


def test_only_the_docs_pages_relax_the_policy(api_client):
    for path in ("/api/v1/docs/", "/api/v1/redoc/"):
        policy = csp(api_client.get(path))
        assert "'unsafe-inline'" in policy["script-src"] and "https:" not in policy["script-src"]
        assert policy["connect-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]


def test_passwords_are_hashed_with_argon2_and_validated():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    names = {validator["NAME"].rsplit(".", 1)[1] for validator in base.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "UserAttributeSimilarityValidator"} <= names


# API4 Unrestricted Resource Consumption: throttles with Retry-After, stricter where it matters.
@pytest.fixture
def low_rates(monkeypatch):
    rates = {"anon": "3/min", "user": "5/min", "auth": "2/min", "join": "2/hour", "rsvp": "2/hour",
             "concern": "1/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    return rates


def assert_throttled(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"


def test_anonymous_callers_are_throttled_per_ip(api_client, low_rates):
    """Each query differs, so none is answered from the shared public cache (which costs nothing)."""
    for index in range(3):
        assert api_client.get("/api/v1/groups/", {"q": f"circle {index}"}).status_code == 200
    assert_throttled(api_client.get("/api/v1/groups/", {"q": "circle 4"}))
    assert api_client.get("/api/v1/groups/", {"q": "circle 5"}, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_signed_in_callers_are_throttled_per_user(user_client, low_rates):
    for _ in range(5):
        assert user_client.get("/api/v1/me/").status_code == 200
    assert_throttled(user_client.get("/api/v1/me/"))
    other = UserFactory()
    from tests.conftest import client_for

    assert client_for(other).get("/api/v1/me/").status_code == 200


def test_login_and_register_are_stricter(api_client, low_rates):
    body = {"email": "x@example.org", "password": "whatever password"}
    for _ in range(2):
        assert api_client.post("/api/v1/auth/login/", body, format="json").status_code == 400
    assert_throttled(api_client.post("/api/v1/auth/register/", body | {"display_name": "X"}, format="json"))


def test_joining_is_throttled_against_spam(user_client, low_rates):
    groups = GroupFactory.create_batch(3)
    for group in groups[:2]:
        assert user_client.post(f"/api/v1/groups/{group.slug}/membership/", {"agreed": True},
                                format="json").status_code == 201
    assert_throttled(user_client.post(f"/api/v1/groups/{groups[2].slug}/membership/", {"agreed": True},
                                      format="json"))


# Faults: a database that goes away mid-request.
def test_lost_database_is_a_503_problem_and_the_next_request_recovers(api_client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    real_execute = CursorWrapper.execute

    def gone(self, sql, params=None):  # type: ignore[no-untyped-def]
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", gone)
    for path in ("/api/v1/groups/", "/healthz"):
        response = api_client.get(path)
        assert response.status_code == 503, (path, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert response["Retry-After"] == "5"
        assert response.json()["code"] == "database_unavailable"
    monkeypatch.setattr(CursorWrapper, "execute", real_execute)
    assert api_client.get("/api/v1/groups/").status_code == 200
    assert api_client.get("/healthz").json()["database"] == "ok"


def test_a_refusing_smtp_server_does_not_break_the_request(facilitator_client, group, settings, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    """API10 / faults: mail goes through a real SMTP backend to a closed loopback port."""
    import datetime as dt
    import socket

    from django.utils import timezone

    from tests.factories import MembershipFactory, OccurrenceFactory, RsvpFactory

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    occurrence = OccurrenceFactory(series__group=group, starts_at=timezone.now() + dt.timedelta(days=2))
    RsvpFactory(occurrence=occurrence, user=MembershipFactory(group=group).user)
    from django.core.mail.backends.smtp import EmailBackend

    attempts = []
    real_open = EmailBackend.open

    def counting_open(self):  # type: ignore[no-untyped-def]
        attempts.append(self.port)
        return real_open(self)

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(f"/api/v1/occurrences/{occurrence.pk}/cancel/",
                                           {"note": "Flooded hall"}, format="json")
    assert response.status_code == 200, response.content
    assert closed_port in attempts, "no mail was attempted"
    occurrence.refresh_from_db()
    assert occurrence.status == "cancelled"
