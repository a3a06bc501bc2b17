"""The words of each email: plain text, warm, short, with times in the reader's own time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.common.text import one_line
from kindred.groups.models import FacilitatorInvitation, Membership
from kindred.groups.presenters import group_url, host_url
from kindred.meetings.models import Occurrence
from kindred.meetings.presenters import place

SIGN_OFF = "Warmly,\nKindred"


@dataclass(frozen=True)
class Letter:
    """One email to one person; ``kind`` is the preference its unsubscribe link turns off."""

    user_id: int
    kind: str
    subject: str
    body: str

    def __post_init__(self) -> None:
        # The subject is a header: a group name or title stored with a line break (before the input
        # rule, or through a shell) would make Django refuse the whole message (BadHeaderError).
        object.__setattr__(self, "subject", one_line(self.subject))


def local_time(moment: dt.datetime, user: User) -> str:
    """'Tuesday 3 March 2027, 19:00 (Europe/London)' in the reader's zone."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({zone.key})"


def _meeting_name(occurrence: Occurrence) -> str:
    return f"{occurrence.series.title} ({occurrence.group.name})"


def _place(occurrence: Occurrence) -> str:
    """Where it is (``kindred.meetings.presenters.place``); the link itself stays on the group's page."""
    where = place(occurrence.group, occurrence.series, occurrence)
    lines = [f"Where: {where.text}"] if where.text else []
    if where.online and where.online_url:
        lines.append("Online: the link is on the group's page.")
    return "\n".join(lines)


def occurrence_cancelled(occurrence: Occurrence, user: User) -> Letter:
    note = f'\nA note from the facilitators: "{occurrence.note}"\n' if occurrence.note else ""
    body = (
        f"Hello {user.display_name},\n\n"
        f"We wanted to let you know that {_meeting_name(occurrence)} on "
        f"{local_time(occurrence.original_start, user)} will not take place.\n{note}\n"
        "Other meetings of the group go ahead as planned. We hope to see you at the next one.\n\n"
        f"{group_url(occurrence.group)}\n\n{SIGN_OFF}\n"
    )
    return Letter(user.pk, "occurrence_changed", f"Cancelled: {occurrence.series.title}", body)


def occurrence_changed(occurrence: Occurrence, user: User) -> Letter:
    note = f'\nA note from the facilitators: "{occurrence.note}"\n' if occurrence.note else ""
    place = _place(occurrence)
    body = (
        f"Hello {user.display_name},\n\n"
        f"The details of {_meeting_name(occurrence)} have changed. Here is how it stands now:\n\n"
        f"When: {local_time(occurrence.starts_at, user)}\n{place + chr(10) if place else ''}{note}\n"
        "Your reply is kept as it was; you can change it any time before the meeting.\n\n"
        f"{group_url(occurrence.group)}\n\n{SIGN_OFF}\n"
    )
    return Letter(user.pk, "occurrence_changed", f"Changed: {occurrence.series.title}", body)


def waitlist_promoted(occurrence: Occurrence, user: User) -> Letter:
    body = (
        f"Hello {user.display_name},\n\n"
        f"A place opened up: you now have a place at {_meeting_name(occurrence)} on "
        f"{local_time(occurrence.starts_at, user)}.\n\n"
        "If you can no longer come, changing your reply frees the place for someone else.\n\n"
        f"{group_url(occurrence.group)}\n\n{SIGN_OFF}\n"
    )
    return Letter(user.pk, "waitlist_promoted", f"You have a place: {occurrence.series.title}", body)


def join_request_approved(membership: Membership) -> Letter:
    user, group = membership.user, membership.group
    body = (
        f"Hello {user.display_name},\n\n"
        f"Welcome to {group.name}. Your request to join was accepted, and the group's meetings "
        "are now open to you.\n\n"
        "Come when it suits you; there is no pressure to reply or to attend.\n\n"
        f"{group_url(group)}\n\n{SIGN_OFF}\n"
    )
    return Letter(user.pk, "join_request_approved", f"Welcome to {group.name}", body)


def cofacilitator_invited(invitation: FacilitatorInvitation, *, inviter_name: str) -> Letter:
    """``inviter_name``: the name the inviter uses in this group (never their account name elsewhere)."""
    user, group = invitation.invitee, invitation.group
    body = (
        f"Hello {user.display_name},\n\n"
        f"{inviter_name} has invited you to co-facilitate {group.name}. Co-facilitators are equals who share "
        "the hosting; nothing changes unless you accept, and saying no is fine.\n\n"
        f"You can accept or decline on the group's page: {group_url(group)}\n\n{SIGN_OFF}\n"
    )
    return Letter(user.pk, "cofacilitator_invited", f"An invitation to co-facilitate {group.name}", body)


