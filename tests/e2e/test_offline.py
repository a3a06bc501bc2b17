"""Offline: my meetings open without a network, and a reply made offline is sent when back online."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, wait_for_service_worker

pytestmark = pytest.mark.e2e


def open_my_meetings_then_go_offline(page: Any, context: Any) -> None:
    sign_in(page, "member@kindred.test")
    page.goto("/#/meetings")
    wait_for_service_worker(page)
    page.reload()  # now every read goes through the worker, which keeps a copy
    expect(page.get_by_role("heading", name="My meetings")).to_be_visible()
    expect(page.locator(".meeting").first).to_be_visible()
    context.set_offline(True)


def test_my_meetings_open_offline_and_say_so(page: Any, context: Any, demo: dict[str, Any]) -> None:
    open_my_meetings_then_go_offline(page, context)
    page.reload()
    expect(page.get_by_role("heading", name="My meetings")).to_be_visible()
    expect(page.locator(".meeting").first.get_by_role("heading", name="Tuesday circle")).to_be_visible()
    expect(page.get_by_text("You're offline.")).to_be_visible()


def test_the_directory_and_a_group_page_open_offline(page: Any, context: Any, demo: dict[str, Any]) -> None:
    page.goto("/")
    wait_for_service_worker(page)
    page.reload()
    expect(page.get_by_role("link", name="Grief circle")).to_be_visible()
    page.get_by_role("link", name="Grief circle").click()
    expect(page.get_by_role("heading", name="Our agreements")).to_be_visible()
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Grief circle", level=1)).to_be_visible()
    expect(page.get_by_text("You're offline.")).to_be_visible()
    page.get_by_role("link", name="Find", exact=True).click()
    expect(page.get_by_role("link", name="Grief circle")).to_be_visible()


def test_an_offline_reply_is_queued_and_sent_when_back_online(page: Any, context: Any, demo: dict[str, Any]) -> None:
    from kindred.meetings.models import Rsvp

    open_my_meetings_then_go_offline(page, context)
    meeting = page.locator(".meeting").nth(1)
    meeting.get_by_role("radio", name="Maybe").click()
    expect(meeting.get_by_text("Saved on this device")).to_be_visible()
    assert not Rsvp.objects.filter(user=demo["member"]).exists()

    page.reload()  # the queued reply survives a reload while offline
    expect(page.locator(".meeting").nth(1).get_by_text("Saved on this device")).to_be_visible()

    context.set_offline(False)
    expect(page.get_by_text("saved reply was sent")).to_be_visible()
    assert list(Rsvp.objects.filter(user=demo["member"]).values_list("status", flat=True)) == ["maybe"]


def test_signing_out_clears_what_the_device_saved(page: Any, context: Any, demo: dict[str, Any]) -> None:
    sign_in(page, "member@kindred.test")
    page.goto("/#/meetings")
    wait_for_service_worker(page)
    expect(page.locator(".meeting").first).to_be_visible()
    page.goto("/#/me")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You've signed out.")).to_be_visible()
    cached = page.evaluate("""async () => {
        const names = await caches.keys();
        const urls = [];
        for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        return urls.filter((u) => u.includes('/api/v1/me/') || u.includes('/occurrences/'));
    }""")
    assert cached == []
    saved = page.evaluate("""() => new Promise((resolve) => {
        const open = indexedDB.open('kindred', 1);
        open.onsuccess = () => {
            const request = open.result.transaction('kv').objectStore('kv').getAllKeys();
            request.onsuccess = () => resolve(request.result);
        };
    })""")
    assert saved == []
    assert page.evaluate("localStorage.getItem('kindred.signedIn')") is None
