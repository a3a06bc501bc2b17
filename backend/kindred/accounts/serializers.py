"""Account input and output shapes. Inputs list exactly the fields a client may write."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kindred.common.fields import SingleLineEmailField, SingleLineField
from kindred.common.timezones import available_time_zones, validate_time_zone

from .models import ApiToken


class TimeZoneField(SingleLineField):
    """An IANA zone name such as ``Europe/London``; the OpenAPI document lists every one accepted."""

    schema_choices = staticmethod(available_time_zones)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(validators=[validate_time_zone], **kwargs)


class PasswordField(serializers.CharField):
    """A password: a JSON string taken as sent (never trimmed), at most 128 characters. A number is
    refused, as the schema says, rather than read as its digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 128)
        super().__init__(trim_whitespace=False, style={"input_type": "password"}, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class RegisterInputSerializer(serializers.Serializer):
    email = SingleLineEmailField(max_length=254)
    password = PasswordField(write_only=True)
    display_name = SingleLineField(max_length=80, help_text="Any name; pseudonyms welcome.")
    pronouns = SingleLineField(max_length=40, required=False, allow_blank=True, default="")
    time_zone = TimeZoneField(required=False, default="UTC")


class LoginInputSerializer(serializers.Serializer):
    email = SingleLineEmailField(max_length=254)
    password = PasswordField()


class ApiTokenInputSerializer(serializers.Serializer):
    name = SingleLineField(max_length=80)
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices, default=ApiToken.Scope.READ)


class ApiTokenOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields: tuple[str, ...] = ("id", "name", "scope", "prefix", "created_at", "last_used_at")
        read_only_fields: tuple[str, ...] = fields
