"""The notifications app's part of the OpenAPI document: the unsubscribe link's operations."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from kindred.api.schema import problem_doc, response_example

from .emails import KIND_LABELS
from .models import NotificationPreferences


class UnsubscribeOutputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NotificationPreferences.KINDS)
    description = serializers.CharField(help_text="What this kind of email is about.")
    unsubscribed = serializers.BooleanField(help_text="True once this kind of email is off.")
    detail = serializers.CharField()


EXAMPLE = response_example("unsubscribed", {
    "kind": "reminders", "description": str(KIND_LABELS["reminders"]), "unsubscribed": True,
    "detail": "Done: you will no longer get email when reminders before your meetings."})

# A link that is not valid is a 404: problem+json for programs, the small page for browsers.
UNSUBSCRIBE_RESPONSES = {
    200: UnsubscribeOutputSerializer,
    (404, "application/problem+json"): problem_doc(404, "This unsubscribe link is not valid."),
    (404, "text/html"): OpenApiTypes.STR,
}

unsubscribe = extend_schema_view(
    get=extend_schema(tags=["me"], summary="What this unsubscribe link turns off (changes nothing)",
                      responses=UNSUBSCRIBE_RESPONSES, examples=[EXAMPLE]),
    post=extend_schema(tags=["me"], summary="Unsubscribe from one kind of email (RFC 8058 one-click)",
                       request=None, responses=UNSUBSCRIBE_RESPONSES, examples=[EXAMPLE]),
)
