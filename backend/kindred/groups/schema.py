"""The groups app's part of the OpenAPI document: response shapes, examples and each view's operations.

The shapes below declare what ``kindred.groups.presenters`` renders (for drf-spectacular and DRF's
OPTIONS metadata); a ``Rendered`` field says its type, and nothing here renders anything.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import serializers

from kindred.api.schema import Rendered, problem_doc, request_example, response_example
from kindred.common.fields import id_field

from .models import Group, Membership
from .serializers import (
    InvitationOutputSerializer,
    MembershipOutputSerializer,
)

TAGS = ["groups"]
NO_CONTENT = OpenApiResponse(description="Done.")

GROUP_EXAMPLE = response_example("group", {
    "slug": "grief-circle-hackney", "name": "Grief circle, Hackney",
    "description": "For anyone living with the loss of someone close.", "topics": ["grief"],
    "languages": ["en"], "format": "hybrid", "join_policy": "open", "address": "12 Mare Street",
    "city": "London", "region": "", "country": "GB", "latitude": 51.545, "longitude": -0.055,
    "approximate": False, "accessibility": ["step_free", "hearing_loop"], "time_zone": "Europe/London",
    "online_url": None, "online_phone": None, "member_count": 14, "facilitators": [{"name": "Ade"}],
    "looking_for_facilitator": False, "distance_km": None,
    "next_meeting": {"id": 311, "starts_at": "2026-11-10T19:00:00Z", "ends_at": "2026-11-10T20:30:00Z",
                     "local_starts_at": "2026-11-10T19:00:00+00:00", "local_ends_at": "2026-11-10T20:30:00+00:00",
                     "time_zone": "Europe/London"},
    "created_at": "2026-11-01T10:00:00Z",
    "agreements": "We listen without judging. What is said here stays here.", "agreements_version": 1,
    "support_resources": "Samaritans: 116 123 (free, 24/7).", "support_resources_source": "group",
    "online_link_public": False,
    "listed": True, "is_archived": False, "updated_at": "2026-11-01T10:00:00Z", "my_membership": None})
GROUP_REF = {"slug": "grief-circle-hackney", "name": "Grief circle, Hackney", "format": "hybrid",
             "join_policy": "open", "time_zone": "Europe/London", "is_archived": False}
INVITATION_EXAMPLE = response_example(
    "invitation", {"id": 5, "group": GROUP_REF, "invited_by_name": "Ade", "created_at": "2026-11-03T19:30:00Z"})
MEMBERSHIP_EXAMPLE = response_example("membership", {
    "id": 42, "group": "grief-circle-hackney", "role": "member", "status": "active", "display_name": "",
    "name_in_group": "Sam", "show_on_roster": False, "agreed_version": 1, "agreements_pending": False,
    "joined_at": "2026-11-02T18:00:00Z", "created_at": "2026-11-02T18:00:00Z"})
TOO_MANY_GROUPS = problem_doc(409, "You can facilitate at most 10 groups. Step down from one, or archive one "
                                   "you no longer hold, before taking on another.", code="too_many_groups")


class FacilitatorNameOutputSerializer(serializers.Serializer):
    name = serializers.CharField(source="name_in_group", help_text="Their name in this group.")


class MyMembershipBriefOutputSerializer(serializers.ModelSerializer):
    name_in_group = serializers.CharField()
    agreements_pending = serializers.BooleanField(read_only=True)

    class Meta:
        model = Membership
        fields = ("id", "role", "status", "name_in_group", "show_on_roster", "agreements_pending")
        read_only_fields = fields


class NextMeetingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The occurrence: GET /occurrences/{id}/.")
    starts_at = serializers.DateTimeField(help_text="In UTC.")
    ends_at = serializers.DateTimeField(help_text="In UTC.")
    local_starts_at = serializers.DateTimeField(help_text="The same instant with the offset of `time_zone`.")
    local_ends_at = serializers.DateTimeField(help_text="The same instant with the offset of `time_zone`.")
    time_zone = serializers.CharField(help_text="Where the meeting's clock is: its IANA zone.")


class GroupSummaryOutputSerializer(serializers.ModelSerializer):
    """A group as the directory shows it."""

    online_url = Rendered(serializers.CharField(allow_null=True),
                          help_text="Null unless you are a member or the link is public.")
    online_phone = Rendered(serializers.CharField(allow_null=True),
                            help_text="Null unless you are a member or it is public.")
    member_count = serializers.IntegerField(read_only=True)
    facilitators = FacilitatorNameOutputSerializer(many=True, read_only=True)
    looking_for_facilitator = Rendered(serializers.BooleanField())
    distance_km = Rendered(serializers.FloatField(allow_null=True),
                           help_text="Only when the directory is searched `near` a place.")
    next_meeting = Rendered(NextMeetingOutputSerializer(allow_null=True),
                            help_text="The next scheduled meeting, or null.")
    topics = serializers.ListField(child=serializers.CharField(), read_only=True,
                                   help_text="Lower-case tags, e.g. ['grief'].")
    languages = serializers.ListField(child=serializers.CharField(), read_only=True,
                                      help_text="BCP 47 codes, e.g. ['en', 'es'].")
    accessibility = serializers.ListField(child=serializers.ChoiceField(choices=Group.ACCESSIBILITY_FACETS),
                                          read_only=True)

    class Meta:
        model = Group
        fields: tuple[str, ...] = (
            "slug", "name", "description", "topics", "languages", "format", "join_policy", "address",
            "city", "region", "country", "latitude", "longitude", "approximate", "accessibility",
            "time_zone", "online_url", "online_phone", "member_count", "facilitators",
            "looking_for_facilitator", "distance_km", "next_meeting", "created_at")
        read_only_fields: tuple[str, ...] = fields


class GroupOutputSerializer(GroupSummaryOutputSerializer):
    """A group's page: agreements, where to find help now, and the caller's own membership."""

    support_resources = serializers.CharField(read_only=True)
    support_resources_source = serializers.ChoiceField(
        choices=["group", "site"], read_only=True,
        help_text=("`group`: the group's facilitators wrote `support_resources`; `site`: the group has none, "
                   "so it is the site's general advice (say so, rather than crediting the group)."))
    my_membership = Rendered(MyMembershipBriefOutputSerializer(allow_null=True),
                             help_text="Your membership here, or null.")

    class Meta(GroupSummaryOutputSerializer.Meta):
        fields = (*GroupSummaryOutputSerializer.Meta.fields, "agreements", "agreements_version",
                  "support_resources", "support_resources_source", "online_link_public", "listed", "is_archived",
                  "updated_at", "my_membership")
        read_only_fields = fields


# --- each view's operations -----------------------------------------------------------------------

step_down = extend_schema(tags=TAGS, summary="Step down as facilitator (you stay a member)", request=None,
                          responses={200: MembershipOutputSerializer}, examples=[MEMBERSHIP_EXAMPLE])

roster = extend_schema(tags=TAGS, summary="Who is in the group (those who chose to show), with counts",
                       examples=[response_example("roster", {"id": 42, "name": "Sam", "pronouns": "they/them",
                                                             "role": "member"})])

join_requests = extend_schema(
    tags=TAGS, summary="Requests waiting to join (facilitators)",
    examples=[response_example("request", {
        "id": 57, "name": "Jo", "pronouns": "", "message": "A friend told me about this circle.",
        "requested_at": "2026-11-04T08:20:00Z"})])

join_request_approve = extend_schema(tags=TAGS, summary="Welcome a request to join (facilitators)", request=None,
                                     responses={200: MembershipOutputSerializer}, examples=[MEMBERSHIP_EXAMPLE])

join_request_decline = extend_schema(tags=TAGS, summary="Decline a request to join (facilitators)", request=None,
                                     responses={204: NO_CONTENT})

class FacilitatorInviteByMembershipSerializer(serializers.Serializer):
    membership_id = id_field(help_text="The member's membership id, as the roster shows it.")


class FacilitatorInviteByUserSerializer(serializers.Serializer):
    user_id = id_field(help_text="The member's user id.")


# The server takes exactly one of the two ids (kindred.groups.serializers.FacilitatorInviteInputSerializer).
FACILITATOR_INVITE_INPUT = PolymorphicProxySerializer(
    component_name="FacilitatorInviteInput", resource_type_field_name=None,
    serializers=[FacilitatorInviteByMembershipSerializer, FacilitatorInviteByUserSerializer])

facilitators = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="The group's facilitators (members)",
                      examples=[response_example("facilitator", {"membership_id": 12, "name": "Ade",
                                                                 "pronouns": "she/her"})]),
    post=extend_schema(
        tags=TAGS, summary="Invite a member to co-facilitate (they accept it themselves)",
        request=FACILITATOR_INVITE_INPUT,
        responses={201: InvitationOutputSerializer, 409: problem_doc(409, "Already a facilitator or invited.")},
        examples=[request_example("invite", membership_id=42), INVITATION_EXAMPLE]),
)

my_memberships = extend_schema(
    tags=["me"], summary="My groups: role, status, my name there, agreements to re-read",
    examples=[response_example("my group", {**MEMBERSHIP_EXAMPLE.value, "group": GROUP_REF})])

my_invitations = extend_schema(
    tags=["me"], summary="Invitations to co-facilitate a group", examples=[INVITATION_EXAMPLE])

invitation_accept = extend_schema(
    tags=["me"], summary="Accept an invitation: you become a co-facilitator", request=None,
    responses={200: MembershipOutputSerializer, 409: TOO_MANY_GROUPS},
    examples=[MEMBERSHIP_EXAMPLE])

invitation_decline = extend_schema(tags=["me"], summary="Decline an invitation to co-facilitate", request=None,
                                   responses={204: NO_CONTENT})
