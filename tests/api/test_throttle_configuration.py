"""Throttle configuration as an operator sets it: THROTTLE_RATES merges into the defaults scope by
scope, a mistake stops the process at start, and the client address is the socket's unless the
operator says how many proxies to trust."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from config.settings.base import parse_throttle_rates
from kindred.accounts.models import User
from tests.factories import GroupFactory, MeetingSeriesFactory, OccurrenceFactory

BACKEND = Path(__file__).resolve().parents[2] / "backend"
SPEC_EXAMPLE = "anon=120/min,user=600/min,auth=10/min"  # SPEC.md's own example names three scopes


def manage_check(throttle_rates: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "THROTTLE_RATES"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", THROTTLE_RATES=throttle_rates)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(BACKEND / "manage.py"), "check"], env=env, capture_output=True, text=True,
        timeout=120, check=False)


def test_the_spec_example_starts():
    result = manage_check(SPEC_EXAMPLE)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("rates", "named"), [
    ("anon=120/min,joins=5/min", "'joins'"),            # a scope Kindred does not have
    ("join=lots", "'join'"),                            # not a number of requests
    ("auth=10/min,join=5/fortnight", "'5/fortnight'"),  # a period DRF cannot read
    ("rsvp", "'rsvp'"),                                 # no rate at all
])
def test_a_bad_scope_or_rate_stops_the_process_naming_it(rates, named):
    result = manage_check(rates)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "THROTTLE_RATES" in result.stderr
    assert named in result.stderr.splitlines()[-1], result.stderr[-500:]


@pytest.mark.django_db
def test_scopes_the_environment_leaves_out_keep_their_defaults(monkeypatch):
    """Under the SPEC's example every join, RSVP and concern was a 500 ("No default throttle rate
    set for 'join' scope"): they must work, still throttled at their default rates."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", parse_throttle_rates(SPEC_EXAMPLE))
    group = GroupFactory()
    occurrence = OccurrenceFactory(series=MeetingSeriesFactory(group=group),
                                   starts_at=timezone.now() + dt.timedelta(days=3))
    client = APIClient()
    registered = client.post("/api/v1/auth/register/", {
        "email": "kit@example.org", "password": "a long passphrase", "display_name": "Kit"}, format="json")
    assert registered.status_code == 202, registered.content
    User.objects.filter(email="kit@example.org").update(email_confirmed_at=timezone.now())  # the emailed link
    signed_in = client.post("/api/v1/auth/login/", {"email": "kit@example.org", "password": "a long passphrase"},
                            format="json")
    assert signed_in.status_code == 200, signed_in.content

    joined = client.post(f"/api/v1/groups/{group.slug}/membership/", {"agreed": True}, format="json")
    assert joined.status_code == 201, joined.content
    going = client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going"}, format="json")
    assert going.status_code == 200, going.content
    concern = client.post("/api/v1/concerns/", {"group": group.slug, "message": "Someone was unkind."},
                          format="json")
    assert concern.status_code == 201, concern.content
    assert parse_throttle_rates(SPEC_EXAMPLE)["join"] == "30/hour"


@pytest.fixture
def strict_anon_and_auth(monkeypatch):
    rates = {"anon": "3/min", "user": "600/min", "auth": "2/min", "join": "30/hour", "rsvp": "120/hour",
             "concern": "20/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_escape_the_per_ip_throttle(strict_anon_and_auth):
    """With no proxy configured the client address is the socket's: a client that makes up a new
    X-Forwarded-For for each request is still one client."""
    client = APIClient()
    statuses = [client.get("/api/v1/groups/", {"q": f"circle {index}"},
                           HTTP_X_FORWARDED_FOR=f"198.51.100.{index}").status_code for index in range(4)]
    assert statuses == [200, 200, 200, 429]
    body = {"email": "someone@example.org", "password": "a wrong guess"}
    logins = [client.post("/api/v1/auth/login/", body, format="json",
                          HTTP_X_FORWARDED_FOR=f"198.51.100.{index}").status_code for index in range(3)]
    assert logins == [400, 400, 429]


@pytest.mark.django_db
def test_a_trusted_proxy_count_reads_the_client_from_forwarded_for(strict_anon_and_auth, settings):
    """Behind one proxy (NUM_PROXIES=1 in production) the last X-Forwarded-For entry, which that
    proxy wrote, is the client."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()
    for index in range(4):
        response = client.get("/api/v1/groups/", {"q": f"circle {index}"},
                              HTTP_X_FORWARDED_FOR=f"203.0.113.7, 198.51.100.{index}")
        assert response.status_code == 200


@pytest.mark.django_db
def test_sign_in_records_keep_the_address_the_throttles_count(settings):
    """django-axes records the client's address as the throttles see it (the proxy's entry behind a
    proxy), and never a forwarded value that is not an address."""
    from axes.models import AccessAttempt

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    body = {"email": "someone@example.org", "password": "a wrong guess"}
    for forwarded in ("203.0.113.7, 198.51.100.4", "not-an-address"):
        APIClient().post("/api/v1/auth/login/", body, format="json", HTTP_X_FORWARDED_FOR=forwarded,
                         HTTP_USER_AGENT=forwarded)
    recorded = dict(AccessAttempt.objects.values_list("user_agent", "ip_address"))
    assert recorded == {"203.0.113.7, 198.51.100.4": "198.51.100.4", "not-an-address": "127.0.0.1"}


def test_production_takes_the_number_of_trusted_proxies_from_the_environment():
    code = "from django.conf import settings as s; print(s.REST_FRAMEWORK['NUM_PROXIES'])"
    found = {}
    for value in ("", "2"):
        env = {key: val for key, val in os.environ.items() if key not in ("NUM_PROXIES", "DATABASE_URL")}
        env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 60,
                   NUM_PROXIES=value)
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, cwd=BACKEND,
            capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        found[value] = result.stdout.strip().splitlines()[-1]
    assert found == {"": "0", "2": "2"}
