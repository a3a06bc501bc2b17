"""After an erasure, nothing in the database still names the person: not a task payload, not a log.

Every kind of email Kindred sends is triggered over HTTP for one person, with the real database
task backend and worker (so task rows are written exactly as in production), then the person
erases their account over HTTP, and every column of every table is read back with raw SQL and
searched for their email address, account name and per-group name.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from kindred.accounts.models import User
from kindred.accounts.sessions import SessionStore
from kindred.groups.models import Group, Membership
from tests.factories import (
    PASSWORD,
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMAIL = "quillon.marsh.erasure@example.org"
NAME = "Quillon Marsh"
GROUP_NAME = "Q. Marsh-Avery"
ALL_EMAILS = {"occurrence_changed": True, "waitlist_promoted": True, "join_request_approved": True,
              "cofacilitator_invited": True, "reminders": True, "reminder_hours": 24}


def signed_in(email: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/login/", {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return client


def run_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """``manage.py db_worker`` as in production, until no task is left to run now. It closes "old"
    connections between tasks, which would close the test's own (it runs inside a transaction)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, interval=0,
                 verbosity=0)


def every_stored_text() -> Iterator[tuple[str, str]]:
    """(table, text) for every non-empty value of every column of every table, sessions decoded."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if value not in (None, ""):
                        yield table, str(value)
    for session in SessionStore.get_model_class().objects.all():
        yield "django_session (decoded)", json.dumps(session.get_decoded())


def traces(*needles: str) -> list[tuple[str, str]]:
    wanted = [needle.lower() for needle in needles]
    return [(table, text[:200]) for table, text in every_stored_text()
            if any(needle in text.lower() for needle in wanted)]


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_erasure_after_every_kind_of_email_leaves_no_trace(database_tasks, django_capture_on_commit_callbacks,
                                                           monkeypatch):
    facilitator = UserFactory(display_name="Robin")
    person = UserFactory(email=EMAIL, display_name=NAME, show_on_rosters=True)
    group = GroupFactory(name="Thursday grief circle", slug="thursday-grief")
    welcoming = GroupFactory(name="Carers evening", slug="carers-evening", join_policy=Group.JoinPolicy.APPROVAL)
    for place in (group, welcoming):
        FacilitatorMembershipFactory(user=facilitator, group=place, show_on_roster=True)
    MembershipFactory(user=person, group=group, display_name=GROUP_NAME, show_on_roster=True)
    changed = OccurrenceFactory(series__group=group, series__title="Thursday circle")
    full = OccurrenceFactory(series__group=group, series__title="Small circle", series__capacity=1, capacity=1)
    soon = OccurrenceFactory(series__group=group, series__title="Morning circle",
                             starts_at=timezone.now() + dt.timedelta(hours=3))
    early_bird = MembershipFactory(group=group).user

    me, host, other = signed_in(EMAIL), signed_in(facilitator.email), signed_in(early_bird.email)

    def act(client: APIClient, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(f"/api/v1{path}", body, format="json")
        assert response.status_code < 300, (path, response.content)
        run_worker(monkeypatch)  # the worker keeps up: each email is sent before the next action
        return response

    act(me, "patch", "/me/", {"notifications": ALL_EMAILS})
    for occurrence in (changed, soon):
        act(me, "put", f"/occurrences/{occurrence.pk}/rsvp/", {"status": "going"})
    act(other, "put", f"/occurrences/{full.pk}/rsvp/", {"status": "going"})
    assert act(me, "put", f"/occurrences/{full.pk}/rsvp/", {"status": "going"}).json()["status"] == "waitlisted"
    act(other, "delete", f"/occurrences/{full.pk}/rsvp/")  # a place opens: the person moves up
    act(host, "patch", f"/occurrences/{changed.pk}/", {"location": "Room 2, upstairs"})
    act(host, "post", f"/occurrences/{changed.pk}/cancel/", {"note": "The hall is flooded, sorry."})
    request = act(me, "post", f"/groups/{welcoming.slug}/membership/",
                  {"agreed": True, "message": "I care for my mum.", "display_name": GROUP_NAME})
    assert request.json()["status"] == "pending"
    pending = Membership.objects.get(user__email=EMAIL, group=welcoming)
    act(host, "post", f"/groups/{welcoming.slug}/requests/{pending.pk}/approve/")
    invited = Membership.objects.get(user__email=EMAIL, group=group)
    act(host, "post", f"/groups/{group.slug}/facilitators/", {"membership_id": invited.pk})
    call_command("send_reminders", stdout=io.StringIO())  # cron's job
    run_worker(monkeypatch)

    subjects = sorted(message.subject for message in mail.outbox if message.to == [EMAIL])
    assert subjects == sorted([
        "Changed: Thursday circle", "Cancelled: Thursday circle", "You have a place: Small circle",
        "Welcome to Carers evening", "An invitation to co-facilitate Thursday grief circle",
        "Reminder: Morning circle"]), subjects
    assert traces(EMAIL), "the scan must see the person while they exist"
    person_id = User.objects.get(email=EMAIL).pk
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__user_id=person_id).count() >= 6

    erased = me.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
    assert erased.status_code == 204
    assert not User.objects.filter(email=EMAIL).exists()

    assert traces(EMAIL, NAME, GROUP_NAME) == []
    assert not DBTaskResult.objects.filter(args_kwargs__kwargs__user_id=person_id).exists()


def test_task_rows_name_no_one(database_tasks, group, facilitator, member, django_capture_on_commit_callbacks,
                               monkeypatch):
    """What a queued email holds: who (an id), which letter, about what (an id). Never words or names."""
    occurrence = OccurrenceFactory(series__group=group)
    RsvpFactory(occurrence=occurrence, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(facilitator.email).post(f"/api/v1/occurrences/{occurrence.pk}/cancel/",
                                                     {"note": "Snowed in."}, format="json")
    assert response.status_code == 200
    rows = {row.task_path.rsplit(".", 1)[1]: row.args_kwargs for row in DBTaskResult.objects.all()}
    assert rows == {"notify_occurrence_cancelled": {"args": [], "kwargs": {"occurrence_id": occurrence.pk}}}

    run_worker(monkeypatch)

    delivery = DBTaskResult.objects.get(task_path__endswith=".deliver_email")
    assert delivery.args_kwargs == {"args": [], "kwargs": {
        "user_id": member.pk, "letter": "occurrence_cancelled", "about_id": occurrence.pk}}
    assert delivery.return_value == "sent", delivery.traceback
    assert mail.outbox[0].to == [member.email]
    assert "Snowed in." in mail.outbox[0].body  # written when sent, from the meeting as it is then
