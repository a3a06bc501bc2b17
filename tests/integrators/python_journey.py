"""What an integrator's script looks like with the client openapi-python-client generates from
docs/openapi.yaml (`make clients`). tests/integrators/test_generated_clients.py type-checks it with
`mypy --strict` and no `Any` in any expression it writes, then runs it against a live server:

    python python_journey.py <base URL> <token> <group slug> <search words>

It prints one JSON line of what it saw. `every_result` comes from docs/api.md (the recipe there).
"""

from __future__ import annotations

import json
import sys
from typing import TypeVar

from kindred_client import AuthenticatedClient, Client
from kindred_client.api.feeds import groups_calendar_ics_retrieve, me_calendar_ics_retrieve
from kindred_client.api.groups import (
    groups_list,
    groups_membership_create,
    groups_membership_destroy,
    groups_retrieve,
)
from kindred_client.api.me import me_meetings_list, me_retrieve
from kindred_client.api.meetings import (
    groups_occurrences_list,
    groups_series_list,
    occurrences_retrieve,
    occurrences_rsvp_update,
    series_retrieve,
)
from kindred_client.api.meta import meta_retrieve
from kindred_client.models import (
    JoinInputRequest,
    MembershipStatusEnum,
    Problem,
    RsvpInputRequest,
    RsvpInputStatusEnum,
    RsvpOutputStatusEnum,
)
from kindred_client.types import UNSET
from kindred_pages import every_result

Answer = TypeVar("Answer")


def ok(answer: Answer | Problem | None) -> Answer:
    """The answer, or an exception that says which problem came back."""
    if answer is None or isinstance(answer, Problem):
        raise RuntimeError(f"Kindred answered a problem: {answer!r}")
    return answer


def main(base_url: str, token: str, slug: str, words: str) -> dict[str, object]:
    anyone = Client(base_url=base_url, raise_on_unexpected_status=True)  # no credentials at all
    member = AuthenticatedClient(base_url=base_url, token=token, prefix="Bearer", raise_on_unexpected_status=True)

    # The public reads take a plain Client: the directory (numbered pages), a group, its meetings (cursors).
    found = [group.slug for group in every_result(
        lambda query: groups_list.sync(client=anyone, q=words, page_size=2, page=int(query.get("page", "1"))))]
    group = ok(groups_retrieve.sync(slug, client=anyone))
    meetings = list(every_result(
        lambda query: groups_occurrences_list.sync(slug, client=anyone, page_size=2,
                                                   cursor=query.get("cursor", UNSET))))
    series = list(every_result(
        lambda query: groups_series_list.sync(slug, client=anyone, page=int(query.get("page", "1")))))
    first_series = ok(series_retrieve.sync(series[0].id, client=anyone))
    first_meeting = ok(occurrences_retrieve.sync(meetings[0].id, client=anyone))
    formats = [term.code for term in ok(meta_retrieve.sync(client=anyone)).formats]
    group_feed = ok(groups_calendar_ics_retrieve.sync(slug, client=anyone))

    # Signed in with a `read write` token: my profile gives the private feed's secret, no URL to take
    # apart (a `read` token gets None: the secret is a credential).
    me = ok(me_retrieve.sync(client=member))
    assert isinstance(me.calendar_secret, str)
    my_feed = ok(me_calendar_ics_retrieve.sync(me.calendar_secret, client=anyone))
    joined = ok(groups_membership_create.sync(slug, client=member, body=JoinInputRequest(agreed=True)))
    rsvp = ok(occurrences_rsvp_update.sync(first_meeting.id, client=member,
                                           body=RsvpInputRequest(status=RsvpInputStatusEnum.GOING)))
    mine = [meeting.id for meeting in every_result(
        lambda query: me_meetings_list.sync(client=member, cursor=query.get("cursor", UNSET)))]
    # A 204 has no body: openapi-python-client types its parsed value as Any, so only the status is read.
    left = groups_membership_destroy.sync_detailed(slug, client=member).status_code  # type: ignore[misc]

    return {
        "found": found, "group": group.name, "group_topics": group.topics, "meetings": len(meetings),
        "series_title": first_series.title, "formats": formats,
        "group_feed": group_feed.startswith("BEGIN:VCALENDAR"), "my_feed": my_feed.startswith("BEGIN:VCALENDAR"),
        "joined": joined.status == MembershipStatusEnum.ACTIVE, "going": rsvp.status == RsvpOutputStatusEnum.GOING,
        "my_meetings": mine, "left": left,
    }


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:5])))
