"""Webhook writes: register, delete, ping, and what each delivery attempt changes.

A facilitator's URL passes the SSRF rule (:mod:`addresses`) before it is stored, and again before
every attempt (:mod:`sender`). A webhook is turned off when it answers 410 Gone, or when
``WEBHOOK_DISABLE_AFTER_FAILURES`` attempts in a row have failed over at least
``WEBHOOK_DISABLE_AFTER_HOURS`` (so a burst of events during a short outage does not turn it off,
but one event's whole retry schedule failing does). A ping that succeeds turns it back on.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.common.errors import Conflict, RuleBroken
from kindred.groups.models import Group

from . import addresses, payloads, signing
from .models import PING, Event, Webhook, WebhookDelivery, WebhookMessage
from .sender import Outcome


@transaction.atomic
def webhook_create(*, group: Group, url: str, events: Iterable[str] | None = None) -> tuple[Webhook, str]:
    """Register a webhook for ``group``; returns it and its signing secret (shown this once)."""
    group = Group.objects.select_for_update().get(pk=group.pk)  # one registration at a time per group
    if group.is_archived:
        raise Conflict(_("An archived group sends no webhooks."), code="group_archived")
    url = url.strip()
    try:
        addresses.resolve(url)
    except addresses.Refused as refused:
        raise RuleBroken(refused.message, field="url", code=refused.code) from refused
    if Webhook.objects.filter(group=group).count() >= settings.MAX_WEBHOOKS_PER_GROUP:
        raise Conflict(_("This group has as many webhooks as it may have. Delete one first."), code="too_many_webhooks")
    chosen = set(events) if events else set(Event.values)
    secret = signing.secret_new()
    try:
        with transaction.atomic():
            webhook = Webhook.objects.create(group=group, url=url, secret_encrypted=signing.encrypt(secret),
                                             events=[event for event in Event.values if event in chosen])
    except IntegrityError as error:
        raise Conflict(_("This group already has a webhook with this URL."), code="webhook_exists",
                       field="url") from error
    return webhook, secret


def webhook_delete(*, webhook: Webhook) -> None:
    """Delete a webhook, its messages and its log; attempts still queued find nothing to send."""
    webhook.delete()


def message_create(*, webhook: Webhook, event: str, body: str) -> WebhookMessage:
    """A message to send to ``webhook``; the webhook's log is kept ``WEBHOOK_LOG_RETENTION_DAYS``."""
    cutoff = timezone.now() - dt.timedelta(days=settings.WEBHOOK_LOG_RETENTION_DAYS)
    WebhookMessage.objects.filter(webhook=webhook, created_at__lt=cutoff).delete()
    return WebhookMessage.objects.create(webhook=webhook, event=event, body=body,
                                         message_id=f"msg_{secrets.token_urlsafe(18)}")


def webhook_ping(*, webhook: Webhook) -> WebhookMessage:
    """A ``webhook.ping`` message: one attempt, sent even to a disabled webhook (it turns it back on
    if it succeeds), never retried and never counted as a failure."""
    data = {"group": webhook.group.slug, "webhook": webhook.pk}
    body = payloads.body(PING, happened_at=_now_text(), data=data)
    return message_create(webhook=webhook, event=PING, body=body)


def _now_text() -> str:
    return timezone.now().isoformat().replace("+00:00", "Z")


@transaction.atomic
def attempt_record(*, message: WebhookMessage, attempt: int, outcome: Outcome, attempted_at: dt.datetime,
                   next_attempt_at: dt.datetime | None) -> bool:
    """Log one attempt and keep the webhook's failure count; True when this attempt turned it off
    (the retry it would have had is then called off, and the log says so)."""
    turned_off = _count(message, outcome, attempted_at)
    WebhookDelivery.objects.create(
        webhook_id=message.webhook_id, message=message, attempt=attempt, attempted_at=attempted_at,
        succeeded=outcome.succeeded, status_code=outcome.status_code, duration_ms=outcome.duration_ms,
        error=outcome.error[:200], next_attempt_at=None if turned_off else next_attempt_at)
    return turned_off


def _count(message: WebhookMessage, outcome: Outcome, attempted_at: dt.datetime) -> bool:
    webhooks = Webhook.objects.filter(pk=message.webhook_id)
    ping = message.event == PING
    if outcome.succeeded:
        back_on = {"enabled": True, "disabled_at": None, "disabled_reason": ""} if ping else {}
        webhooks.update(consecutive_failures=0, failing_since=None, last_success_at=attempted_at, **back_on)
        return False
    if ping:
        return False
    webhooks.update(consecutive_failures=F("consecutive_failures") + 1,
                    failing_since=Coalesce(F("failing_since"), attempted_at))
    webhook = webhooks.only("consecutive_failures", "failing_since").first()
    if webhook is None:
        return False
    if outcome.gone:
        return _disable(webhook.pk, Webhook.DisabledReason.GONE, attempted_at)
    failing_for = attempted_at - (webhook.failing_since or attempted_at)
    if (webhook.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES
            and failing_for >= dt.timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS)):
        return _disable(webhook.pk, Webhook.DisabledReason.FAILING, attempted_at)
    return False


def _disable(webhook_id: int, reason: str, when: dt.datetime) -> bool:
    """Turn the webhook off once (a second worker finding it off already changes nothing)."""
    return bool(Webhook.objects.filter(pk=webhook_id, enabled=True)
                .update(enabled=False, disabled_at=when, disabled_reason=reason))
