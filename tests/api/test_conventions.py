"""API-wide conventions: problem+json errors, health, schema, docs served without a CDN."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_problem_json(api_client):
    response = api_client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_malformed_json_is_400_problem(user_client):
    response = user_client.generic("PATCH", "/api/v1/me/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_wrong_content_type_is_415(user_client):
    response = user_client.generic("PATCH", "/api/v1/me/", "display_name=x",
                                   content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_healthz(api_client):
    assert api_client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_schema_and_self_hosted_docs(api_client):
    schema = api_client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    docs = api_client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs
    assert api_client.get("/api/v1/redoc/").status_code == 200


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/v1/nothing-here/"), ("GET", "/api/v2/groups/"), ("GET", "/api/"),
    ("POST", "/api/v1/nothing-here/"), ("DELETE", "/api/v1/groups/x/nothing/"),
])
def test_unknown_api_paths_are_problem_json_even_with_debug_on(api_client, settings, debug, method, path):
    """docs/api.md promises problem+json for every error; with DEBUG on (make run) Django showed
    its HTML "Page not found" debug page instead."""
    settings.DEBUG = debug
    response = api_client.generic(method, path, "{}", content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_missing_trailing_slash_names_the_right_path(api_client, settings, method):
    """Not a redirect (a POST would lose its body; with DEBUG on Django raised a RuntimeError, a 500)."""
    settings.DEBUG = True
    response = api_client.generic(method, "/api/v1/groups", "{}", content_type="application/json")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert "/api/v1/groups/?" in response.json()["detail"]
    assert "Did you mean" not in api_client.get("/api/v1/nothing-here").json()["detail"]
