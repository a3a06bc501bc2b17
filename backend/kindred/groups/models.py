"""Groups, membership and co-facilitator invitations."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kindred.common.models import TimeStampedModel
from kindred.common.text import validate_multi_line, validate_single_line
from kindred.common.timezones import validate_time_zone

# Offered as suggestions when people search or describe a group (GET /api/v1/meta/); any other
# topic tag or BCP 47 language code is accepted too. Each language is named in its own language.
SUGGESTED_TOPICS = ("grief", "bereavement", "anxiety", "depression", "caregivers", "dementia", "addiction-recovery",
                    "sobriety", "chronic-illness", "chronic-pain", "long-covid", "new-parents", "neurodivergent",
                    "lgbtq", "veterans", "ptsd", "cancer-survivors", "loneliness")
# Suggested in the group form (any BCP 47 code is accepted); GET /meta/ names each in the request's
# language from CLDR (Babel), never from a hand-written list.
SUGGESTED_LANGUAGES = ("en", "es", "fr", "de", "pt", "pt-BR", "it", "nl", "pl", "ar", "zh")


class Group(TimeStampedModel):
    """A peer-led support group."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", "Open: anyone may join"
        APPROVAL = "approval", "Approval: a facilitator welcomes each request"

    # What people see for each join policy (GET /api/v1/meta/): warm words for the people deciding
    # whether to join, which also read right to a facilitator choosing one. The choices' own labels stay
    # as they are (plain descriptions for the admin; changing them would only churn migrations).
    JOIN_POLICY_LABELS = {"open": _("Everyone is welcome: join straight away"),
                          "approval": _("Ask to join: a facilitator welcomes each new member personally")}

    # Access needs a group can offer, and the words people see for each (GET /api/v1/meta/).
    ACCESSIBILITY_LABELS = {"step_free": _("Step-free access"), "hearing_loop": _("Hearing loop"),
                            "captions": _("Captions"), "sign_language": _("Sign language"),
                            "quiet_space": _("Quiet space"), "fragrance_free": _("Fragrance-free"),
                            "childcare": _("Childcare"), "online_phone_in": _("Join by phone")}
    ACCESSIBILITY_FACETS = tuple(ACCESSIBILITY_LABELS)

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, validators=[validate_single_line])
    description = models.TextField(max_length=5000, blank=True, validators=[validate_multi_line])
    topics = models.JSONField(default=list, blank=True, help_text="Lower-case tags, e.g. ['grief'].")
    languages = models.JSONField(default=list, blank=True, help_text="BCP 47 codes, e.g. ['en', 'es'].")
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    address = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    city = models.CharField(max_length=100, blank=True, validators=[validate_single_line])
    region = models.CharField(max_length=100, blank=True, validators=[validate_single_line])
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.",
                               validators=[validate_single_line])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    approximate = models.BooleanField(default=False, help_text="The location is only approximate.")
    online_url = models.URLField(max_length=500, blank=True, validators=[validate_single_line])
    online_phone = models.CharField(max_length=40, blank=True, validators=[validate_single_line])
    online_link_public = models.BooleanField(default=False)
    accessibility = models.JSONField(default=list, blank=True)
    join_policy = models.CharField(max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    listed = models.BooleanField(default=True, help_text="Appears in the public directory.")
    agreements = models.TextField(max_length=5000, blank=True, validators=[validate_multi_line])
    agreements_version = models.PositiveIntegerField(default=1)
    support_resources = models.TextField(max_length=2000, blank=True, validators=[validate_multi_line])
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    is_archived = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name", "id")
        indexes = [
            models.Index(fields=["listed", "is_archived", "name"], name="group_directory_idx"),
            models.Index(fields=["latitude", "longitude"], name="group_latlng_idx"),
            models.Index(fields=["country", "city"], name="group_place_idx"),
        ]

    def clean(self) -> None:
        # SPEC: only an open group may publish its link. A group that welcomes each request keeps
        # the link for the members it has welcomed (in feeds too), so this is refused, not ignored.
        if self.online_link_public and self.join_policy == self.JoinPolicy.APPROVAL:
            raise ValidationError({"online_link_public": ValidationError(
                _("A group that welcomes each request can't publish its online link; only members see it. "
                  "Turn off publishing, or let anyone join."), code="approval_group_link")})

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person's place in a group. Deleted on leaving; nothing about attendance is ever kept."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        FACILITATOR = "facilitator", "Facilitator"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    display_name = models.CharField(max_length=80, blank=True, help_text="Name in this group only.",
                                    validators=[validate_single_line])
    show_on_roster = models.BooleanField(default=False)
    agreed_version = models.PositiveIntegerField(default=0)
    request_message = models.TextField(max_length=1000, blank=True, validators=[validate_multi_line])
    joined_at = models.DateTimeField(null=True, blank=True, help_text="When the membership became active.")

    class Meta:
        ordering = ("id",)
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="membership_unique_user_group")]
        indexes = [models.Index(fields=["group", "status", "role"], name="membership_group_status_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.role}, {self.status})"

    @property
    def name_in_group(self) -> str:
        return self.display_name or self.user.display_name


class FacilitatorInvitation(models.Model):
    """An invitation to co-facilitate; it takes effect only when the member accepts."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="facilitator_invitations")
    invitee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="facilitator_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)
        constraints = [models.UniqueConstraint(fields=["group", "invitee"], name="invitation_unique_invitee")]


    def __str__(self) -> str:
        return f"invitation of {self.invitee_id} to {self.group_id}"

