"""Emails are written in their reader's language (issue 15), read from Django's outbox: the reader's
own choice, else the language of the request that caused them, else English. Subjects too; what people
wrote (a group's name, a note) stays as they wrote it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_registering_in_spanish_confirms_the_address_in_spanish(django_capture_on_commit_callbacks):
    body = {"email": "kit@example.org", "password": "a long enough password", "display_name": "Kit",
            "time_zone": "Europe/Madrid"}
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post("/api/v1/auth/register/", body, format="json", HTTP_ACCEPT_LANGUAGE="es-MX")
    assert response.status_code == 202
    assert response.json()["detail"].startswith("Gracias. Revisa tu correo")
    [letter] = mail.outbox
    assert letter.subject == "Confirma tu dirección de correo en Kindred"
    assert letter.body.startswith("Hola, Kit:\n\nConfirma que esta es tu dirección de correo")
    assert "El enlace funciona una vez, durante 72 horas." in letter.body
    assert letter.body.endswith("Con cariño,\nKindred\n")


def test_the_readers_own_language_beats_the_language_of_the_request(django_capture_on_commit_callbacks):
    reader = UserFactory(language="ar", display_name="Salma")
    with django_capture_on_commit_callbacks(execute=True):
        APIClient().post("/api/v1/auth/password-reset/", {"email": reader.email}, format="json",
                         HTTP_ACCEPT_LANGUAGE="fr")
    [letter] = mail.outbox
    assert letter.subject == "اختر كلمة مرور جديدة لـ Kindred"
    assert letter.body.startswith("مرحبًا Salma،")
    assert "ساعة واحدة" in letter.body  # the reset link lasts one hour: Arabic's own form for one


def test_a_cancellation_reaches_each_member_in_their_own_language_or_the_facilitators(
        group, django_capture_on_commit_callbacks):
    group.name = "Círculo del martes"
    group.save()
    facilitator = FacilitatorMembershipFactory(group=group).user
    occurrence = OccurrenceFactory(series__group=group, series__title="Tertulia",
                                   starts_at=timezone.now() + dt.timedelta(days=3))
    french = MembershipFactory(group=group, user=UserFactory(language="fr", display_name="Luc")).user
    no_choice = MembershipFactory(group=group, user=UserFactory(language="", display_name="Ana")).user
    for person in (french, no_choice):
        RsvpFactory(occurrence=occurrence, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        response = session_client(facilitator).post(f"/api/v1/occurrences/{occurrence.pk}/cancel/",
                                                    {"note": "La sala está cerrada."}, format="json",
                                                    HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200, response.json()
    letters = {letter.to[0]: letter for letter in mail.outbox}
    assert letters[french.email].subject == "Annulée : Tertulia"
    assert "n'aura pas lieu" in letters[french.email].body
    assert "Un mot de l'équipe d'animation : « La sala está cerrada. »" in letters[french.email].body
    assert "Vous recevez cet e-mail car il est activé pour tout le monde" in letters[french.email].body
    assert letters[no_choice.email].subject == "Cancelada: Tertulia"  # the facilitator's request was in Spanish
    assert "Tertulia (Círculo del martes)" in letters[no_choice.email].body  # names stay as written
    assert "no se celebrará" in letters[no_choice.email].body


def test_without_any_language_an_email_is_english(group, django_capture_on_commit_callbacks):
    facilitator = FacilitatorMembershipFactory(group=group).user
    occurrence = OccurrenceFactory(series__group=group, series__title="Circle")
    RsvpFactory(occurrence=occurrence, user=MembershipFactory(group=group).user)
    with django_capture_on_commit_callbacks(execute=True):
        session_client(facilitator).post(f"/api/v1/occurrences/{occurrence.pk}/cancel/", {"note": "Snow."},
                                         format="json")
    assert [letter.subject for letter in mail.outbox] == ["Cancelled: Circle"]


def test_the_unsubscribe_page_speaks_the_readers_language(group, django_capture_on_commit_callbacks):
    facilitator = FacilitatorMembershipFactory(group=group).user
    reader = MembershipFactory(group=group, user=UserFactory(language="es")).user
    occurrence = OccurrenceFactory(series__group=group)
    RsvpFactory(occurrence=occurrence, user=reader)
    with django_capture_on_commit_callbacks(execute=True):
        session_client(facilitator).post(f"/api/v1/occurrences/{occurrence.pk}/cancel/", {"note": "Snow."},
                                         format="json")
    [letter] = mail.outbox
    url = letter.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    page = APIClient().get(url, HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "es"
    assert b'<html lang="es" dir="ltr">' in page.content
    assert "Pulsa el botón para dejar de recibir correos cuando".encode() in page.content
