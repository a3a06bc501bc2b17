"""GET /api/v1/meta/ in the request's language: labels change, codes never do (issue 15)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def meta(**headers: str) -> tuple[dict, object]:  # type: ignore[type-arg]
    response = APIClient().get("/api/v1/meta/", **headers)
    assert response.status_code == 200
    return response.json(), response


def labels(body: dict, name: str) -> dict[str, str]:  # type: ignore[type-arg]
    return {entry["code"]: entry["label"] for entry in body[name]}


def test_labels_follow_the_language_and_codes_stay_the_same():
    english, _ = meta()
    spanish, response = meta(HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "es"
    for name in ("formats", "join_policies", "accessibility", "weekdays", "times_of_day", "rsvp_statuses",
                 "notification_kinds", "languages"):
        assert list(labels(spanish, name)) == list(labels(english, name)), name
    assert labels(spanish, "formats") == {"in_person": "Presencial", "online": "En línea", "hybrid": "Híbrido"}
    assert labels(spanish, "weekdays")["MO"] == "Lunes"  # Django's own translation, as a list item
    assert labels(spanish, "rsvp_statuses")["going"] == "Voy"
    assert spanish["times_of_day"][0]["hint"] == "antes del mediodía"
    french, _ = meta(HTTP_ACCEPT_LANGUAGE="fr")
    assert labels(french, "accessibility")["step_free"] == "Accès de plain-pied"
    assert labels(french, "weekdays")["SU"] == "Dimanche"
    arabic, response = meta(HTTP_ACCEPT_LANGUAGE="ar")
    assert labels(arabic, "formats")["online"] == "عبر الإنترنت" and response["Content-Language"] == "ar"


def test_group_languages_are_named_by_cldr_in_the_request_language():
    assert labels(meta()[0], "languages")["es"] == "Spanish"
    assert labels(meta(HTTP_ACCEPT_LANGUAGE="es")[0], "languages")["en"] == "Inglés"
    assert labels(meta(HTTP_ACCEPT_LANGUAGE="fr")[0], "languages")["pt-BR"] == "Portugais (Brésil)"
    assert labels(meta(HTTP_ACCEPT_LANGUAGE="ar")[0], "languages")["fr"] == "الفرنسية"


def test_interface_languages_are_each_named_in_themselves_whatever_the_request_language():
    for accept in ("en", "es", "ar"):
        assert meta(HTTP_ACCEPT_LANGUAGE=accept)[0]["interface_languages"] == [
            {"code": "en", "label": "English", "dir": "ltr"}, {"code": "es", "label": "Español", "dir": "ltr"},
            {"code": "fr", "label": "Français", "dir": "ltr"}, {"code": "ar", "label": "العربية", "dir": "rtl"}]


def test_crisis_lines_name_their_country_in_the_request_language_and_keep_their_numbers():
    english = {line["country"]: line for line in meta()[0]["crisis_lines"]}
    spanish = {line["country"]: line for line in meta(HTTP_ACCEPT_LANGUAGE="es")[0]["crisis_lines"]}
    assert {"ES", "FR", "BE", "MX", "US", "CA", "GB", "IE"} <= set(english)
    assert english["ES"]["phone"] == spanish["ES"]["phone"] == "024" and spanish["ES"]["name"] == "Línea 024"
    assert (english["ES"]["country_name"], spanish["ES"]["country_name"]) == ("Spain", "España")
    assert spanish["MX"]["hours"] == "Todos los días, las 24 horas"
    assert english["FR"]["phone"] == "3114" and english["BE"]["phone"] == "0800 32 123"
    assert english["GB"]["phone"] == english["IE"]["phone"] == "116 123"
    assert english["US"]["phone"] == english["CA"]["phone"] == "988"
    for line in english.values():
        assert line["languages"] and all(part.isdigit() for part in line["phone"].split()), line
