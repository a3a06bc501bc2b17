"""Groups endpoints: the directory, a group, membership, roster, requests, co-facilitation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from kindred.accounts.permissions import authenticated_user
from kindred.api.caching import DIRECTORY, public_cache
from kindred.api.pagination import PageNumberPagination
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.schema import problem_doc
from kindred.api.throttling import JoinThrottle
from kindred.common.errors import NotFound

from . import access, selectors, services
from .filters import GroupDirectoryQuerySerializer, apply_directory_filters
from .models import FacilitatorInvitation, Group, Membership
from .permissions import GroupRole, HasGroupRole, role_of
from .serializers import (
    FacilitatorInviteInputSerializer,
    FacilitatorOutputSerializer,
    GroupCreateInputSerializer,
    GroupOutputSerializer,
    GroupSummaryOutputSerializer,
    GroupUpdateInputSerializer,
    InvitationOutputSerializer,
    JoinInputSerializer,
    JoinRequestOutputSerializer,
    MemberRemoveInputSerializer,
    MembershipOutputSerializer,
    MembershipPatchInputSerializer,
    MyMembershipOutputSerializer,
    RosterCountsOutputSerializer,
    RosterEntryOutputSerializer,
)

TAGS = ["groups"]
NO_CONTENT = OpenApiResponse(description="Done.")

GROUP_EXAMPLE = OpenApiExample(
    "group", response_only=True,
    value={"slug": "grief-circle-hackney", "name": "Grief circle, Hackney",
           "description": "For anyone living with the loss of someone close.", "topics": ["grief"],
           "languages": ["en"], "format": "hybrid", "join_policy": "open", "address": "12 Mare Street",
           "city": "London", "region": "", "country": "GB", "latitude": 51.545, "longitude": -0.055,
           "approximate": False, "accessibility": ["step_free", "hearing_loop"], "time_zone": "Europe/London",
           "online_url": None, "online_phone": None, "member_count": 14, "facilitators": [{"name": "Ade"}],
           "looking_for_facilitator": False, "distance_km": None, "created_at": "2026-11-01T10:00:00Z",
           "agreements": "We listen without judging. What is said here stays here.", "agreements_version": 1,
           "support_resources": "Samaritans: 116 123 (free, 24/7).", "online_link_public": False,
           "listed": True, "is_archived": False, "updated_at": "2026-11-01T10:00:00Z", "my_membership": None},
)
GROUP_CREATE_EXAMPLE = OpenApiExample(
    "create", request_only=True,
    value={"name": "Grief circle, Hackney", "description": "For anyone living with the loss of someone close.",
           "format": "hybrid", "join_policy": "open", "time_zone": "Europe/London", "languages": ["en"],
           "topics": ["grief"], "city": "London", "country": "GB", "online_url": "https://meet.example.org/grief",
           "agreements": "We listen without judging. What is said here stays here."},
)
GROUP_REF = {"slug": "grief-circle-hackney", "name": "Grief circle, Hackney", "format": "hybrid",
             "join_policy": "open", "time_zone": "Europe/London", "is_archived": False}
INVITATION_EXAMPLE = OpenApiExample(
    "invitation", response_only=True,
    value={"id": 5, "group": GROUP_REF, "invited_by_name": "Ade", "created_at": "2026-11-03T19:30:00Z"},
)
MEMBERSHIP_EXAMPLE = OpenApiExample(
    "membership", response_only=True,
    value={"id": 42, "group": "grief-circle-hackney", "role": "member", "status": "active", "display_name": "",
           "name_in_group": "Sam", "show_on_roster": False, "agreed_version": 1, "agreements_pending": False,
           "joined_at": "2026-11-02T18:00:00Z", "created_at": "2026-11-02T18:00:00Z"},
)


if TYPE_CHECKING:  # type-checked as the APIView it is always mixed into; at runtime a plain mixin
    _ViewBase = APIView
else:
    _ViewBase = object


class GroupScopedMixin(_ViewBase):
    """Loads ``self.group`` (404 if the caller may not see it) and the caller's membership, then
    checks the role the view declares for the request's method (``permissions.HasGroupRole``)."""

    group_permission: GroupRole = GroupRole.ANYONE
    group_write_permission: GroupRole = GroupRole.FACILITATOR

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.group = self.load_group(request, kwargs["slug"])
        self.membership = selectors.membership_get(user=request.user, group=self.group)
        self.group_role = role_of(request.user, self.membership)
        permission = HasGroupRole()
        if not permission.has_permission(request, self):
            self.permission_denied(request, message=permission.message)

    def load_group(self, request: Request, slug: str) -> Any:
        return access.group_for(request.user, slug)


