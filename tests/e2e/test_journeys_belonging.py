"""Issue 12, joining and belonging, help and safety, facilitating: each journey driven as a person
drives it, on a 360 px phone, one browser session from start to end (no cache clearing between
steps, only the waits a person makes: for what they are looking for to appear)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, wait_for_service_worker
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    PendingMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 640}


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, service_workers="allow",
                                  timezone_id="Europe/London", locale="en-GB")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(phone: Any) -> Any:
    page = phone.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    return page


def second_person(browser: Any, live_server: Any, email: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, timezone_id="Europe/London",
                                  locale="en-GB")
    other = context.new_page()
    sign_in(other, email)
    return context, other


# --- joining and belonging ---------------------------------------------------------------------------

def test_after_joining_the_page_shows_membership_and_leaving_confirms_and_can_be_undone(page: Any,
                                                                                      demo: dict[str, Any]) -> None:
    from kindred.groups.models import Membership

    UserFactory(email="jo@example.org", display_name="Jo")
    page.goto("/#/groups/grief-circle")  # seen signed out first: the browser may keep that answer
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()
    sign_in(page, "jo@example.org")
    page.goto("/#/groups/grief-circle")
    page.get_by_label("I have read the group's agreements").check()
    page.get_by_role("button", name="Join this group").click()
    expect(page.get_by_text("Welcome to Grief circle.")).to_be_visible()
    expect(page.get_by_text("You're a member of this group.")).to_be_visible()
    page.get_by_role("link", name="Find", exact=True).click()
    expect(page.get_by_role("heading", name="Find a group")).to_be_visible()
    page.go_back()
    expect(page.get_by_text("You're a member of this group.")).to_be_visible()
    expect(page.get_by_role("button", name="Join this group")).to_have_count(0)

    page.get_by_role("button", name="Leave this group").click()
    confirm = page.locator("#leave-confirm")
    expect(confirm).to_contain_text("Your replies to its upcoming meetings are taken back")
    expect(confirm).to_contain_text("You can join again whenever you like.")
    expect(page.get_by_role("button", name="Yes, leave Grief circle")).to_be_focused()
    page.get_by_role("button", name="Stay in the group").click()
    expect(confirm).to_be_hidden()
    assert Membership.objects.filter(user__email="jo@example.org", group=demo["grief"]).exists()

    page.get_by_role("button", name="Leave this group").click()
    page.get_by_role("button", name="Yes, leave Grief circle").click()
    expect(page.get_by_text("You've left Grief circle.")).to_be_visible()
    expect(page.get_by_role("button", name="Join this group")).to_be_visible()
    assert not Membership.objects.filter(user__email="jo@example.org", group=demo["grief"]).exists()
    page.get_by_role("button", name="Undo leaving Grief circle").click()
    expect(page.get_by_text("You're back in Grief circle.")).to_be_visible()
    expect(page.get_by_text("You're a member of this group.")).to_be_visible()
    assert Membership.objects.get(user__email="jo@example.org", group=demo["grief"]).status == "active"
    assert page.errors == []


def test_leaving_a_group_that_welcomes_each_member_says_so_and_offers_no_undo(page: Any,
                                                                              demo: dict[str, Any]) -> None:
    MembershipFactory(user=demo["member"], group=demo["carers"])
    sign_in(page, "member@kindred.test")
    page.goto("/#/groups/carers-evening")
    page.get_by_role("button", name="Leave this group").click()
    expect(page.locator("#leave-confirm")).to_contain_text("to come back you would ask to join again")
    page.get_by_role("button", name="Yes, leave Carers evening").click()
    expect(page.get_by_text("You've left Carers evening.")).to_be_visible()
    expect(page.get_by_role("button", name="Ask to join")).to_be_visible()
    expect(page.locator("#flash").get_by_role("button", name="Undo leaving Carers evening")).to_have_count(0)


def test_my_groups_on_my_home_lists_requests_and_a_request_is_withdrawn_in_kind_words(page: Any,
                                                                                       demo: dict[str, Any]) -> None:
    from kindred.groups.models import Membership

    PendingMembershipFactory(user=demo["member"], group=demo["carers"])
    sign_in(page, "member@kindred.test")  # lands on My meetings, the member's home
    mine = page.locator("section", has=page.get_by_role("heading", name="My groups"))
    expect(mine.get_by_role("link", name="Grief circle")).to_be_visible()
    expect(mine.get_by_role("heading", name="Waiting for a reply")).to_be_visible()
    mine.get_by_role("button", name="Withdraw my request to join Carers evening").click()
    expect(page.get_by_text("Your request to join Carers evening is withdrawn.")).to_be_visible()
    expect(page.get_by_text("You've left")).to_have_count(0)
    expect(page.get_by_text("welcome back")).to_have_count(0)
    expect(mine.get_by_role("heading", name="Waiting for a reply")).to_have_count(0)
    assert not Membership.objects.filter(user=demo["member"], group=demo["carers"]).exists()

    PendingMembershipFactory(user=demo["member"], group=demo["carers"])
    page.goto("/#/groups/carers-evening")  # withdrawing from the group's page says the same
    page.get_by_role("button", name="Withdraw my request").click()
    expect(page.get_by_text("Your request to join Carers evening is withdrawn.")).to_be_visible()
    expect(page.get_by_role("button", name="Ask to join")).to_be_visible()


def test_my_meetings_come_by_week_with_a_group_filter_and_the_calendar_first(page: Any,
                                                                             demo: dict[str, Any]) -> None:
    MembershipFactory(user=demo["member"], group=demo["carers"])
    sign_in(page, "member@kindred.test")
    expect(page.get_by_role("heading", name="My meetings")).to_be_visible()
    headings = page.locator("section.week > h3")
    expect(headings.first).to_be_visible()
    texts = headings.all_inner_texts()
    assert len(texts) >= 4 and len(set(texts)) == len(texts)
    assert all(text in ("This week", "Next week") or text.startswith("Week of Monday ") for text in texts), texts
    calendar = page.get_by_role("heading", name="In your calendar").bounding_box()
    coming_up = page.get_by_role("heading", name="Coming up").bounding_box()
    assert calendar and coming_up and calendar["y"] < coming_up["y"] < 2000

    everything = page.locator("li.meeting:visible").count()
    assert everything == 10  # six Tuesday circles and four Thursday cuppas
    page.get_by_label("Show meetings of").select_option(label="Carers evening")
    expect(page.get_by_role("status").filter(has_text="4 meetings of Carers evening")).to_be_visible()
    expect(page.locator("li.meeting:visible")).to_have_count(4)
    expect(page.locator("li.meeting:visible").get_by_role("link", name="Grief circle")).to_have_count(0)
    page.get_by_label("Show meetings of").select_option(label="All my groups")
    expect(page.locator("li.meeting:visible")).to_have_count(10)


def test_a_full_meeting_puts_me_on_the_waiting_list_and_tells_me_when_a_place_opens(page: Any,
                                                                                    demo: dict[str, Any]) -> None:
    from kindred.meetings import services
    from kindred.meetings.models import Rsvp

    sign_in(page, "member@kindred.test")
    first = page.locator("li.meeting").first
    choices = first.get_by_role("radiogroup", name="Will you come?")
    expect(choices.get_by_role("radio")).to_have_count(3)
    first.get_by_role("radio", name="Going", exact=True).click()
    waiting = first.get_by_role("radio", name="On the waiting list (1st)")
    expect(waiting).to_have_attribute("aria-checked", "true")
    expect(waiting).to_be_focused()  # focus stays on the chosen button
    expect(first.get_by_text("If a place opens up, you'll move up automatically.")).to_be_visible()

    services.rsvp_withdraw(user=Rsvp.objects.get(occurrence=demo["first"], status="going").user,
                           occurrence=demo["first"])  # Ari can't come after all
    page.get_by_role("link", name="Find", exact=True).click()
    page.get_by_role("link", name="My meetings").click()
    first = page.locator("li.meeting").first
    expect(first.get_by_text("A place opened up — you're going.")).to_be_visible()
    expect(first.get_by_role("radio", name="Going", exact=True)).to_have_attribute("aria-checked", "true")

    going = first.get_by_role("radio", name="Going", exact=True)
    going.focus()
    page.keyboard.press("ArrowRight")  # a radio group: arrows move the choice, focus follows
    maybe = first.get_by_role("radio", name="Maybe")
    expect(maybe).to_have_attribute("aria-checked", "true")
    expect(maybe).to_be_focused()
    expect(first.get_by_text("You said: Maybe.")).to_be_visible()
    assert Rsvp.objects.get(user=demo["member"], occurrence=demo["first"]).status == "maybe"


def test_members_see_the_names_people_chose_to_share(page: Any, demo: dict[str, Any]) -> None:
    MembershipFactory(user=UserFactory(display_name="Kit"), group=demo["grief"], show_on_roster=True)
    sign_in(page, "member@kindred.test")
    page.goto("/#/groups/grief-circle")
    roster = page.locator("section", has=page.get_by_role("heading", name="Members", exact=True))
    expect(roster.get_by_text("Kit")).to_be_visible()
    expect(roster.get_by_text("Ari")).to_have_count(0)  # Ari keeps their name off the list
    expect(page.get_by_role("heading", name="Facilitators")).to_be_visible()  # Robin is named there, as always
    expect(roster).to_contain_text("have chosen not to show a name here")
    page.get_by_label("Show my name on this group's members list").check()
    expect(page.get_by_text("Other members can now see your name in this group.")).to_be_visible()
    expect(roster.get_by_text("Sam")).to_be_visible()  # my own choice shows on the list at once


def test_capacity_and_errors_are_in_plain_words(page: Any, demo: dict[str, Any]) -> None:
    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host/grief-circle")
    meetings = page.locator("#upcoming-title + ul .meeting")
    expect(meetings.nth(0)).to_contain_text("1 place, taken")
    expect(meetings.nth(1)).to_contain_text("1 place, none taken")
    expect(page.get_by_text("of 1 places")).to_have_count(0)
    page.goto("/#/host")
    form = page.locator("form", has=page.get_by_role("button", name="Start the group"))
    expect(form.get_by_label("Who can join").locator("option")).to_have_text(
        ["Everyone is welcome: join straight away", "Ask to join: a facilitator welcomes each new member personally"])
    form.get_by_role("button", name="Start the group").click()
    expect(form.locator("#g-name-error")).to_have_text("Please fill in “Group name”.")
    expect(page.get_by_text("This field may not be blank.")).to_have_count(0)


# --- help and safety ---------------------------------------------------------------------------------

def test_help_is_in_the_page_before_the_script_runs_and_offline(browser: Any, live_server: Any, page: Any,
                                                                demo: dict[str, Any]) -> None:
    no_script = browser.new_context(viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    bare = no_script.new_page()
    bare.goto("/")
    bare.get_by_role("link", name="Need help now?").click()
    help_now = bare.locator("#site-help")
    expect(help_now).to_be_visible()
    expect(help_now.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")
    expect(help_now.get_by_role("link", name="findahelpline.com")).to_have_attribute("href", "https://findahelpline.com")
    no_script.close()

    page.goto("/")
    expect(page.get_by_role("heading", name="Find a group")).to_be_visible()
    wait_for_service_worker(page)
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#site-help").get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    page.context.set_offline(False)


def test_a_groups_help_is_credited_to_it_once_with_numbers_to_tap(page: Any, demo: dict[str, Any]) -> None:
    quiet = GroupFactory(name="Quiet readers", slug="quiet-readers", support_resources="")
    page.goto("/#/groups/grief-circle")
    box = page.locator(".help-box")
    expect(box).to_contain_text("Suggested by the facilitators of Grief circle")
    expect(box.get_by_role("link", name="116 123")).to_have_attribute("href", "tel:116123")
    page.get_by_role("link", name="Need help now?").click()
    expect(page.get_by_role("heading", name="Suggested by the facilitators of Grief circle")).to_be_visible()
    expect(page.get_by_text("Samaritans: 116 123")).to_have_count(1)
    expect(page.locator("#site-help")).to_be_hidden()  # shown once, in the page, not again in the footer
    expect(page.locator("main").get_by_role("link", name="findahelpline.com")).to_have_attribute(
        "href", "https://findahelpline.com")

    page.goto("/#/groups/quiet-readers")  # no help text of its own: nothing is credited to it
    expect(page.get_by_role("heading", name="Quiet readers", level=1)).to_be_visible()
    expect(page.locator(".help-box")).to_have_count(0)
    expect(page.locator("#site-help")).to_be_visible()
    page.get_by_role("link", name="Need help now?").click()
    expect(page.get_by_role("heading", name="Wherever you are")).to_be_visible()
    expect(page.get_by_text("Suggested by")).to_have_count(0)

    FacilitatorMembershipFactory(user=demo["facilitator"], group=quiet)
    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host/quiet-readers")  # the site's advice is not the group's to save as its own
    expect(page.get_by_label("Where to find help now")).to_have_value("")


def test_concerns_are_raised_about_a_meeting_or_a_facilitator_and_reach_the_right_people(
        browser: Any, live_server: Any, page: Any, demo: dict[str, Any]) -> None:
    from kindred.moderation.models import Concern

    sign_in(page, "member@kindred.test")
    page.goto("/#/groups/grief-circle")
    page.get_by_role("link", name="Raise a concern", exact=True).click()
    expect(page.get_by_role("heading", name="Raise a concern")).to_be_visible()
    expect(page.get_by_text("Kindred's site team reads it instead")).to_be_visible()
    expect(page.get_by_text("the person it's about never is")).to_be_visible()
    page.get_by_label("Someone in the group").check()
    page.get_by_label("Who it's about").select_option(label="Robin (facilitator)")
    page.get_by_label("What happened").fill("Robin spoke over people again and again.")
    page.get_by_role("button", name="Send my concern").click()
    expect(page.get_by_text("Your concern was sent to Kindred's site team.")).to_be_visible()
    about_robin = Concern.objects.get(message__startswith="Robin spoke")
    assert about_robin.for_moderators and about_robin.subject_user == demo["facilitator"]

    page.get_by_role("link", name="My meetings").click()
    page.locator("li.meeting").first.get_by_role("link", name="Raise a concern about this meeting").click()
    expect(page.get_by_label("This meeting: Tuesday circle", exact=False)).to_be_checked()
    page.get_by_label("What happened").fill("The link did not work and nobody said.")
    page.get_by_role("button", name="Send my concern").click()
    expect(page.get_by_text("Your concern was sent to the facilitators of Grief circle.")).to_be_visible()
    assert Concern.objects.get(message__startswith="The link").occurrence == demo["first"]

    host, robin = second_person(browser, live_server, "facilitator@kindred.test")
    robin.goto("/#/host")
    grief = robin.locator("li.card", has=robin.get_by_role("link", name="Grief circle"))
    expect(grief.get_by_text("Waiting for you: 1 open concern")).to_be_visible()
    grief.get_by_role("link", name="Grief circle").click()
    inbox = robin.locator("section", has=robin.get_by_role("heading", name="Concerns"))
    expect(inbox.get_by_text("The link did not work and nobody said.")).to_be_visible()
    expect(inbox.get_by_text("About the meeting on")).to_be_visible()
    expect(inbox.get_by_text("Robin spoke over people")).to_have_count(0)  # about a facilitator: staff only
    expect(inbox).not_to_contain_text("Sam")  # the reporter is never shown
    inbox.get_by_text("Resolve this concern").click()
    inbox.get_by_label("What was done").fill("Checked the link and posted the right one.")
    inbox.get_by_role("button", name="Mark as resolved").click()
    expect(inbox.get_by_text("No open concerns.")).to_be_visible()
    host.close()


def test_the_site_team_sees_concerns_that_name_a_facilitator_in_host(page: Any, demo: dict[str, Any]) -> None:
    from kindred.moderation.models import Concern

    UserFactory(email="moderator@kindred.test", display_name="Mo", is_staff=True)
    Concern.objects.create(reporter=demo["member"], group=demo["grief"], subject_user=demo["facilitator"],
                           for_moderators=True, message="Robin shouted at a newcomer.")
    Concern.objects.create(reporter=demo["member"], group=demo["grief"], message="The room was cold.")
    sign_in(page, "moderator@kindred.test")
    page.get_by_role("link", name="Host", exact=True).click()
    team = page.locator("section", has=page.get_by_role("heading", name="Concerns for Kindred's site team"))
    expect(team.get_by_text("Robin shouted at a newcomer.")).to_be_visible()
    expect(team.get_by_role("link", name="Grief circle")).to_be_visible()
    expect(team.get_by_text("About Robin")).to_be_visible()
    expect(team.get_by_text("The room was cold.")).to_have_count(0)  # the facilitators' to read
    expect(team).not_to_contain_text("Sam")  # never who raised it
    team.get_by_text("Resolve this concern").click()
    team.get_by_label("What was done").fill("Spoke with Robin; they apologised to the group.")
    team.get_by_role("button", name="Mark as resolved").click()
    expect(team.get_by_text("No open concerns.")).to_be_visible()

    page.get_by_role("link", name="Me", exact=True).click()  # a facilitator, not staff, sees no such panel
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You've signed out.")).to_be_visible()
    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host")
    expect(page.get_by_role("heading", name="Groups you host")).to_be_visible()
    expect(page.get_by_role("heading", name="Concerns for Kindred's site team")).to_have_count(0)


# --- facilitating ------------------------------------------------------------------------------------

def test_requests_are_counted_announced_by_email_choice_and_the_empty_panel_says_so(page: Any,
                                                                                   demo: dict[str, Any]) -> None:
    PendingMembershipFactory(user=UserFactory(display_name="Noor"), group=demo["carers"])
    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host")
    carers = page.locator("li.card", has=page.get_by_role("link", name="Carers evening"))
    expect(carers.get_by_text("Waiting for you: 1 request to join")).to_be_visible()
    carers.get_by_role("link", name="Carers evening").click()
    page.get_by_role("button", name="Welcome Noor").click()
    expect(page.get_by_text("Noor is now a member.")).to_be_visible()
    requests = page.locator("section", has=page.get_by_role("heading", name="Join requests"))
    expect(requests.get_by_text("No requests waiting.")).to_be_visible()
    requests.get_by_role("link", name="Me").click()
    box = page.get_by_label("Someone asks to join a group I facilitate")
    expect(box).not_to_be_checked()  # off until chosen


def test_a_series_is_edited_and_ended_a_cancellation_undone_and_new_meetings_shown(page: Any,
                                                                                  demo: dict[str, Any]) -> None:
    from kindred.meetings.models import MeetingSeries, Occurrence

    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host/carers-evening")
    series = page.locator("section", has=page.get_by_role("heading", name="Meeting series"))
    cuppa = series.locator("li.card", has=page.get_by_role("heading", name="Carers' cuppa"))
    expect(cuppa).to_contain_text("Every week on Thursday at 18:30 (Europe/Berlin)")
    cuppa.get_by_text("Edit the whole series").click()
    cuppa.get_by_label("Starts at").fill("19:15")
    cuppa.get_by_role("button", name="Save the series").click()
    expect(page.get_by_text("The series is changed.")).to_be_visible()
    zone = ZoneInfo("Europe/Berlin")
    times = {o.starts_at.astimezone(zone).strftime("%H:%M") for o in Occurrence.objects.filter(group=demo["carers"])}
    assert times == {"19:15"}

    upcoming = page.locator("#upcoming-title + ul .meeting")
    first = upcoming.first
    first.get_by_text("Cancel this meeting", exact=True).first.click()
    first.get_by_label("A note for members").fill("Snow.")
    first.get_by_role("button", name="Cancel this meeting").click()
    expect(page.get_by_text("Cancelled. Members who planned to come are told.")).to_be_visible()
    page.locator("#upcoming-title + ul .meeting.cancelled").get_by_role("button", name="Undo the cancellation").click()
    expect(page.get_by_text("The meeting is back on.")).to_be_visible()
    expect(page.locator("#upcoming-title + ul .meeting.cancelled")).to_have_count(0)
    assert set(Occurrence.objects.filter(group=demo["carers"]).values_list("status", flat=True)) == {"scheduled"}

    schedule = page.locator("form", has=page.get_by_role("button", name="Schedule"))
    schedule.get_by_label("Title").fill("Saturday walk")
    schedule.get_by_label("Every week").check()
    schedule.get_by_label("Saturday").check()
    schedule.get_by_label("Or how many meetings").fill("3")
    schedule.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Scheduled.")).to_be_visible()
    expect(page.locator("#upcoming-title")).to_be_focused()  # the new meetings, not the top of the form
    expect(page.locator("#upcoming-title + ul .meeting.new")).to_have_count(3)
    expect(page.locator("#upcoming-title + ul .meeting.new").first).to_contain_text("New")

    series = page.locator("section", has=page.get_by_role("heading", name="Meeting series"))
    cuppa = series.locator("li.card", has=page.get_by_role("heading", name="Carers' cuppa"))
    cuppa.get_by_text("End the series").click()
    cuppa.get_by_role("button", name="End “Carers' cuppa”").click()
    expect(page.get_by_text("“Carers' cuppa” has ended.")).to_be_visible()
    expect(series.get_by_role("heading", name="Carers' cuppa")).to_have_count(0)
    assert MeetingSeries.objects.get(title="Carers' cuppa").ended_at is not None
    now = dt.datetime.now(tz=dt.UTC)
    assert not Occurrence.objects.filter(series__title="Carers' cuppa", starts_at__gt=now).exists()


def test_the_new_screens_reflow_at_320_css_pixels(browser: Any, live_server: Any, demo: dict[str, Any]) -> None:
    """200 % zoom of a 640 px window: nothing on the new screens makes the page scroll sideways."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=live_server.url)
    page = context.new_page()
    MembershipFactory(user=demo["member"], group=demo["carers"])
    sign_in(page, "member@kindred.test")
    screens = [("/#/meetings", "My groups"), ("/#/concern?group=grief-circle&occurrence=1", "Who reads this"),
               ("/#/help?group=grief-circle", "Wherever you are"), ("/#/groups/grief-circle", "Members")]
    for address, ready in screens:
        page.goto(address)
        expect(page.get_by_role("heading", name=ready, exact=True)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), address
    page.get_by_role("button", name="Leave this group").click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, "facilitator@kindred.test")
    page.goto("/#/host/grief-circle")
    expect(page.get_by_role("heading", name="Meeting series")).to_be_visible()
    for summary in ("Edit the whole series", "End the series"):
        page.get_by_text(summary).click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
