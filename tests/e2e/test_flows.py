"""What members and facilitators do, end to end in a real browser."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import link_in_mail, sign_in

pytestmark = pytest.mark.e2e


def test_the_directory_loads_without_script_errors_under_a_strict_csp(page: Any, demo: dict[str, Any]) -> None:
    messages: list[str] = []
    page.on("console", lambda message: message.type == "error" and messages.append(message.text))
    page.goto("/")
    expect(page.get_by_role("heading", name="Find a group")).to_be_visible()
    expect(page.get_by_role("link", name="Grief circle")).to_be_visible()
    expect(page.get_by_role("link", name="Need help now?")).to_be_visible()
    assert messages == [] and page.errors == []


def test_a_newcomer_registers_finds_joins_rsvps_is_waitlisted_and_leaves(page: Any, demo: dict[str, Any]) -> None:
    from kindred.groups.models import Membership
    from kindred.meetings.models import Rsvp

    page.goto("/#/register")
    page.get_by_label("Your name").fill("Jo")
    page.get_by_label("Email").fill("jo@example.org")
    page.get_by_label("Password").fill("a long and quiet river")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(link_in_mail("jo@example.org", "confirm"))  # the link in the confirmation email
    expect(page.get_by_role("heading", name="Your email address is confirmed")).to_be_visible()
    sign_in(page, "jo@example.org", "a long and quiet river")
    page.goto("/#/")

    page.get_by_text("More filters").click()
    page.get_by_label("Topic", exact=True).fill("grief")
    page.get_by_label("Format", exact=True).select_option("online")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 group")).to_be_visible()
    expect(page.get_by_role("link", name="Carers evening")).to_have_count(0)
    page.get_by_role("link", name="Grief circle").click()

    expect(page.get_by_role("heading", name="Grief circle", level=1)).to_be_visible()
    expect(page.get_by_text("You can leave any time")).to_be_visible()
    page.get_by_role("button", name="Join this group").click()
    expect(page.get_by_text("Joining means accepting the group's agreements.")).to_be_visible()  # the API's message
    page.get_by_label("I have read the group's agreements").check()
    page.get_by_role("button", name="Join this group").click()
    expect(page.get_by_text("Welcome to Grief circle.")).to_be_visible()

    first_meeting = page.locator(".meeting").first
    first_meeting.get_by_role("radio", name="Going", exact=True).click()
    waiting = first_meeting.get_by_role("radio", name="On the waiting list (1st)")
    expect(waiting).to_have_attribute("aria-checked", "true")

    page.get_by_role("link", name="My meetings").click()
    expect(page.get_by_role("heading", name="My meetings")).to_be_visible()
    expect(page.locator(".meeting").first.get_by_role("radio", name="On the waiting list (1st)")).to_be_visible()

    page.goto("/#/groups/grief-circle")
    page.get_by_role("button", name="Leave this group").click()
    page.get_by_role("button", name="Yes, leave Grief circle").click()
    expect(page.get_by_text("You've left Grief circle.")).to_be_visible()
    expect(page.get_by_role("button", name="Join this group")).to_be_visible()
    assert not Membership.objects.filter(user__email="jo@example.org").exists()
    assert not Rsvp.objects.filter(user__email="jo@example.org").exists()


def test_a_facilitator_starts_a_group_schedules_weekly_meetings_and_cancels_one(page: Any,
                                                                               demo: dict[str, Any]) -> None:
    from kindred.meetings.models import Occurrence

    sign_in(page, "facilitator@kindred.test")
    page.get_by_role("link", name="Host", exact=True).click()
    form = page.locator("form", has=page.get_by_role("button", name="Start the group"))
    form.get_by_label("Group name").fill("Sunday walkers")
    form.get_by_label("What the group is about").fill("We walk and talk, gently.")
    form.get_by_label("Topics").fill("loneliness, walking")
    form.get_by_label("Languages").fill("en")
    form.get_by_label("Format", exact=True).select_option("in_person")
    form.get_by_label("City").fill("Leeds")
    form.get_by_label("Country code").fill("GB")
    form.get_by_label("Group agreements").fill("We go at the pace of the slowest walker.")
    form.get_by_role("button", name="Start the group").click()
    expect(page.get_by_role("heading", name="Host Sunday walkers")).to_be_visible()

    schedule = page.locator("form", has=page.get_by_role("button", name="Schedule"))
    schedule.get_by_label("Title").fill("Sunday walk")
    schedule.get_by_label("Every week").check()
    schedule.get_by_label("Sunday").check()
    schedule.get_by_label("Or how many meetings").fill("5")
    schedule.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Scheduled.")).to_be_visible()
    meetings = page.locator("#upcoming-title + ul .meeting")
    expect(meetings).to_have_count(5)

    first = meetings.first
    first.get_by_text("Cancel this meeting", exact=True).first.click()
    first.get_by_label("A note for members").fill("The park is closed for a festival.")
    first.get_by_role("button", name="Cancel this meeting").click()
    expect(page.get_by_text("Cancelled. Members who planned to come are told.")).to_be_visible()
    expect(page.locator("#upcoming-title + ul .meeting.cancelled")).to_have_count(1)
    statuses = list(Occurrence.objects.filter(group__name="Sunday walkers").order_by("starts_at")
                    .values_list("status", flat=True))
    assert statuses == ["cancelled", "scheduled", "scheduled", "scheduled", "scheduled"]


def test_a_field_error_from_the_api_appears_beside_its_field_and_keeps_the_input(page: Any,
                                                                                demo: dict[str, Any]) -> None:
    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host")
    form = page.locator("form", has=page.get_by_role("button", name="Start the group"))
    form.get_by_label("Group name").fill("Night owls")
    form.get_by_label("Languages").fill("not a language!")
    form.get_by_role("button", name="Start the group").click()
    language = form.get_by_label("Languages")
    expect(language).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#g-languages-error")).to_contain_text("BCP 47")
    expect(form.get_by_label("Group name")).to_have_value("Night owls")


def test_too_many_requests_says_when_to_try_again(page: Any, demo: dict[str, Any]) -> None:
    page.route("**/api/v1/auth/login/", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "42", "Content-Type": "application/problem+json"},
        body='{"type": "about:blank", "title": "Too many requests", "status": 429, "detail": "Slow down."}'))
    page.goto("/#/login")
    page.get_by_label("Email").fill("member@kindred.test")
    page.get_by_label("Password").fill("whatever it is")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please try again in 42 seconds.")


def test_a_lost_connection_mid_action_keeps_what_was_typed(page: Any, context: Any, demo: dict[str, Any]) -> None:
    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host")
    form = page.locator("form", has=page.get_by_role("button", name="Start the group"))
    form.get_by_label("Group name").fill("Morning pages")
    form.get_by_label("What the group is about").fill("We write, then share if we like.")
    page.route("**/api/v1/groups/", lambda route: route.abort("internetdisconnected"))
    form.get_by_role("button", name="Start the group").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing you typed is lost")
    expect(form.get_by_label("Group name")).to_have_value("Morning pages")
    page.unroute("**/api/v1/groups/")
    page.reload()  # even a reload keeps the draft (kept for this tab until it is sent)
    form = page.locator("form", has=page.get_by_role("button", name="Start the group"))
    expect(form.get_by_label("What the group is about")).to_have_value("We write, then share if we like.")
    form.get_by_role("button", name="Start the group").click()
    expect(page.get_by_role("heading", name="Host Morning pages")).to_be_visible()


def test_a_request_to_join_is_welcomed_and_one_meeting_is_moved(browser: Any, live_server: Any, page: Any,
                                                               demo: dict[str, Any]) -> None:
    from kindred.groups.models import Membership
    from kindred.meetings.models import Occurrence

    sign_in(page, "member@kindred.test")
    page.goto("/#/groups/carers-evening")
    page.get_by_label("I have read the group's agreements").check()
    page.get_by_label("A few words for the facilitators").fill("I look after my dad.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Your request to join is with the facilitators.")).to_be_visible()

    host = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    host_page = host.new_page()
    sign_in(host_page, "facilitator@kindred.test")
    host_page.goto("/#/host/carers-evening")
    expect(host_page.get_by_text("I look after my dad.")).to_be_visible()
    host_page.get_by_role("button", name="Welcome Sam").click()
    expect(host_page.get_by_text("Sam is now a member.")).to_be_visible()
    assert Membership.objects.get(user=demo["member"], group=demo["carers"]).status == "active"

    meeting = host_page.locator("#upcoming-title + ul .meeting").nth(1)
    meeting.get_by_text("Change this meeting", exact=True).click()
    meeting.get_by_label("Starts at").fill("20:15")
    meeting.get_by_label("Note for members", exact=True).fill("A later start this week.")
    meeting.get_by_role("button", name="Change this meeting only").click()
    expect(host_page.get_by_text("Changed. The other meetings in the series stay as they were.")).to_be_visible()
    host.close()
    zone = ZoneInfo(demo["carers"].time_zone)
    starts = [o.starts_at.astimezone(zone).strftime("%H:%M")
              for o in Occurrence.objects.filter(group=demo["carers"]).order_by("starts_at")]
    assert starts == ["18:30", "20:15", "18:30", "18:30"]
