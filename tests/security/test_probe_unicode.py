"""A lone surrogate in any JSON text is a 400 `invalid_unicode`, never a 500 (issue 10, probe item 7).

Found: `{"display_name": "\\ud800"}` is valid JSON, and Python decodes it to a string that cannot be
encoded as UTF-8, so it failed later (saving, rendering or emailing it): a 500. The parser now
refuses it for every field, nested or not, keys included.
"""

from __future__ import annotations

import pytest

from tests.conftest import session_client

LONE = ['"\\ud800"', '"abc\\udfff"', '"\\udc00\\ud800"']


def post_raw(client, url: str, body: str, method: str = "post"):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, body.encode(), content_type="application/json")


def assert_invalid_unicode(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "invalid_unicode" and body["status"] == 400 and body["title"] and body["type"]


@pytest.mark.parametrize("text", LONE)
def test_a_lone_surrogate_anywhere_is_refused_by_the_parser(group, facilitator, member, text):
    member_client, facilitator_client = session_client(member), session_client(facilitator)
    cases = [
        (member_client, "/api/v1/me/", f'{{"display_name": {text}}}', "patch"),
        (member_client, f"/api/v1/groups/{group.slug}/membership/", f'{{"display_name": {text}}}', "patch"),
        (facilitator_client, "/api/v1/groups/", f'{{"name": {text}, "description": "x"}}', "post"),
        (facilitator_client, f"/api/v1/groups/{group.slug}/", f'{{"topics": ["grief", {text}]}}', "patch"),
        (facilitator_client, f"/api/v1/groups/{group.slug}/series/",
         f'{{"title": "Circle", "start_date": "2030-01-01", "start_time": "19:00", "description": {text}}}', "post"),
        (member_client, "/api/v1/concerns/", f'{{"group": "{group.slug}", "message": {text}}}', "post"),
        (member_client, "/api/v1/me/", f'{{{text}: "a key"}}', "patch"),
    ]
    for client, url, body, method in cases:
        assert_invalid_unicode(post_raw(client, url, body, method))


def test_a_lone_surrogate_signing_in_is_refused_too(db, api_client):
    assert_invalid_unicode(post_raw(api_client, "/api/v1/auth/login/", '{"email": "a@b.org", "password": "\\ud800"}'))


def test_a_proper_pair_is_welcome(member):
    client = session_client(member)
    response = post_raw(client, "/api/v1/me/", '{"display_name": "Sam \\ud83c\\udf3b"}', "patch")
    assert response.status_code == 200 and response.json()["display_name"] == "Sam \U0001f33b"
