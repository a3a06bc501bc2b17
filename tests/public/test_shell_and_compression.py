"""The PWA's page carries the first screen's data (issue 12: a first visit needs no API round trip)
and the app's files are gzipped under any server, never an API answer."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from tests.conftest import session_client
from tests.factories import GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

INLINE = re.compile(r'<script type="application/json" id="kindred-inline">(.*?)</script>', re.DOTALL)


def inline_data(response) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(INLINE.search(response.content.decode()).group(1))  # type: ignore[union-attr]


def test_the_page_holds_the_directory_and_the_vocabulary_as_the_api_answers_them(client):  # type: ignore[no-untyped-def]
    GroupFactory(slug="circle", name="Circle")
    response = client.get("/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-cache"
    data = inline_data(response)
    assert data["groups"] == client.get("/api/v1/groups/", HTTP_ACCEPT="application/json").json()
    assert data["meta"] == client.get("/api/v1/meta/", HTTP_ACCEPT="application/json").json()
    # The first cards are drawn in the page itself, before any module runs.
    assert '<a href="#/groups/circle">Circle</a>' in response.content.decode()


def test_the_style_sheet_is_in_the_page_and_allowed_by_its_hash_alone(client):  # type: ignore[no-untyped-def]
    import base64
    import hashlib

    from django.conf import settings

    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")  # as a browser asks: compressed, the CSP kept
    response.content = gzip.decompress(response.content)
    css = (settings.FRONTEND_DIR / "css" / "app.css").read_text()
    html = response.content.decode()
    assert f"<style>{css}</style>" in html and 'rel="stylesheet"' not in html
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    policy = {part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split(";")
              if part.strip()}
    assert policy["style-src"] == ["'self'", f"'sha256-{digest}'"]  # no 'unsafe-inline'
    assert digest not in client.get("/api/v1/meta/").get("Content-Security-Policy", "")  # this page only


def test_a_group_name_cannot_break_out_of_the_page(client):  # type: ignore[no-untyped-def]
    GroupFactory(slug="evil", name="</script><script>alert(1)</script><!--")
    html = client.get("/").content.decode()
    assert "<script>alert(1)" not in html and "<!--" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert inline_data(client.get("/"))["groups"]["results"][0]["name"] == "</script><script>alert(1)</script><!--"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html  # the drawn card shows it as text


def test_the_page_is_the_same_for_a_member_so_the_offline_shell_holds_nothing_personal():  # type: ignore[no-untyped-def]
    group = GroupFactory(slug="circle", online_url="https://meet.example.org/secret-room")
    member = UserFactory()
    MembershipFactory(user=member, group=group)
    signed_in = session_client(member)
    assert signed_in.get("/api/v1/groups/").json()["results"][0]["online_url"]  # the member does see it...
    html = signed_in.get("/").content.decode()
    assert "secret-room" not in html  # ...but the page is everyone's
    assert inline_data(signed_in.get("/"))["groups"]["results"][0]["online_url"] is None


def test_the_page_still_loads_when_the_directory_cannot_be_read(client, monkeypatch):  # type: ignore[no-untyped-def]
    from django.db import OperationalError

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("the database is away")

    monkeypatch.setattr("kindred.public.views.GroupListView.get_queryset", broken)
    response = client.get("/")
    assert response.status_code == 200
    assert "groups" not in inline_data(response) and "meta" in inline_data(response)
    assert "Find a group" in response.content.decode()


@pytest.mark.parametrize("path", ["/js/app.js?v=8", "/css/app.css?v=8", "/"])
def test_the_apps_files_are_gzipped_for_browsers_that_accept_it(client, path):  # type: ignore[no-untyped-def]
    plain = client.get(path)
    body = plain.content if not plain.streaming else b"".join(plain.streaming_content)
    assert "Accept-Encoding" in plain["Vary"] and not plain.has_header("Content-Encoding")
    packed = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip"
    assert int(packed["Content-Length"]) == len(packed.content) < len(body) / 2
    assert gzip.decompress(packed.content) == body
    # Revalidating the gzip copy answers 304, as for the plain one.
    again = client.get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304 and again["ETag"] == packed["ETag"]


def test_api_answers_are_never_compressed(client):  # type: ignore[no-untyped-def]
    """A compressed answer's size can leak a secret it holds (BREACH): the API's answers stay as they are."""
    for _ in range(30):
        GroupFactory()
    response = client.get("/api/v1/groups/?page_size=30", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and not response.has_header("Content-Encoding")


def test_a_reload_keeps_the_style_sheet_allowed(client):  # type: ignore[no-untyped-def]
    """A browser reloading the page sends If-None-Match and takes the 304's headers for its copy: the
    304 must allow the inline style sheet as the 200 did, or the reloaded page shows unstyled."""
    first = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    again = client.get("/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "no-cache"
    GroupFactory(slug="new", name="New circle")  # the page changed: the whole page again
    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
