"""Background tasks: work out who wants each email, then deliver each one with retries.

Every task carries ids only (JSON-safe, naming no one, and never a link's token: account emails
make their link when they are written, ``ACCOUNT_LETTERS``): an event about many people enqueues
one task that reads the current state, applies everyone's preferences, and enqueues one
``deliver_email`` per person, so one failing address never holds up the others; an event about one
person enqueues ``deliver_email`` directly. ``deliver_email`` writes the words when it runs, from
what is true then. Delivery failures are logged and retried with backoff.

Each email is written in its reader's language (:func:`letter_language`): the one they chose, else the
language of the request that caused it (a task carries it as ``language`` when it is not English), else
English.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from kindred.accounts import links
from kindred.accounts.models import User
from kindred.accounts.presenters import account_link
from kindred.common.languages import is_interface_language, member_language
from kindred.groups.models import Membership
from kindred.groups.selectors import open_invitations
from kindred.meetings.models import Occurrence, Rsvp

from . import emails
from .selectors import wants
from .services import reminder_record
from .tokens import unsubscribe_token

logger = logging.getLogger("kindred.notifications")


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SITE_URL + reverse("notifications-unsubscribe", kwargs={"token": token})


def _message(user: User, letter: emails.Letter) -> EmailMessage:
    url = unsubscribe_url(user_id=user.pk, kind=letter.kind)
    return EmailMessage(
        subject=letter.subject, body=letter.body + emails.footer(letter.kind, url),
        from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Auto-Submitted": "auto-generated"},
    )


def letter_language(user: User, language: str = "") -> str:
    """The language of an email to ``user``: theirs, else ``language`` (the request that caused it), else English."""
    return member_language(user) or (language if is_interface_language(language) else "") or settings.LANGUAGE_CODE


def _language_of(language: str) -> dict[str, Any]:
    """``language=`` for a task's arguments, left out when there is none (a row says no more than it must)."""
    return {"language": language} if language else {}


def caused_in() -> dict[str, Any]:
    """``language=`` for a task enqueued now: the active language (the request's), left out when it is
    the default, so a task row says no more than it must."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {"language": language} if language != settings.LANGUAGE_CODE and is_interface_language(language) else {}


@task()
def deliver_email(*, user_id: int, letter: str, about_id: int, attempt: int = 1, language: str = "") -> str:
    """Write one email from the current state and send it; on failure log it and try again later.

    The task row holds ids only (never a name, an address or a rendered body), and the language of the
    request that caused it when not English, so what the database keeps about a queued or sent email
    says nothing about anyone. If the person, the meeting, the place or the invitation is gone, or the
    person turned this kind of email off, nothing is sent.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "skipped: no such person"
    with translation.override(letter_language(user, language)):
        message = (_account_message(letter, user) if letter in ACCOUNT_LETTERS
                   else _composed_message(letter, user, about_id))
    if message is None:
        return "skipped: no longer applies"
    try:
        message.send()
    except Exception:  # any mail failure: SMTP errors, timeouts, refused connections
        delays = settings.NOTIFICATION_RETRY_DELAYS
        if attempt > len(delays):
            logger.exception("giving up on %s email to user %s after %s attempts", letter, user_id, attempt)
            return "failed"
        logger.warning("%s email to user %s failed (attempt %s); retrying in %ss", letter, user_id, attempt,
                       delays[attempt - 1], exc_info=True)
        retry = deliver_email
        if deliver_email.get_backend().supports_defer:
            retry = deliver_email.using(run_after=timezone.now() + dt.timedelta(seconds=delays[attempt - 1]))
        ids: dict[str, Any] = {"user_id": user_id, "letter": letter, "about_id": about_id, "attempt": attempt + 1}
        retry.enqueue(**ids, **_language_of(language))
        return "retrying"
    return "sent"


def _composed_message(letter: str, user: User, about_id: int) -> EmailMessage | None:
    composed = compose(letter, user=user, about_id=about_id)
    return _message(user, composed) if composed is not None else None


def send(*, user_id: int, letter: str, about_id: int, language: str = "") -> None:
    """Queue one email to one person about one thing (its words are written when it is sent)."""
    ids: dict[str, Any] = {"user_id": user_id, "letter": letter, "about_id": about_id}
    deliver_email.enqueue(**ids, **_language_of(language))


