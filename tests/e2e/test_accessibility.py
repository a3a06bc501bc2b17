"""Every screen: axe-core finds no violations, and a 390x844 screenshot goes to var/screenshots/
(`make screenshots` copies them into docs/screenshots/).
The manifest and service worker pass Chromium's installability check."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, VIEWPORT, sign_in, wait_for_service_worker

pytestmark = pytest.mark.e2e

SCREENS = [
    # (file name, address, a heading that shows the screen is ready, signed in as)
    ("find", "/#/", "Find a group", None),
    ("find-filtered", "/#/?topic=grief&format=online", "1 group", None),
    ("group", "/#/groups/grief-circle", "Grief circle", None),
    ("login", "/#/login", "Sign in", None),
    ("register", "/#/register", "Create an account", None),
    ("check-email", "/#/check-email", "Check your email", None),
    ("forgot", "/#/forgot", "Forgot your password?", None),
    ("reset", "/#/reset?token=from-the-email", "Choose a new password", None),
    ("help", "/#/help?group=grief-circle", "Need help now?", None),
    ("group-member", "/#/groups/grief-circle", "Upcoming meetings", "member@kindred.test"),
    ("my-meetings", "/#/meetings", "My meetings", "member@kindred.test"),
    ("me", "/#/me", "Profile and privacy", "member@kindred.test"),
    ("security", "/#/me/security", "Where you're signed in", "member@kindred.test"),
    ("developers", "/#/me/developers", "Personal API tokens", "member@kindred.test"),
    ("host", "/#/host", "Groups you host", "facilitator@kindred.test"),
    ("host-group", "/#/host/grief-circle", "Schedule meetings", "facilitator@kindred.test"),
    ("concern", "/#/concern?group=grief-circle&occurrence=1", "Who reads this", "member@kindred.test"),
    ("help-site", "/#/help", "Wherever you are", None),
]


@pytest.mark.parametrize(("name", "address", "ready", "who"), SCREENS, ids=[s[0] for s in SCREENS])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_screen_has_no_axe_violations(page: Any, demo: dict[str, Any], name: str, address: str, ready: str,
                                            who: str | None, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    if who:
        sign_in(page, who)
    page.goto(address)
    expect(page.get_by_role("heading", name=ready).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    text = page.inner_text("main")
    assert "[object " not in text and "null" not in text and "undefined" not in text, text
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
    if scheme == "light":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
    elif name == "find":
        page.screenshot(path=str(SCREENSHOTS / "find-dark.png"), full_page=False)
    assert results.violations_count == 0, results.generate_report()


def test_the_app_works_at_360px_and_200_percent_zoom_without_sideways_scrolling(browser: Any, live_server: Any,
                                                                                 demo: dict[str, Any]) -> None:
    # 200% zoom of a 720px-wide window is a 360 CSS px layout at device scale 2.
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2,
                                  base_url=live_server.url)
    page = context.new_page()
    for address, ready in [("/#/", "Find a group"), ("/#/groups/grief-circle", "Our agreements"),
                           ("/#/register", "Create an account")]:
        page.goto(address)
        expect(page.get_by_role("heading", name=ready)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), address
    context.close()


def test_chromium_finds_the_app_installable(playwright: Any, tmp_path: Any, live_server: Any,
                                           demo: dict[str, Any]) -> None:
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, viewport=VIEWPORT,
        base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("heading", name="Find a group")).to_be_visible()
        wait_for_service_worker(page)
        manifest = page.evaluate("fetch('/manifest.webmanifest').then((r) => r.headers.get('content-type'))")
        assert manifest.startswith("application/manifest+json")
        errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
    finally:
        context.close()
    assert errors == []


def test_the_skip_link_moves_focus_to_the_content_and_stays_on_the_page(page: Any, demo: dict[str, Any]) -> None:
    page.goto("/#/groups/grief-circle")
    expect(page.get_by_role("heading", name="Grief circle", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    expect(page.get_by_role("heading", name="Grief circle", level=1)).to_be_visible()  # not "Page not found"
    assert page.evaluate("location.hash") == "#/groups/grief-circle"


def test_a_confirmation_is_seen_wherever_the_form_was_and_clears_on_the_next_action(page: Any,
                                                                                   demo: dict[str, Any]) -> None:
    sign_in(page, "member@kindred.test")
    page.goto("/#/me")
    page.get_by_role("button", name="Save email choices").click()  # far down the page
    message = page.locator("#flash")
    expect(message).to_have_text("Your email choices are saved.Dismiss")
    box, height = message.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height  # in view, not above the fold
    page.get_by_label("Reminder, hours before").fill("0")
    page.get_by_role("button", name="Save email choices").click()
    expect(message).to_be_hidden()  # no stale "saved" above a form that now shows an error
    expect(page.get_by_text("Please check the highlighted fields.")).to_be_visible()
