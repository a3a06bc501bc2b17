"""Groups writes: creating and archiving groups, joining, requests, co-facilitation, ending a membership.

Leaving and safety removals also free the person's places at meetings and write the moderation log,
so they are kindred.lifecycle's (which calls :func:`membership_end` here). Nothing here records or
looks at attendance.
"""

from __future__ import annotations

from itertools import chain, count
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.common.errors import Conflict, NotFound, RuleBroken
from kindred.common.services import model_update

from . import gazetteer
from .events import cofacilitator_invited, group_changed, join_request_approved, join_requested, membership_changed
from .models import FacilitatorInvitation, Group, Membership
from .policy import visible_members
from .selectors import open_invitations

GROUP_FIELDS = ("name", "description", "topics", "languages", "format", "join_policy", "time_zone", "address",
                "city", "region", "country", "latitude", "longitude", "approximate", "online_url", "online_phone",
                "online_link_public", "accessibility", "listed", "agreements", "support_resources")
SLUG_MAX_LENGTH = 60


# --- groups ----------------------------------------------------------------------------------------

def unique_slug(name: str) -> str:
    """``grief-circle``, else ``grief-circle-2``, ``-3``... (names with no Latin letters become ``group``):
    the first one free, found with one query: asking for each candidate in turn made the hundredth
    group of one name cost a hundred queries (Schemathesis found creation slowing down)."""
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "group"
    taken = set(Group.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list("slug", flat=True))
    return next(slug for slug in chain([base], (f"{base}-{number}" for number in count(2))) if slug not in taken)


def _check_facilitation_allowance(user: User) -> None:
    """One person facilitates at most MAX_GROUPS_FACILITATED_PER_PERSON groups that are not archived
    (creating one or accepting an invitation): a peer hosts a few groups, and without a cap one account
    could fill the directory. The person's row is locked while counting, so two creates queue."""
    limit = settings.MAX_GROUPS_FACILITATED_PER_PERSON
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    hosted = Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE,
                                       group__is_archived=False).count()
    if hosted >= limit:
        raise Conflict(_("You can facilitate at most %(limit)d groups. Step down from one, or archive one you "
                         "no longer hold, before taking on another.") % {"limit": limit}, code="too_many_groups")


@transaction.atomic
def group_create(*, creator: User, data: dict[str, Any]) -> Group:
    """Create a group; its creator becomes its first active facilitator."""
    _check_facilitation_allowance(creator)
    values = {field: data[field] for field in GROUP_FIELDS if field in data}
    values.update(_position_from_place(group=None, data=values))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                group = Group(slug=unique_slug(values["name"]), **values)
                group.full_clean()
                group.save()
                break
        except IntegrityError:  # a group with the same name was created at the same moment
            continue
    else:
        raise Conflict(_("Please try again."), code="slug_taken")
    Membership.objects.create(
        user=creator, group=group, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE,
        agreed_version=group.agreements_version, show_on_roster=creator.show_on_rosters, joined_at=timezone.now())
    group_changed.send(group=group)
    return group


@transaction.atomic
def group_update(*, group: Group, actor: User, data: dict[str, Any]) -> Group:
    """Change a group. New agreements text bumps the version: members are asked again, never removed."""
    if (data.get("latitude", group.latitude) is None) != (data.get("longitude", group.longitude) is None):
        raise RuleBroken(_("Give latitude and longitude together."), field="latitude", code="incomplete_location")
    data = {**data, **_position_from_place(group=group, data=data)}
    new_agreements = "agreements" in data and data["agreements"] != group.agreements
    group, changed = model_update(instance=group, fields=GROUP_FIELDS, data=data, when_changed={
        "agreements_version": group.agreements_version + 1} if new_agreements else None)
    if not changed:
        return group
    group_changed.send(group=group)
    if "agreements" in changed:  # whoever wrote the new text has, by definition, read it
        Membership.objects.filter(group=group, user=actor).update(agreed_version=group.agreements_version)
    return group


PLACE_FIELDS = ("city", "region", "country")


