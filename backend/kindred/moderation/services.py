"""Concerns: raising one, and resolving it (which the moderation log records)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.common.errors import Conflict, Forbidden, NotFound, RuleBroken
from kindred.groups.models import Group, Membership
from kindred.groups.policy import Viewer
from kindred.meetings.models import Occurrence

from .models import Concern, ModerationLogEntry


def _facilitator_count(group_id: int) -> int:
    return Membership.objects.filter(group_id=group_id, role=Membership.Role.FACILITATOR,
                                     status=Membership.Status.ACTIVE).count()


@transaction.atomic
def concern_create(*, reporter: User, group_slug: str, message: str, occurrence_id: int | None = None,
                   subject_membership_id: int | None = None) -> Concern:
    """Raise a concern about a group, one of its meetings or one of its members.

    It goes to the group's facilitators, or to site moderators when it names a facilitator (or
    the group has no facilitator to read it). Meetings and members need the reporter to be an
    active member; what they cannot see is a 404.
    """
    viewer = Viewer.of(reporter)
    group = Group.objects.filter(slug=group_slug).first()
    if group is None or not viewer.can_see(group):
        raise NotFound(_("No such group."))
    occurrence = _concern_occurrence(viewer, group, occurrence_id) if occurrence_id is not None else None
    subject = _concern_subject(viewer, group, subject_membership_id) if subject_membership_id is not None else None
    names_facilitator = subject is not None and subject.role == Membership.Role.FACILITATOR
    return Concern.objects.create(
        reporter=reporter, group=group, occurrence=occurrence, subject_user=subject.user if subject else None,
        message=message, for_moderators=names_facilitator or _facilitator_count(group.pk) == 0,
    )


def _concern_occurrence(viewer: Viewer, group: Group, occurrence_id: int) -> Occurrence:
    occurrence = Occurrence.objects.filter(pk=occurrence_id, group=group).first()
    if occurrence is None:
        raise NotFound(_("No such meeting in this group."), field="occurrence")
    if not viewer.is_member(group):
        raise Forbidden(_("Only members of this group can raise a concern about one of its meetings."),
                        code="members_only", field="occurrence")
    return occurrence


def _concern_subject(viewer: Viewer, group: Group, subject_membership_id: int) -> Membership:
    # Only someone the reporter may know about (on the roster, a facilitator, or themself: refused
    # below): a hidden member is answered like someone not there, or walking the ids would name them.
    subject = Membership.objects.select_related("user").filter(group=group, pk=subject_membership_id).first()
    if subject is None or not viewer.is_member(group) or not viewer.sees_person(subject):
        raise NotFound(_("No such member in this group."), field="subject_membership")
    if subject.user_id == viewer.user.pk:
        raise RuleBroken(_("A concern is about someone or something else."), code="concern_about_self",
                         field="subject_membership")
    return subject


def _may_resolve(user: User, concern: Concern) -> bool:
    if user.is_staff:
        return True
    return (not concern.for_moderators and concern.subject_user_id != user.pk
            and Viewer.of(user).is_facilitator(concern.group))


@transaction.atomic
def concern_resolve(*, user: User, concern_id: int, note: str) -> Concern:
    """Mark a concern resolved with a note; the moderation log keeps who, when and why."""
    concern = Concern.objects.select_for_update().select_related("group").filter(pk=concern_id).first()
    if concern is None or not _may_resolve(user, concern):
        raise NotFound(_("No such concern."))
    if concern.status == Concern.Status.RESOLVED:
        raise Conflict(_("This concern is already resolved."), code="already_resolved")
    concern.status = Concern.Status.RESOLVED
    concern.resolution_note = note
    concern.resolved_by = user
    concern.resolved_at = timezone.now()
    concern.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
    ModerationLogEntry.objects.create(action=ModerationLogEntry.Action.CONCERN_RESOLVED, group=concern.group,
                                      actor=user, subject_user_id=concern.subject_user_id, concern=concern,
                                      reason=note)
    return concern
