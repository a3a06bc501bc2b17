"""Concern reads, scoped to who may see them. The reporter is never part of what is read here."""

from __future__ import annotations

from django.db.models import CharField, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.common.errors import NotFound
from kindred.groups.models import Group, Membership
from kindred.groups.policy import VISIBLE_MEMBER

from .models import Concern


def _with_subject(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    """Annotate the subject's membership id and name in the group, as members see each other: while
    they are a member others can know about (a facilitator, or on the roster), by the name they use
    there; once they have left or hidden from the roster, by nothing (both null). Never the account
    name of someone who is not, or no longer visibly, in the group."""
    subject = (Membership.objects.filter(VISIBLE_MEMBER, group=OuterRef("group"), user=OuterRef("subject_user"))
               .annotate(name=Coalesce(NullIf(F("display_name"), Value("")), F("user__display_name"))))
    return concerns.annotate(
        subject_membership_id=Subquery(subject.values("pk")[:1], output_field=IntegerField()),
        subject_name=Subquery(subject.values("name")[:1], output_field=CharField()),
    )


def group_concern_list(*, user: User, group: Group, status: str | None = None) -> QuerySet[Concern]:
    """Concerns about a group for its facilitators: never those for moderators, never about the caller."""
    concerns = (Concern.objects.filter(group=group, for_moderators=False)
                .exclude(subject_user=user).select_related("group", "occurrence", "subject_user"))
    if status:
        concerns = concerns.filter(status=status)
    return _with_subject(concerns).order_by("-created_at", "-id")


def moderator_concern_list(*, status: str | None = None) -> QuerySet[Concern]:
    """Concerns that went to the site's moderators (they name a facilitator, or the group had none to
    read them), every group, newest first. Still never the reporter: the admin shows that."""
    concerns = Concern.objects.filter(for_moderators=True).select_related("group", "occurrence", "subject_user")
    if status:
        concerns = concerns.filter(status=status)
    return _with_subject(concerns).order_by("-created_at", "-id")


def concern_get(*, concern_id: int) -> Concern:
    concern = _with_subject(Concern.objects.select_related("group", "occurrence", "subject_user")).filter(
        pk=concern_id).first()
    if concern is None:
        raise NotFound(_("No such concern."))
    return concern
