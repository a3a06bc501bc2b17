"""The Django admin for moderators: useful lists, a read-only log, no secrets on show."""

from __future__ import annotations

import pytest
from django.test import Client
from zeal import zeal_ignore

from kindred.accounts import tokens
from kindred.accounts.models import ApiToken
from kindred.moderation.models import Concern, ModerationLogEntry
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_moderator_lists_and_searches_concerns_and_log(moderator_client):
    group = GroupFactory(name="Quiet harbour")
    concern = Concern.objects.create(group=group, message="Shouting at a member", for_moderators=True)
    ModerationLogEntry.objects.create(action="member_removed", group=group, reason="Threats")
    page = moderator_client.get("/admin/moderation/concern/", {"q": "harbour", "for_moderators__exact": "1"})
    assert page.status_code == 200 and b"Shouting at a member" in page.content
    assert moderator_client.get(f"/admin/moderation/concern/{concern.pk}/change/").status_code == 200
    log = moderator_client.get("/admin/moderation/moderationlogentry/", {"q": "Threats"})
    assert log.status_code == 200 and b"Quiet harbour" in log.content
    assert moderator_client.get("/admin/moderation/moderationlogentry/add/").status_code == 403
    entry = ModerationLogEntry.objects.get()
    assert moderator_client.post(f"/admin/moderation/moderationlogentry/{entry.pk}/delete/",
                                 {"post": "yes"}).status_code == 403
    assert ModerationLogEntry.objects.count() == 1


def test_user_admin_never_shows_password_hashes_secrets_or_token_digests(moderator_client):
    person = UserFactory(display_name="Findable Person")
    key = tokens.generate_key()
    ApiToken.objects.create(user=person, name="site", prefix=key[:12], key_digest=tokens.digest(key))
    listing = moderator_client.get("/admin/accounts/user/", {"q": "Findable"})
    assert listing.status_code == 200 and b"Findable Person" in listing.content
    for url in (f"/admin/accounts/user/{person.pk}/change/", "/admin/accounts/apitoken/"):
        # The admin loads the signed-in moderator and the person shown with two User.get() calls,
        # which zeal reads as an N+1; it is Django's admin, not a loop.
        with zeal_ignore([{"model": "accounts.User", "field": "*"}]):
            body = moderator_client.get(url).content.decode()
        assert person.password not in body and person.password.split("$")[-1] not in body
        assert person.calendar_secret not in body
        assert tokens.digest(key) not in body and key not in body


def test_non_staff_cannot_open_the_admin():
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/admin/moderation/concern/").status_code == 302
