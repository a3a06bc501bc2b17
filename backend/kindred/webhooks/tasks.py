"""Background tasks: write an event's message for each webhook, deliver it with retries, and tell
the facilitators when a webhook is turned off.

Every task carries ids only. ``webhook_event`` writes the body once, from the public presenters, so
every attempt (and every webhook) gets the same bytes; ``webhook_deliver`` signs each attempt
afresh (a new ``webhook-timestamp``) and, when it fails, enqueues itself again after the next delay
of ``WEBHOOK_RETRY_DELAYS`` (exponential backoff with a little jitter; a longer ``Retry-After``
from the receiver wins), so a receiver's outage never holds up anything else.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from kindred.groups.models import Membership

from . import emails, payloads, selectors, sender, services, signing
from .models import PING, Webhook, WebhookMessage

logger = logging.getLogger("kindred.webhooks")

JITTER = 0.1


def user_agent() -> str:
    return f"Kindred-Webhooks/1.0 (+{settings.SITE_URL})"


@task()
def webhook_event(*, event: str, group_id: int, object_id: int, happened_at: str, previous_slug: str = "") -> int:
    """One event: the resource as the public sees it now, sent to each webhook of the group that wants it."""
    data = payloads.data_for(event, object_id, previous_slug=previous_slug)
    if data is None:
        return 0  # gone since, or no longer public
    body = payloads.body(event, happened_at=happened_at, data=data)
    webhooks = selectors.subscribers(group_id=group_id, event=event)
    for webhook in webhooks:
        send_soon(services.message_create(webhook=webhook, event=event, body=body))
    return len(webhooks)


def send_soon(message: WebhookMessage) -> None:
    """Queue the first attempt at ``message``."""
    try:
        webhook_deliver.enqueue(message_id=message.pk)
    except Exception:  # logged, never the caller's error: the log shows no attempt
        logger.exception("could not enqueue webhook message %s", message.pk)


def signed_headers(message: WebhookMessage, secret: str) -> dict[str, str]:
    timestamp = int(time.time())
    return {
        "Content-Type": "application/json",
        "User-Agent": user_agent(),
        "webhook-id": message.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signing.signature(secret, message_id=message.message_id, timestamp=timestamp,
                                               body=message.body),
    }


def _next_attempt(attempt: int, outcome: sender.Outcome, now: dt.datetime) -> dt.datetime | None:
    delays = settings.WEBHOOK_RETRY_DELAYS
    if outcome.succeeded or outcome.gone or attempt > len(delays):
        return None
    delay = delays[attempt - 1] * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 - spreading retries, not a secret
    return now + dt.timedelta(seconds=max(delay, outcome.retry_after or 0))


@task()
def webhook_deliver(*, message_id: int, attempt: int = 1) -> str:
    """One attempt at one message; a failure is logged on the webhook and tried again later."""
    message = selectors.message_for_attempt(message_id=message_id)
    if message is None:
        return "skipped: the webhook was deleted"
    ping = message.event == PING
    if not message.webhook.enabled and not ping:
        return "skipped: the webhook is turned off"
    started = timezone.now()
    try:
        secret = signing.decrypt(message.webhook.secret_encrypted)
    except signing.SecretUnreadable:
        logger.error("webhook %s: its secret was encrypted with another SECRET_KEY", message.webhook_id)
        outcome = sender.Outcome(None, 0, "Not sent: the signing secret cannot be read (was SECRET_KEY changed "
                                          "without keeping the old one in SECRET_KEY_FALLBACKS?)")
    else:
        outcome = sender.deliver(url=message.webhook.url, body=message.body.encode(),
                                 headers=signed_headers(message, secret))
    retry_at = None if ping else _next_attempt(attempt, outcome, started)
    turned_off = services.attempt_record(message=message, attempt=attempt, outcome=outcome, attempted_at=started,
                                         next_attempt_at=retry_at)
    if turned_off:
        _enqueue_notice(message.webhook_id)
    if outcome.succeeded:
        return "delivered"
    if retry_at is None or turned_off:
        return "failed"
    logger.info("webhook %s message %s attempt %s failed; retrying at %s", message.webhook_id, message.pk, attempt,
                retry_at.isoformat())
    retry = webhook_deliver
    if webhook_deliver.get_backend().supports_defer:
        retry = webhook_deliver.using(run_after=retry_at)
    retry.enqueue(message_id=message_id, attempt=attempt + 1)
    return "retrying"


def _enqueue_notice(webhook_id: int) -> None:
    try:
        webhook_disabled_notice.enqueue(webhook_id=webhook_id)
    except Exception:
        logger.exception("could not enqueue the notice that webhook %s was turned off", webhook_id)


@task()
def webhook_disabled_notice(*, webhook_id: int) -> int:
    """Email each facilitator of the group that its webhook was turned off (one email each, so no
    one sees another's address). Nothing is sent if it was turned back on or deleted meanwhile."""
    webhook = Webhook.objects.select_related("group").filter(pk=webhook_id, enabled=False).first()
    if webhook is None:
        return 0
    last = webhook.deliveries.order_by("-id").values_list("error", "status_code").first()
    last_error = (last[0] or (f"HTTP {last[1]}" if last[1] else "")) if last else ""
    facilitators = (Membership.objects.select_related("user")
                    .filter(group=webhook.group, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE,
                            user__is_active=True).order_by("id"))
    sent = 0
    for membership in facilitators:
        try:
            emails.webhook_disabled(webhook, membership, last_error=last_error).send()
            sent += 1
        except Exception:  # one address failing must not keep the others from hearing
            logger.exception("could not tell facilitator membership %s that webhook %s was turned off",
                             membership.pk, webhook_id)
    return sent
