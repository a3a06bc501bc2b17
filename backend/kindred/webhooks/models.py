"""Webhooks a group's facilitators register, the messages sent to them, and each attempt to send one.

Nothing here is about a person: a webhook belongs to its group (who registered it is not kept), a
message holds the public resource that changed, and an attempt records what the receiver answered.
"""

from __future__ import annotations

from django.db import models

from kindred.common.models import TimeStampedModel
from kindred.common.text import validate_single_line
from kindred.groups.models import Group


class Event(models.TextChoices):
    """What a webhook can be told about (Standard Webhooks event types: ``resource.change``)."""

    SERIES_CREATED = "series.created", "A meeting series was scheduled"
    SERIES_CHANGED = "series.changed", "A series' schedule or details changed"
    SERIES_ENDED = "series.ended", "A series was ended early"
    OCCURRENCE_CHANGED = "occurrence.changed", "One meeting changed"
    OCCURRENCE_CANCELLED = "occurrence.cancelled", "One meeting was cancelled"
    GROUP_CHANGED = "group.changed", "The group's details changed, or it was archived"


PING = "webhook.ping"
"""The event a ping sends: it checks the receiver and the signature, and nothing subscribes to it."""

MESSAGE_EVENTS = [*Event.choices, (PING, "A ping, to check the receiver and the signature")]
"""What a message can be about."""


class Webhook(TimeStampedModel):
    """A receiver a group's facilitators registered. Its signing secret is stored encrypted
    (``signing.encrypt``) and shown once, when it is registered."""

    class DisabledReason(models.TextChoices):
        FAILING = "failing", "Deliveries kept failing"
        GONE = "gone", "The receiver answered 410 Gone"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="webhooks")
    url = models.CharField(max_length=1000, validators=[validate_single_line])
    events = models.JSONField(default=list, help_text="Event types this webhook receives.")
    secret_encrypted = models.TextField(help_text="The signing secret, encrypted with a key derived from SECRET_KEY.")
    enabled = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=20, choices=DisabledReason.choices, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True, help_text="The first failed attempt since the "
                                                                        "last success.")
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        constraints = [models.UniqueConstraint(fields=("group", "url"), name="webhook_url_once_per_group")]

    def __str__(self) -> str:
        return f"webhook {self.pk} of group {self.group_id}"


class WebhookMessage(models.Model):
    """One event for one webhook: its Standard Webhooks ``webhook-id`` and the exact body sent on
    every attempt (retries must carry the same message)."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="messages")
    message_id = models.CharField(max_length=40, unique=True)
    event = models.CharField(max_length=40, choices=MESSAGE_EVENTS)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.message_id


class WebhookDelivery(models.Model):
    """One attempt to deliver a message: what the receiver answered, how long it took, what went wrong."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    message = models.ForeignKey(WebhookMessage, on_delete=models.CASCADE, related_name="deliveries")
    attempt = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField()
    succeeded = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField()
    error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=("webhook", "-id"), name="webhook_delivery_log_idx")]

    def __str__(self) -> str:
        return f"attempt {self.attempt} of {self.message_id}"
