"""Account input and output shapes. Inputs list exactly the fields a client may write."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from kindred.common.timezones import validate_time_zone

from .models import ApiToken, User


class TimeZoneField(serializers.CharField):
    """An IANA zone name such as ``Europe/London``."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(validators=[validate_time_zone], **kwargs)  # type: ignore[arg-type]


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, style={"input_type": "password"},
                                     trim_whitespace=False)
    display_name = serializers.CharField(max_length=80, help_text="Any name; pseudonyms welcome.")
    pronouns = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    time_zone = TimeZoneField(required=False, default="UTC")


class LoginInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class MeOutputSerializer(serializers.ModelSerializer):
    calendar_url = serializers.SerializerMethodField(
        help_text="Private iCalendar feed of the meetings I said going or maybe to. Keep it secret.")

    class Meta:
        model = User
        fields = ("id", "email", "display_name", "pronouns", "time_zone", "show_on_rosters",
                  "calendar_url", "date_joined")
        read_only_fields = fields

    def get_calendar_url(self, user: User) -> str:
        return f"{settings.SITE_URL}/api/v1/me/calendar/{user.calendar_secret}.ics"


class MePatchInputSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=80, required=False)
    pronouns = serializers.CharField(max_length=40, required=False, allow_blank=True)
    time_zone = TimeZoneField(required=False)
    show_on_rosters = serializers.BooleanField(required=False)


class ApiTokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices, default=ApiToken.Scope.READ)


class ApiTokenOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ("id", "name", "scope", "prefix", "created_at", "last_used_at")
        read_only_fields = fields


class ApiTokenCreatedSerializer(ApiTokenOutputSerializer):
    token = serializers.CharField(read_only=True, help_text="The key. Shown this once; store it safely.")

    class Meta(ApiTokenOutputSerializer.Meta):
        fields = (*ApiTokenOutputSerializer.Meta.fields, "token")
        read_only_fields = fields


class CsrfOutputSerializer(serializers.Serializer):
    csrf_token = serializers.CharField(help_text="Send as X-CSRFToken on unsafe requests with a session.")
