"""Groups tests sign in with a real session, as the PWA does.

The directory and group pages are cached for callers without credentials
(``kindred.public.cache``); ``force_authenticate`` sends none, so a client built with it would
be served the anonymous page. A session cookie is what a signed-in browser sends.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import session_client
from tests.factories import UserFactory


@pytest.fixture
def user_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    return session_client(user)


@pytest.fixture
def facilitator_client(facilitator) -> APIClient:  # type: ignore[no-untyped-def]
    return session_client(facilitator)


@pytest.fixture
def member_client(member) -> APIClient:  # type: ignore[no-untyped-def]
    return session_client(member)


@pytest.fixture
def stranger_client(db) -> APIClient:  # type: ignore[no-untyped-def]
    return session_client(UserFactory())