# --- the directory and one group -------------------------------------------------------------------

class DirectoryContentNegotiation(DefaultContentNegotiation):
    """In the directory ``?format=`` filters by meeting format (the spec's parameter), so it must
    not also pick a renderer as DRF's URL_FORMAT_OVERRIDE would; the API only speaks JSON anyway."""

    class settings:  # noqa: N801 - stands in for api_settings, read as self.settings.URL_FORMAT_OVERRIDE
        URL_FORMAT_OVERRIDE = None


DIRECTORY_PARAMS = (*GroupDirectoryQuerySerializer().fields, "page", "page_size")


@method_decorator(public_cache(DIRECTORY, params=DIRECTORY_PARAMS), name="dispatch")
class GroupListView(generics.GenericAPIView):
    serializer_class = GroupSummaryOutputSerializer
    content_negotiation_class = DirectoryContentNegotiation

    def get_queryset(self) -> QuerySet[Group]:
        params = GroupDirectoryQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return apply_directory_filters(selectors.group_directory(), params.validated_data)

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticatedWithScope()]
        return super().get_permissions()

    @extend_schema(tags=TAGS, summary="Find groups (the public directory)",
                   parameters=[GroupDirectoryQuerySerializer], responses={200: GroupSummaryOutputSerializer(many=True)},
                   examples=[GROUP_EXAMPLE])
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        context = {"member_group_ids": selectors.member_group_ids(user=request.user)}
        return self.get_paginated_response(GroupSummaryOutputSerializer(page, many=True, context=context).data)

    @extend_schema(tags=TAGS, summary="Create a group (you become its facilitator)",
                   request=GroupCreateInputSerializer, responses={201: GroupOutputSerializer},
                   examples=[GROUP_CREATE_EXAMPLE, GROUP_EXAMPLE])
    def post(self, request: Request) -> Response:
        serializer = GroupCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        creator = authenticated_user(request)
        group = services.group_create(creator=creator, data=serializer.validated_data)
        group = selectors.group_get(user=creator, slug=group.slug)
        membership = selectors.membership_get(user=creator, group=group)
        return Response(group_output(group, membership), status=status.HTTP_201_CREATED)


def group_output(group: Any, membership: Any) -> dict[str, Any]:
    member_ids = {group.pk} if membership and membership.status == membership.Status.ACTIVE else set()
    return GroupOutputSerializer(group, context={"membership": membership, "member_group_ids": member_ids}).data


