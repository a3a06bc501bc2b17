"""The events other apps announce; each decides who (if anyone, by their preferences) gets email.

Callers run these after their transaction commits (``transaction.on_commit``); each enqueues a
background task, so a request never waits on mail. Leaving a group is deliberately not an event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindred.groups.models import FacilitatorInvitation, Membership
    from kindred.meetings.models import Occurrence, Rsvp


def occurrence_cancelled(*, occurrence: Occurrence) -> None:
    """Tell members who said going/maybe/waitlisted (on by default)."""


def occurrence_changed(*, occurrence: Occurrence) -> None:
    """Tell members who said going/maybe/waitlisted that time or place changed (on by default)."""


def waitlist_promoted(*, rsvp: Rsvp) -> None:
    """Tell the member they moved up from the waitlist to going (opt-in)."""


def join_request_approved(*, membership: Membership) -> None:
    """Tell the member their request to join was approved (opt-in)."""


def cofacilitator_invited(*, invitation: FacilitatorInvitation) -> None:
    """Tell the member they were invited to co-facilitate (opt-in)."""
