"""Where I'm signed in: the list, ending one session, signing out everywhere else (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kindred.accounts.models import SignedInSession
from kindred.accounts.sessions import LAST_SEEN_AT, device_label
from tests.conftest import session_client
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FIREFOX_ANDROID = "Mozilla/5.0 (Android 15; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/18.1 Mobile/15E148 Safari/604.1")


def signed_in_from(user, user_agent: str) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient(HTTP_USER_AGENT=user_agent)
    answer = client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    assert answer.status_code == 200
    return client


def test_my_sessions_say_where_when_and_which_is_this_one(user, django_assert_max_num_queries):
    phone = signed_in_from(user, FIREFOX_ANDROID)
    signed_in_from(user, SAFARI_IPHONE)
    session_client(UserFactory())  # someone else's is never listed
    with django_assert_max_num_queries(4):
        listed = phone.get("/api/v1/me/sessions/")
    assert listed.status_code == 200
    rows = listed.json()
    assert sorted(row["device"] for row in rows) == ["Firefox on Android", "Safari on iPhone"]
    assert [row["device"] for row in rows if row["current"]] == ["Firefox on Android"]
    assert set(rows[0]) == {"id", "device", "signed_in_at", "last_seen_at", "expires_at", "current"}
    assert not any(field.name in {"ip", "ip_address"} for field in SignedInSession._meta.get_fields())


def test_ending_one_session_signs_that_device_out(user):
    phone, laptop = signed_in_from(user, FIREFOX_ANDROID), signed_in_from(user, SAFARI_IPHONE)
    other = next(row for row in phone.get("/api/v1/me/sessions/").json() if not row["current"])
    assert phone.delete(f"/api/v1/me/sessions/{other['id']}/").status_code == 204
    assert laptop.get("/api/v1/me/").status_code == 401
    assert phone.get("/api/v1/me/").status_code == 200
    again = phone.delete(f"/api/v1/me/sessions/{other['id']}/")
    assert again.status_code == 404 and again["Content-Type"] == "application/problem+json"


def test_someone_elses_session_is_404_and_keeps_working(user):
    mine = signed_in_from(user, FIREFOX_ANDROID)
    stranger = UserFactory()
    theirs = signed_in_from(stranger, SAFARI_IPHONE)
    their_id = theirs.get("/api/v1/me/sessions/").json()[0]["id"]
    assert mine.delete(f"/api/v1/me/sessions/{their_id}/").status_code == 404
    assert theirs.get("/api/v1/me/").status_code == 200


def test_ending_my_current_session_signs_me_out_here(user):
    phone = signed_in_from(user, FIREFOX_ANDROID)
    current = phone.get("/api/v1/me/sessions/").json()[0]
    assert phone.delete(f"/api/v1/me/sessions/{current['id']}/").status_code == 204
    assert phone.get("/api/v1/me/").status_code == 401


def test_sign_out_everywhere_else(user):
    phone, laptop, tablet = (signed_in_from(user, agent) for agent in (FIREFOX_ANDROID, SAFARI_IPHONE, "curl/8.5"))
    ended = phone.post("/api/v1/me/sessions/end-others/")
    assert ended.status_code == 200 and ended.json() == {"ended": 2}
    assert [row["current"] for row in phone.get("/api/v1/me/sessions/").json()] == [True]
    assert laptop.get("/api/v1/me/").status_code == tablet.get("/api/v1/me/").status_code == 401


def test_last_seen_moves_on_at_most_every_five_minutes(user, monkeypatch):
    phone = signed_in_from(user, FIREFOX_ANDROID)
    session = SignedInSession.objects.get(user=user)
    first_seen = session.last_seen_at
    phone.get("/api/v1/me/")
    assert SignedInSession.objects.get(user=user).last_seen_at == first_seen
    later = timezone.now() + dt.timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    phone.get("/api/v1/me/")
    seen = SignedInSession.objects.get(user=user)
    assert seen.last_seen_at == later.replace(microsecond=0)
    assert seen.get_decoded()[LAST_SEEN_AT] == int(later.timestamp())


def test_an_erasure_ends_the_sessions_through_the_owner_link(user):
    phone = signed_in_from(user, FIREFOX_ANDROID)
    assert phone.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    assert not SignedInSession.objects.exists()


@pytest.mark.parametrize(("agent", "label"), [
    (FIREFOX_ANDROID, "Firefox on Android"), (SAFARI_IPHONE, "Safari on iPhone"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
     "Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
     "Chrome on Linux"),
    ("curl/8.5.0", "curl"), ("python-requests/2.32", "a Python script"), ("", "Unknown device"),
])
def test_device_labels_are_short_and_human(agent, label):
    assert device_label(agent) == label


@pytest.mark.parametrize(("accept", "devices"), [
    ("fr", ["Appareil inconnu", "Firefox sur Android"]),
    ("es", ["Dispositivo desconocido", "Firefox en Android"]),
    ("en", ["Firefox on Android", "Unknown device"]),
])
def test_my_sessions_name_devices_in_my_language_and_keep_the_brand_names(user, accept, devices):
    """The label is kept in English (what the browser said); the words around the names are the reader's
    (the pseudo-locale run found 'Chrome on Linux' on a page otherwise in the member's language)."""
    phone = signed_in_from(user, FIREFOX_ANDROID)
    signed_in_from(user, "")
    listed = phone.get("/api/v1/me/sessions/", HTTP_ACCEPT_LANGUAGE=accept)
    assert sorted(row["device"] for row in listed.json()) == devices
