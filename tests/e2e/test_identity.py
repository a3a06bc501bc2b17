"""The account's journeys in a real browser at 360 px, as a person meets them (issue 11): register and
confirm from the email, forget the password and choose a new one, change the password and the email,
and sign out everywhere else. Mail is read from Django's outbox, the way a person opens their inbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import link_in_mail, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 640}
NEW_PASSWORD = "a brand new quiet river"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/18.1 Mobile/15E148 Safari/604.1")


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    context = browser.new_context(viewport=NARROW, base_url=live_server.url, timezone_id="Europe/London",
                                  locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def person(transactional_db: None) -> Any:
    return UserFactory(email="river@kindred.test", display_name="River")


def fits_the_screen(page: Any) -> None:
    """Nothing runs off the side at 360 px."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_registering_then_confirming_from_the_email_then_signing_in(page: Any) -> None:
    from django.core import mail

    from kindred.accounts.models import User

    page.goto("/#/register")
    page.get_by_label("Your name").fill("Jo")
    page.get_by_label("Email").fill("jo@example.org")
    page.get_by_label("Password").fill("a long and quiet river")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text("We've sent a link to jo@example.org")).to_be_visible()
    fits_the_screen(page)
    assert [message.subject for message in mail.outbox] == ["Confirm your email address for Kindred"]
    assert "Alcohol" not in mail.outbox[0].subject and "circle" not in mail.outbox[0].subject.lower()

    page.get_by_role("button", name="Send it again").click()  # throttled: one email a minute
    expect(page.get_by_text("If this address is waiting to be confirmed")).to_be_visible()
    expect(page.get_by_role("button", name="Send it again")).to_be_disabled()

    sign_in_too_soon(page)
    page.goto(link_in_mail("jo@example.org", "confirm"))
    expect(page.get_by_role("heading", name="Your email address is confirmed")).to_be_visible()
    assert "token=" not in page.url  # taken out of the address bar and the history
    assert User.objects.get(email="jo@example.org").email_confirmed
    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email").fill("jo@example.org")
    page.get_by_label("Password").fill("a long and quiet river")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Me", exact=True)).to_be_visible()
    assert page.errors == []


def sign_in_too_soon(page: Any) -> None:
    """Signing in before confirming says so, kindly, and leads back to "check your email"."""
    page.goto("/#/login")
    page.get_by_label("Email").fill("jo@example.org")
    page.get_by_label("Password").fill("a long and quiet river")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text("Please confirm your email address first")).to_be_visible()


def test_forgetting_the_password_and_choosing_a_new_one(page: Any, person: Any) -> None:
    page.goto("/#/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Your email").fill(person.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_text("If this address has a Kindred account")).to_be_visible()
    fits_the_screen(page)

    page.goto(link_in_mail(person.email, "reset"))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password").fill("          ")
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_text("Your password can't be only spaces.")).to_be_visible()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_text("Your new password is set")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, person.email, NEW_PASSWORD)

    page.goto(link_in_mail(person.email, "reset"))  # the same link, again
    page.get_by_label("New password").fill("yet another long password")
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_text("This link doesn't work any more")).to_be_visible()
    assert page.errors == []


def test_changing_password_and_email_and_signing_out_everywhere_else(page: Any, person: Any, browser: Any,
                                                                     live_server: Any) -> None:
    elsewhere = browser.new_context(base_url=live_server.url, user_agent=IPHONE)
    other = elsewhere.new_page()
    sign_in(other, person.email)
    sign_in(page, person.email)

    page.get_by_role("link", name="Me", exact=True).click()
    page.get_by_role("link", name="Sign-in and security").last.click()
    expect(page.get_by_role("heading", name="Sign-in and security")).to_be_visible()
    sessions = page.locator("#sessions")
    expect(sessions.get_by_text("(this device)")).to_be_visible()
    expect(sessions.get_by_text("Safari on iPhone")).to_be_visible()
    fits_the_screen(page)

    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.get_by_text("Signed out on 1 other device.")).to_be_visible()
    expect(page.locator("#sessions").get_by_text("Safari on iPhone")).to_have_count(0)
    assert other.request.get(f"{live_server.url}/api/v1/me/").status == 401
    elsewhere.close()

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()

    page.get_by_label("New email address").fill("river.new@kindred.test")
    page.get_by_label("Your password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Send a confirmation link").click()
    expect(page.get_by_text("Check the new address for a link")).to_be_visible()
    page.goto(link_in_mail("river.new@kindred.test", "confirm-email"))
    expect(page.get_by_role("heading", name="Your new email address is confirmed")).to_be_visible()
    page.get_by_role("link", name="Back to Me").click()
    page.get_by_role("link", name="Sign-in and security").last.click()
    expect(page.get_by_text("You sign in with river.new@kindred.test")).to_be_visible()
    assert page.errors == []


def test_tokens_live_on_for_developers_and_the_export_confirms(page: Any, person: Any) -> None:
    sign_in(page, person.email)
    page.get_by_role("link", name="Me", exact=True).click()
    expect(page.get_by_role("heading", name="Personal API tokens")).to_have_count(0)
    page.get_by_role("link", name="For developers", exact=True).click()
    page.get_by_label("Token name").fill("Our intergroup site")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_text('Here is your new token "Our intergroup site"')).to_be_visible()
    fits_the_screen(page)

    page.goto("/#/me")
    with page.expect_download():
        page.get_by_role("button", name="Download my data").click()
    expect(page.get_by_text("Downloaded kindred-export.json")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_attribute("list", "me-zone-list")
    assert page.errors == []
