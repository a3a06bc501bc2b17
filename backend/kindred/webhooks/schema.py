"""The webhooks app's part of the OpenAPI document: examples and each view's operations."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from kindred.api.schema import problem_doc, request_example, response_example

from .serializers import (
    PingOutputSerializer,
    WebhookCreatedOutputSerializer,
    WebhookDeliveryOutputSerializer,
    WebhookInputSerializer,
    WebhookOutputSerializer,
)

TAGS = ["webhooks"]
WEBHOOK = {"id": 3, "url": "https://intergroup.example.org/kindred/hooks", "events": ["series.created",
           "series.changed", "series.ended", "occurrence.changed", "occurrence.cancelled", "group.changed"],
           "enabled": True, "disabled_at": None, "disabled_reason": None, "consecutive_failures": 0,
           "last_success_at": "2027-03-02T18:00:05Z", "created_at": "2027-03-01T09:00:00Z"}
WEBHOOK_EXAMPLE = response_example("webhook", WEBHOOK, status=200)
DESCRIPTION = (
    "Kindred POSTs each event to the URL as JSON `{type, timestamp, data}`, where `data` is the series, "
    "occurrence or group as the public API shows it to someone not signed in (no person, no members-only "
    "link). Deliveries are signed as Standard Webhooks says: headers `webhook-id`, `webhook-timestamp` and "
    "`webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the secret's key). A "
    "delivery that is not answered 2xx within 10 seconds is tried again with exponential backoff for about "
    "three days; redirects are not followed. The URL must be https and resolve to public addresses only. "
    "See docs/api.md, \"Webhooks\".")

webhooks = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="The group's webhooks (facilitators; never their secrets)",
                      examples=[WEBHOOK_EXAMPLE]),
    post=extend_schema(
        tags=TAGS, summary="Register a webhook (facilitators; the signing secret is shown once)",
        description=DESCRIPTION, request=WebhookInputSerializer,
        responses={201: WebhookCreatedOutputSerializer,
                   409: problem_doc(409, "The group is archived, already has this URL, or has as many webhooks "
                                         "as it may (10).", "too_many_webhooks")},
        examples=[request_example("register", url="https://intergroup.example.org/kindred/hooks",
                                  events=["series.created", "series.changed", "occurrence.cancelled"]),
                  response_example("registered", status=201,
                                   value={**WEBHOOK, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7mRcXg4Ouxw="}),
                  response_example("refused", status=400, value={
                      "type": "https://kindred.invalid/problems/invalid", "title": "Invalid request", "status": 400,
                      "detail": "Please check: url.", "code": "invalid", "errors": [{
                          "field": "url", "code": "not_public_host",
                          "message": "Kindred sends webhooks only to hosts on the public internet, and this host "
                                     "does not resolve to a public address."}]})]),
)

webhook = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="One webhook (facilitators)", responses={200: WebhookOutputSerializer},
                      examples=[WEBHOOK_EXAMPLE]),
    delete=extend_schema(tags=TAGS, summary="Delete a webhook and its delivery log (facilitators)",
                         responses={204: OpenApiResponse(description="Deleted.")}),
)

webhook_ping = extend_schema(
    tags=TAGS, summary="Send a signed `webhook.ping` (facilitators); one that gets through turns a webhook back on",
    description="Queues one attempt (no retries) with `data: {group, webhook}`; its result shows in the "
                "delivery log a moment later. A failed ping does not count towards turning the webhook off.",
    request=None, responses={202: PingOutputSerializer},
    examples=[response_example("queued", {"message_id": "msg_Jc2m5hY0b9zQ4tW1x8rLkA3d", "event": "webhook.ping"},
                               status=202)])

webhook_deliveries = extend_schema(
    tags=TAGS, summary="A webhook's delivery log, newest attempt first (facilitators)",
    description="Each attempt: the message's `webhook-id` and event, the attempt number, the receiver's status "
                "code, how long it took, what went wrong, and when it will be tried again. Kept 30 days.",
    responses={200: WebhookDeliveryOutputSerializer(many=True)},
    examples=[response_example("attempt", {
        "id": 812, "message_id": "msg_Jc2m5hY0b9zQ4tW1x8rLkA3d", "event": "occurrence.cancelled", "attempt": 2,
        "attempted_at": "2027-03-04T10:00:05Z", "succeeded": False, "status_code": 503, "duration_ms": 184,
        "error": "", "next_attempt_at": "2027-03-04T10:05:05Z"})])