# --- writing each letter from what is true now ------------------------------------------------------

def _wants(user: User, kind: str) -> bool:
    return User.objects.filter(pk=user.pk).filter(wants(kind, prefix="")).exists()


def _replied_occurrence(user: User, occurrence_id: int, *, statuses: Iterable[str],
                        status: str = Occurrence.Status.SCHEDULED) -> Occurrence | None:
    return (Occurrence.objects.select_related("series", "group")
            .filter(pk=occurrence_id, status=status, rsvps__user=user, rsvps__status__in=list(statuses)).first())


def _cancelled(user: User, occurrence_id: int) -> emails.Letter | None:
    occurrence = _replied_occurrence(user, occurrence_id, statuses=Rsvp.PLANNED, status=Occurrence.Status.CANCELLED)
    return emails.occurrence_cancelled(occurrence, user) if occurrence else None


def _changed(user: User, occurrence_id: int) -> emails.Letter | None:
    occurrence = _replied_occurrence(user, occurrence_id, statuses=Rsvp.PLANNED)
    return emails.occurrence_changed(occurrence, user) if occurrence else None


def _promoted(user: User, rsvp_id: int) -> emails.Letter | None:
    rsvp = (Rsvp.objects.select_related("occurrence__series", "occurrence__group")
            .filter(pk=rsvp_id, user=user, status=Rsvp.Status.GOING).first())
    return emails.waitlist_promoted(rsvp.occurrence, user) if rsvp else None


def _approved(user: User, membership_id: int) -> emails.Letter | None:
    membership = (Membership.objects.select_related("user", "group")
                  .filter(pk=membership_id, user=user, status=Membership.Status.ACTIVE).first())
    return emails.join_request_approved(membership) if membership else None


def _invited(user: User, invitation_id: int) -> emails.Letter | None:
    invitation = (open_invitations().select_related("invitee", "group")
                  .filter(pk=invitation_id, invitee=user).first())
    if invitation is None:
        return None
    inviter = (Membership.objects.select_related("user")
               .filter(group=invitation.group_id, user=invitation.invited_by_id).first())
    if inviter is None:  # the inviter left a moment ago
        return None
    return emails.cofacilitator_invited(invitation, inviter_name=inviter.name_in_group)


def _requested(user: User, membership_id: int) -> emails.Letter | None:
    """Only while the request waits and the reader still facilitates the group."""
    membership = (Membership.objects.select_related("user", "group")
                  .filter(pk=membership_id, status=Membership.Status.PENDING).first())
    if membership is None or not Membership.objects.filter(
            group=membership.group_id, user=user, role=Membership.Role.FACILITATOR,
            status=Membership.Status.ACTIVE).exists():
        return None
    return emails.join_requested(membership, user)


def _reminder(user: User, occurrence_id: int) -> emails.Letter | None:
    occurrence = _replied_occurrence(user, occurrence_id, statuses=REMINDER_STATUSES)
    if occurrence is None or occurrence.starts_at <= timezone.now():
        return None
    return emails.reminder(occurrence, user)


REMINDER_STATUSES = (Rsvp.Status.GOING, Rsvp.Status.MAYBE)

# letter -> (the preference that turns it off, how to write it from the person and the id it is about)
LETTERS: dict[str, tuple[str, Callable[[User, int], emails.Letter | None]]] = {
    "occurrence_cancelled": ("occurrence_changed", _cancelled),
    "occurrence_changed": ("occurrence_changed", _changed),
    "waitlist_promoted": ("waitlist_promoted", _promoted),
    "join_request_approved": ("join_request_approved", _approved),
    "cofacilitator_invited": ("cofacilitator_invited", _invited),
    "join_requested": ("join_requested", _requested),
    "reminder": ("reminders", _reminder),
}


def compose(letter: str, *, user: User, about_id: int) -> emails.Letter | None:
    """The email ``letter`` about ``about_id`` for ``user`` as things stand, or None if it no longer applies."""
    if letter not in LETTERS:
        logger.error("unknown letter %r", letter)
        return None
    kind, write = LETTERS[letter]
    if not _wants(user, kind):
        return None
    return write(user, about_id)