def _position_from_place(*, group: Group | None, data: dict[str, Any]) -> dict[str, Any]:
    """The map position the offline gazetteer gives the group's city, as fields to write, when the
    place is new or moved and the facilitator did not set a position themselves (a position they
    give, different from the one stored, always wins). A city the gazetteer does not know clears
    a position it had found before, so a group never shows at its old city."""
    def current(name: str) -> Any:
        return data[name] if name in data else getattr(group, name, None) or ""

    given = data.get("latitude") is not None and (
        group is None or (data.get("latitude"), data.get("longitude")) != (group.latitude, group.longitude))
    moved = group is None or any(name in data and data[name] != getattr(group, name) for name in PLACE_FIELDS)
    if given:  # a pin the facilitator placed is where the group meets, unless they say otherwise
        return {} if "approximate" in data else {"approximate": False}
    if not moved or current("format") == Group.Format.ONLINE:
        return {}
    if not current("city"):
        return {} if group is None else {"latitude": None, "longitude": None}
    found = gazetteer.locate(city=current("city"), country=current("country"), region=current("region"))
    if found is None:
        return {"latitude": None, "longitude": None}
    return {"latitude": found.latitude, "longitude": found.longitude, "approximate": True}


def groups_locate() -> int:
    """Give a map position to every group that meets in person, has a city and has none (groups made
    before positions were found from the city). Returns how many were placed; a city the gazetteer
    does not know is left as it is. ``manage.py locate_groups`` runs it."""
    placed = 0
    waiting = (Group.objects.filter(latitude__isnull=True, is_archived=False).exclude(city="")
               .exclude(format=Group.Format.ONLINE).order_by("id"))
    for group in waiting:
        found = gazetteer.locate(city=group.city, country=group.country, region=group.region)
        if found is None:
            continue
        with transaction.atomic():
            model_update(instance=group, fields=("latitude", "longitude", "approximate"),
                         data={"latitude": found.latitude, "longitude": found.longitude, "approximate": True})
            group_changed.send(group=group)
        placed += 1
    return placed


def archived_slug(slug: str) -> str:
    """A new, unguessable address for an archived group, so its old slug is free again: a new group
    of the same name gets it, and nothing about the archived one shows (docs/decisions/groups-slugs.md)."""
    return f"{slug[:SLUG_MAX_LENGTH - 18]}-archived-{get_random_string(8, ARCHIVED_SLUG_ALPHABET)}"


ARCHIVED_SLUG_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


@transaction.atomic
def group_archive(*, group: Group) -> bool:
    """Hide a group from everyone but its facilitators, at a new address (its old slug is freed).
    Memberships are kept; repeating does nothing (and answers False). kindred.lifecycle logs it."""
    if group.is_archived:
        return False
    previous_slug = group.slug
    group.is_archived = True
    group.archived_at = timezone.now()
    group.slug = archived_slug(group.slug)
    group.save(update_fields=["is_archived", "archived_at", "slug", "updated_at"])
    # Pages and feeds cached under the old slug must not outlive it; webhooks say which group went.
    group_changed.send(group=group, previous_slug=previous_slug)
    return True


# --- joining and leaving ---------------------------------------------------------------------------

@transaction.atomic
def membership_join(*, user: User, group: Group, agreed: bool, message: str = "",
                    display_name: str = "") -> Membership:
    """Join an open group (active at once) or ask to join an approval group (pending)."""
    if agreed is not True:
        raise RuleBroken(_("Joining means accepting the group's agreements."), field="agreed",
                          code="agreement_required")
    if Membership.objects.filter(user=user, group=group).exists():
        raise Conflict(_("You are already a member of this group, or your request is waiting."), code="already_member")
    is_open = group.join_policy == Group.JoinPolicy.OPEN
    membership = Membership(
        user=user, group=group, role=Membership.Role.MEMBER,
        status=Membership.Status.ACTIVE if is_open else Membership.Status.PENDING,
        display_name=display_name, show_on_roster=user.show_on_rosters,
        agreed_version=group.agreements_version, request_message="" if is_open else message,
        joined_at=timezone.now() if is_open else None)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:  # a double-click raced the check above
        raise Conflict(_("You are already a member of this group, or your request is waiting."),
                       code="already_member") from error
    membership_changed.send(group=group, user=user)
    if not is_open:
        join_requested.send(membership=membership)
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, data: dict[str, Any]) -> Membership:
    """My preferences in a group; ``agreed`` accepts the group's latest agreements."""
    values = {**data, "agreed_version": membership.group.agreements_version} if data.get("agreed") is True else data
    membership, changed = model_update(instance=membership, data=values,
                                       fields=("show_on_roster", "display_name", "agreed_version"))
    if changed:
        membership_changed.send(group=membership.group, user=membership.user)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership) -> None:
    """The membership ends (the person left or was removed): it and the invitations to or from them
    in the group go. Their places at meetings are kindred.lifecycle's to free first."""
    user, group = membership.user, membership.group
    FacilitatorInvitation.objects.filter(Q(invitee=user) | Q(invited_by=user), group=group).delete()
    membership.delete()
    membership_changed.send(group=group, user=user)


