"""Groups endpoints: the directory, a group, membership, roster, requests, co-facilitation."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.accounts.permissions import authenticated_user
from kindred.api.inputs import validated
from kindred.api.pagination import PageNumberPagination
from kindred.api.permissions import IsAuthenticatedWithScope

from . import schema, selectors, services
from .models import FacilitatorInvitation, Membership
from .policy import GroupRole, Viewer
from .serializers import (
    FacilitatorInviteInputSerializer,
    FacilitatorOutputSerializer,
    InvitationOutputSerializer,
    JoinRequestOutputSerializer,
    MembershipOutputSerializer,
    MyMembershipOutputSerializer,
    RosterCountsOutputSerializer,
    RosterEntryOutputSerializer,
)
from .views_base import GroupScopedView

# --- my membership ---------------------------------------------------------------------------------

@schema.step_down
class StepDownView(GroupScopedView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_write_permission = GroupRole.FACILITATOR

    def post(self, request: Request, slug: str) -> Response:
        facilitating = self.viewer.membership_in(self.group)
        assert facilitating is not None  # the role check let only a facilitator through
        membership = services.membership_step_down(membership=facilitating)
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


@schema.roster
class RosterView(GroupScopedView, generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.ACTIVE_MEMBER
    serializer_class = RosterEntryOutputSerializer
    pagination_class = RosterPagination

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.roster_list(group=self.group)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        response.data["counts"] = selectors.roster_counts(group=self.group)
        return response


@schema.join_requests
class JoinRequestListView(GroupScopedView, generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.FACILITATOR
    serializer_class = JoinRequestOutputSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.join_request_list(group=self.group)


@schema.join_request_approve
class JoinRequestApproveView(GroupScopedView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_write_permission = GroupRole.FACILITATOR

    def post(self, request: Request, slug: str, request_id: int) -> Response:
        membership = services.join_request_approve(group=self.group, request_id=request_id)
        return Response(MembershipOutputSerializer(membership).data)


@schema.join_request_decline
class JoinRequestDeclineView(GroupScopedView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_write_permission = GroupRole.FACILITATOR

    def post(self, request: Request, slug: str, request_id: int) -> Response:
        services.join_request_decline(group=self.group, request_id=request_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.facilitators
class FacilitatorListView(GroupScopedView, generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.ACTIVE_MEMBER
    group_write_permission = GroupRole.FACILITATOR
    serializer_class = FacilitatorOutputSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.facilitator_list(group=self.group)

    def post(self, request: Request, slug: str) -> Response:
        data = validated(FacilitatorInviteInputSerializer, request.data)
        invitation = services.facilitator_invite(group=self.group, actor=authenticated_user(request), **data)
        invitation = selectors.with_inviter_name(type(invitation).objects.filter(pk=invitation.pk)
                                                 .select_related("group")).get()
        return Response(InvitationOutputSerializer(invitation).data, status=status.HTTP_201_CREATED)


# --- me ----------------------------------------------------------------------------------------------

@schema.my_memberships
class MyMembershipListView(generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = MyMembershipOutputSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.membership_list_for_user(viewer=Viewer.for_request(self.request))


@schema.my_invitations
class MyInvitationListView(generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = InvitationOutputSerializer

    def get_queryset(self) -> QuerySet[FacilitatorInvitation]:
        return selectors.invitation_list_for_user(user=authenticated_user(self.request))


@schema.invitation_accept
class MyInvitationAcceptView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    def post(self, request: Request, invitation_id: int) -> Response:
        membership = services.invitation_accept(user=authenticated_user(request), invitation_id=invitation_id)
        return Response(MembershipOutputSerializer(membership).data)


@schema.invitation_decline
class MyInvitationDeclineView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    def post(self, request: Request, invitation_id: int) -> Response:
        services.invitation_decline(user=authenticated_user(request), invitation_id=invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
