"""The events other apps announce; each decides who (if anyone, by their preferences) gets email.

Callers run these after their transaction commits (``transaction.on_commit``); each enqueues a
background task with ids only (the email is written when it is sent), so a request never waits on
mail and no task row ever holds a name, an address or an email's words. Leaving a group is deliberately not an event.
A failure to enqueue is logged and swallowed: mail trouble never turns someone's action into a 500.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from . import tasks

if TYPE_CHECKING:
    from kindred.groups.models import FacilitatorInvitation, Membership
    from kindred.meetings.models import Occurrence, Rsvp

logger = logging.getLogger("kindred.notifications")


def _enqueue(task: Any, **ids: int | str) -> None:
    try:
        task.enqueue(**ids)
    except Exception:  # the action already happened; missing an email must not undo or fail it
        logger.exception("could not enqueue %s for %s", task.name, ids)


def _letter(*, user_id: int, letter: str, about_id: int) -> None:
    """One email to one person; whether they want it is decided when it is sent."""
    _enqueue(tasks.deliver_email, user_id=user_id, letter=letter, about_id=about_id)


def occurrence_cancelled(*, occurrence: Occurrence) -> None:
    """Tell members who said going/maybe/waitlisted (on by default)."""
    _enqueue(tasks.notify_occurrence_cancelled, occurrence_id=occurrence.pk)


def occurrence_changed(*, occurrence: Occurrence) -> None:
    """Tell members who said going/maybe/waitlisted that time or place changed (on by default)."""
    _enqueue(tasks.notify_occurrence_changed, occurrence_id=occurrence.pk)


def waitlist_promoted(*, rsvp: Rsvp) -> None:
    """Tell the member they moved up from the waitlist to going (opt-in)."""
    _letter(user_id=rsvp.user_id, letter="waitlist_promoted", about_id=rsvp.pk)


def join_request_approved(*, membership: Membership) -> None:
    """Tell the member their request to join was approved (opt-in)."""
    _letter(user_id=membership.user_id, letter="join_request_approved", about_id=membership.pk)


def cofacilitator_invited(*, invitation: FacilitatorInvitation) -> None:
    """Tell the member they were invited to co-facilitate (opt-in)."""
    _letter(user_id=invitation.invitee_id, letter="cofacilitator_invited", about_id=invitation.pk)
