"""Concerns: any signed-in person raises one; facilitators list and resolve those about their group."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.accounts.permissions import authenticated_user
from kindred.api.generics import MethodThrottledView
from kindred.api.inputs import validated
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.throttling import ConcernThrottle
from kindred.common.errors import Forbidden
from kindred.groups.policy import GroupRole
from kindred.groups.views_base import GroupScopedView

from . import schema, selectors, services
from .models import Concern
from .serializers import (
    ConcernCreatedOutputSerializer,
    ConcernInputSerializer,
    ConcernOutputSerializer,
    ConcernResolveInputSerializer,
)


class ConcernListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Concern.Status.choices, required=False)


@schema.concerns
class ConcernsView(MethodThrottledView, generics.ListAPIView):
    """Anyone signed in raises a concern; the site's moderators (staff) list those that came to them."""

    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = ConcernOutputSerializer
    method_throttles = {"POST": (ConcernThrottle,)}

    def get_queryset(self) -> QuerySet[Concern]:
        if not authenticated_user(self.request).is_staff:
            raise Forbidden(_("Only Kindred's site team lists the concerns that come to it."), code="staff_only")
        query = validated(ConcernListQuerySerializer, self.request.query_params)
        return selectors.moderator_concern_list(status=query.get("status"))

    def post(self, request: Request) -> Response:
        data = validated(ConcernInputSerializer, request.data)
        concern = services.concern_create(
            reporter=authenticated_user(request), group_slug=data["group"], message=data["message"],
            occurrence_id=data.get("occurrence"), subject_membership_id=data.get("subject_membership"))
        return Response(ConcernCreatedOutputSerializer(concern).data, status=status.HTTP_201_CREATED)


@schema.group_concerns
class GroupConcernListView(GroupScopedView, generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.FACILITATOR
    serializer_class = ConcernOutputSerializer

    def get_queryset(self) -> QuerySet[Concern]:
        wanted = validated(ConcernListQuerySerializer, self.request.query_params).get("status")
        return selectors.group_concern_list(user=authenticated_user(self.request), group=self.group, status=wanted)


@schema.concern_resolve
class ConcernResolveView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    def post(self, request: Request, concern_id: int) -> Response:
        note = validated(ConcernResolveInputSerializer, request.data)["note"]
        concern = services.concern_resolve(user=authenticated_user(request), concern_id=concern_id, note=note)
        return Response(ConcernOutputSerializer(selectors.concern_get(concern_id=concern.pk)).data)
