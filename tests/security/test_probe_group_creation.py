"""Creating groups is throttled and capped per person (issue 10, probe item 10).

Found: one signed-in account created 500 groups in a few minutes (the `user` rate, 600/min, was all
that applied), each a public directory entry facilitated by the same person. Now `POST /groups/`
has its own throttle scope, `group_create` (10 a day per person by default, in THROTTLE_RATES), and a
person facilitates at most MAX_GROUPS_FACILITATED_PER_PERSON (10) groups that are not archived:
one more is 409 `too_many_groups`, whether created or accepted through an invitation.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from rest_framework.throttling import SimpleRateThrottle

from config.settings.base import DEFAULT_THROTTLE_RATES, parse_throttle_rates
from kindred.groups.models import FacilitatorInvitation
from tests.conftest import session_client
from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, UserFactory


def create(client, name: str):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/groups/", {"name": name, "description": "Peer support."}, format="json")


def test_group_creation_has_its_own_throttle_scope(db, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {**django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "group_create": "2/day"})
    client = session_client(UserFactory())
    statuses = [create(client, f"Circle {number}").status_code for number in range(3)]
    assert statuses == [201, 201, 429]
    refused = create(client, "Circle 4")
    assert refused["Content-Type"] == "application/problem+json" and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert client.get("/api/v1/groups/").status_code == 200  # reading is not counted
    assert create(session_client(UserFactory()), "Someone else's circle").status_code == 201  # per person


def test_the_scope_has_a_documented_default_and_can_be_set(db):
    assert DEFAULT_THROTTLE_RATES["group_create"] == "10/day"
    assert parse_throttle_rates("group_create=3/hour")["group_create"] == "3/hour"
    assert parse_throttle_rates("anon=120/min")["group_create"] == "10/day"


def test_a_person_facilitates_at_most_the_cap(db, settings):
    settings.MAX_GROUPS_FACILITATED_PER_PERSON = 2
    person = UserFactory()
    client = session_client(person)
    first, second = create(client, "First circle"), create(client, "Second circle")
    assert first.status_code == second.status_code == 201
    third = create(client, "Third circle")
    assert third.status_code == 409 and third["Content-Type"] == "application/problem+json"
    assert third.json()["code"] == "too_many_groups" and "2" in third.json()["detail"]

    assert client.delete(f"/api/v1/groups/{first.json()['slug']}/").status_code == 204  # archived: room again
    assert create(client, "Third circle").status_code == 201


def test_an_invitation_beyond_the_cap_is_refused_too(db, settings):
    settings.MAX_GROUPS_FACILITATED_PER_PERSON = 1
    person = UserFactory()
    FacilitatorMembershipFactory(user=person)
    group = GroupFactory()
    MembershipFactory(group=group, user=person)
    invitation = FacilitatorInvitation.objects.create(group=group, invitee=person,
                                                      invited_by=FacilitatorMembershipFactory(group=group).user)
    response = session_client(person).post(f"/api/v1/me/invitations/{invitation.pk}/accept/")
    assert response.status_code == 409 and response.json()["code"] == "too_many_groups"
    assert FacilitatorInvitation.objects.filter(pk=invitation.pk).exists()  # still theirs to accept later


def test_the_default_cap_is_ten(db):
    assert django_settings.MAX_GROUPS_FACILITATED_PER_PERSON == 10


