"""API1 Broken Object Level Authorization: every route with an object in its path answers 404 to a
caller who may not see that object (another person's token, invitation or calendar; another
group's request, member or concern; anything in a group hidden from the caller).

The caller is the strongest outsider: signed in and a facilitator of a *different* group.
``test_every_parameterised_route_is_covered`` fails when a new route with a path parameter is
added without a case here.
"""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from kindred.accounts import services as accounts
from kindred.groups.models import FacilitatorInvitation, Membership
from kindred.moderation.models import Concern
from kindred.webhooks import signing
from kindred.webhooks.models import Webhook
from tests.conftest import client_for
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """A hidden (archived) group with everything in it, another person's things, and the outsider."""
    hidden = GroupFactory(is_archived=True)
    FacilitatorMembershipFactory(group=hidden)
    member = MembershipFactory(group=hidden).user
    series = MeetingSeriesFactory(group=hidden, capacity=4)
    occurrence = OccurrenceFactory(series=series)
    other_group = GroupFactory()
    FacilitatorMembershipFactory(group=other_group)
    request = MembershipFactory(group=other_group, status=Membership.Status.PENDING)
    other_member = MembershipFactory(group=other_group)
    concern = Concern.objects.create(reporter=member, group=other_group, message="about something")
    token, _key = accounts.api_token_create(user=member, name="theirs", scope="read")
    invitation = FacilitatorInvitation.objects.create(group=other_group, invitee=other_member.user)
    outsider_group = GroupFactory()
    outsider = FacilitatorMembershipFactory(group=outsider_group).user
    webhook = Webhook.objects.create(group=other_group, url="https://192.0.2.10/hooks", events=["series.created"],
                                     secret_encrypted=signing.encrypt(signing.secret_new()))
    from kindred.accounts.models import SignedInSession
    from tests.conftest import session_client

    session_client(member)  # the member is signed in somewhere: their session is not the outsider's to end
    their_session = SignedInSession.objects.get(user=member).public_id
    return {"hidden": hidden.slug, "series": series.pk, "occurrence": occurrence.pk, "token": token.pk,
            "mine": outsider_group.slug, "request": request.pk, "member": other_member.pk, "concern": concern.pk,
            "invitation": invitation.pk, "outsider": outsider, "webhook": webhook.pk, "session": their_session}


