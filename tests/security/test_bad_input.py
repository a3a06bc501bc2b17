"""Bad input of every kind gets a clear 4xx problem and leaves the data as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kindred.accounts.models import SignedInSession, User
from kindred.groups.models import Group
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = "Robert'); DROP TABLE accounts_user;-- <script>alert(1)</script> <img src=x onerror=alert(2)> {{7*7}}"


def assert_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def unchanged(user: User) -> None:
    user.refresh_from_db()
    assert user.display_name.startswith("Person ")


def test_oversized_body_is_413(user_client, user, settings):
    body = '{"display_name": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    response = user_client.generic("PATCH", "/api/v1/me/", body, content_type="application/json")
    assert assert_problem(response, 413)["code"] == "body_too_large"
    unchanged(user)


def test_oversized_form_body_is_413(api_client, settings):
    body = "a=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = api_client.generic("POST", "/api/v1/auth/login/", body,
                                  content_type="application/x-www-form-urlencoded")
    assert response.status_code in (413, 415)


@pytest.mark.parametrize("depth", [33, 5000, 100_000])
def test_deeply_nested_json_is_400(user_client, user, depth):
    body = '{"display_name": ' + "[" * depth + "]" * depth + "}"
    response = user_client.generic("PATCH", "/api/v1/me/", body, content_type="application/json")
    assert assert_problem(response, 400)["code"] == "parse_error"
    unchanged(user)


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data; boundary=x",
                                          "application/x-www-form-urlencoded"])
def test_wrong_content_type_is_415(user_client, user, content_type):
    response = user_client.generic("PATCH", "/api/v1/me/", '{"display_name": "X"}', content_type=content_type)
    assert assert_problem(response, 415)["code"] == "unsupported_media_type"
    unchanged(user)


@pytest.mark.parametrize("raw", [b'{"display_name": "\xff\xfe"}', b"\xc3\x28", b'{"display_name": NaN}',
                                 b'{"display_name": "x"', b""])
def test_malformed_or_invalid_utf8_json_is_400(user_client, user, raw):
    response = user_client.generic("PATCH", "/api/v1/me/", raw, content_type="application/json")
    if raw == b"":  # an empty PATCH changes nothing, and says so with 200
        assert response.status_code == 200
    else:
        assert_problem(response, 400)
    unchanged(user)


@pytest.mark.parametrize("query", ["page=99999999999999999999999", "page=-1", "page=0", "page=abc",
                                   "page=1e9"])
def test_impossible_page_numbers_are_404(user_client, query):
    assert_problem(user_client.get(f"/api/v1/auth/tokens/?{query}"), 404)


@pytest.mark.parametrize("size", ["101", "100000", "99999999999999999999999"])
def test_page_size_above_the_cap_is_refused(user_client, size):
    """The OpenAPI document says 1 to 100; the server used to serve 100 for any larger number."""
    body = assert_problem(user_client.get(f"/api/v1/auth/tokens/?page_size={size}"), 400)
    assert body["errors"] == [{"field": "page_size", "message": "Give one whole number from 1 to 100.",
                               "code": "invalid"}]


@pytest.mark.parametrize("query", ["page_size=-5", "page_size=0", "page_size=abc", "page_size=1&page_size=2",
                                   "page_size=%C2%B2"])
def test_malformed_page_size_is_400(user_client, query):
    body = assert_problem(user_client.get(f"/api/v1/auth/tokens/?{query}"), 400)
    assert body["errors"][0]["field"] == "page_size"


def test_directory_page_size_of_100_is_served(api_client):
    from tests.factories import GroupFactory

    GroupFactory.create_batch(101)
    response = api_client.get("/api/v1/groups/?page_size=100")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize("path", ["/api/v1/groups/", "/api/v1/me/meetings/"])
def test_a_page_size_above_100_is_refused_by_page_and_cursor_lists(user_client, path):
    assert assert_problem(user_client.get(f"{path}?page_size=101"), 400)["errors"][0]["field"] == "page_size"


def test_hostile_text_is_stored_verbatim_and_served_as_json(user_client, user):
    response = user_client.patch("/api/v1/me/", {"display_name": HOSTILE[:80], "pronouns": "<b>they</b>"},
                                 format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    user.refresh_from_db()
    assert user.display_name == HOSTILE[:80] and user.pronouns == "<b>they</b>"
    assert User.objects.count() == 1


def test_hostile_text_in_a_group_is_stored_verbatim(user_client):
    response = user_client.post("/api/v1/groups/", {
        "name": HOSTILE[:120], "description": HOSTILE, "agreements": HOSTILE, "time_zone": "Europe/London",
        "format": "online", "online_url": "https://meet.example.org/x"}, format="json")
    assert response.status_code == 201, response.content
    group = Group.objects.get()
    assert group.name == HOSTILE[:120] and group.description == HOSTILE and group.agreements == HOSTILE
    detail = user_client.get(f"/api/v1/groups/{group.slug}/")
    assert detail["Content-Type"] == "application/json" and detail.json()["description"] == HOSTILE


def test_hostile_search_query_is_just_text(api_client):
    from tests.factories import GroupFactory

    GroupFactory(name="Grief circle")
    response = api_client.get("/api/v1/groups/", {"q": "' OR 1=1 --"})
    assert response.status_code == 200 and response.json()["results"] == []


def test_negative_capacity_is_400(facilitator_client, group):
    start = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", {
        "title": "Weekly", "start_date": start, "start_time": "19:00", "duration_minutes": 90,
        "capacity": -3}, format="json")
    body = assert_problem(response, 400)
    assert "capacity" in {error["field"] for error in body["errors"]}
    assert not group.series.exists()


HUGE_ID = 10**20  # beyond any id; SQLite cannot even bind it
FAR = "9999-12-31"  # date arithmetic past it overflows


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("post", "groups/{slug}/facilitators/", {"user_id": HUGE_ID}, "user_id"),
    ("post", "groups/{slug}/facilitators/", {"membership_id": HUGE_ID}, "membership_id"),
    ("post", "concerns/", {"group": "{slug}", "occurrence": HUGE_ID, "message": "m"}, "occurrence"),
    ("post", "groups/{slug}/series/", {"facilitator": HUGE_ID}, "facilitator"),
    ("post", "groups/{slug}/series/", {"start_date": FAR, "time_zone": "America/New_York"}, "start_date"),
    ("post", "groups/{slug}/series/", {"start_date": "9999-12-20",
                                       "recurrence": {"frequency": "weekly", "weekdays": ["MO"]}}, "start_date"),
    ("patch", "series/{series}/", {"start_date": FAR}, "start_date"),
    ("patch", "series/{series}/", {"title": "Later", "apply_from": FAR}, "apply_from"),
    ("patch", "occurrences/{occurrence}/", {"starts_at": "9999-12-31T23:59:59+00:00"}, "starts_at"),
    # a time without its offset would be read as UTC and move the meeting: refused instead
    ("patch", "occurrences/{occurrence}/", {"starts_at": "2030-04-06T19:00:00"}, "starts_at"),
    ("get", "groups/{slug}/occurrences/?to=9999-12-31", None, "to"),
    ("get", "groups/{slug}/occurrences/?to=9999-12-31T23:59:59-12:00", None, "to"),
    ("get", "groups/{slug}/occurrences/?from=0001-01-01", None, "from"),
])
def test_extreme_ids_and_dates_are_400_naming_the_field_and_change_nothing(facilitator_client, group, method, path,
                                                                           body, field):
    from kindred.meetings import services
    from kindred.meetings.models import MeetingSeries, Occurrence

    series = services.series_create(group=group, title="Weekly", start_date=timezone.localdate() + dt.timedelta(days=3),
                                    start_time=dt.time(19), recurrence={"frequency": "weekly", "weekdays": ["MO"]})
    occurrence = series.occurrences.order_by("starts_at").first()

    def state() -> tuple[int, list[dt.datetime]]:
        starts = Occurrence.objects.order_by("pk").values_list("starts_at", flat=True)
        return MeetingSeries.objects.count(), list(starts)

    before = state()
    url = "/api/v1/" + path.format(slug=group.slug, series=series.pk, occurrence=occurrence.pk)
    if body is not None:
        base = {"title": "New", "start_date": "2030-01-07", "start_time": "19:00"} if path.endswith("series/") else {}
        body = {**base, **{key: value.format(slug=group.slug) if isinstance(value, str) else value
                           for key, value in body.items()}}
        response = getattr(facilitator_client, method)(url, body, format="json")
    else:
        response = facilitator_client.get(url)
    problem = assert_problem(response, 400)
    assert field in {error["field"] for error in problem.get("errors", [])}, problem
    assert state() == before


def csrf_client(user: User) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    csrf = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
    response = client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, format="json",
                           HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200, response.content
    return client


def test_forged_or_missing_csrf_is_403_and_changes_nothing(user):
    client = csrf_client(user)
    missing = client.patch("/api/v1/me/", {"display_name": "Forged"}, format="json")
    assert assert_problem(missing, 403)["code"] == "permission_denied"
    forged = client.patch("/api/v1/me/", {"display_name": "Forged"}, format="json",
                          HTTP_X_CSRFTOKEN="a" * 64)
    assert_problem(forged, 403)
    unchanged(user)
    real = client.cookies["csrftoken"].value
    assert client.patch("/api/v1/me/", {"display_name": "Real"}, format="json",
                        HTTP_X_CSRFTOKEN=real).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/auth/login/", "/api/v1/auth/register/"])
@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"])
def test_login_csrf_from_a_cross_site_form_is_refused(user, path, content_type):
    """A cross-site form (the only request a page can send without a CORS preflight) cannot sign
    the victim in to the attacker's account: its content types are refused (415)."""
    client = APIClient(enforce_csrf_checks=True)
    body = f"email={user.email}&password={PASSWORD}&display_name=X"
    assert_problem(client.generic("POST", path, body, content_type=content_type), 415)
    assert client.get("/api/v1/me/").status_code == 401


