"""One rule for a missing role, whichever app the view is in (docs/architecture.md, "404, 401, 403 and 405"):
a visible group answers 403 with what is needed, a group the caller may not see 404, a method the path
lacks 405 whoever asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    OccurrenceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(db):  # type: ignore[no-untyped-def]
    group = GroupFactory(slug="circle")
    FacilitatorMembershipFactory(group=group)
    occurrence = OccurrenceFactory(series__group=group, starts_at=timezone.now() + dt.timedelta(days=3))
    return group, occurrence


@pytest.mark.parametrize(("caller", "method", "path", "code"), [
    ("stranger", "get", "/groups/circle/members/", "members_only"),
    ("stranger", "get", "/occurrences/{occurrence}/attendees/", "members_only"),
    ("stranger", "put", "/occurrences/{occurrence}/rsvp/", "members_only"),
    ("member", "get", "/groups/circle/requests/", "facilitators_only"),
    ("member", "get", "/groups/circle/concerns/", "facilitators_only"),
    ("member", "patch", "/groups/circle/", "facilitators_only"),
    ("member", "patch", "/occurrences/{occurrence}/", "facilitators_only"),
    ("member", "post", "/groups/circle/series/", "facilitators_only"),
])
def test_a_missing_role_in_a_visible_group_is_403_saying_what_is_needed(circle, caller, method, path, code):
    group, occurrence = circle
    person = MembershipFactory(group=group).user if caller == "member" else UserFactory()
    response = getattr(session_client(person), method)(
        "/api/v1" + path.format(occurrence=occurrence.pk), {"status": "going"}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, code)


def test_a_method_the_path_lacks_is_405_whoever_asks(circle):
    for client in (session_client(UserFactory()), session_client(MembershipFactory(group=circle[0]).user)):
        assert client.put("/api/v1/groups/circle/members/", {}, format="json").status_code == 405
        assert client.post("/api/v1/groups/circle/concerns/", {}, format="json").status_code == 405
