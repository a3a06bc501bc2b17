"""The words of each email: plain text, warm, short, with times in the reader's own time zone.

Every word is gettext's: ``kindred.notifications.tasks`` writes each email inside
``translation.override()`` of the reader's language (their own, else the language of the request
that caused it, else English), subject included. An email is a list of paragraphs, each translated on
its own, so a translator never meets a link or a blank line. What people wrote (group names, titles,
notes) stays as they wrote it."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kindred.accounts.models import User
from kindred.common.text import one_line
from kindred.groups.models import FacilitatorInvitation, Membership
from kindred.groups.presenters import group_url, host_url
from kindred.meetings.models import Occurrence
from kindred.meetings.presenters import place


def sign_off() -> str:
    return _("Warmly,\nKindred")


def letter_text(*paragraphs: str) -> str:
    """The body: the paragraphs that are not empty, a blank line between each, and the sign-off."""
    return "\n\n".join([*(paragraph for paragraph in paragraphs if paragraph), sign_off()]) + "\n"


def hello(name: str) -> str:
    return _("Hello %(name)s,") % {"name": name}


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
    """'Tuesday 3 March 2027, 19:00 (Europe/London)' in the reader's zone and language."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = moment.astimezone(zone)
    # Translators: a Django date format (the "date" template filter's letters; a backslash keeps a letter
    # as it is): "l j F Y, H:i" is "Tuesday 3 March 2027, 19:00". Spanish: "l j \\d\\e F \\d\\e Y, H:i".
    pattern = _("l j F Y, H:i")
    return f"{formats.date_format(local, pattern)} ({zone.key})"


def _meeting_name(occurrence: Occurrence) -> str:
    return f"{occurrence.series.title} ({occurrence.group.name})"


def _place(occurrence: Occurrence) -> str:
    """Where it is (``kindred.meetings.presenters.place``); the link itself stays on the group's page."""
    where = place(occurrence.group, occurrence.series, occurrence)
    lines = [_("Where: %(place)s") % {"place": where.words}] if where.text else []
    if where.online and where.online_url:
        lines.append(_("Online: the link is on the group's page."))
    return "\n".join(lines)


def _note(occurrence: Occurrence) -> str:
    return _('A note from the facilitators: "%(note)s"') % {"note": occurrence.note} if occurrence.note else ""


def occurrence_cancelled(occurrence: Occurrence, user: User) -> Letter:
    body = letter_text(
        hello(user.display_name),
        _("We wanted to let you know that %(meeting)s on %(when)s will not take place.")
        % {"meeting": _meeting_name(occurrence), "when": local_time(occurrence.original_start, user)},
        _note(occurrence),
        _("Other meetings of the group go ahead as planned. We hope to see you at the next one."),
        group_url(occurrence.group),
    )
    subject = _("Cancelled: %(title)s") % {"title": occurrence.series.title}
    return Letter(user.pk, "occurrence_changed", subject, body)


def occurrence_changed(occurrence: Occurrence, user: User) -> Letter:
    when = _("When: %(when)s") % {"when": local_time(occurrence.starts_at, user)}
    body = letter_text(
        hello(user.display_name),
        _("The details of %(meeting)s have changed. Here is how it stands now:")
        % {"meeting": _meeting_name(occurrence)},
        "\n".join(line for line in (when, _place(occurrence)) if line),
        _note(occurrence),
        _("Your reply is kept as it was; you can change it any time before the meeting."),
        group_url(occurrence.group),
    )
    subject = _("Changed: %(title)s") % {"title": occurrence.series.title}
    return Letter(user.pk, "occurrence_changed", subject, body)


def waitlist_promoted(occurrence: Occurrence, user: User) -> Letter:
    body = letter_text(
        hello(user.display_name),
        _("A place opened up: you now have a place at %(meeting)s on %(when)s.")
        % {"meeting": _meeting_name(occurrence), "when": local_time(occurrence.starts_at, user)},
        _("If you can no longer come, changing your reply frees the place for someone else."),
        group_url(occurrence.group),
    )
    subject = _("You have a place: %(title)s") % {"title": occurrence.series.title}
    return Letter(user.pk, "waitlist_promoted", subject, body)


def join_request_approved(membership: Membership) -> Letter:
    user, group = membership.user, membership.group
    body = letter_text(
        hello(user.display_name),
        _("Welcome to %(group)s. Your request to join was accepted, and the group's meetings are now open to you.")
        % {"group": group.name},
        _("Come when it suits you; there is no pressure to reply or to attend."),
        group_url(group),
    )
    return Letter(user.pk, "join_request_approved", _("Welcome to %(group)s") % {"group": group.name}, body)


def cofacilitator_invited(invitation: FacilitatorInvitation, *, inviter_name: str) -> Letter:
    """``inviter_name``: the name the inviter uses in this group (never their account name elsewhere)."""
    user, group = invitation.invitee, invitation.group
    body = letter_text(
        hello(user.display_name),
        _("%(inviter)s has invited you to co-facilitate %(group)s. Co-facilitators are equals who share the "
          "hosting; nothing changes unless you accept, and saying no is fine.")
        % {"inviter": inviter_name, "group": group.name},
        _("You can accept or decline on the group's page: %(url)s") % {"url": group_url(group)},
    )
    subject = _("An invitation to co-facilitate %(group)s") % {"group": group.name}
    return Letter(user.pk, "cofacilitator_invited", subject, body)