def token_for(client: APIClient, scope: str = "read write") -> str:
    return client.post("/api/v1/auth/tokens/", {"name": "t", "scope": scope}, format="json").json()["token"]


@pytest.mark.parametrize("header", ["Bearer kdr_not-a-real-token", "Bearer", "Bearer a b", "Token \u00e9",
                                    "Bearer " + "x" * 5000])
def test_bad_tokens_are_401(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header.encode("utf-8").decode("latin-1"))
    assert_problem(api_client.get("/api/v1/me/"), 401)


def test_revoked_token_is_401(user_client, api_client):
    key = token_for(user_client)
    token_id = user_client.get("/api/v1/auth/tokens/").json()["results"][0]["id"]
    assert user_client.delete(f"/api/v1/auth/tokens/{token_id}/").status_code == 204
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert_problem(api_client.patch("/api/v1/me/", {"display_name": "Y"}, format="json"), 401)


def test_token_of_an_erased_or_deactivated_user_is_401(db):
    erased, inactive = UserFactory(), UserFactory()
    keys = {}
    for person in (erased, inactive):
        client = APIClient()
        client.post("/api/v1/auth/login/", {"email": person.email, "password": PASSWORD}, format="json")
        keys[person.pk] = token_for(client)
    eraser = APIClient()
    eraser.credentials(HTTP_AUTHORIZATION=f"Bearer {keys[erased.pk]}")
    assert eraser.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    assert_problem(eraser.get("/api/v1/me/"), 401)
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    deactivated = APIClient()
    deactivated.credentials(HTTP_AUTHORIZATION=f"Bearer {keys[inactive.pk]}")
    assert_problem(deactivated.get("/api/v1/me/"), 401)


def test_expired_session_is_401(user):
    client = APIClient()
    client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    SignedInSession.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert_problem(client.get("/api/v1/me/"), 401)


def test_read_only_token_cannot_erase_or_write(user_client, api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user_client, 'read')}")
    assert_problem(api_client.delete("/api/v1/me/", {"password": PASSWORD}, format="json"), 403)
    assert User.objects.filter(pk=user.pk).exists()
