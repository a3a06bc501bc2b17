"""RSVP writes: going/maybe/not going, the first-come-first-served waitlist, releasing places."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.accounts.models import User
from kindred.common.errors import Conflict, Forbidden
from kindred.groups.models import Group, Membership
from kindred.groups.policy import Viewer

from ..events import waitlist_promoted
from ..models import Occurrence, Rsvp


def _lock(occurrence_id: int) -> Occurrence:
    occurrence = occurrence_lock(occurrence_id=occurrence_id)
    if occurrence is None:
        raise Occurrence.DoesNotExist(occurrence_id)
    return occurrence


def occurrence_lock(*, occurrence_id: int) -> Occurrence | None:
    """The occurrence with its group, its row locked until the transaction ends (one query).

    Only the occurrence's row is locked (``of=("self",)``): answers to the group's other meetings go on.
    Every RSVP write for a meeting takes this lock first, so its counters and waitlist change one answer
    at a time."""
    occurrence = (Occurrence.objects.select_for_update(of=("self",)).select_related("group")
                  .filter(pk=occurrence_id).first())
    if occurrence is not None:
        occurrence.locked_in = _current_transaction()  # type: ignore[attr-defined]
    return occurrence


def _current_transaction() -> object | None:
    """The outermost atomic block of this connection: a lock taken in it is held until it ends."""
    blocks = transaction.get_connection().atomic_blocks
    return blocks[0] if blocks else None


def _locked_for_member(user: User, occurrence: Occurrence,
                       membership: Membership | None) -> tuple[Occurrence, Membership]:
    """The occurrence locked and the user's active membership of its group, checked after the lock (a member
    who left a moment ago cannot answer). A caller that already did both in this transaction (the RSVP view:
    :func:`occurrence_lock`, then the viewer's memberships) passes the membership and nothing is read again."""
    locked = getattr(occurrence, "locked_in", None)
    if membership is None or locked is None or locked is not _current_transaction():
        occurrence = _lock(occurrence.pk)
        membership = Viewer.of(user).membership_in(occurrence.group)
    if membership is None or membership.status != Membership.Status.ACTIVE:
        raise Forbidden(_("Only members of this group can RSVP. Join the group first."), code="members_only")
    return occurrence, membership


# action -> what is said when the meeting is cancelled, and when it has started: whole sentences, so
# that every language can word them its own way.
CLOSED = {
    "rsvp": (gettext_lazy("This meeting is cancelled, so you cannot change your RSVP."),
             gettext_lazy("This meeting has already started, so you cannot change your RSVP.")),
    "change": (gettext_lazy("This meeting is cancelled, so you cannot change it."),
               gettext_lazy("This meeting has already started, so you cannot change it.")),
    "cancel": (gettext_lazy("This meeting is cancelled, so you cannot cancel it."),
               gettext_lazy("This meeting has already started, so you cannot cancel it.")),
    "restore": (gettext_lazy("This meeting is cancelled, so you cannot restore it."),
                gettext_lazy("This meeting has already started, so you cannot restore it.")),
}


def _check_open(occurrence: Occurrence, *, action: str, letting_go: bool = False) -> None:
    """Refuse changes to a meeting that started, or is cancelled (except taking back a reply,
    ``letting_go``: a member may always clear a cancelled meeting from their plans before it).
    ``action`` is a key of :data:`CLOSED`."""
    when_cancelled, when_started = CLOSED[action]
    if occurrence.status == Occurrence.Status.CANCELLED and not letting_go:
        raise Conflict(str(when_cancelled), code="occurrence_cancelled")
    if occurrence.starts_at <= timezone.now():
        raise Conflict(str(when_started), code="occurrence_started")


def _raised(before: int | None, after: int | None) -> bool:
    return before is not None and (after is None or after > before)


def _has_place(occurrence: Occurrence) -> bool:
    return occurrence.capacity is None or occurrence.going_count < occurrence.capacity


# The counter each answer adds to; "not going" is counted nowhere.
COUNTERS: dict[str, str] = {Rsvp.Status.GOING: "going_count", Rsvp.Status.MAYBE: "maybe_count",
            Rsvp.Status.WAITLISTED: "waitlist_count"}


def _counts(occurrence: Occurrence) -> tuple[int, int, int]:
    return occurrence.going_count, occurrence.maybe_count, occurrence.waitlist_count


def _count_move(occurrence: Occurrence, before: str | None, after: str | None) -> None:
    """One answer went from ``before`` to ``after`` (None: no answer): move the counters in memory."""
    if before in COUNTERS:
        setattr(occurrence, COUNTERS[before], getattr(occurrence, COUNTERS[before]) - 1)
    if after in COUNTERS:
        setattr(occurrence, COUNTERS[after], getattr(occurrence, COUNTERS[after]) + 1)


def _save_counts(occurrence: Occurrence, before: tuple[int, int, int]) -> None:
    if _counts(occurrence) != before:
        Occurrence.objects.filter(pk=occurrence.pk).update(going_count=occurrence.going_count,
                                                           maybe_count=occurrence.maybe_count,
                                                           waitlist_count=occurrence.waitlist_count)


def _recount(occurrence: Occurrence) -> None:
    """Set the counters from the rows and read them back, in one statement (``UPDATE ... RETURNING``).

    One round trip where a recount used to take two (an aggregate, then an update), and exact by
    construction: a counter that had drifted (rows written outside the services) is mended by the
    next answer instead of going negative. SQL by hand because the ORM cannot return an update's
    values; the table and column names come from the models."""
    connection = transaction.get_connection()
    rsvps, occurrences = (connection.ops.quote_name(model._meta.db_table) for model in (Rsvp, Occurrence))
    tally = ", ".join("COALESCE(SUM(CASE WHEN status = %s THEN 1 ELSE 0 END), 0)" for _counter in COUNTERS)
    columns = ", ".join(COUNTERS.values())
    sql = (f"UPDATE {occurrences} SET ({columns}) = (SELECT {tally} FROM {rsvps} WHERE occurrence_id = %s) "  # noqa: S608
           f"WHERE id = %s RETURNING {columns}")  # names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(str(status) for status in COUNTERS), occurrence.pk, occurrence.pk])
        occurrence.going_count, occurrence.maybe_count, occurrence.waitlist_count = cursor.fetchone()


def _promote(occurrence: Occurrence) -> list[int]:
    """Move the longest-waiting members up while there are places (the occurrence row is locked; the
    counters in memory were just counted from the rows). No query when nobody waits or no place is free."""
    if occurrence.starts_at <= timezone.now() or occurrence.status == Occurrence.Status.CANCELLED:
        return []
    places = None if occurrence.capacity is None else max(occurrence.capacity - occurrence.going_count, 0)
    if not occurrence.waitlist_count or places == 0:
        return []
    waiting = (Rsvp.objects.filter(occurrence_id=occurrence.pk, status=Rsvp.Status.WAITLISTED)
               .order_by("waitlisted_at", "id"))
    promoted = list(waiting if places is None else waiting[:places])
    for rsvp in promoted:
        rsvp.status, rsvp.waitlisted_at = Rsvp.Status.GOING, None
        rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
        _count_move(occurrence, Rsvp.Status.WAITLISTED, Rsvp.Status.GOING)
        waitlist_promoted.send(rsvp=rsvp)
    return [rsvp.pk for rsvp in promoted]


def _fill_places(occurrence: Occurrence) -> list[int]:
    """After answers changed or were deleted in bulk, or the capacity was raised (the row is locked):
    recount from the rows, give the free places to the longest waiting (no query unless someone waits
    for a free place), and store the counters. Returns the promoted answers' ids."""
    _recount(occurrence)
    counts = _counts(occurrence)
    promoted = _promote(occurrence)
    _save_counts(occurrence, counts)
    return promoted


@transaction.atomic(savepoint=False)
def rsvp_set(*, user: User, occurrence: Occurrence, status: str, share_name: bool | None = None,
             membership: Membership | None = None) -> Rsvp:
    """Say going, maybe or not going. Going beyond capacity joins the waitlist (first come, first served).

    ``membership``: only with an ``occurrence`` from :func:`occurrence_lock` in this transaction and the
    membership read after it; otherwise the service takes the lock and reads the membership itself.
    Inside a caller's transaction it opens no savepoint (two round trips fewer): an error rolls back the
    caller's whole transaction, as the RSVP view wants."""
    occurrence, membership = _locked_for_member(user, occurrence, membership)
    _check_open(occurrence, action="rsvp", letting_go=status == Rsvp.Status.NOT_GOING)
    rsvp = Rsvp.objects.filter(occurrence=occurrence, user=user).first()
    previous = rsvp.status if rsvp else None
    if rsvp is None:
        rsvp = Rsvp(occurrence=occurrence, user=user,
                    share_name=membership.show_on_roster if share_name is None else share_name)
    elif share_name is not None:
        rsvp.share_name = share_name
    rsvp.status, rsvp.waitlisted_at = _next_status(occurrence, previous, status, rsvp.waitlisted_at)
    rsvp.save(update_fields=None if previous is None else ["status", "share_name", "waitlisted_at", "updated_at"])
    if rsvp.status != previous and rsvp.pk in _fill_places(occurrence):
        rsvp.status, rsvp.waitlisted_at = Rsvp.Status.GOING, None  # a place was free after all (see _recount)
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


@transaction.atomic(savepoint=False)
def rsvp_withdraw(*, user: User, occurrence: Occurrence, membership: Membership | None = None) -> None:
    """Take back my answer altogether; a place I held goes to the longest-waiting member
    (``membership`` as for :func:`rsvp_set`)."""
    occurrence, _membership = _locked_for_member(user, occurrence, membership)
    _check_open(occurrence, action="rsvp", letting_go=True)
    rsvp = Rsvp.objects.filter(occurrence=occurrence, user=user).only("pk", "status").first()
    if rsvp is None:
        return
    Rsvp.objects.filter(pk=rsvp.pk).delete()
    _fill_places(occurrence)


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
        _fill_places(occurrence)


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
