"""The directory's "Show more groups" follows the API's `next` link, which is built on SITE_URL
(never on the request's Host). Here the site's address (http://testserver) is not the address the
browser uses, as behind a proxy or with `make run` on localhost: the app still gets page two."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import GroupFactory

pytestmark = pytest.mark.e2e


def test_show_more_groups_reaches_page_two_whatever_the_sites_address(page: Any, transactional_db: None) -> None:
    for number in range(25):
        GroupFactory(name=f"Circle {number:02d}", slug=f"circle-{number:02d}")
    page.goto("/")
    expect(page.get_by_role("link", name="Circle 19")).to_be_visible()
    expect(page.get_by_role("link", name="Circle 20")).to_have_count(0)
    page.get_by_role("button", name="Show more groups").click()
    expect(page.get_by_role("link", name="Circle 24")).to_be_visible()
    assert page.errors == []
