"""The moderation app's part of the OpenAPI document: examples and each view's operations."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from kindred.api.schema import problem_doc, request_example, response_example

from .serializers import (
    ConcernCreatedOutputSerializer,
    ConcernInputSerializer,
    ConcernOutputSerializer,
    ConcernResolveInputSerializer,
)

TAGS = ["moderation"]
CONCERN_EXAMPLE = response_example("concern", {
    "id": 9, "group": "grief-circle-hackney", "group_name": "Grief circle, Hackney",
    "occurrence": {"id": 311, "starts_at": "2027-03-04T19:00:00Z", "status": "scheduled"},
    "subject": {"membership_id": 42, "name": "Sam"},
    "message": "Comments about another member's faith made people uncomfortable.", "status": "open",
    "resolution_note": "", "resolved_at": None, "created_at": "2027-03-05T09:12:00Z"})

_concern_create = extend_schema(
    tags=TAGS, summary="Raise a concern about a group, a meeting or a member",
    description="Goes to the group's facilitators, or to site moderators when it names a facilitator. "
                "The person it is about never learns who raised it.",
    request=ConcernInputSerializer,
    responses={201: ConcernCreatedOutputSerializer,
               404: problem_doc(404, "No such group, meeting or member, or not visible to you.")},
    examples=[request_example("about a member", group="grief-circle-hackney", occurrence=311, subject_membership=42,
                              message="Comments about another member's faith made people uncomfortable."),
              response_example("sent", status=201, value={
                  "id": 9, "group": "grief-circle-hackney", "occurrence": 311, "status": "open",
                  "sent_to": "facilitators", "created_at": "2027-03-05T09:12:00Z"})])

concerns = extend_schema_view(
    post=_concern_create,
    get=extend_schema(
        tags=TAGS, summary="Concerns that came to the site's moderators (staff only)",
        description=("Those that name a facilitator, or were raised where no facilitator could read them, in "
                     "every group, newest first; never the reporter (the admin shows that to staff). Anyone else "
                     "gets 403 `staff_only`."),
        parameters=[OpenApiParameter("status", str, enum=["open", "resolved"], required=False)],
        responses={200: ConcernOutputSerializer,
                   403: problem_doc(403, "Not one of the site's moderators.", code="staff_only")},
        examples=[response_example("concern about a facilitator", {
            **CONCERN_EXAMPLE.value, "subject": {"membership_id": 12, "name": "Ade"}})]),
)

group_concerns = extend_schema(
    tags=TAGS, summary="Concerns about my group (facilitators; never those about a facilitator)",
    parameters=[OpenApiParameter("status", str, enum=["open", "resolved"], required=False)],
    examples=[CONCERN_EXAMPLE])

concern_resolve = extend_schema(
    tags=TAGS, summary="Resolve a concern with a note (facilitators of its group, or moderators)",
    request=ConcernResolveInputSerializer,
    responses={200: ConcernOutputSerializer, 409: problem_doc(409, "Already resolved.")},
    examples=[request_example("resolve", note="Talked with both; we re-read the agreements together."),
              CONCERN_EXAMPLE])
