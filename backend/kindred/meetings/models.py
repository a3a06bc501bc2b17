"""Meeting series, their occurrences (materialised, with stable ids) and RSVPs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kindred.common.models import TimeStampedModel
from kindred.common.text import validate_multi_line, validate_single_line
from kindred.common.timezones import validate_time_zone


class MeetingSeries(TimeStampedModel):
    """A schedule in a group's local time; expanded into Occurrence rows in its own zone."""

    class Frequency(models.TextChoices):
        NONE = "none", "One-off"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly (by nth weekday)"

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="series")
    title = models.CharField(max_length=120, validators=[validate_single_line])
    description = models.TextField(max_length=5000, blank=True, validators=[validate_multi_line])
    start_date = models.DateField(help_text="Local date of the first meeting.")
    start_time = models.TimeField(help_text="Local start time, in time_zone.")
    duration_minutes = models.PositiveIntegerField(default=90)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.NONE)
    interval = models.PositiveSmallIntegerField(default=1)
    weekdays = models.JSONField(default=list, blank=True, help_text="['TU'] weekly; ['2TU'] or ['-1FR'] monthly.")
    until = models.DateField(null=True, blank=True, help_text="Last local date a meeting may fall on.")
    count = models.PositiveIntegerField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True, help_text="Blank: the group's address.",
                                validators=[validate_single_line])
    online_url = models.URLField(max_length=500, blank=True, help_text="Blank: the group's link.",
                                 validators=[validate_single_line])
    online_phone = models.CharField(max_length=40, blank=True, validators=[validate_single_line])
    capacity = models.PositiveIntegerField(null=True, blank=True)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", help_text="Facilitator of the day (optional).")
    meeting_days = models.JSONField(default=list, blank=True, editable=False,
                                    help_text="Local weekday codes it meets on (['TU']), for directory filters.")
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, bumped on each change.")
    materialized_until = models.DateTimeField(null=True, blank=True,
                                              help_text="Occurrence rows exist for every rule start up to here.")
    frozen_before = models.DateTimeField(null=True, blank=True,
                                         help_text="Rule edits never touch occurrences starting before this.")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="Ended from this instant on (RRULE UNTIL).")

    class Meta:
        ordering = ("id",)
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.title


class Occurrence(TimeStampedModel):
    """One meeting of a series. Its id stays the same when the series is edited."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="occurrences")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="occurrences")
    original_start = models.DateTimeField(help_text="Start the series rule gave it (iCalendar RECURRENCE-ID).")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    note = models.CharField(max_length=1000, blank=True, validators=[validate_multi_line])
    is_modified = models.BooleanField(default=False, help_text="Changed individually from its series.")
    location = models.CharField(max_length=300, blank=True, validators=[validate_single_line])
    online_url = models.URLField(max_length=500, blank=True, validators=[validate_single_line])
    online_phone = models.CharField(max_length=40, blank=True, validators=[validate_single_line])
    capacity = models.PositiveIntegerField(null=True, blank=True)
    going_count = models.PositiveIntegerField(default=0)
    maybe_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("starts_at", "id")
        constraints = [
            models.UniqueConstraint(fields=["series", "original_start"], name="occurrence_unique_original_start"),
        ]
        indexes = [
            models.Index(fields=["group", "starts_at"], name="occurrence_group_start_idx"),
            models.Index(fields=["starts_at"], name="occurrence_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} @ {self.starts_at:%Y-%m-%d %H:%M}Z"


class Rsvp(TimeStampedModel):
    """A courtesy signal of intent. Never a record of who came."""

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        MAYBE = "maybe", _("Maybe")
        NOT_GOING = "not_going", _("Not going")
        WAITLISTED = "waitlisted", _("Waitlisted")

    # Replies that say "I plan to come" (waitlisted: if a place opens): my meetings, feeds, change emails.
    PLANNED = (Status.GOING, Status.MAYBE, Status.WAITLISTED)

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps")
    status = models.CharField(max_length=10, choices=Status.choices)
    share_name = models.BooleanField(default=False)
    waitlisted_at = models.DateTimeField(null=True, blank=True, help_text="Queue order: first come, first served.")

    class Meta:
        ordering = ("id",)
        constraints = [models.UniqueConstraint(fields=["occurrence", "user"], name="rsvp_unique_user")]
        indexes = [
            models.Index(fields=["occurrence", "status", "waitlisted_at"], name="rsvp_occurrence_status_idx"),
            models.Index(fields=["user", "status"], name="rsvp_user_status_idx"),
        ]