def join_requested(membership: Membership, facilitator: User) -> Letter:
    """To a facilitator: someone asked to join. Their name in the group only; their message stays in
    the app, where the request is answered."""
    group = membership.group
    body = (
        f"Hello {facilitator.display_name},\n\n"
        f"{membership.name_in_group} has asked to join {group.name}. You or a co-facilitator can welcome "
        "them, or decline, on the group's Host page (their request may include a few words for you):\n\n"
        f"{host_url(group)}\n\n{SIGN_OFF}\n"
    )
    return Letter(facilitator.pk, "join_requested", f"A request to join {group.name}", body)


def reminder(occurrence: Occurrence, user: User) -> Letter:
    place = _place(occurrence)
    body = (
        f"Hello {user.display_name},\n\n"
        f"A gentle reminder: {_meeting_name(occurrence)} is on {local_time(occurrence.starts_at, user)}.\n"
        f"{place + chr(10) if place else ''}\n"
        "If your plans have changed, that is fine; you can update your reply on the group's page.\n\n"
        f"{group_url(occurrence.group)}\n\n{SIGN_OFF}\n"
    )
    return Letter(user.pk, "reminders", f"Reminder: {occurrence.series.title}", body)


KIND_LABELS = {
    "occurrence_changed": "a meeting you replied to is cancelled or changed",
    "waitlist_promoted": "you move up from a waiting list",
    "join_request_approved": "a request to join a group is accepted",
    "cofacilitator_invited": "you are invited to co-facilitate",
    "join_requested": "someone asks to join a group you facilitate",
    "reminders": "reminders before your meetings",
}


# --- account emails: about the account itself, never a group; sent whatever the email choices --------

@dataclass(frozen=True)
class AccountLetter:
    """An email about the account (a link to confirm, reset, a notice). ``to`` is the address it goes
    to: the account's own, or the new one it is moving to. No unsubscribe link: these are the
    account's own business, sent only when someone acts."""

    to: str
    subject: str
    body: str


IGNORE = "If this wasn't you, you can ignore this email; nothing changes."


def _hours(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return "1 hour" if hours == 1 else f"{hours:g} hours"


def confirm_email(user: User, link: str, lifetime: dt.timedelta) -> AccountLetter:
    body = (f"Hello {user.display_name},\n\nPlease confirm this is your email address by opening this link:\n\n"
            f"{link}\n\nThe link works once, for {_hours(lifetime)}. {IGNORE}\n\n{SIGN_OFF}\n")
    return AccountLetter(user.email, "Confirm your email address for Kindred", body)


def registration_repeated(user: User, *, sign_in: str, forgot: str) -> AccountLetter:
    body = (f"Hello {user.display_name},\n\nSomeone tried to register with this address, which already has a "
            f"Kindred account. If it was you, you can sign in:\n\n{sign_in}\n\n"
            f"or, if you've forgotten your password, choose a new one:\n\n{forgot}\n\n{IGNORE}\n\n{SIGN_OFF}\n")
    return AccountLetter(user.email, "Someone tried to register with your address", body)


def password_reset(user: User, link: str, lifetime: dt.timedelta) -> AccountLetter:
    body = (f"Hello {user.display_name},\n\nTo choose a new password for your Kindred account, open this link:\n\n"
            f"{link}\n\nIt works once, for {_hours(lifetime)}. {IGNORE}\n\n{SIGN_OFF}\n")
    return AccountLetter(user.email, "Choose a new Kindred password", body)


def password_changed(user: User, *, forgot: str) -> AccountLetter:
    body = (f"Hello {user.display_name},\n\nThe password of your Kindred account was just changed, and other "
            f"devices were signed out.\n\nIf this wasn't you, choose a new password now:\n\n{forgot}\n\n{SIGN_OFF}\n")
    return AccountLetter(user.email, "Your Kindred password was changed", body)


def email_change_confirm(user: User, link: str, lifetime: dt.timedelta) -> AccountLetter:
    body = (f"Hello {user.display_name},\n\nTo use this address for your Kindred account, open this link:\n\n"
            f"{link}\n\nIt works once, for {_hours(lifetime)}. Until then your account keeps its current address. "
            f"{IGNORE}\n\n{SIGN_OFF}\n")
    return AccountLetter(user.pending_email, "Confirm your new email address for Kindred", body)


def email_change_notice(user: User, *, forgot: str) -> AccountLetter:
    body = (f"Hello {user.display_name},\n\nSomeone signed in to your Kindred account asked to move it to "
            f"another email address ({mask_email(user.pending_email)}). Nothing changes unless that address "
            f"confirms it.\n\nIf this wasn't you, choose a new password now, which also cancels the move:\n\n"
            f"{forgot}\n\n{SIGN_OFF}\n")
    return AccountLetter(user.email, "Your Kindred email address is changing", body)


def mask_email(address: str) -> str:
    """'s***@example.org': enough to recognise one's own address, not to read someone else's."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
