"""Background tasks: work out who wants each email, then deliver each one with retries.

Events enqueue one task each with plain ids (JSON-safe); that task reads the current state,
applies everyone's preferences, and enqueues one ``deliver_email`` per person, so one failing
address never holds up the others. Delivery failures are logged and retried with backoff.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from kindred.accounts.models import User
from kindred.groups.models import FacilitatorInvitation, Membership
from kindred.meetings.models import Occurrence, Rsvp

from . import emails
from .selectors import wants
from .services import reminder_record
from .tokens import unsubscribe_token

logger = logging.getLogger("kindred.notifications")

DEFAULT_RETRY_DELAYS = (60, 300, 1800)


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SITE_URL + reverse("notifications-unsubscribe", kwargs={"token": token})


def _message(user: User, letter: emails.Letter) -> EmailMessage:
    url = unsubscribe_url(user_id=user.pk, kind=letter.kind)
    why = ("You get this email because it is on for everyone unless they turn it off"
           if letter.kind == "occurrence_changed" else "You get this email because you asked to hear when")
    footer = f"\n--\n{why}: {emails.KIND_LABELS[letter.kind]}.\nTo stop these emails, one click: {url}\n"
    return EmailMessage(
        subject=letter.subject, body=letter.body + footer, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Auto-Submitted": "auto-generated"},
    )


def _retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "NOTIFICATION_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


@task()
def deliver_email(*, user_id: int, kind: str, subject: str, body: str, attempt: int = 1) -> str:
    """Send one email now; on failure log it and enqueue another attempt later, a few times."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "skipped: no such person"
    try:
        _message(user, emails.Letter(user_id, kind, subject, body)).send()
    except Exception:  # any mail failure: SMTP errors, timeouts, refused connections
        delays = _retry_delays()
        if attempt > len(delays):
            logger.exception("giving up on %s email to user %s after %s attempts", kind, user_id, attempt)
            return "failed"
        logger.warning("%s email to user %s failed (attempt %s); retrying in %ss", kind, user_id, attempt,
                       delays[attempt - 1], exc_info=True)
        retry = deliver_email
        if deliver_email.get_backend().supports_defer:
            retry = deliver_email.using(run_after=timezone.now() + dt.timedelta(seconds=delays[attempt - 1]))
        retry.enqueue(user_id=user_id, kind=kind, subject=subject, body=body, attempt=attempt + 1)
        return "retrying"
    return "sent"


def post(letter: emails.Letter) -> None:
    deliver_email.enqueue(user_id=letter.user_id, kind=letter.kind, subject=letter.subject, body=letter.body)


def _occurrence(occurrence_id: int) -> Occurrence | None:
    return Occurrence.objects.select_related("series", "group").filter(pk=occurrence_id).first()


def _affected_users(occurrence: Occurrence) -> list[User]:
    rsvps = (Rsvp.objects.filter(occurrence=occurrence, status__in=Rsvp.PLANNED, user__is_active=True)
             .filter(wants("occurrence_changed")).select_related("user").order_by("id"))
    return [rsvp.user for rsvp in rsvps]


@task()
def notify_occurrence_cancelled(*, occurrence_id: int) -> int:
    occurrence = _occurrence(occurrence_id)
    if occurrence is None or occurrence.status != Occurrence.Status.CANCELLED:
        return 0
    users = _affected_users(occurrence)
    for user in users:
        post(emails.occurrence_cancelled(occurrence, user))
    return len(users)


@task()
def notify_occurrence_changed(*, occurrence_id: int) -> int:
    occurrence = _occurrence(occurrence_id)
    if occurrence is None or occurrence.status != Occurrence.Status.SCHEDULED:
        return 0
    users = _affected_users(occurrence)
    for user in users:
        post(emails.occurrence_changed(occurrence, user))
    return len(users)


@task()
def notify_waitlist_promoted(*, rsvp_id: int) -> int:
    rsvp = (Rsvp.objects.select_related("user", "occurrence__series", "occurrence__group")
            .filter(pk=rsvp_id, status=Rsvp.Status.GOING, user__is_active=True)
            .filter(wants("waitlist_promoted")).first())
    if rsvp is None:
        return 0
    post(emails.waitlist_promoted(rsvp.occurrence, rsvp.user))
    return 1


@task()
def notify_join_request_approved(*, membership_id: int) -> int:
    membership = (Membership.objects.select_related("user", "group")
                  .filter(pk=membership_id, status=Membership.Status.ACTIVE, user__is_active=True)
                  .filter(wants("join_request_approved")).first())
    if membership is None:
        return 0
    post(emails.join_request_approved(membership))
    return 1


@task()
def notify_cofacilitator_invited(*, invitation_id: int) -> int:
    invitation = (FacilitatorInvitation.objects.select_related("invitee", "group", "invited_by")
                  .filter(pk=invitation_id, invitee__is_active=True)
                  .filter(wants("cofacilitator_invited", prefix="invitee__")).first())
    if invitation is None:
        return 0
    post(emails.cofacilitator_invited(invitation))
    return 1


REMINDER_STATUSES = (Rsvp.Status.GOING, Rsvp.Status.MAYBE)
MAX_REMINDER_HOURS = 168


def reminders_due(*, now: dt.datetime) -> list[Rsvp]:
    """RSVPs of people who asked for reminders whose meeting starts within their chosen lead time."""
    rsvps = (Rsvp.objects.filter(status__in=REMINDER_STATUSES, user__is_active=True,
                                 occurrence__status=Occurrence.Status.SCHEDULED,
                                 occurrence__starts_at__gt=now,
                                 occurrence__starts_at__lte=now + dt.timedelta(hours=MAX_REMINDER_HOURS))
             .filter(wants("reminders"))
             .select_related("user__notification_preferences", "occurrence__series", "occurrence__group")
             .order_by("occurrence__starts_at", "id"))
    return [rsvp for rsvp in rsvps if rsvp.occurrence.starts_at
            <= now + dt.timedelta(hours=rsvp.user.notification_preferences.reminder_hours)]


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Send every reminder that is due and not yet sent; safe to run as often as you like."""
    sent = 0
    for rsvp in reminders_due(now=now or timezone.now()):
        if reminder_record(user_id=rsvp.user_id, occurrence_id=rsvp.occurrence_id):
            post(emails.reminder(rsvp.occurrence, rsvp.user))
            sent += 1
    return sent


@task()
def send_reminders_task() -> int:
    return send_reminders()
