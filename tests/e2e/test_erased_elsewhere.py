"""An account erased from another device: this device forgets everything it kept about the person."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, wait_for_service_worker
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

CACHED_URLS = """async () => {
    const urls = [];
    for (const name of await caches.keys()) {
        if (name.startsWith('kindred-shell')) continue;
        for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    }
    return urls;
}"""
STORED_KEYS = """() => new Promise((resolve) => {
    const open = indexedDB.open('kindred', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('kv');
    open.onsuccess = () => {
        const request = open.result.transaction('kv').objectStore('kv').getAllKeys();
        request.onsuccess = () => resolve(request.result);
    };
})"""
DRAFTS = "Object.keys(sessionStorage).filter((key) => key.startsWith('kindred.'))"


def cached_urls_once_settled(page: Any, seconds: float = 5) -> list[str]:
    """What the page's caches hold, given the worker a moment to finish clearing (it runs apart)."""
    deadline = time.monotonic() + seconds
    urls = page.evaluate(CACHED_URLS)
    while urls and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        urls = page.evaluate(CACHED_URLS)
    return urls


def erase_over_http(playwright: Any, base_url: str, email: str) -> None:
    """Another device (its own cookies) signs in and erases the account."""
    other = playwright.request.new_context(base_url=base_url)
    try:
        assert other.post("/api/v1/auth/login/", data={"email": email, "password": PASSWORD}).ok
        csrf = other.get("/api/v1/auth/csrf/").json()["csrf_token"]
        erased = other.delete("/api/v1/me/", data={"password": PASSWORD},
                              headers={"X-CSRFToken": csrf, "Referer": base_url + "/"})
        assert erased.status == 204, erased.text()
    finally:
        other.dispose()


def test_after_an_erasure_elsewhere_a_reload_forgets_the_person(page: Any, context: Any, demo: dict[str, Any],
                                                                playwright: Any, live_server: Any) -> None:
    sign_in(page, "member@kindred.test")
    page.goto("/#/meetings")
    wait_for_service_worker(page)
    page.reload()  # every read now goes through the worker, which keeps a copy
    expect(page.locator(".meeting").first).to_be_visible()
    page.goto("/#/groups/grief-circle")
    expect(page.get_by_role("heading", name="Grief circle", level=1)).to_be_visible()
    page.goto("/#/me")
    expect(page.get_by_role("heading", name="Hello, Sam")).to_be_visible()
    page.get_by_label("Pronouns (optional)").fill("she/her")  # an unsent draft in sessionStorage
    page.get_by_label("Pronouns (optional)").blur()
    kept = page.evaluate(CACHED_URLS)
    assert "/api/v1/me/" in kept and "/api/v1/me/meetings/" in kept and "/api/v1/groups/grief-circle/" in kept
    assert "me" in page.evaluate(STORED_KEYS)

    erase_over_http(playwright, live_server.url, "member@kindred.test")
    page.reload()

    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()  # #/me now asks to sign in
    expect(page.get_by_text("Hello, Sam")).to_have_count(0)
    assert cached_urls_once_settled(page) == []
    assert page.evaluate(STORED_KEYS) == []
    assert page.evaluate("localStorage.getItem('kindred.signedIn')") is None
    assert page.evaluate(DRAFTS) == []


def test_a_401_mid_session_signs_the_page_out_and_clears_the_device(page: Any, context: Any, demo: dict[str, Any],
                                                                    playwright: Any, live_server: Any) -> None:
    sign_in(page, "member@kindred.test")
    page.goto("/#/meetings")
    wait_for_service_worker(page)
    page.reload()
    expect(page.locator(".meeting").first).to_be_visible()

    erase_over_http(playwright, live_server.url, "member@kindred.test")
    page.get_by_role("link", name="Me", exact=True).click()  # no reload: the next API call answers 401

    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert cached_urls_once_settled(page) == []
    assert page.evaluate(STORED_KEYS) == []
    assert page.evaluate("localStorage.getItem('kindred.signedIn')") is None
