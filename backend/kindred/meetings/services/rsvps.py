"""RSVP writes: going/maybe/not going, the first-come-first-served waitlist, releasing places."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kindred.accounts.models import User
from kindred.common.errors import Conflict, Forbidden
from kindred.groups.models import Group, Membership
from kindred.groups.policy import Viewer

from ..events import waitlist_promoted
from ..models import Occurrence, Rsvp


def _lock(occurrence_id: int) -> Occurrence:
    return Occurrence.objects.select_for_update().select_related("group").get(pk=occurrence_id)


def _check_open(occurrence: Occurrence, *, action: str, letting_go: bool = False) -> None:
    """Refuse changes to a meeting that started, or is cancelled (except taking back a reply,
    ``letting_go``: a member may always clear a cancelled meeting from their plans before it)."""
    if occurrence.status == Occurrence.Status.CANCELLED and not letting_go:
        raise Conflict(f"This meeting is cancelled, so you cannot {action}.", code="occurrence_cancelled")
    if occurrence.starts_at <= timezone.now():
        raise Conflict(f"This meeting has already started, so you cannot {action}.", code="occurrence_started")


def _raised(before: int | None, after: int | None) -> bool:
    return before is not None and (after is None or after > before)


def _has_place(occurrence: Occurrence) -> bool:
    return occurrence.capacity is None or occurrence.going_count < occurrence.capacity


def _refresh_counts(occurrence: Occurrence) -> None:
    """Recount from the rows, in the same transaction, so the counters never drift."""
    counts = Rsvp.objects.filter(occurrence_id=occurrence.pk).aggregate(
        going=Count("pk", filter=Q(status=Rsvp.Status.GOING)),
        maybe=Count("pk", filter=Q(status=Rsvp.Status.MAYBE)),
        waitlisted=Count("pk", filter=Q(status=Rsvp.Status.WAITLISTED)),
    )
    occurrence.going_count, occurrence.maybe_count = counts["going"], counts["maybe"]
    occurrence.waitlist_count = counts["waitlisted"]
    Occurrence.objects.filter(pk=occurrence.pk).update(going_count=counts["going"], maybe_count=counts["maybe"],
                                                       waitlist_count=counts["waitlisted"])


def _promote(occurrence: Occurrence) -> None:
    """Move the longest-waiting members up while there are places (the occurrence row is locked)."""
    _refresh_counts(occurrence)
    if occurrence.starts_at <= timezone.now() or occurrence.status == Occurrence.Status.CANCELLED:
        return
    waiting = (Rsvp.objects.filter(occurrence_id=occurrence.pk, status=Rsvp.Status.WAITLISTED)
               .order_by("waitlisted_at", "id"))
    places = None if occurrence.capacity is None else max(occurrence.capacity - occurrence.going_count, 0)
    promoted = list(waiting if places is None else waiting[:places])
    for rsvp in promoted:
        rsvp.status, rsvp.waitlisted_at = Rsvp.Status.GOING, None
        rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
        waitlist_promoted.send(rsvp=rsvp)
    if promoted:
        _refresh_counts(occurrence)


def _require_member(user: User, group: Group) -> Membership:
    """Asked again with the meeting locked: a member who left a moment ago cannot answer."""
    viewer = Viewer.of(user)
    membership = viewer.membership_in(group)
    if membership is None or not viewer.is_member(group):
        raise Forbidden("Only members of this group can RSVP. Join the group first.", code="members_only")
    return membership


@transaction.atomic
def rsvp_set(*, user: User, occurrence: Occurrence, status: str, share_name: bool | None = None) -> Rsvp:
    """Say going, maybe or not going. Going beyond capacity joins the waitlist (first come, first served)."""
    occurrence = _lock(occurrence.pk)
    membership = _require_member(user, occurrence.group)
    _check_open(occurrence, action="change your RSVP", letting_go=status == Rsvp.Status.NOT_GOING)
    rsvp = Rsvp.objects.filter(occurrence=occurrence, user=user).first()
    previous = rsvp.status if rsvp else None
    if rsvp is None:
        rsvp = Rsvp(occurrence=occurrence, user=user,
                    share_name=membership.show_on_roster if share_name is None else share_name)
    elif share_name is not None:
        rsvp.share_name = share_name
    rsvp.status, rsvp.waitlisted_at = _next_status(occurrence, previous, status, rsvp.waitlisted_at)
    rsvp.save()
    if previous == Rsvp.Status.GOING and rsvp.status != Rsvp.Status.GOING:
        _promote(occurrence)
    else:
        _refresh_counts(occurrence)
    return rsvp


def _next_status(occurrence: Occurrence, previous: str | None, wanted: str,
                 waitlisted_at: dt.datetime | None) -> tuple[str, dt.datetime | None]:
    if wanted != Rsvp.Status.GOING:
        return wanted, None
    if previous in (Rsvp.Status.GOING, Rsvp.Status.WAITLISTED):
        return previous, waitlisted_at  # keep the place (or the place in the queue)
    if _has_place(occurrence) and not occurrence.waitlist_count:
        return Rsvp.Status.GOING, None
    return Rsvp.Status.WAITLISTED, timezone.now()


@transaction.atomic
def rsvp_withdraw(*, user: User, occurrence: Occurrence) -> None:
    """Take back my answer altogether; a place I held goes to the longest-waiting member."""
    occurrence = _lock(occurrence.pk)
    _require_member(user, occurrence.group)
    _check_open(occurrence, action="change your RSVP", letting_go=True)
    deleted, _ = Rsvp.objects.filter(occurrence=occurrence, user=user).delete()
    if deleted:
        _promote(occurrence)


def waitlist_position(rsvp: Rsvp) -> int | None:
    if rsvp.status != Rsvp.Status.WAITLISTED:
        return None
    ahead = Rsvp.objects.filter(occurrence_id=rsvp.occurrence_id, status=Rsvp.Status.WAITLISTED).filter(
        Q(waitlisted_at__lt=rsvp.waitlisted_at) | Q(waitlisted_at=rsvp.waitlisted_at, pk__lt=rsvp.pk)).count()
    return ahead + 1


def _release(rsvps: QuerySet[Rsvp]) -> None:
    """Delete the given RSVPs and give any freed places to the waitlists, locking in id order."""
    occurrence_ids = sorted(set(rsvps.values_list("occurrence_id", flat=True)))
    occurrences = list(Occurrence.objects.select_for_update().filter(pk__in=occurrence_ids).order_by("pk"))
    rsvps.delete()
    for occurrence in occurrences:
        _promote(occurrence)


def rsvps_hide_names(*, user: User, group: Group) -> None:
    """The person hid from the group's roster: no meeting list names them any more, whatever they
    answered before (their answers and the counts stay). Sharing again is their choice per meeting."""
    Rsvp.objects.filter(user=user, occurrence__group=group, share_name=True).update(
        share_name=False, updated_at=timezone.now())


@transaction.atomic
def rsvps_release_for_member(*, user: User, group: Group) -> None:
    """On leaving a group: drop the member's RSVPs for its future meetings and move waitlists up."""
    _release(Rsvp.objects.filter(user=user, occurrence__group=group, occurrence__starts_at__gt=timezone.now()))


@transaction.atomic
def rsvp_release_all_for_user(*, user: User) -> None:
    """On account erasure: drop every RSVP of the user, keep counters exact and move waitlists up."""
    _release(Rsvp.objects.filter(user=user))
