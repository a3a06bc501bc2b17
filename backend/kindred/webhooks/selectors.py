"""Webhook reads: a group's webhooks, one of them, its delivery log, who hears of an event."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kindred.common.errors import NotFound
from kindred.groups.models import Group

from .models import Webhook, WebhookDelivery, WebhookMessage

LISTED = ("id", "group_id", "url", "events", "enabled", "disabled_at", "disabled_reason", "consecutive_failures",
          "failing_since", "last_success_at", "created_at", "updated_at")


def webhook_list(*, group: Group) -> QuerySet[Webhook]:
    """The group's webhooks, oldest first (never their secrets)."""
    return Webhook.objects.filter(group=group).only(*LISTED).order_by("id")


def webhook_of(*, group: Group, webhook_id: int) -> Webhook:
    """One of the group's webhooks; another group's (or none) is the same 404."""
    webhook = webhook_list(group=group).filter(pk=webhook_id).first()
    if webhook is None:
        raise NotFound(_("No such webhook."))
    return webhook


def delivery_list(*, webhook: Webhook) -> QuerySet[WebhookDelivery]:
    """Every attempt to deliver to ``webhook``, with the message it carried (newest first by the view)."""
    return (WebhookDelivery.objects.filter(webhook=webhook).select_related("message")
            .only("id", "webhook_id", "attempt", "attempted_at", "succeeded", "status_code", "duration_ms", "error",
                  "next_attempt_at", "message__message_id", "message__event"))


def subscribers(*, group_id: int, event: str) -> list[Webhook]:
    """The group's enabled webhooks that receive ``event`` (a handful at most: filtered here, which
    needs no JSON containment lookup, so SQLite and PostgreSQL read it alike)."""
    enabled = Webhook.objects.filter(group_id=group_id, enabled=True).only("id", "events").order_by("id")
    return [webhook for webhook in enabled if event in webhook.events]


def message_for_attempt(*, message_id: int) -> WebhookMessage | None:
    return WebhookMessage.objects.select_related("webhook").filter(pk=message_id).first()
