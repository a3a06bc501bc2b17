"""The PWA's "Add to calendar" file cannot be made to carry properties or events from the data.

``frontend/js/time.js`` escaped backslash, semicolon, comma and LF, but not CR: a group name with a
bare CR added URL and ATTENDEE lines (and whole events) as vobject and many CalDAV servers read the
file. The file is made by the real module in Chromium and read by icalendar, vobject and the strict
``ical`` parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

EVIL = "http://evil.example/"
INJECTIONS = {
    "title": f"Circle\rURL:{EVIL}t\rATTENDEE:mailto:t@example.org\rEND:VEVENT\rBEGIN:VEVENT\rUID:injected",
    "location": f"Hall\r\nURL:{EVIL}l\nATTENDEE:mailto:l@example.org\u2028X-INJECTED:1",
    "description": f"Bring tea;\rURL:{EVIL}d, and \x1b[31mcake\x00\\",
    "url": "http://127.0.0.1/#/groups/circle\rATTENDEE:mailto:u@example.org",
}


def read_everywhere(body: str) -> list[Any]:
    """The one event as each parser sees it (each must find exactly one)."""
    strict = IcsCalendarStream.calendar_from_ics(body)
    assert len(strict.events) == 1
    assert not strict.events[0].attendees and not strict.events[0].extras
    loose = vobject.readOne(body)
    assert len(loose.contents["vevent"]) == 1
    assert not {"attendee", "x-injected"} & set(loose.vevent.contents)
    assert len(loose.vevent.contents.get("url", [])) <= 1
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == 1 and "ATTENDEE" not in events[0] and "X-INJECTED" not in events[0]
    return [strict.events[0], loose.vevent, events[0]]


def assert_only_crlf_line_ends(body: str) -> None:
    assert body.endswith("\r\n")
    stray = body.replace("\r\n", "")
    assert "\r" not in stray and "\n" not in stray
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_escape_functions_of_the_real_module_keep_each_value_on_its_line(page: Any, live_server: Any) -> None:
    page.goto("/")  # the app's page: its import map gives the module's name its address
    body = page.evaluate(
        """async (fields) => {
             const time = await import("kindred/time.js");
             const when = { starts_at: "2027-03-02T19:00:00Z", ends_at: "2027-03-02T20:30:00Z" };
             return time.icsFor({ id: 7, ...when, ...fields });
           }""",
        INJECTIONS)
    assert_only_crlf_line_ends(body)
    strict, loose, event = read_everywhere(body)
    assert strict.url == loose.url.value == str(event["URL"]) == "http://127.0.0.1/#/groups/circleATTENDEE:mailto:u@example.org"
    assert strict.summary == str(event["SUMMARY"]) == INJECTIONS["title"].replace("\r", "\n")
    assert strict.description == "Bring tea;\nURL:http://evil.example/d, and [31mcake\\"
    assert strict.uid == "occurrence-7@kindred"


def test_add_to_calendar_from_my_meetings_with_a_name_that_holds_a_bare_cr(page: Any, demo: dict[str, Any]) -> None:
    from kindred.groups.models import Group

    Group.objects.filter(pk=demo["grief"].pk).update(name=f"Grief\rURL:{EVIL}\rATTENDEE:mailto:x@example.org")
    sign_in(page, "member@kindred.test")
    page.goto("/#/meetings")
    button = page.get_by_role("button", name="Add to calendar").first
    with page.expect_download() as download:
        button.click()
    body = Path(download.value.path()).read_bytes().decode()  # not read_text(): it would turn CRLF into LF
    assert_only_crlf_line_ends(body)
    strict, _, event = read_everywhere(body)
    assert strict.url == str(event["URL"]) and strict.url.endswith("/#/groups/grief-circle")
    assert "Grief\nURL:" in strict.summary