# route template -> [(method, url builder)] each of which must answer 404 to the outsider.
CASES = {
    "/api/v1/auth/tokens/{token_id}/": [("delete", "/api/v1/auth/tokens/{token}/")],
    "/api/v1/me/sessions/{session_id}/": [("delete", "/api/v1/me/sessions/{session}/")],
    "/api/v1/concerns/{concern_id}/resolve/": [("post", "/api/v1/concerns/{concern}/resolve/")],
    "/api/v1/groups/{slug}/": [("get", "/api/v1/groups/{hidden}/"), ("patch", "/api/v1/groups/{hidden}/"),
                               ("delete", "/api/v1/groups/{hidden}/")],
    "/api/v1/groups/{slug}/calendar.ics": [("get", "/api/v1/groups/{hidden}/calendar.ics")],
    "/api/v1/groups/{slug}/concerns/": [("get", "/api/v1/groups/{hidden}/concerns/")],
    "/api/v1/groups/{slug}/facilitators/": [("get", "/api/v1/groups/{hidden}/facilitators/"),
                                            ("post", "/api/v1/groups/{hidden}/facilitators/")],
    "/api/v1/groups/{slug}/members/": [("get", "/api/v1/groups/{hidden}/members/")],
    "/api/v1/groups/{slug}/members/{membership_id}/remove/": [
        ("post", "/api/v1/groups/{mine}/members/{member}/remove/")],
    "/api/v1/groups/{slug}/membership/": [("get", "/api/v1/groups/{hidden}/membership/"),
                                          ("post", "/api/v1/groups/{hidden}/membership/")],
    "/api/v1/groups/{slug}/membership/step-down/": [("post", "/api/v1/groups/{hidden}/membership/step-down/")],
    "/api/v1/groups/{slug}/occurrences/": [("get", "/api/v1/groups/{hidden}/occurrences/")],
    "/api/v1/groups/{slug}/requests/": [("get", "/api/v1/groups/{hidden}/requests/")],
    "/api/v1/groups/{slug}/requests/{request_id}/approve/": [
        ("post", "/api/v1/groups/{mine}/requests/{request}/approve/")],
    "/api/v1/groups/{slug}/requests/{request_id}/decline/": [
        ("post", "/api/v1/groups/{mine}/requests/{request}/decline/")],
    "/api/v1/groups/{slug}/series/": [("get", "/api/v1/groups/{hidden}/series/"),
                                      ("post", "/api/v1/groups/{hidden}/series/")],
    # A group's webhooks: everything in a hidden group, and another group's webhook under my own group.
    "/api/v1/groups/{slug}/webhooks/": [("get", "/api/v1/groups/{hidden}/webhooks/"),
                                        ("post", "/api/v1/groups/{hidden}/webhooks/")],
    "/api/v1/groups/{slug}/webhooks/{webhook_id}/": [("get", "/api/v1/groups/{mine}/webhooks/{webhook}/"),
                                                     ("delete", "/api/v1/groups/{mine}/webhooks/{webhook}/")],
    "/api/v1/groups/{slug}/webhooks/{webhook_id}/ping/": [("post", "/api/v1/groups/{mine}/webhooks/{webhook}/ping/")],
    "/api/v1/groups/{slug}/webhooks/{webhook_id}/deliveries/": [
        ("get", "/api/v1/groups/{mine}/webhooks/{webhook}/deliveries/")],
    "/api/v1/me/calendar/{secret}.ics": [("get", "/api/v1/me/calendar/not-anyones-secret.ics")],
    "/api/v1/me/invitations/{invitation_id}/accept/": [("post", "/api/v1/me/invitations/{invitation}/accept/")],
    "/api/v1/me/invitations/{invitation_id}/decline/": [("post", "/api/v1/me/invitations/{invitation}/decline/")],
    "/api/v1/notifications/unsubscribe/{token}/": [("post", "/api/v1/notifications/unsubscribe/forged-token/")],
    "/api/v1/occurrences/{occurrence_id}/": [("get", "/api/v1/occurrences/{occurrence}/"),
                                             ("patch", "/api/v1/occurrences/{occurrence}/")],
    "/api/v1/occurrences/{occurrence_id}/attendees/": [("get", "/api/v1/occurrences/{occurrence}/attendees/")],
    "/api/v1/occurrences/{occurrence_id}/cancel/": [("post", "/api/v1/occurrences/{occurrence}/cancel/")],
    "/api/v1/occurrences/{occurrence_id}/restore/": [("post", "/api/v1/occurrences/{occurrence}/restore/")],
    "/api/v1/occurrences/{occurrence_id}/rsvp/": [("get", "/api/v1/occurrences/{occurrence}/rsvp/"),
                                                  ("put", "/api/v1/occurrences/{occurrence}/rsvp/"),
                                                  ("delete", "/api/v1/occurrences/{occurrence}/rsvp/")],
    "/api/v1/series/{series_id}/": [("get", "/api/v1/series/{series}/"), ("patch", "/api/v1/series/{series}/"),
                                    ("delete", "/api/v1/series/{series}/")],
}
BODIES = {"post": {"agreed": True, "note": "x", "reason": "A safety reason given here.", "user_id": 1,
                   "url": "https://93.184.215.14/hooks"},
          "put": {"status": "going"}, "patch": {"title": "x", "name": "x", "note": "x"}}


def test_every_parameterised_route_is_covered():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert sorted(path for path in paths if "{" in path) == sorted(CASES)


@pytest.mark.parametrize(("route", "method", "template"),
                         [(route, method, template) for route, cases in CASES.items() for method, template in cases])
def test_an_object_the_caller_may_not_see_is_404(world, route, method, template):
    client = client_for(world["outsider"])
    url = template.format(**world)
    response = getattr(client, method)(url, BODIES.get(method), format="json")
    assert response.status_code == 404, (method, url, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
