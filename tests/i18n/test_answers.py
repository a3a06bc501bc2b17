"""Kindred answers in the language of whoever asks, over HTTP (issue 15).

The order: the signed-in member's own ``language`` (session or token) → the ``django_language``
cookie → ``Accept-Language`` → English. Titles, details and field messages change language; ``code``
and ``errors[].code`` never do, and every answer says its language in ``Content-Language``.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kindred.accounts.services import api_token_create
from tests.conftest import session_client
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MISSING = "/api/v1/groups/no-such-group/"


def vary(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize(("accept", "language", "title", "detail"), [
    ("es-ES,es;q=0.9,en;q=0.5", "es", "No encontrado", "No existe ese grupo."),
    ("fr-CA", "fr", "Introuvable", "Ce groupe n'existe pas."),
    ("ar", "ar", "غير موجود", "لا توجد مجموعة كهذه."),
    ("en-GB", "en", "Not found", "No such group."),
])
def test_a_problem_is_written_in_the_browser_language_and_its_code_is_not(accept, language, title, detail):
    response = APIClient().get(MISSING, HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 404
    body = response.json()
    assert (body["title"], body["detail"], body["code"]) == (title, detail, "not_found")
    assert response["Content-Language"] == language
    assert {"accept-language", "cookie"} <= vary(response)


def test_field_messages_are_translated_kindreds_and_drfs_alike_and_codes_stay():
    body = {"email": "kit@example.org", "password": "a long enough password", "display_name": "Kit",
            "time_zone": "Mars/Olympus"}
    english = APIClient().post("/api/v1/auth/register/", body, format="json").json()
    spanish = APIClient().post("/api/v1/auth/register/", body, format="json", HTTP_ACCEPT_LANGUAGE="es").json()
    assert [error["code"] for error in spanish["errors"]] == [error["code"] for error in english["errors"]]
    assert spanish["title"] == "Solicitud no válida" and spanish["detail"] == "Revisa: time_zone."
    assert spanish["errors"][0]["field"] == "time_zone"
    assert spanish["errors"][0]["message"] == ("Mars/Olympus no es un nombre de zona horaria IANA "
                                               "(por ejemplo, Europe/Madrid).")
    # DRF's own words come from its own catalogs.
    missing = APIClient().post("/api/v1/auth/register/", {}, format="json", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert {error["message"] for error in missing["errors"]} == {"Ce champ est obligatoire."}
    assert {error["code"] for error in missing["errors"]} == {"required"}


def test_an_unknown_language_falls_back_to_english():
    response = APIClient().get(MISSING, HTTP_ACCEPT_LANGUAGE="tlh, xx-YY;q=0.8")
    assert response.json()["title"] == "Not found"
    assert response["Content-Language"] == "en"


def test_the_cookie_beats_accept_language():
    client = APIClient(HTTP_ACCEPT_LANGUAGE="es")
    client.cookies["django_language"] = "fr"
    response = client.get(MISSING)
    assert response.json()["detail"] == "Ce groupe n'existe pas."
    assert response["Content-Language"] == "fr"


def test_a_signed_in_members_own_language_beats_cookie_and_browser():
    client = session_client(UserFactory(language="ar"))
    client.cookies["django_language"] = "fr"
    response = client.get(MISSING, HTTP_ACCEPT_LANGUAGE="es")
    assert response.json()["detail"] == "لا توجد مجموعة كهذه."
    assert response["Content-Language"] == "ar"


def test_a_members_language_applies_to_their_personal_token_too():
    _, key = api_token_create(user=UserFactory(language="fr"), name="script", scope="read")
    response = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}").get(MISSING, HTTP_ACCEPT_LANGUAGE="es")
    assert response.json()["detail"] == "Ce groupe n'existe pas."
    assert response["Content-Language"] == "fr"


def test_a_member_who_follows_their_browser_gets_the_browsers_language():
    client = session_client(UserFactory(language=""))
    assert client.get(MISSING, HTTP_ACCEPT_LANGUAGE="es").json()["detail"] == "No existe ese grupo."


def test_me_shows_and_changes_the_language_and_refuses_one_kindred_does_not_speak():
    member = UserFactory()
    client = session_client(member)
    assert client.get("/api/v1/me/").json()["language"] == ""
    chosen = client.patch("/api/v1/me/", {"language": "es"}, format="json")
    assert chosen.status_code == 200 and chosen.json()["language"] == "es"
    assert chosen["Content-Language"] == "es"  # the answer already speaks it
    assert chosen.cookies["django_language"].value == "es"  # and so will this browser's credential-free pages
    refused = client.patch("/api/v1/me/", {"language": "de"}, format="json")
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/problem+json")
    assert [(error["field"], error["code"]) for error in refused.json()["errors"]] == [("language", "invalid_choice")]
    assert refused.json()["title"] == "Solicitud no válida"  # in the language still chosen
    back = client.patch("/api/v1/me/", {"language": ""}, format="json")
    assert back.status_code == 200 and back.json()["language"] == ""
    assert back.cookies["django_language"].value == ""  # removed: follow the browser again
    member.refresh_from_db()
    assert member.language == ""


def test_signing_in_sets_the_language_cookie_to_the_members_choice():
    member = UserFactory(language="fr")
    response = APIClient().post("/api/v1/auth/login/", {"email": member.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.cookies["django_language"].value == "fr"
    assert response["Content-Language"] == "fr"


def test_the_export_holds_the_language():
    client = session_client(UserFactory(language="ar"))
    assert client.get("/api/v1/me/export/").json()["profile"]["language"] == "ar"


def test_the_apps_page_is_in_the_signed_in_members_language_and_meta_follows_the_cookie():
    client = session_client(UserFactory(language="ar"))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200 and page["Content-Language"] == "ar"
    assert {"accept-language", "cookie"} <= vary(page)
    # /meta/ reads no credentials (and no database): the cookie, which signing in sets, decides.
    assert client.get("/api/v1/meta/", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "es"
    client.cookies["django_language"] = "ar"
    assert client.get("/api/v1/meta/", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "ar"


def test_signing_in_without_a_chosen_language_keeps_the_browsers_choice():
    member = UserFactory(language="")
    client = APIClient()
    client.cookies["django_language"] = "es"
    response = client.post("/api/v1/auth/login/", {"email": member.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200 and "django_language" not in response.cookies
    assert response["Content-Language"] == "es"


@pytest.mark.parametrize(("accept", "place"), [("fr", "En ligne"), ("es", "En línea"), ("en", "Online")])
def test_an_online_meetings_place_is_the_formats_word_in_the_readers_language(accept, place):
    """The app shows an online meeting's place as /meta/'s word for the format: the API says the same
    word in the reader's language (a French page showed "Online" on My meetings); feeds keep "Online"."""
    from tests.factories import GroupFactory, MeetingSeriesFactory, MembershipFactory, OccurrenceFactory

    membership = MembershipFactory(group=GroupFactory(slug="online", format="online"))
    OccurrenceFactory(series=MeetingSeriesFactory(group=membership.group))
    client = session_client(membership.user)
    meetings = client.get("/api/v1/groups/online/occurrences/", HTTP_ACCEPT_LANGUAGE=accept).json()["results"]
    formats = client.get("/api/v1/meta/", HTTP_ACCEPT_LANGUAGE=accept).json()["formats"]
    assert meetings and {meeting["location"] for meeting in meetings} == {place}
    assert place == next(entry["label"] for entry in formats if entry["code"] == "online")


@pytest.mark.parametrize(("path", "method", "scope", "detail"), [
    ("/api/v1/me/sessions/", "get", "read write",
     "Un jeton personnel ne peut pas changer votre mot de passe, votre adresse e-mail ni vos sessions. "
     "Connectez-vous (une session) pour le faire."),
    ("/api/v1/auth/tokens/", "get", "read write",
     "Un jeton personnel ne peut pas créer, lister ni révoquer de jetons. Connectez-vous (une session) pour gérer "
     "vos jetons."),
    ("/api/v1/me/", "patch", "read",
     "Ce jeton ne permet que la lecture ; créez un jeton « lecture et écriture » pour faire des modifications."),
])
def test_a_tokens_refusals_are_in_the_members_language_too(path, method, scope, detail):
    """The newcomer probe found these three details in English under a French title."""
    user = UserFactory(language="fr")
    _, key = api_token_create(user=user, name="probe", scope=scope)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = getattr(client, method)(path, {}, format="json").json()
    assert (body["code"], body["detail"]) in {("session_required", detail), ("permission_denied", detail)}
