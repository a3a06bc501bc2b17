"""Operations that span apps: the one place allowed to call several apps' services.

Leaving a group and a safety removal free the person's places at the group's meetings (waitlists
move up) and their facilitator-of-the-day slots (the meetings app), then end the membership (the
groups app); a removal and an archive are written in the moderation log (the moderation app);
changing one's profile may change one's email choices too (the notifications app). Erasing an
account is in ``privacy.py``. Leaving asks no reason and tells no one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.accounts.services import user_update_profile
from kindred.common.errors import Conflict, NotFound
from kindred.groups import services as group_services
from kindred.groups.models import Group, Membership
from kindred.groups.policy import visible_members
from kindred.meetings.services import rsvps_hide_names, rsvps_release_for_member, series_facilitator_release
from kindred.moderation.models import ModerationLogEntry
from kindred.notifications.services import notification_preferences_update


def _end(membership: Membership) -> None:
    rsvps_release_for_member(user=membership.user, group=membership.group)
    # Past answers stay (the counts are history) but name no one any more: coming back, perhaps hidden
    # from the roster or under another name, must not put the old answers' names back on the lists.
    rsvps_hide_names(user=membership.user, group=membership.group)
    series_facilitator_release(user=membership.user, group=membership.group)
    group_services.membership_end(membership=membership)


@transaction.atomic
def membership_preferences_update(*, membership: Membership, data: dict[str, Any]) -> Membership:
    """My preferences in a group (kindred.groups.services.membership_update); hiding from the roster
    also takes my name off every meeting list of the group (a person is named only while they allow it)."""
    hiding = data.get("show_on_roster") is False and membership.show_on_roster
    membership = group_services.membership_update(membership=membership, data=data)
    if hiding:
        rsvps_hide_names(user=membership.user, group=membership.group)
    return membership


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    """Leave now: no reason asked, nobody notified. Facilitators may leave even if they are the last."""
    _end(membership)


@transaction.atomic
def member_remove(*, group: Group, actor: User, membership_id: int, reason: str) -> None:
    """Remove a member for a safety reason, recorded for moderators. Never for not coming.

    A facilitator cannot be removed this way: concerns about facilitators go to site moderators.
    """
    # Only someone the facilitator can see (on the roster, or a facilitator): a hidden member, a pending
    # request or a guessed id all answer the same 404, so removal cannot confirm who is in the group.
    membership = visible_members(group).select_related("user").filter(pk=membership_id).first()
    if membership is None:
        raise NotFound(_("No such member in this group."))
    if membership.user_id == actor.pk:
        raise Conflict(_("To leave the group yourself, use leave."), code="cannot_remove_self")
    if membership.role == Membership.Role.FACILITATOR:
        raise Conflict(_("Facilitators cannot remove each other; raise a concern for the site moderators."),
                       code="cannot_remove_facilitator")
    membership.group = group
    _remove_logged(membership=membership, actor=actor, reason=reason)


@transaction.atomic
def member_remove_by_moderator(*, membership: Membership, actor: User, reason: str) -> None:
    """A site moderator (the admin) removes a member or a facilitator for a recorded reason: concerns
    that name a facilitator come to moderators, so they can act on them. Otherwise as ``member_remove``."""
    current = (Membership.objects.select_for_update().select_related("user", "group")
               .filter(pk=membership.pk).first())  # the list it was picked from may be out of date
    if current is None:
        raise NotFound(_("No such member in this group."))
    if current.user_id == actor.pk:
        raise Conflict(_("To leave the group yourself, use leave."), code="cannot_remove_self")
    _remove_logged(membership=current, actor=actor, reason=reason)


def _remove_logged(*, membership: Membership, actor: User, reason: str) -> None:
    ModerationLogEntry.objects.create(action=ModerationLogEntry.Action.MEMBER_REMOVED, group=membership.group,
                                      actor=actor, subject_user=membership.user, reason=reason)
    _end(membership)


@transaction.atomic
def group_archive(*, group: Group, actor: User) -> None:
    """Archive a group (kindred.groups.services.group_archive) and log who did it; repeating does nothing."""
    if group_services.group_archive(group=group):
        ModerationLogEntry.objects.create(action=ModerationLogEntry.Action.GROUP_ARCHIVED, group=group, actor=actor)


@transaction.atomic
def profile_update(*, user: User, data: dict[str, Any]) -> User:
    """Change my profile and, in the same step, my email choices (``notifications``)."""
    profile = {field: value for field, value in data.items() if field != "notifications"}
    user = user_update_profile(user=user, data=profile)
    if data.get("notifications"):
        notification_preferences_update(user=user, data=data["notifications"])
    return user
