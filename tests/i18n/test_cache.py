"""The public cache keeps languages apart: a Spanish answer is never replayed to an English caller."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def test_each_language_has_its_own_entry():
    path = "/api/v1/meta/"
    first_es = APIClient().get(path, HTTP_ACCEPT_LANGUAGE="es")
    first_en = APIClient().get(path, HTTP_ACCEPT_LANGUAGE="en")
    again_es = APIClient().get(path, HTTP_ACCEPT_LANGUAGE="es")
    assert first_es["Content-Language"] == again_es["Content-Language"] == "es"
    assert first_en["Content-Language"] == "en"
    assert (first_es["X-Cache"], first_en["X-Cache"], again_es["X-Cache"]) == ("miss", "miss", "hit")
    assert first_en.content != first_es.content and again_es.content == first_es.content


def test_the_directory_is_cached_per_language_and_served_from_the_cache():
    GroupFactory()
    assert APIClient().get("/api/v1/groups/", HTTP_ACCEPT_LANGUAGE="es")["X-Cache"] == "miss"
    assert APIClient().get("/api/v1/groups/", HTTP_ACCEPT_LANGUAGE="fr")["X-Cache"] == "miss"
    cookie = APIClient()
    cookie.cookies["django_language"] = "es"
    hit = cookie.get("/api/v1/groups/")
    assert hit["X-Cache"] == "hit" and hit["Content-Language"] == "es"


def test_meta_labels_from_the_cache_are_in_the_callers_language():
    spanish = APIClient().get("/api/v1/meta/", HTTP_ACCEPT_LANGUAGE="es").json()
    english = APIClient().get("/api/v1/meta/").json()
    assert spanish["formats"][0]["label"] == "Presencial"
    assert english["formats"][0]["label"] == "In person"
    assert APIClient().get("/api/v1/meta/", HTTP_ACCEPT_LANGUAGE="es").json() == spanish
