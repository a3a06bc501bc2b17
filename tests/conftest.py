"""Fixtures chained user -> group -> member_client, shared by every test module."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters and cached pages must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def session_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    """Signed in with a real session cookie, as the PWA is (``client_for`` sends no credentials, so
    publicly cached pages would answer it as anonymous)."""
    client = APIClient()
    client.force_login(user, backend="kindred.accounts.backends.EmailBackend")
    return client


@pytest.fixture
def user(db):  # type: ignore[no-untyped-def]
    return UserFactory()


@pytest.fixture
def user_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    return client_for(user)


@pytest.fixture
def group(db):  # type: ignore[no-untyped-def]
    return GroupFactory()


@pytest.fixture
def facilitator(group):  # type: ignore[no-untyped-def]
    return FacilitatorMembershipFactory(group=group).user


@pytest.fixture
def facilitator_client(facilitator) -> APIClient:  # type: ignore[no-untyped-def]
    return client_for(facilitator)


@pytest.fixture
def member(group):  # type: ignore[no-untyped-def]
    return MembershipFactory(group=group).user


@pytest.fixture
def member_client(member) -> APIClient:  # type: ignore[no-untyped-def]
    return client_for(member)
