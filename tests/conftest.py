"""Fixtures chained user -> group -> member_client, shared by every test module.

The ``*_client`` fixtures sign in with a real session cookie, as the PWA does: the public pages are
cached for callers without credentials (``kindred.public.cache``), and a client authenticated with
``force_authenticate`` sends none, so it would be served the anonymous page. ``client_for`` is that
kind of client, for tests that need no session.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, UserFactory

REPO = Path(__file__).resolve().parent.parent
TREE_BEFORE = pytest.StashKey[str | None]()


def _tree_state() -> str | None:
    """What `git status` says about the checkout (None outside a git work tree)."""
    try:
        result = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True,  # noqa: S603,S607
                                text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[TREE_BEFORE] = _tree_state()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Tests write under var/ only. Say so loudly if the run changed files git tracks or sees
    (.ci/run fails on it; locally it may also be an editor saving a file meanwhile)."""
    before = config.stash.get(TREE_BEFORE, None)
    if before is None or hasattr(config, "workerinput"):
        return
    after = _tree_state()
    changed = sorted(set((after or "").splitlines()) - set(before.splitlines()))
    if changed:
        terminalreporter.section("the test run changed the checkout", sep="!", red=True, bold=True)
        terminalreporter.write_line("Tests must write under var/. New in `git status --porcelain`:")
        for line in changed:
            terminalreporter.write_line(line)



@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters and cached pages must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def announce(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Send a domain event (kindred.groups.events, kindred.meetings.events) as a service does, and run
    what listens after the commit (the emails), as a committed transaction would."""
    def send(event, **payload):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            event.send(**payload)

    return send


@pytest.fixture
def call(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Make a request as a committed transaction would: the emails it queues are sent."""
    def request(client: APIClient, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(f"/api/v1/{path}", body, format="json")

    return request


def token_in(message: Any, screen: str) -> str:
    """The token of the PWA link ``{SITE_URL}/#/{screen}?token=…`` in an email."""
    found = re.search(rf"http://testserver/#/{screen}\?token=(\S+)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    """Authenticated without credentials on the wire (``force_authenticate``): public pages see it as anonymous."""
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def session_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    """Signed in with a real session cookie, as the PWA is (``client_for`` sends no credentials, so
    publicly cached pages would answer it as anonymous)."""
    client = APIClient()
    client.force_login(user, backend="kindred.accounts.backends.EmailBackend")
    session = client.session
    session.set_expiry(dt.timedelta(days=3650))  # tests move the clock years ahead (tests/meetings/conftest.py)
    session.save()
    return client


@pytest.fixture
def user(db):  # type: ignore[no-untyped-def]
    return UserFactory()


@pytest.fixture
def user_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    return session_client(user)


@pytest.fixture
def stranger_client(db) -> APIClient:  # type: ignore[no-untyped-def]
    """Signed in, in no group."""
    return session_client(UserFactory())


@pytest.fixture
def group(db):  # type: ignore[no-untyped-def]
    return GroupFactory()


@pytest.fixture
def facilitator(group):  # type: ignore[no-untyped-def]
    return FacilitatorMembershipFactory(group=group).user


@pytest.fixture
def facilitator_client(facilitator) -> APIClient:  # type: ignore[no-untyped-def]
    return session_client(facilitator)


@pytest.fixture
def member(group):  # type: ignore[no-untyped-def]
    return MembershipFactory(group=group).user


@pytest.fixture
def member_client(member) -> APIClient:  # type: ignore[no-untyped-def]
    return session_client(member)
