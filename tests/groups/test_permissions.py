"""Permission matrix for every groups endpoint, one row per (endpoint, actor), as in pretix's tests.

Actors: anonymous, a signed-in non-member, a pending member, an active member, a facilitator of
the group, and a facilitator of another group. A visible group answers 403 to a missing role;
anything the caller may not see (another's membership, an archived group) answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from kindred.groups.models import FacilitatorInvitation, Group
from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    PendingMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "non_member", "pending", "member", "facilitator", "other_facilitator")


@dataclass
class World:
    group: Group
    clients: dict[str, APIClient]
    ids: dict[str, int]


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    group = GroupFactory(slug="circle", join_policy=Group.JoinPolicy.APPROVAL)
    facilitator = FacilitatorMembershipFactory(group=group)
    member = MembershipFactory(group=group, show_on_roster=True)
    pending = PendingMembershipFactory(group=group)
    request = PendingMembershipFactory(group=group)
    other_facilitator = FacilitatorMembershipFactory()
    users = {"non_member": UserFactory(), "pending": pending.user, "member": member.user,
             "facilitator": facilitator.user, "other_facilitator": other_facilitator.user}
    clients = {name: session_client(user) for name, user in users.items()}
    clients["anonymous"] = APIClient()
    return World(group, clients, {"member": member.pk, "request": request.pk})


# (method, path, body, expected status per actor in ACTORS order)
MATRIX = [
    ("get", "/groups/", None, (200, 200, 200, 200, 200, 200)),
    ("post", "/groups/", {"name": "New circle"}, (401, 201, 201, 201, 201, 201)),
    ("get", "/groups/circle/", None, (200, 200, 200, 200, 200, 200)),
    ("patch", "/groups/circle/", {"city": "Leeds"}, (401, 403, 403, 403, 200, 403)),
    ("delete", "/groups/circle/", None, (401, 403, 403, 403, 204, 403)),
    ("get", "/groups/circle/membership/", None, (401, 404, 200, 200, 200, 404)),
    ("post", "/groups/circle/membership/", {"agreed": True}, (401, 201, 409, 409, 409, 201)),
    ("patch", "/groups/circle/membership/", {"show_on_roster": True}, (401, 404, 200, 200, 200, 404)),
    ("delete", "/groups/circle/membership/", None, (401, 404, 204, 204, 204, 404)),
    ("post", "/groups/circle/membership/step-down/", None, (401, 403, 403, 403, 200, 403)),
    ("get", "/groups/circle/members/", None, (401, 403, 403, 200, 200, 403)),
    ("post", "/groups/circle/members/{member}/remove/", {"reason": "Threatened another member."},
     (401, 403, 403, 403, 204, 403)),
    ("get", "/groups/circle/requests/", None, (401, 403, 403, 403, 200, 403)),
    ("post", "/groups/circle/requests/{request}/approve/", None, (401, 403, 403, 403, 200, 403)),
    ("post", "/groups/circle/requests/{request}/decline/", None, (401, 403, 403, 403, 204, 403)),
    ("get", "/groups/circle/facilitators/", None, (401, 403, 403, 200, 200, 403)),
    ("post", "/groups/circle/facilitators/", {"membership_id": "{member}"}, (401, 403, 403, 403, 201, 403)),
    ("get", "/me/memberships/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/me/invitations/", None, (401, 200, 200, 200, 200, 200)),
]
CASES = [pytest.param(method, path, body, actor, expected[index], id=f"{method} {path} as {actor}")
         for method, path, body, expected in MATRIX for index, actor in enumerate(ACTORS)]


def _fill(value, ids):  # type: ignore[no-untyped-def]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and "/" not in value:
        return ids[value[1:-1]]
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize(("method", "path", "body", "actor", "expected"), CASES)
def test_permission_matrix(world, method, path, body, actor, expected):
    filled_body = {key: _fill(value, world.ids) for key, value in (body or {}).items()}
    response = getattr(world.clients[actor], method)("/api/v1" + _fill(path, world.ids), filled_body or None,
                                                     format="json")
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"


ARCHIVED_MATRIX = [
    ("get", "/groups/circle/", (404, 404, 404, 404, 200, 404)),
    ("get", "/groups/circle/members/", (401, 404, 404, 404, 200, 404)),
    ("post", "/groups/circle/membership/", (401, 404, 404, 404, 409, 404)),
]


@pytest.mark.parametrize(("method", "path", "actor", "expected"), [
    pytest.param(method, path, actor, expected[index], id=f"archived {method} {path} as {actor}")
    for method, path, expected in ARCHIVED_MATRIX for index, actor in enumerate(ACTORS)])
def test_archived_group_is_invisible_except_to_its_facilitators(world, method, path, actor, expected):
    Group.objects.filter(pk=world.group.pk).update(is_archived=True)
    response = getattr(world.clients[actor], method)("/api/v1" + path, {"agreed": True} if method == "post" else None,
                                                     format="json")
    assert response.status_code == expected


def test_read_token_cannot_write(world, api_client):
    from kindred.accounts.services import api_token_create

    facilitator = world.group.memberships.get(role="facilitator").user
    _, key = api_token_create(user=facilitator, name="site", scope="read")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api_client.get("/api/v1/groups/circle/requests/").status_code == 200
    assert api_client.patch("/api/v1/groups/circle/", {"city": "Leeds"}, format="json").status_code == 403
    assert api_client.post("/api/v1/groups/circle/facilitators/", {"membership_id": world.ids["member"]},
                           format="json").status_code == 403
    assert not FacilitatorInvitation.objects.exists()
