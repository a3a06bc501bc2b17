"""Browser tests: Debian's Chromium driven by Playwright against a live Django server.

The server is pytest-django's ``live_server`` (a thread running the real WSGI stack, so WhiteNoise
serves the PWA at / exactly as in production). Tests are skipped, with a clear reason, when
/usr/bin/chromium is missing; ``.ci/run`` installs it so CI always runs them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import PASSWORD, FacilitatorMembershipFactory, GroupFactory, MembershipFactory, UserFactory

CHROMIUM = Path(os.environ.get("KINDRED_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
VIEWPORT = {"width": 390, "height": 844}
# Tests write under var/ only; `make screenshots` copies these into the committed docs/screenshots/.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are ordinary blocking calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"e2e browser tests skipped: Chromium not found at {CHROMIUM} "
                                   "(apt-get install -y chromium)")
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url, service_workers="allow",
                                  timezone_id="Europe/London", locale="en-GB")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: Any) -> Any:
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    return page


def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    page.goto("/#/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Me", exact=True).wait_for()


def link_in_mail(to: str, screen: str) -> str:
    """The PWA link (``/#/{screen}?token=…``) in the newest email to ``to``, as a path for page.goto."""
    import re

    from django.core import mail

    for message in reversed(mail.outbox):
        found = re.search(rf"https?://[^/\s]+(/#/{screen}\?token=\S+)", message.body)
        if to in message.to and found:
            return found.group(1)
    raise AssertionError(f"no {screen} link emailed to {to}: {[m.subject for m in mail.outbox]}")


def wait_for_service_worker(page: Any) -> None:
    """Wait until the service worker controls the page (the first load is not yet controlled)."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
        page.wait_for_function("!!navigator.serviceWorker.controller")


def next_weekday(weekday: int) -> dt.date:
    """The first date after today (at least two days on) that falls on ``weekday`` (0 = Monday)."""
    day = dt.datetime.now(tz=dt.UTC).date() + dt.timedelta(days=2)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def demo(transactional_db: None) -> dict[str, Any]:
    """Two groups with a weekly meeting each; the grief circle's meetings have one place, already taken."""
    from kindred.meetings import services as meetings
    from kindred.meetings.models import Occurrence

    facilitator = UserFactory(email="facilitator@kindred.test", display_name="Robin")
    member = UserFactory(email="member@kindred.test", display_name="Sam")
    early_bird = UserFactory(display_name="Ari")
    grief = GroupFactory(name="Grief circle", slug="grief-circle", topics=["grief"], format="online",
                         description="A gentle online circle for anyone living with loss.",
                         time_zone="Europe/Berlin")
    carers = GroupFactory(name="Carers evening", slug="carers-evening", topics=["carers"], format="in_person",
                          join_policy="approval", description="For people caring for someone at home.",
                          time_zone="Europe/Berlin")
    for group in (grief, carers):
        FacilitatorMembershipFactory(user=facilitator, group=group)
    MembershipFactory(user=member, group=grief)
    MembershipFactory(user=early_bird, group=grief)
    series = meetings.series_create(group=grief, title="Tuesday circle", start_date=next_weekday(1),
                                    start_time=dt.time(19, 0), capacity=1,
                                    recurrence={"frequency": "weekly", "interval": 1, "weekdays": ["TU"], "count": 6})
    meetings.series_create(group=carers, title="Carers' cuppa", start_date=next_weekday(3),
                           start_time=dt.time(18, 30),
                           recurrence={"frequency": "weekly", "interval": 1, "weekdays": ["TH"], "count": 4})
    first = Occurrence.objects.filter(series=series).order_by("starts_at").first()
    meetings.rsvp_set(user=early_bird, occurrence=first, status="going")
    return {"facilitator": facilitator, "member": member, "grief": grief, "carers": carers, "series": series,
            "first": first}
