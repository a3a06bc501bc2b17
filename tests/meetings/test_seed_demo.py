"""The demo data command: realistic, valid, and idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kindred.accounts.models import User
from kindred.groups.models import Group, Membership
from kindred.groups.serializers import GroupCreateInputSerializer

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    return (list(User.objects.values_list("email", "password", "display_name")),
            list(Group.objects.values()),
            list(Membership.objects.values()))


def test_seed_demo_is_valid_varied_and_idempotent(api_client, capsys):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert "facilitator@kindred.test / kindred-demo-2026" in capsys.readouterr().out

    groups = list(Group.objects.all())
    assert len(groups) >= 12
    assert {"in_person", "online", "hybrid"} == {group.format for group in groups}
    assert {"en", "es", "fr", "de", "pt-BR"} <= {language for group in groups for language in group.languages}
    assert {"Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"} <= {g.time_zone for g in groups}
    assert any(group.join_policy == "approval" for group in groups)
    for group in groups:
        group.full_clean()
        fields = {name: getattr(group, name) for name in GroupCreateInputSerializer().fields}
        serializer = GroupCreateInputSerializer(data=fields)
        assert serializer.is_valid(), (group.slug, serializer.errors)
    assert Membership.objects.filter(status="pending").exists()

    for email in ("facilitator@kindred.test", "member@kindred.test"):
        response = api_client.post("/api/v1/auth/login/", {"email": email, "password": "kindred-demo-2026"},
                                   format="json")
        assert response.status_code == 200, response.content
    memberships = api_client.get("/api/v1/me/memberships/").json()["results"]  # the member, signed in last
    assert {m["status"] for m in memberships} == {"active", "pending"}
