"""Webhook inputs and outputs (a webhook's secret is only ever in the answer that creates it)."""

from __future__ import annotations

from rest_framework import serializers

from kindred.common.fields import SingleLineURLField

from .models import MESSAGE_EVENTS, Event, Webhook, WebhookDelivery


class WebhookInputSerializer(serializers.Serializer):
    url = SingleLineURLField(max_length=1000, help_text="An https URL on the public internet; Kindred POSTs "
                                                        "each event there, signed (Standard Webhooks).")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), min_length=1, max_length=len(Event), required=False,
        help_text="The events to send; all of them when left out.")


class WebhookOutputSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.choices), read_only=True)
    disabled_reason = serializers.ChoiceField(
        choices=Webhook.DisabledReason.choices, allow_null=True, read_only=True,
        help_text="Why Kindred stopped sending (null while it is on): `failing` or `gone` (the receiver "
                  "answered 410). A ping that gets through turns it back on.")

    class Meta:
        model = Webhook
        fields: tuple[str, ...] = ("id", "url", "events", "enabled", "disabled_at", "disabled_reason",
                                   "consecutive_failures", "last_success_at", "created_at")
        read_only_fields: tuple[str, ...] = fields

    def to_representation(self, instance: Webhook) -> dict[str, object]:
        data = super().to_representation(instance)
        data["disabled_reason"] = instance.disabled_reason or None
        return data


class WebhookCreatedOutputSerializer(WebhookOutputSerializer):
    secret = serializers.CharField(read_only=True, help_text="The signing secret (`whsec_…`), shown this once.")

    class Meta(WebhookOutputSerializer.Meta):
        fields = (*WebhookOutputSerializer.Meta.fields, "secret")
        read_only_fields = fields


class PingOutputSerializer(serializers.Serializer):
    message_id = serializers.CharField(help_text="The `webhook-id` of the ping; its attempt shows in the "
                                                 "delivery log.")
    event = serializers.CharField(help_text="Always `webhook.ping`.")


class WebhookDeliveryOutputSerializer(serializers.ModelSerializer):
    message_id = serializers.CharField(source="message.message_id", read_only=True,
                                       help_text="The `webhook-id` header: the same on every attempt at one message.")
    event = serializers.ChoiceField(source="message.event", choices=MESSAGE_EVENTS,
                                    read_only=True, help_text="What the message was about (`webhook.ping` for a ping).")
    status_code = serializers.IntegerField(allow_null=True, read_only=True,
                                           help_text="The receiver's HTTP status; null when there was no answer.")
    next_attempt_at = serializers.DateTimeField(allow_null=True, read_only=True,
                                                help_text="When it will be tried again; null when it will not.")

    class Meta:
        model = WebhookDelivery
        fields: tuple[str, ...] = ("id", "message_id", "event", "attempt", "attempted_at", "succeeded", "status_code",
                                   "duration_ms", "error", "next_attempt_at")
        read_only_fields: tuple[str, ...] = fields