# --- events: who gets which letter -----------------------------------------------------------------

def _affected_user_ids(occurrence_id: int) -> list[int]:
    return list(Rsvp.objects.filter(occurrence_id=occurrence_id, status__in=Rsvp.PLANNED, user__is_active=True)
                .filter(wants("occurrence_changed")).order_by("id").values_list("user_id", flat=True))


@task()
def notify_occurrence_cancelled(*, occurrence_id: int, language: str = "") -> int:
    if not Occurrence.objects.filter(pk=occurrence_id, status=Occurrence.Status.CANCELLED).exists():
        return 0
    user_ids = _affected_user_ids(occurrence_id)
    for user_id in user_ids:
        send(user_id=user_id, letter="occurrence_cancelled", about_id=occurrence_id, language=language)
    return len(user_ids)


@task()
def notify_join_requested(*, membership_id: int, language: str = "") -> int:
    """Each active facilitator of the group who asked to hear of requests to join."""
    group_id = (Membership.objects.filter(pk=membership_id, status=Membership.Status.PENDING)
                .values_list("group_id", flat=True).first())
    if group_id is None:
        return 0
    user_ids = list(Membership.objects.filter(group_id=group_id, role=Membership.Role.FACILITATOR,
                                              status=Membership.Status.ACTIVE, user__is_active=True)
                    .filter(wants("join_requested")).order_by("id").values_list("user_id", flat=True))
    for user_id in user_ids:
        send(user_id=user_id, letter="join_requested", about_id=membership_id, language=language)
    return len(user_ids)


@task()
def notify_occurrence_changed(*, occurrence_id: int, language: str = "") -> int:
    if not Occurrence.objects.filter(pk=occurrence_id, status=Occurrence.Status.SCHEDULED).exists():
        return 0
    user_ids = _affected_user_ids(occurrence_id)
    for user_id in user_ids:
        send(user_id=user_id, letter="occurrence_changed", about_id=occurrence_id, language=language)
    return len(user_ids)


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
            send(user_id=rsvp.user_id, letter="reminder", about_id=rsvp.occurrence_id)
            sent += 1
    return sent


@task()
def send_reminders_task() -> int:
    return send_reminders()


# --- account emails: links are made here, as the email is written, and kept nowhere -----------------

def _link(user: User, purpose: str) -> tuple[str, dt.timedelta]:
    return account_link(purpose, links.make_token(user, purpose)), links.lifetime(purpose)


def _screen(name: str) -> str:
    return f"{settings.SITE_URL}/#/{name}"


def _confirm(user: User) -> emails.AccountLetter | None:
    return None if user.email_confirmed else emails.confirm_email(user, *_link(user, links.CONFIRM))


def _email_change(user: User) -> emails.AccountLetter | None:
    """The link to the new address; none when that address has an account of its own (its owner was
    told someone tried, and the link could only answer ``email_taken``)."""
    if not user.pending_email or User.objects.filter(email=user.pending_email).exclude(pk=user.pk).exists():
        return None
    return emails.email_change_confirm(user, *_link(user, links.EMAIL))


def _email_change_notice(user: User) -> emails.AccountLetter | None:
    return emails.email_change_notice(user, forgot=_screen("forgot")) if user.pending_email else None


ACCOUNT_LETTERS: dict[str, Callable[[User], emails.AccountLetter | None]] = {
    "confirm_email": _confirm,
    "registration_repeated": lambda user: emails.registration_repeated(user, sign_in=_screen("login"),
                                                                       forgot=_screen("forgot")),
    "password_reset": lambda user: emails.password_reset(user, *_link(user, links.RESET)),
    "password_changed": lambda user: emails.password_changed(user, forgot=_screen("forgot")),
    "email_change_confirm": _email_change,
    "email_change_notice": _email_change_notice,
}


def _account_message(letter: str, user: User) -> EmailMessage | None:
    """An account email as things stand (an address confirmed meanwhile gets no confirmation link)."""
    composed = ACCOUNT_LETTERS[letter](user)
    if composed is None:
        return None
    return EmailMessage(subject=composed.subject, body=composed.body, from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[composed.to], headers={"Auto-Submitted": "auto-generated"})
