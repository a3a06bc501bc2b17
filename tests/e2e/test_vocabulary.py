"""The words the app shows for the API's codes come from GET /api/v1/meta/ (js/vocabulary.js),
online and offline, and the service worker keeps the app shell named by index.html."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, wait_for_service_worker

pytestmark = pytest.mark.e2e

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


def vocabulary() -> dict[str, Any]:
    from kindred.meta.vocabulary import vocabulary

    return json.loads(json.dumps(vocabulary()))


def labels(name: str) -> list[str]:
    return [entry["label"] for entry in vocabulary()[name]]


def options(page: Any, label: str) -> list[str]:
    return [text.strip() for text in page.get_by_label(label, exact=True).locator("option").all_text_contents()]


def check_box_labels(page: Any, legend: str) -> list[str]:
    return page.locator("fieldset", has=page.locator("legend", has_text=legend)).locator(
        "input[type=checkbox] + label").all_inner_texts()


def assert_find_filters_show_the_vocabulary(page: Any) -> None:
    # The app's own form, not the first drawing that came with the page.
    expect(page.locator("form.filters:not([data-preview])")).to_be_visible()
    page.get_by_text("More filters").click()
    assert options(page, "Format") == ["Any", *labels("formats")]
    assert options(page, "Language") == ["Any", *labels("languages")]
    assert options(page, "Day") == ["Any day", *labels("weekdays")]
    assert options(page, "Time of day") == ["Any time", *[f"{slot['label']} ({slot['hint']})"
                                                          for slot in vocabulary()["times_of_day"]]]
    assert check_box_labels(page, "Access needs") == labels("accessibility")
    topics = page.locator("#topic-list option").evaluate_all("(all) => all.map((o) => o.value)")
    assert topics == vocabulary()["topics"]


def test_the_directory_filters_offer_exactly_the_servers_words(page: Any, demo: dict[str, Any]) -> None:
    page.goto("/")
    expect(page.get_by_role("link", name="Grief circle")).to_be_visible()
    assert_find_filters_show_the_vocabulary(page)


def test_a_word_changed_on_the_server_changes_everywhere_in_the_app(page: Any, context: Any, demo: dict[str, Any],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """No screen keeps a copy: whatever /meta/ says is what the directory, a group page and the
    reply buttons show."""
    changed = vocabulary()
    renamed = {"formats": ("online", "Online only"), "accessibility": ("captions", "Live captions"),
               "rsvp_statuses": ("maybe", "Perhaps")}
    for name, (code, words) in renamed.items():
        next(entry for entry in changed[name] if entry["code"] == code)["label"] = words
    # The word changes on the server: /meta/ answers it and the page carries it in its first-visit data
    # (meta/shell.py); the context's route also covers what the service worker fetches.
    monkeypatch.setattr("kindred.meta.views.vocabulary", lambda: changed)
    context.route(re.compile(r".*/api/v1/meta/$"), lambda route: route.fulfill(json=changed))
    demo["grief"].accessibility = ["captions"]
    demo["grief"].save()

    sign_in(page, "member@kindred.test")
    page.goto("/#/?format=online")
    expect(page.locator(".card .meta").first).to_contain_text("Online only")
    assert "Online only" in options(page, "Format")
    page.get_by_role("link", name="Grief circle").click()
    expect(page.get_by_role("heading", name="Access")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Live captions")).to_be_visible()
    meeting = page.locator(".meeting").first
    expect(meeting.get_by_role("radio", name="Perhaps")).to_be_visible()
    expect(meeting.get_by_role("radio", name="Maybe")).to_have_count(0)


def test_host_and_me_use_the_servers_words(page: Any, demo: dict[str, Any]) -> None:
    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host/grief-circle")
    expect(page.get_by_role("heading", name="Schedule meetings")).to_be_visible()
    assert check_box_labels(page, "On") == labels("weekdays")
    assert options(page, "Weekday") == labels("weekdays")
    assert options(page, "Format") == labels("formats")
    assert options(page, "Who can join") == labels("join_policies")
    page.goto("/#/me")
    expect(page.get_by_role("heading", name="Emails")).to_be_visible()
    emails = check_box_labels(page, "Email me when")
    assert emails[:-1] == labels("notification_kinds")
    assert emails[-1].startswith("My private calendar shows all my groups' meetings")


def test_the_worker_keeps_the_shell_index_html_names_and_the_vocabulary(page: Any, demo: dict[str, Any]) -> None:
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready")
    kept = page.evaluate("""async () => {
        const name = (await caches.keys()).find((n) => n.startsWith("kindred-shell-v"));
        const cache = await caches.open(name);
        return [name, (await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search)];
    }""")
    html = (FRONTEND / "index.html").read_text()
    version = re.search(r'src="/js/app\.js\?v=([\w.-]+)"', html).group(1)  # type: ignore[union-attr]
    modules = {f"/js/{path.relative_to(FRONTEND / 'js').as_posix()}?v={version}"
               for path in (FRONTEND / "js").rglob("*.js")}
    assert kept[0] == f"kindred-shell-v{version}"
    assert modules | {f"/css/app.css?v={version}", "/", "/manifest.webmanifest", "/api/v1/meta/"} <= set(kept[1])


def test_the_vocabulary_works_offline_after_a_first_visit(page: Any, context: Any, demo: dict[str, Any]) -> None:
    page.goto("/")
    wait_for_service_worker(page)
    page.get_by_role("link", name="Grief circle").click()
    expect(page.get_by_role("heading", name="Our agreements")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("link", name="Grief circle")).to_be_visible()
    # Only the worker's copies, not the browser's HTTP cache (public answers may be reused for 60 s).
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("You're offline.")).to_be_visible()
    expect(page.get_by_role("link", name="Grief circle")).to_be_visible()
    assert_find_filters_show_the_vocabulary(page)
    page.get_by_role("link", name="Grief circle").click()
    expect(page.get_by_role("heading", name="Grief circle", level=1)).to_be_visible()
    expect(page.locator("main .meta").first).to_contain_text("Online")
