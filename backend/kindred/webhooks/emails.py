"""The one email the webhooks app sends: to each facilitator, when a webhook was turned off."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage

from kindred.common.text import one_line
from kindred.groups.models import Membership

from .models import Webhook

SIGN_OFF = "Warmly,\nKindred"
WHY: dict[str, str] = {
    Webhook.DisabledReason.GONE: "its receiver answered 410 Gone, which says it wants no more deliveries",
    Webhook.DisabledReason.FAILING: "every delivery to it failed for more than a day",
}


def shown_url(url: str) -> str:
    """The address without its query string, which may hold the receiver's own token."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def webhook_disabled(webhook: Webhook, membership: Membership, *, last_error: str) -> EmailMessage:
    group = webhook.group
    api = f"{settings.SITE_URL}/api/v1/groups/{group.slug}/webhooks/{webhook.pk}/"
    said = f"\nThe last attempt said: {last_error}\n" if last_error else ""
    body = (
        f"Hello {membership.name_in_group},\n\n"
        f"Kindred has stopped sending updates about {one_line(group.name)} to this webhook, because "
        f"{WHY.get(webhook.disabled_reason, 'its deliveries kept failing')}:\n\n"
        f"  {shown_url(webhook.url)}\n{said}\n"
        "Whoever runs that receiver may want to know. When it works again, send a ping to it "
        f"(POST {api}ping/): a ping that gets through turns the webhook back on. If it is no longer "
        f"needed, delete it (DELETE {api}). Its delivery log is at {api}deliveries/.\n\n"
        f"You get this email because you facilitate {one_line(group.name)}.\n\n{SIGN_OFF}\n"
    )
    return EmailMessage(subject=one_line(f"A webhook of {group.name} was turned off"), body=body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[membership.user.email],
                        headers={"Auto-Submitted": "auto-generated"})