@transaction.atomic
def membership_step_down(*, membership: Membership) -> Membership:
    """A facilitator becomes a member. The last one may too: the group then looks for a facilitator."""
    if membership.role != Membership.Role.FACILITATOR:
        raise Conflict(_("You are not a facilitator of this group."), code="not_facilitator")
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["role", "updated_at"])
    # An invitation stands on its inviter's role: once they no longer host, theirs are void.
    FacilitatorInvitation.objects.filter(group=membership.group_id, invited_by=membership.user_id).delete()
    membership_changed.send(group=membership.group, user=membership.user)
    return membership


# --- join requests ---------------------------------------------------------------------------------

def _pending_request(*, group: Group, request_id: int) -> Membership:
    membership = (Membership.objects.select_for_update().select_related("user", "group")
                  .filter(group=group, pk=request_id, status=Membership.Status.PENDING).first())
    if membership is None:
        raise NotFound(_("No such request."))
    return membership


@transaction.atomic
def join_request_approve(*, group: Group, request_id: int) -> Membership:
    membership = _pending_request(group=group, request_id=request_id)
    membership.status = Membership.Status.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "joined_at", "updated_at"])
    membership_changed.send(group=group, user=membership.user)
    join_request_approved.send(membership=membership)
    return membership


@transaction.atomic
def join_request_decline(*, group: Group, request_id: int) -> None:
    """Decline quietly: the request goes away and the person may ask again later."""
    _pending_request(group=group, request_id=request_id).delete()


# --- co-facilitation -------------------------------------------------------------------------------

@transaction.atomic
def facilitator_invite(*, group: Group, actor: User, membership_id: int | None = None,
                       user_id: int | None = None) -> FacilitatorInvitation:
    """Invite an active member to co-facilitate; nothing changes until they accept."""
    lookup: dict[str, int | None] = {"pk": membership_id} if membership_id is not None else {"user_id": user_id}
    invitee = visible_members(group).filter(**lookup).first()
    if invitee is None:
        raise NotFound(_("No such member in this group."))
    if invitee.role == Membership.Role.FACILITATOR:
        raise Conflict(_("They already facilitate this group."), code="already_facilitator")
    invitation, created = FacilitatorInvitation.objects.get_or_create(
        group=group, invitee_id=invitee.user_id, defaults={"invited_by": actor})
    if not created:
        raise Conflict(_("They have already been invited."), code="already_invited")
    cofacilitator_invited.send(invitation=invitation)
    return invitation


def _my_invitation(*, user: User, invitation_id: int, standing: bool) -> FacilitatorInvitation:
    """My invitation; with ``standing``, only if it still stands (a void one, whose inviter no longer
    hosts, whose group is archived or that I left, is answered like one that never existed)."""
    invitations = open_invitations() if standing else FacilitatorInvitation.objects.all()
    invitation = (invitations.select_for_update(of=("self",)).select_related("group")
                  .filter(pk=invitation_id, invitee=user).first())
    if invitation is None:
        raise NotFound(_("No such invitation."))
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, invitation_id: int) -> Membership:
    invitation = _my_invitation(user=user, invitation_id=invitation_id, standing=True)
    _check_facilitation_allowance(user)
    membership = Membership.objects.select_related("user", "group").get(
        user=user, group=invitation.group, status=Membership.Status.ACTIVE)
    membership.role = Membership.Role.FACILITATOR
    membership.save(update_fields=["role", "updated_at"])
    invitation.delete()
    membership_changed.send(group=membership.group, user=user)
    return membership


@transaction.atomic
def invitation_decline(*, user: User, invitation_id: int) -> None:
    """Say no (to a void invitation too: it is mine to clear away)."""
    _my_invitation(user=user, invitation_id=invitation_id, standing=False).delete()
