"""kindred.api.permissions.authenticated_user: the typed way views get the signed-in caller."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from kindred.accounts.models import User
from kindred.accounts.permissions import authenticated_user
from tests.factories import UserFactory


def _request(user: User | AnonymousUser) -> Request:
    http_request = APIRequestFactory().get("/api/v1/me")
    force_authenticate(http_request, user=user)
    return Request(http_request)


@pytest.mark.django_db
def test_returns_the_signed_in_user() -> None:
    user = UserFactory()
    assert authenticated_user(_request(user)) == user


def test_an_anonymous_caller_is_401_not_a_crash() -> None:
    with pytest.raises(NotAuthenticated):
        authenticated_user(_request(AnonymousUser()))