def join_requested(membership: Membership, facilitator: User) -> Letter:
    """To a facilitator: someone asked to join. Their name in the group only; their message stays in
    the app, where the request is answered."""
    group = membership.group
    body = letter_text(
        hello(facilitator.display_name),
        _("%(name)s has asked to join %(group)s. You or a co-facilitator can welcome them, or decline, on the "
          "group's Host page (their request may include a few words for you):")
        % {"name": membership.name_in_group, "group": group.name},
        host_url(group),
    )
    return Letter(facilitator.pk, "join_requested", _("A request to join %(group)s") % {"group": group.name}, body)


def reminder(occurrence: Occurrence, user: User) -> Letter:
    when = (_("A gentle reminder: %(meeting)s is on %(when)s.")
            % {"meeting": _meeting_name(occurrence), "when": local_time(occurrence.starts_at, user)})
    body = letter_text(
        hello(user.display_name),
        "\n".join(line for line in (when, _place(occurrence)) if line),
        _("If your plans have changed, that is fine; you can update your reply on the group's page."),
        group_url(occurrence.group),
    )
    return Letter(user.pk, "reminders", _("Reminder: %(title)s") % {"title": occurrence.series.title}, body)


# Translators: each completes "You get this email because you asked to hear when: ..." and "Stop emails when ...".
KIND_LABELS = {
    "occurrence_changed": gettext_lazy("a meeting you replied to is cancelled or changed"),
    "waitlist_promoted": gettext_lazy("you move up from a waiting list"),
    "join_request_approved": gettext_lazy("a request to join a group is accepted"),
    "cofacilitator_invited": gettext_lazy("you are invited to co-facilitate"),
    "join_requested": gettext_lazy("someone asks to join a group you facilitate"),
    "reminders": gettext_lazy("reminders before your meetings"),
}


def footer(kind: str, unsubscribe_url: str) -> str:
    """Why the email came, and the one-click way to stop that kind."""
    label = KIND_LABELS[kind]
    if kind == "occurrence_changed":
        why = _("You get this email because it is on for everyone unless they turn it off: %(label)s.")
    else:
        why = _("You get this email because you asked to hear when: %(label)s.")
    stop = _("To stop these emails, one click: %(url)s") % {"url": unsubscribe_url}
    return f"\n--\n{why % {'label': label}}\n{stop}\n"


# --- account emails: about the account itself, never a group; sent whatever the email choices --------

@dataclass(frozen=True)
class AccountLetter:
    """An email about the account (a link to confirm, reset, a notice). ``to`` is the address it goes
    to: the account's own, or the new one it is moving to. No unsubscribe link: these are the
    account's own business, sent only when someone acts."""

    to: str
    subject: str
    body: str


def ignore() -> str:
    return _("If this wasn't you, you can ignore this email; nothing changes.")


def _hours(delta: dt.timedelta) -> str:
    """'1 hour', '72 hours', '1.5 hours' (with the language's decimal mark)."""
    hours = delta.total_seconds() / 3600
    number = f"{hours:g}".replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))
    # A fraction of an hour takes the form that carries a number in every language (11: es/fr/en plural, ar "many").
    count = int(hours) if hours.is_integer() else 11
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": number}


def confirm_email(user: User, link: str, lifetime: dt.timedelta) -> AccountLetter:
    body = letter_text(
        hello(user.display_name),
        _("Please confirm this is your email address by opening this link:"),
        link,
        _("The link works once, for %(lifetime)s.") % {"lifetime": _hours(lifetime)} + " " + ignore(),
    )
    return AccountLetter(user.email, _("Confirm your email address for Kindred"), body)


def registration_repeated(user: User, *, sign_in: str, forgot: str) -> AccountLetter:
    body = letter_text(
        hello(user.display_name),
        _("Someone tried to register with this address, which already has a Kindred account. If it was you, "
          "you can sign in:"),
        sign_in,
        _("or, if you've forgotten your password, choose a new one:"),
        forgot,
        ignore(),
    )
    return AccountLetter(user.email, _("Someone tried to register with your address"), body)


def password_reset(user: User, link: str, lifetime: dt.timedelta) -> AccountLetter:
    body = letter_text(
        hello(user.display_name),
        _("To choose a new password for your Kindred account, open this link:"),
        link,
        _("It works once, for %(lifetime)s.") % {"lifetime": _hours(lifetime)} + " " + ignore(),
    )
    return AccountLetter(user.email, _("Choose a new Kindred password"), body)


def password_changed(user: User, *, forgot: str) -> AccountLetter:
    body = letter_text(
        hello(user.display_name),
        _("The password of your Kindred account was just changed, and other devices were signed out."),
        _("If this wasn't you, choose a new password now:"),
        forgot,
    )
    return AccountLetter(user.email, _("Your Kindred password was changed"), body)


def email_change_confirm(user: User, link: str, lifetime: dt.timedelta) -> AccountLetter:
    body = letter_text(
        hello(user.display_name),
        _("To use this address for your Kindred account, open this link:"),
        link,
        _("It works once, for %(lifetime)s. Until then your account keeps its current address.")
        % {"lifetime": _hours(lifetime)} + " " + ignore(),
    )
    return AccountLetter(user.pending_email, _("Confirm your new email address for Kindred"), body)


def email_change_notice(user: User, *, forgot: str) -> AccountLetter:
    body = letter_text(
        hello(user.display_name),
        _("Someone signed in to your Kindred account asked to move it to another email address (%(address)s). "
          "Nothing changes unless that address confirms it.") % {"address": mask_email(user.pending_email)},
        _("If this wasn't you, choose a new password now, which also cancels the move:"),
        forgot,
    )
    return AccountLetter(user.email, _("Your Kindred email address is changing"), body)


def mask_email(address: str) -> str:
    """'s***@example.org': enough to recognise one's own address, not to read someone else's."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