@method_decorator(public_cache(DIRECTORY), name="dispatch")
class GroupDetailView(GroupScopedMixin, APIView):
    group_permission = GroupRole.ANYONE
    group_write_permission = GroupRole.FACILITATOR

    def load_group(self, request: Request, slug: str) -> Any:
        return selectors.group_get(user=request.user, slug=slug)

    @extend_schema(tags=TAGS, summary="A group: what it is, its agreements, where to find help now",
                   responses={200: GroupOutputSerializer}, examples=[GROUP_EXAMPLE])
    def get(self, request: Request, slug: str) -> Response:
        return Response(group_output(self.group, self.membership))

    @extend_schema(tags=TAGS, summary="Change a group (facilitators); new agreements ask members again",
                   request=GroupUpdateInputSerializer, responses={200: GroupOutputSerializer},
                   examples=[OpenApiExample("new agreements", request_only=True,
                                            value={"agreements": "We listen. We do not give advice unless asked."}),
                             GROUP_EXAMPLE])
    def patch(self, request: Request, slug: str) -> Response:
        serializer = GroupUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.group_update(group=self.group, actor=authenticated_user(request), data=serializer.validated_data)
        return Response(group_output(self.group, self.membership))

    @extend_schema(tags=TAGS, summary="Archive a group (facilitators): hidden from everyone else",
                   responses={204: NO_CONTENT})
    def delete(self, request: Request, slug: str) -> Response:
        services.group_archive(group=self.group, actor=authenticated_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- my membership ---------------------------------------------------------------------------------

class MembershipView(GroupScopedMixin, APIView):
    """My membership of one group. Reads need sign-in only; the membership itself is the object."""

    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.SIGNED_IN
    group_write_permission = GroupRole.SIGNED_IN

    def get_throttles(self) -> list[BaseThrottle]:
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(JoinThrottle())
        return throttles

    def my_membership(self) -> Any:
        if self.membership is None:
            raise NotFound("You are not a member of this group.")
        return self.membership

    @extend_schema(tags=TAGS, summary="My membership of this group", responses={200: MembershipOutputSerializer},
                   examples=[MEMBERSHIP_EXAMPLE])
    def get(self, request: Request, slug: str) -> Response:
        return Response(MembershipOutputSerializer(self.my_membership()).data)

    @extend_schema(
        tags=TAGS, summary="Join (open groups) or ask to join (approval groups), accepting the agreements",
        request=JoinInputSerializer,
        responses={201: MembershipOutputSerializer, 409: problem_doc(409, "Already a member or waiting.")},
        examples=[OpenApiExample("join", request_only=True, value={"agreed": True, "display_name": "Sam"}),
                  MEMBERSHIP_EXAMPLE])
    def post(self, request: Request, slug: str) -> Response:
        serializer = JoinInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_join(user=authenticated_user(request), group=self.group,
                                              **serializer.validated_data)
        return Response(MembershipOutputSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, summary="Change my name, roster choice, or accept new agreements here",
                   request=MembershipPatchInputSerializer, responses={200: MembershipOutputSerializer},
                   examples=[OpenApiExample("prefs", request_only=True,
                                            value={"show_on_roster": True, "display_name": "S."}),
                             MEMBERSHIP_EXAMPLE])
    def patch(self, request: Request, slug: str) -> Response:
        serializer = MembershipPatchInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_update(membership=self.my_membership(), data=serializer.validated_data)
        return Response(MembershipOutputSerializer(membership).data)

    @extend_schema(tags=TAGS, summary="Leave the group (immediate; no reason asked; nobody is notified)",
                   responses={204: NO_CONTENT})
    def delete(self, request: Request, slug: str) -> Response:
        services.membership_leave(membership=self.my_membership())
        return Response(status=status.HTTP_204_NO_CONTENT)


class StepDownView(GroupScopedMixin, APIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_write_permission = GroupRole.FACILITATOR

    @extend_schema(tags=TAGS, summary="Step down as facilitator (you stay a member)", request=None,
                   responses={200: MembershipOutputSerializer}, examples=[MEMBERSHIP_EXAMPLE])
    def post(self, request: Request, slug: str) -> Response:
        membership = services.membership_step_down(membership=cast(Membership, self.membership))
        return Response(MembershipOutputSerializer(membership).data)


# --- roster, requests, facilitators ----------------------------------------------------------------

class RosterPagination(PageNumberPagination):
    """A page of the roster plus counts of everyone, including those who stay off it."""

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        counts_example = {"members": 14, "facilitators": 2, "hidden": 9}
        paginated["properties"]["counts"] = {
            "type": "object", "required": ["members", "facilitators", "hidden"],
            "properties": {name: {"type": "integer", "example": counts_example.get(str(name), 0)}
                           for name in RosterCountsOutputSerializer().fields}}
        paginated["required"] = [*paginated.get("required", []), "counts"]
        return paginated


class RosterView(GroupScopedMixin, generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.ACTIVE_MEMBER
    serializer_class = RosterEntryOutputSerializer
    pagination_class = RosterPagination

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.roster_list(group=self.group)

    @extend_schema(tags=TAGS, summary="Who is in the group (those who chose to show), with counts",
                   examples=[OpenApiExample("roster", response_only=True,
                                            value={"id": 42, "name": "Sam", "pronouns": "they/them",
                                                   "role": "member"})])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        response.data["counts"] = selectors.roster_counts(group=self.group)
        return response


class JoinRequestListView(GroupScopedMixin, generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.FACILITATOR
    serializer_class = JoinRequestOutputSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.join_request_list(group=self.group)

    @extend_schema(tags=TAGS, summary="Requests waiting to join (facilitators)",
                   examples=[OpenApiExample("request", response_only=True, value={
                       "id": 57, "name": "Jo", "pronouns": "", "message": "A friend told me about this circle.",
                       "requested_at": "2026-11-04T08:20:00Z"})])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class JoinRequestApproveView(GroupScopedMixin, APIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_write_permission = GroupRole.FACILITATOR

    @extend_schema(tags=TAGS, summary="Welcome a request to join (facilitators)", request=None,
                   responses={200: MembershipOutputSerializer}, examples=[MEMBERSHIP_EXAMPLE])
    def post(self, request: Request, slug: str, request_id: int) -> Response:
        membership = services.join_request_approve(group=self.group, request_id=request_id)
        return Response(MembershipOutputSerializer(membership).data)


class JoinRequestDeclineView(GroupScopedMixin, APIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_write_permission = GroupRole.FACILITATOR

    @extend_schema(tags=TAGS, summary="Decline a request to join (facilitators)", request=None,
                   responses={204: NO_CONTENT})
    def post(self, request: Request, slug: str, request_id: int) -> Response:
        services.join_request_decline(group=self.group, request_id=request_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FacilitatorListView(GroupScopedMixin, generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.ACTIVE_MEMBER
    group_write_permission = GroupRole.FACILITATOR
    serializer_class = FacilitatorOutputSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.facilitator_list(group=self.group)

    @extend_schema(tags=TAGS, summary="The group's facilitators (members)",
                   examples=[OpenApiExample("facilitator", response_only=True,
                                            value={"membership_id": 12, "name": "Ade", "pronouns": "she/her"})])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS, summary="Invite a member to co-facilitate (they accept it themselves)",
        request=FacilitatorInviteInputSerializer,
        responses={201: InvitationOutputSerializer, 409: problem_doc(409, "Already a facilitator or invited.")},
        examples=[OpenApiExample("invite", request_only=True, value={"membership_id": 42}), INVITATION_EXAMPLE])
    def post(self, request: Request, slug: str) -> Response:
        serializer = FacilitatorInviteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.facilitator_invite(group=self.group, actor=authenticated_user(request),
                                                 **serializer.validated_data)
        invitation = selectors.with_inviter_name(type(invitation).objects.filter(pk=invitation.pk)
                                                 .select_related("group")).get()
        return Response(InvitationOutputSerializer(invitation).data, status=status.HTTP_201_CREATED)


class MemberRemoveView(GroupScopedMixin, APIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_write_permission = GroupRole.FACILITATOR

    @extend_schema(
        tags=TAGS, summary="Remove a member for a safety reason (facilitators; logged for moderators)",
        description="Only for keeping the group safe. Never for not coming to meetings: nothing tracks that.",
        request=MemberRemoveInputSerializer,
        responses={204: NO_CONTENT, 409: problem_doc(409, "Facilitators and yourself cannot be removed.")},
        examples=[OpenApiExample("remove", request_only=True,
                                 value={"reason": "Repeated harassment of another member after a warning."})])
    def post(self, request: Request, slug: str, membership_id: int) -> Response:
        serializer = MemberRemoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.member_remove(group=self.group, actor=authenticated_user(request), membership_id=membership_id,
                               reason=serializer.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- me ----------------------------------------------------------------------------------------------

class MyMembershipListView(generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = MyMembershipOutputSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.membership_list_for_user(user=authenticated_user(self.request))

    @extend_schema(tags=["me"], summary="My groups: role, status, my name there, agreements to re-read",
                   examples=[OpenApiExample("my group", response_only=True, value={
                       "id": 42, "group": GROUP_REF, "role": "member", "status": "active", "display_name": "",
                       "name_in_group": "Sam", "show_on_roster": False, "agreed_version": 1,
                       "agreements_pending": False, "joined_at": "2026-11-02T18:00:00Z",
                       "created_at": "2026-11-02T18:00:00Z"})])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MyInvitationListView(generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = InvitationOutputSerializer

    def get_queryset(self) -> QuerySet[FacilitatorInvitation]:
        return selectors.invitation_list_for_user(user=authenticated_user(self.request))

    @extend_schema(tags=["me"], summary="Invitations to co-facilitate a group", examples=[INVITATION_EXAMPLE])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MyInvitationAcceptView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(tags=["me"], summary="Accept an invitation: you become a co-facilitator", request=None,
                   responses={200: MembershipOutputSerializer}, examples=[MEMBERSHIP_EXAMPLE])
    def post(self, request: Request, invitation_id: int) -> Response:
        membership = services.invitation_accept(user=authenticated_user(request), invitation_id=invitation_id)
        return Response(MembershipOutputSerializer(membership).data)


class MyInvitationDeclineView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(tags=["me"], summary="Decline an invitation to co-facilitate", request=None,
                   responses={204: NO_CONTENT})
    def post(self, request: Request, invitation_id: int) -> Response:
        services.invitation_decline(user=authenticated_user(request), invitation_id=invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
