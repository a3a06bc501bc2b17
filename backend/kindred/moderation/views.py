"""Concerns: any signed-in person raises one; facilitators list and resolve those about their group."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.accounts.permissions import authenticated_user
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.schema import problem_doc
from kindred.api.throttling import ConcernThrottle

from . import selectors, services
from .models import Concern
from .serializers import (
    ConcernCreatedOutputSerializer,
    ConcernInputSerializer,
    ConcernOutputSerializer,
    ConcernResolveInputSerializer,
)

TAGS = ["moderation"]
CONCERN_EXAMPLE = OpenApiExample(
    "concern", response_only=True,
    value={"id": 9, "group": "grief-circle-hackney", "occurrence": {"id": 311, "starts_at":
           "2027-03-04T19:00:00Z", "status": "scheduled"}, "subject": {"membership_id": 42, "name": "Sam"},
           "message": "Comments about another member's faith made people uncomfortable.", "status": "open",
           "resolution_note": "", "resolved_at": None, "created_at": "2027-03-05T09:12:00Z"},
)


class ConcernCreateView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)
    throttle_classes = (ConcernThrottle,)

    @extend_schema(
        tags=TAGS, summary="Raise a concern about a group, a meeting or a member",
        description="Goes to the group's facilitators, or to site moderators when it names a facilitator. "
                    "The person it is about never learns who raised it.",
        request=ConcernInputSerializer,
        responses={201: ConcernCreatedOutputSerializer,
                   404: problem_doc(404, "No such group, meeting or member, or not visible to you.")},
        examples=[OpenApiExample("about a member", request_only=True,
                                 value={"group": "grief-circle-hackney", "occurrence": 311, "subject_membership": 42,
                                        "message": "Comments about another member's faith made people "
                                                   "uncomfortable."}),
                  OpenApiExample("sent", response_only=True, status_codes=["201"],
                                 value={"id": 9, "group": "grief-circle-hackney", "occurrence": 311,
                                        "status": "open", "sent_to": "facilitators",
                                        "created_at": "2027-03-05T09:12:00Z"})],
    )
    def post(self, request: Request) -> Response:
        serializer = ConcernInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        concern = services.concern_create(
            reporter=authenticated_user(request), group_slug=data["group"], message=data["message"],
            occurrence_id=data.get("occurrence"), subject_membership_id=data.get("subject_membership"))
        return Response(ConcernCreatedOutputSerializer(concern).data, status=status.HTTP_201_CREATED)


class ConcernListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Concern.Status.choices, required=False)


class GroupConcernListView(generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = ConcernOutputSerializer

    def get_queryset(self) -> QuerySet[Concern]:
        query = ConcernListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        user = authenticated_user(self.request)
        group = selectors.facilitated_group(user=user, slug=self.kwargs["slug"])
        return selectors.group_concern_list(user=user, group=group, status=query.validated_data.get("status"))

    @extend_schema(
        tags=TAGS, summary="Concerns about my group (facilitators; never those about a facilitator)",
        parameters=[OpenApiParameter("status", str, enum=["open", "resolved"], required=False)],
        examples=[CONCERN_EXAMPLE],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ConcernResolveView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(
        tags=TAGS, summary="Resolve a concern with a note (facilitators of its group, or moderators)",
        request=ConcernResolveInputSerializer,
        responses={200: ConcernOutputSerializer, 409: problem_doc(409, "Already resolved.")},
        examples=[OpenApiExample("resolve", request_only=True,
                                 value={"note": "Talked with both; we re-read the agreements together."}),
                  CONCERN_EXAMPLE],
    )
    def post(self, request: Request, concern_id: int) -> Response:
        serializer = ConcernResolveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        concern = services.concern_resolve(user=authenticated_user(request), concern_id=concern_id,
                                           note=serializer.validated_data["note"])
        return Response(ConcernOutputSerializer(selectors.concern_get(concern_id=concern.pk)).data)
