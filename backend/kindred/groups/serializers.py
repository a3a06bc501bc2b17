"""Groups input and output shapes. Inputs list exactly the fields a client may write."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from kindred.accounts.serializers import TimeZoneField
from kindred.common.fields import (
    AcceptedField,
    JsonBooleanField,
    JsonNumberField,
    MeetingLinkField,
    MultiLineField,
    SingleLineField,
    id_field,
)

from .models import FacilitatorInvitation, Group, Membership

TOPIC_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?$", re.IGNORECASE)
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")


def canonical_language(value: str) -> str:
    """``PT-br`` -> ``pt-BR``, ``zh-hant-tw`` -> ``zh-Hant-TW`` (BCP 47 case conventions)."""
    parts = value.split("-")
    canonical = [parts[0].lower()]
    for part in parts[1:]:
        canonical.append(part.title() if len(part) == 4 else part.upper())
    return "-".join(canonical)


class TopicField(SingleLineField):
    """A topic tag: lower-case letters and digits joined by hyphens, such as ``new-parents``."""

    schema_pattern = r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$"  # TOPIC_PATTERN after lower-casing, for the schema

    default_error_messages = {
        "invalid_topic": gettext_lazy("Use lower-case letters, digits and hyphens, like 'new-parents'."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data).lower()
        if not TOPIC_PATTERN.match(value):
            self.fail("invalid_topic")
        return value


class LanguageField(SingleLineField):
    """A BCP 47 language tag such as ``en``, ``es`` or ``pt-BR``, returned in canonical case."""

    schema_pattern = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$"  # LANGUAGE_PATTERN, for the schema

    default_error_messages = {
        "invalid_language": gettext_lazy("Use a BCP 47 language code such as 'en', 'es' or 'pt-BR'."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not LANGUAGE_PATTERN.match(value):
            self.fail("invalid_language")
        return canonical_language(value)


def unique_in_order(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


# --- groups: input ---------------------------------------------------------------------------------

class GroupCreateInputSerializer(serializers.Serializer):
    """Everything a facilitator may write about a group. Unknown fields are ignored."""

    # For the OpenAPI document (kindred.api.schema.AutoSchema): latitude and longitude come together,
    # both numbers or both null (``validate`` below): neither may be the only one sent or the only number.
    schema_rules = {"not": {"anyOf": [
        {"oneOf": [{"required": ["latitude"], "properties": {"latitude": {}}},
                   {"required": ["longitude"], "properties": {"longitude": {}}}]},
        {"oneOf": [{"required": ["latitude"], "properties": {"latitude": {"type": "number"}}},
                   {"required": ["longitude"], "properties": {"longitude": {"type": "number"}}}]},
    ]}}

    name = SingleLineField(max_length=120)
    description = MultiLineField(max_length=5000, required=False, allow_blank=True)
    topics = serializers.ListField(child=TopicField(), max_length=12, required=False)
    languages = serializers.ListField(child=LanguageField(), max_length=10, required=False)
    format = serializers.ChoiceField(choices=Group.Format.choices, required=False)
    join_policy = serializers.ChoiceField(choices=Group.JoinPolicy.choices, required=False)
    time_zone = TimeZoneField(required=False, help_text="IANA zone name, e.g. Europe/London.")
    address = SingleLineField(max_length=200, required=False, allow_blank=True)
    city = SingleLineField(max_length=100, required=False, allow_blank=True)
    region = SingleLineField(max_length=100, required=False, allow_blank=True)
    country = SingleLineField(max_length=2, required=False, allow_blank=True,
                                    help_text="ISO 3166-1 alpha-2 code, e.g. GB.")
    latitude = JsonNumberField(min_value=-90, max_value=90, required=False, allow_null=True,
                                      help_text="With `longitude`: both numbers, or both null to clear them.")
    longitude = JsonNumberField(min_value=-180, max_value=180, required=False, allow_null=True,
                                       help_text="With `latitude`: both numbers, or both null to clear them.")
    approximate = JsonBooleanField(required=False)
    online_url = MeetingLinkField(max_length=500, required=False, allow_blank=True)
    online_phone = SingleLineField(max_length=40, required=False, allow_blank=True)
    online_link_public = JsonBooleanField(required=False, help_text=(
        "Show the online link and phone to everyone and in feeds. Open groups only: an approval group gets a 400."))
    accessibility = serializers.ListField(
        child=serializers.ChoiceField(choices=Group.ACCESSIBILITY_FACETS), max_length=len(Group.ACCESSIBILITY_FACETS),
        required=False)
    listed = JsonBooleanField(required=False, help_text="Appear in the public directory.")
    agreements = MultiLineField(max_length=5000, required=False, allow_blank=True,
                                       help_text="What members accept when joining. Changing it asks again.")
    support_resources = MultiLineField(max_length=2000, required=False, allow_blank=True,
                                              help_text="Where to find help now (crisis lines).")

    def validate_topics(self, value: list[str]) -> list[str]:
        return unique_in_order(value)

    def validate_languages(self, value: list[str]) -> list[str]:
        return unique_in_order(value)

    def validate_accessibility(self, value: list[str]) -> list[str]:
        return unique_in_order(value)

    def validate_country(self, value: str) -> str:
        value = value.upper()
        if value and not COUNTRY_PATTERN.match(value):
            raise serializers.ValidationError(_("Use a two-letter ISO country code such as GB."),
                                              code="invalid_country")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("latitude" in attrs) != ("longitude" in attrs) or (
                (attrs.get("latitude") is None) != (attrs.get("longitude") is None)):
            field = "longitude" if "latitude" in attrs else "latitude"
            raise serializers.ValidationError({field: _("Give latitude and longitude together.")},
                                              code="incomplete_location")
        return attrs


class GroupUpdateInputSerializer(GroupCreateInputSerializer):
    """The same fields as creating, every one optional (PATCH)."""


class GroupRefOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ("slug", "name", "format", "join_policy", "time_zone", "is_archived")
        read_only_fields = fields


# --- membership ------------------------------------------------------------------------------------

class JoinInputSerializer(serializers.Serializer):
    agreed = AcceptedField(help_text="Must be true: you accept the group's agreements.")
    message = MultiLineField(max_length=1000, required=False, allow_blank=True, default="",
                                    help_text="For groups that approve requests: a note to the facilitators.")
    display_name = SingleLineField(max_length=80, required=False, allow_blank=True, default="",
                                         help_text="Your name in this group only (blank: your usual name).")

    def validate_agreed(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError(_("Joining means accepting the group's agreements."),
                                              code="agreement_required")
        return value


class MembershipPatchInputSerializer(serializers.Serializer):
    show_on_roster = JsonBooleanField(required=False)
    display_name = SingleLineField(max_length=80, required=False, allow_blank=True)
    agreed = AcceptedField(required=False, help_text="true: accept the latest agreements.")

    def validate_agreed(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError(_("To stop agreeing, leave the group."), code="agreement_required")
        return value


class MembershipOutputSerializer(serializers.ModelSerializer):
    group: serializers.Field = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name_in_group = serializers.CharField()
    agreements_pending = serializers.SerializerMethodField(
        help_text="The group's agreements changed since you accepted them.")

    class Meta:
        model = Membership
        fields = ("id", "group", "role", "status", "display_name", "name_in_group", "show_on_roster",
                  "agreed_version", "agreements_pending", "joined_at", "created_at")
        read_only_fields = fields

    def get_agreements_pending(self, membership: Membership) -> bool:
        return membership.agreed_version < membership.group.agreements_version


class MyMembershipOutputSerializer(MembershipOutputSerializer):
    group = GroupRefOutputSerializer(read_only=True)  # nested here, a slug above

    class Meta(MembershipOutputSerializer.Meta):
        pass


class RosterEntryOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="name_in_group")
    pronouns = serializers.CharField(source="user.pronouns")

    class Meta:
        model = Membership
        fields = ("id", "name", "pronouns", "role")
        read_only_fields = fields


class RosterCountsOutputSerializer(serializers.Serializer):
    members = serializers.IntegerField(help_text="Active members, facilitators included.")
    facilitators = serializers.IntegerField()
    hidden = serializers.IntegerField(help_text="Members who chose not to appear on the roster.")


class JoinRequestOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="name_in_group")
    pronouns = serializers.CharField(source="user.pronouns")
    message = serializers.CharField(source="request_message")
    requested_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Membership
        fields = ("id", "name", "pronouns", "message", "requested_at")
        read_only_fields = fields


class FacilitatorOutputSerializer(serializers.ModelSerializer):
    membership_id = serializers.IntegerField(source="id")
    name = serializers.CharField(source="name_in_group")
    pronouns = serializers.CharField(source="user.pronouns")

    class Meta:
        model = Membership
        fields = ("membership_id", "name", "pronouns")
        read_only_fields = fields


class FacilitatorInviteInputSerializer(serializers.Serializer):
    membership_id = id_field(required=False)
    user_id = id_field(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("membership_id" in attrs) == ("user_id" in attrs):
            raise serializers.ValidationError({"membership_id": _("Give either membership_id or user_id.")},
                                              code="one_required")
        return attrs


class InvitationOutputSerializer(serializers.ModelSerializer):
    group: GroupRefOutputSerializer = GroupRefOutputSerializer(read_only=True)
    invited_by_name = serializers.CharField(allow_null=True, help_text="The inviter's name in the group.")

    class Meta:
        model = FacilitatorInvitation
        fields = ("id", "group", "invited_by_name", "created_at")
        read_only_fields = fields


class MemberRemoveInputSerializer(serializers.Serializer):
    reason = MultiLineField(
        max_length=2000, min_length=10,
        help_text="The safety reason, kept in the moderation log. Never for not coming to meetings.")
