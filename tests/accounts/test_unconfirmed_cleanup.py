"""The only automatic deletion: accounts never confirmed, 30 days after registering, holding nothing
(issue 11). Run by the task workers' hourly housekeeping and by `manage.py delete_unconfirmed_accounts`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kindred.accounts.models import ApiToken, User
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def registered(days_ago: float, **extra) -> User:  # type: ignore[no-untyped-def]
    return UserFactory(email_confirmed_at=None, date_joined=timezone.now() - dt.timedelta(days=days_ago), **extra)


def run() -> str:
    out = io.StringIO()
    call_command("delete_unconfirmed_accounts", stdout=out)
    return out.getvalue()


def test_unconfirmed_accounts_go_after_thirty_days_and_no_sooner():
    old, young = registered(31), registered(29)
    confirmed_long_ago = UserFactory(date_joined=timezone.now() - dt.timedelta(days=900))
    assert run().startswith("1 unconfirmed account(s) deleted")
    assert set(User.objects.values_list("pk", flat=True)) == {young.pk, confirmed_long_ago.pk}
    assert not User.objects.filter(pk=old.pk).exists()


def test_an_unconfirmed_account_holding_anything_is_kept():
    member = registered(60)
    MembershipFactory(user=member)
    with_token = registered(60)
    ApiToken.objects.create(user=with_token, name="x", scope="read", prefix="kdr_x", key_digest="2" * 64)
    signed_in_once = registered(60, last_login=timezone.now() - dt.timedelta(days=59))
    assert run().startswith("0 ")
    assert User.objects.filter(pk__in=[member.pk, with_token.pk, signed_in_once.pk]).count() == 3


def test_the_period_is_a_setting(settings):
    settings.UNCONFIRMED_ACCOUNT_DAYS = 7
    registered(8)
    assert run().startswith("1 ")


def test_the_workers_do_it_by_themselves_once_an_hour(settings, monkeypatch):
    from django.core.cache import cache
    from django_tasks_db.backend import DatabaseBackend

    from kindred.lifecycle.privacy import HOUSEKEEPING_KEY, unconfirmed_accounts_delete_now_and_then

    registered(31)
    unconfirmed_accounts_delete_now_and_then(DatabaseBackend)
    assert not User.objects.exists()
    registered(31)
    unconfirmed_accounts_delete_now_and_then(DatabaseBackend)  # within the hour: nothing
    assert User.objects.count() == 1
    cache.delete(HOUSEKEEPING_KEY)
    unconfirmed_accounts_delete_now_and_then(DatabaseBackend)
    assert not User.objects.exists()
