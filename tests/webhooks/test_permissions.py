"""Who may see and manage a group's webhooks: its facilitators only (the policy's 401/403/404 rule)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from kindred.accounts.services import api_token_create
from kindred.groups.models import Group
from kindred.webhooks import signing
from kindred.webhooks.models import Webhook
from tests.conftest import session_client
from tests.factories import FacilitatorMembershipFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_webhook(group: Group, url: str = "https://hooks.intergroup-example.org/kindred") -> Webhook:
    return Webhook.objects.create(group=group, url=url, events=["series.created"],
                                  secret_encrypted=signing.encrypt(signing.secret_new()))


def token_client(user: Any, scope: str) -> APIClient:
    _token, key = api_token_create(user=user, name="integration", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def world(group, facilitator, member):  # type: ignore[no-untyped-def]
    other = GroupFactory()
    other_facilitator = FacilitatorMembershipFactory(group=other).user
    return {"group": group, "webhook": make_webhook(group), "other_webhook": make_webhook(other),
            "other": other, "clients": {
                "anonymous": APIClient(), "stranger": session_client(UserFactory()),
                "member": session_client(member), "other facilitator": session_client(other_facilitator),
                "facilitator": session_client(facilitator)}}


def requests(slug: str, webhook_id: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    base = f"/api/v1/groups/{slug}/webhooks/"
    return [("get", base, None), ("post", base, {"url": "https://hooks.intergroup-example.org/new"}),
            ("get", f"{base}{webhook_id}/", None), ("delete", f"{base}{webhook_id}/", None),
            ("post", f"{base}{webhook_id}/ping/", None), ("get", f"{base}{webhook_id}/deliveries/", None)]


@pytest.mark.parametrize(("caller", "status", "code"), [
    ("anonymous", 401, "not_authenticated"), ("stranger", 403, "facilitators_only"),
    ("member", 403, "facilitators_only"), ("other facilitator", 403, "facilitators_only"),
])
def test_only_the_groups_facilitators_may_touch_its_webhooks(world, caller, status, code):
    client = world["clients"][caller]
    for method, url, body in requests(world["group"].slug, world["webhook"].pk):
        response = getattr(client, method)(url, body, format="json")
        assert (response.status_code, response.json()["code"]) == (status, code), (caller, method, url)
        assert response["Content-Type"] == "application/problem+json"
    assert Webhook.objects.filter(pk=world["webhook"].pk).exists()


def test_another_groups_webhook_is_404_under_my_group(world):
    client = world["clients"]["facilitator"]
    for method, url, body in requests(world["group"].slug, world["other_webhook"].pk)[2:]:
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 404, (method, url)
        assert response.json()["detail"] == "No such webhook."
    assert Webhook.objects.filter(pk=world["other_webhook"].pk).exists()


def test_a_group_the_caller_may_not_see_is_404_for_everything(world):
    Group.objects.filter(pk=world["other"].pk).update(is_archived=True)
    client = world["clients"]["facilitator"]
    for method, url, body in requests(world["other"].slug, world["other_webhook"].pk):
        assert getattr(client, method)(url, body, format="json").status_code == 404, (method, url)


def test_a_read_token_reads_and_a_read_write_token_writes(world, facilitator):
    slug, webhook_id = world["group"].slug, world["webhook"].pk
    reader = token_client(facilitator, "read")
    assert reader.get(f"/api/v1/groups/{slug}/webhooks/").status_code == 200
    assert reader.get(f"/api/v1/groups/{slug}/webhooks/{webhook_id}/deliveries/").status_code == 200
    assert reader.delete(f"/api/v1/groups/{slug}/webhooks/{webhook_id}/").status_code == 403
    assert reader.post(f"/api/v1/groups/{slug}/webhooks/{webhook_id}/ping/").status_code == 403
    writer = token_client(facilitator, "read write")
    assert writer.delete(f"/api/v1/groups/{slug}/webhooks/{webhook_id}/").status_code == 204


def test_a_facilitator_who_steps_down_loses_access(world, facilitator):
    client = world["clients"]["facilitator"]
    FacilitatorMembershipFactory(group=world["group"])  # someone must stay to host
    assert client.post(f"/api/v1/groups/{world['group'].slug}/membership/step-down/").status_code == 200
    response = client.get(f"/api/v1/groups/{world['group'].slug}/webhooks/")
    assert (response.status_code, response.json()["code"]) == (403, "facilitators_only")


def test_the_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world["clients"]["facilitator"]
    url = f"/api/v1/groups/{world['group'].slug}/webhooks/"
    client.get(url)  # warm the session
    with django_assert_max_num_queries(6):
        assert client.get(url).json()["count"] == 1
    for number in range(9):
        make_webhook(world["group"], url=f"https://hooks.intergroup-example.org/{number}")
    with django_assert_max_num_queries(6):
        assert client.get(url).json()["count"] == 10
