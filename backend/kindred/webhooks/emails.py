"""The one email the webhooks app sends: to each facilitator, when a webhook was turned off. It is
written in the facilitator's own language (English when they chose none: no request caused it)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.common.languages import member_language
from kindred.common.text import one_line
from kindred.groups.models import Membership

from .models import Webhook

WHY = {
    Webhook.DisabledReason.GONE: gettext_lazy(
        "its receiver answered 410 Gone, which says it wants no more deliveries"),
    Webhook.DisabledReason.FAILING: gettext_lazy("every delivery to it failed for more than a day"),
}


def shown_url(url: str) -> str:
    """The address without its query string, which may hold the receiver's own token."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def webhook_disabled(webhook: Webhook, membership: Membership, *, last_error: str) -> EmailMessage:
    with translation.override(member_language(membership.user) or settings.LANGUAGE_CODE):
        return _webhook_disabled(webhook, membership, last_error=last_error)


def _webhook_disabled(webhook: Webhook, membership: Membership, *, last_error: str) -> EmailMessage:
    group, name = webhook.group, one_line(webhook.group.name)
    api = f"{settings.SITE_URL}/api/v1/groups/{group.slug}/webhooks/{webhook.pk}/"
    why = WHY.get(Webhook.DisabledReason(webhook.disabled_reason)) if webhook.disabled_reason in WHY else None
    why = why or gettext_lazy("its deliveries kept failing")
    paragraphs = [
        _("Hello %(name)s,") % {"name": membership.name_in_group},
        _("Kindred has stopped sending updates about %(group)s to this webhook, because %(why)s:")
        % {"group": name, "why": why} + f"\n\n  {shown_url(webhook.url)}"
        + ("\n\n" + _("The last attempt said: %(error)s") % {"error": last_error} if last_error else ""),
        _("Whoever runs that receiver may want to know. When it works again, send a ping to it (POST %(ping)s): a "
          "ping that gets through turns the webhook back on. If it is no longer needed, delete it (DELETE %(api)s). "
          "Its delivery log is at %(log)s.") % {"ping": api + "ping/", "api": api, "log": api + "deliveries/"},
        _("You get this email because you facilitate %(group)s.") % {"group": name},
        _("Warmly,\nKindred"),
    ]
    return EmailMessage(subject=one_line(_("A webhook of %(group)s was turned off") % {"group": group.name}),
                        body="\n\n".join(paragraphs) + "\n", from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[membership.user.email], headers={"Auto-Submitted": "auto-generated"})
