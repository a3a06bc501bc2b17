"""Who gets email when something happens: the notifications app's listeners to the domain events.

The groups and meetings services announce what happened (``kindred.groups.events``,
``kindred.meetings.events``) without knowing who listens; :func:`connect` subscribes these after the
transaction commits. Each enqueues a background task with ids only (the email is written when it is
sent), so a request never waits on mail and no task row ever holds a name, an address or an email's
words. Leaving a group is deliberately not an email. A failure to enqueue is logged and swallowed:
mail trouble never turns someone's action into a 500.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from . import tasks

if TYPE_CHECKING:
    from kindred.groups.models import FacilitatorInvitation, Membership
    from kindred.meetings.models import Occurrence, Rsvp

logger = logging.getLogger("kindred.notifications")

# A change to one of these is news for the people who plan to come (a new capacity or note is not).
NEWS = frozenset({"starts_at", "ends_at", "location", "online_url", "online_phone", "status"})


def _enqueue(task: Any, **ids: int | str) -> None:
    """Enqueue ``task`` with ``ids`` and the language of the request that caused it (when not English)."""
    try:
        task.enqueue(**ids, **tasks.caused_in())
    except Exception:  # the action already happened; missing an email must not undo or fail it
        logger.exception("could not enqueue %s for %s", task.name, ids)


def _letter(*, user_id: int, letter: str, about_id: int) -> None:
    """One email to one person; whether they want it is decided when it is sent."""
    _enqueue(tasks.deliver_email, user_id=user_id, letter=letter, about_id=about_id)


def occurrence_cancelled(*, occurrence: Occurrence, **_: Any) -> None:
    """Tell members who said going/maybe/waitlisted (on by default)."""
    _enqueue(tasks.notify_occurrence_cancelled, occurrence_id=occurrence.pk)


def occurrence_changed(*, occurrence: Occurrence, changed: frozenset[str], **_: Any) -> None:
    """Tell members who said going/maybe/waitlisted that its time or place changed (on by default)."""
    if changed & NEWS and (occurrence.going_count or occurrence.maybe_count or occurrence.waitlist_count):
        _enqueue(tasks.notify_occurrence_changed, occurrence_id=occurrence.pk)


def waitlist_promoted(*, rsvp: Rsvp, **_: Any) -> None:
    """Tell the member they moved up from the waitlist to going (opt-in)."""
    _letter(user_id=rsvp.user_id, letter="waitlist_promoted", about_id=rsvp.pk)


def join_request_approved(*, membership: Membership, **_: Any) -> None:
    """Tell the member their request to join was approved (opt-in)."""
    _letter(user_id=membership.user_id, letter="join_request_approved", about_id=membership.pk)


def join_requested(*, membership: Membership, **_: Any) -> None:
    """Tell the group's facilitators someone asked to join (opt-in)."""
    _enqueue(tasks.notify_join_requested, membership_id=membership.pk)


def cofacilitator_invited(*, invitation: FacilitatorInvitation, **_: Any) -> None:
    """Tell the member they were invited to co-facilitate (opt-in)."""
    _letter(user_id=invitation.invitee_id, letter="cofacilitator_invited", about_id=invitation.pk)


def _account_letter(letter: str) -> Any:
    """A listener sending ``letter`` about the event's ``user`` (the words and any link are made when
    the email is written, so the task row holds the person's id and the letter's name only)."""
    def listener(*, user: Any, **_: Any) -> None:
        _letter(user_id=user.pk, letter=letter, about_id=user.pk)

    listener.__qualname__ = f"account_letter[{letter}]"
    return listener


ACCOUNT_EVENTS = {
    "confirmation_needed": ("confirm_email",),
    "registration_repeated": ("registration_repeated",),
    "password_reset_requested": ("password_reset",),
    "password_changed": ("password_changed",),
    "email_change_requested": ("email_change_confirm", "email_change_notice"),
}
_ACCOUNT_LISTENERS = {letter: _account_letter(letter) for letters in ACCOUNT_EVENTS.values() for letter in letters}


def connect() -> None:
    """Subscribe to the events that can mean an email (once, from ``NotificationsConfig.ready``)."""
    from kindred.accounts import events as account_events
    from kindred.groups import events as group_events
    from kindred.meetings import events as meeting_events

    meeting_events.occurrence_cancelled.connect(occurrence_cancelled)
    meeting_events.occurrence_changed.connect(occurrence_changed)
    meeting_events.waitlist_promoted.connect(waitlist_promoted)
    group_events.join_request_approved.connect(join_request_approved)
    group_events.cofacilitator_invited.connect(cofacilitator_invited)
    group_events.join_requested.connect(join_requested)
    for event_name, letters in ACCOUNT_EVENTS.items():
        for letter in letters:
            getattr(account_events, event_name).connect(_ACCOUNT_LISTENERS[letter])
