"""A Host header this site does not serve is a 400 problem+json and one log line (issue 10, probe item 9).

Found: `Host: evil.example` got Django's HTML "Bad Request (400)" page (the debug page with DEBUG on),
and each such request logged an error with a full traceback: any scanner filled the log.
"""

from __future__ import annotations

import logging

import pytest
from rest_framework.test import APIClient

BAD_HOSTS = ["evil.example", "evil.example:8000", "bad host", "127.0.0.1@evil.example"]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("path", ["/api/v1/meta/", "/api/v1/groups/", "/api/v1/auth/login/", "/", "/admin/login/"])
def test_an_unknown_host_is_a_problem_json_400(db, host, path):
    response = APIClient().get(path, HTTP_HOST=host)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_host" and response.json()["status"] == 400


def test_with_debug_on_too(db, settings):
    settings.DEBUG = True
    response = APIClient().post("/api/v1/auth/login/", {}, format="json", HTTP_HOST="evil.example")
    assert response.status_code == 400 and response.json()["code"] == "invalid_host"


def test_one_line_in_the_log_and_no_traceback(db, caplog):
    with caplog.at_level(logging.INFO):
        APIClient().get("/api/v1/meta/", HTTP_HOST="evil.example\r\nX-Injected: 1")
    records = [record for record in caplog.records if "evil.example" in record.getMessage()]
    assert len(records) == 1
    (record,) = records
    assert record.exc_info is None and record.levelno == logging.WARNING
    assert "\n" not in record.getMessage() and "\r" not in record.getMessage()
    assert not [r for r in caplog.records if r.name.startswith("django.security")]


def test_a_served_host_is_answered_as_usual(db):
    assert APIClient().get("/api/v1/meta/", HTTP_HOST="testserver").status_code == 200
