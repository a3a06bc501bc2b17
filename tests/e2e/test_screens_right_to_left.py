"""The signed-in screens in Arabic at 360 px (issue 15): each reads right to left, and nothing runs off
either edge, with every folded part (change a meeting, edit a series, resolve a concern...) opened."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 640}
# Elements of the screen that reach past either edge of the phone (the innermost of each).
PAST_THE_EDGES = """() => [...document.querySelectorAll("main *")]
  .filter((el) => { const box = el.getBoundingClientRect(); return box.right > innerWidth + 1 || box.left < -1; })
  .filter((el) => ![...el.children].some((child) => { const box = child.getBoundingClientRect();
    return box.right > innerWidth + 1 || box.left < -1; }))
  .map((el) => `${el.tagName.toLowerCase()}#${el.id} ${Math.round(el.getBoundingClientRect().width)} px wide`)"""


@pytest.mark.parametrize(("address", "email"), [
    ("/#/meetings", "member@kindred.test"),
    ("/#/me", "member@kindred.test"),
    ("/#/me/security", "member@kindred.test"),
    ("/#/me/developers", "member@kindred.test"),
    ("/#/concern?group=grief-circle", "member@kindred.test"),
    ("/#/host", "facilitator@kindred.test"),
    ("/#/host/grief-circle", "facilitator@kindred.test"),
])
def test_a_signed_in_screen_reads_right_to_left_within_360_px(browser: Any, live_server: Any, demo: dict[str, Any],
                                                               address: str, email: str) -> None:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="ar", timezone_id="Asia/Beirut",
                                  service_workers="block")
    context.set_default_timeout(15_000)
    token = context.request.get(f"{live_server.url}/api/v1/auth/csrf/").json()["csrf_token"]
    signed_in = context.request.post(f"{live_server.url}/api/v1/auth/login/", headers={"X-CSRFToken": token},
                                     data={"email": email, "password": PASSWORD})
    assert signed_in.ok, signed_in.text()
    context.add_init_script("localStorage.setItem('kindred.signedIn', '1')")  # as the app notes a signed-in device
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(address)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#page-title").wait_for()
    page.wait_for_load_state("networkidle")
    for _ in range(40):  # every folded part, opened one by one (each opening can show more)
        folded = page.locator("main details:not([open]) > summary:visible")
        if not folded.count():
            break
        folded.first.click()
    assert page.evaluate(PAST_THE_EDGES) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert errors == []
    context.close()
