"""Account input and output shapes. Inputs list exactly the fields a client may write."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kindred.common.fields import SingleLineEmailField, SingleLineField
from kindred.common.languages import interface_codes
from kindred.common.timezones import available_time_zones, validate_time_zone

from .backends import normalise_email
from .models import ApiToken
from .sessions import device_words


class AccountEmailField(SingleLineEmailField):
    """An address that names an account: folded to the one form accounts are stored in
    (``backends.normalise_email``: NFKC, trimmed, lower-case) before it is validated, so a full-width
    or upper-case copy of an address is the same address, not a refusal."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(normalise_email(data) if isinstance(data, str) else data)


class TimeZoneField(SingleLineField):
    """An IANA zone name such as ``Europe/London``; the OpenAPI document lists every one accepted."""

    schema_choices = staticmethod(available_time_zones)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(validators=[validate_time_zone], **kwargs)


# As the schema writes every text that may be blank: a closed list, or nothing (``maxLength: 0``).
@extend_schema_field({"oneOf": [{"type": "string", "enum": interface_codes()}, {"type": "string", "maxLength": 0}]})
class InterfaceLanguageField(serializers.ChoiceField):
    """One of the languages Kindred speaks (``settings.LANGUAGES``), or "" to follow the browser."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "The language Kindred speaks to me (emails included): one of the codes of "
                                       "`interface_languages` in GET /meta/, or \"\" to follow my browser.")
        super().__init__(choices=interface_codes(), allow_blank=True, **kwargs)


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
    email = AccountEmailField()
    password = PasswordField(write_only=True)
    display_name = SingleLineField(max_length=80, help_text="Any name; pseudonyms welcome.")
    pronouns = SingleLineField(max_length=40, required=False, allow_blank=True, default="")
    time_zone = TimeZoneField(required=False, default="UTC")


class LoginInputSerializer(serializers.Serializer):
    email = AccountEmailField()
    password = PasswordField()


class ApiTokenInputSerializer(serializers.Serializer):
    name = SingleLineField(max_length=80)
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices, default=ApiToken.Scope.READ)


class ApiTokenCreateInputSerializer(ApiTokenInputSerializer):
    """What ``POST /auth/tokens/`` takes, as one shape: ``name`` and ``scope`` from a session; a script
    with no session adds ``email`` and ``password`` (``TokenExchangeInputSerializer`` checks them).
    From a session they are validated like any text, then ignored."""

    email = AccountEmailField(required=False, help_text="With no session: the account's email (the password "
                                                        "exchange).")
    password = PasswordField(required=False, write_only=True, help_text="With no session: the account's password.")


class TokenExchangeInputSerializer(ApiTokenInputSerializer):
    """A script's first token, with no session: the account's email and password prove who asks."""

    email = AccountEmailField()
    password = PasswordField(write_only=True)


class ApiTokenOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields: tuple[str, ...] = ("id", "name", "scope", "prefix", "created_at", "last_used_at")
        read_only_fields: tuple[str, ...] = fields


# --- confirming the address, passwords, changing the address, sessions ------------------------------

def password_field(help_text: str) -> PasswordField:
    """A password as typed: never trimmed (spaces count), never echoed."""
    return PasswordField(write_only=True, help_text=help_text)


def token_field() -> SingleLineField:
    return SingleLineField(max_length=600, help_text="The `token` from the link in the email.")


class TokenInputSerializer(serializers.Serializer):
    token = token_field()


class EmailInputSerializer(serializers.Serializer):
    email = AccountEmailField()


class PasswordResetConfirmInputSerializer(serializers.Serializer):
    token = token_field()
    new_password = password_field("At least 10 characters; not only spaces.")
    end_api_tokens = serializers.BooleanField(
        required=False, default=False,
        help_text="Also revoke every personal API token (they keep working otherwise).")


class PasswordChangeInputSerializer(serializers.Serializer):
    current_password = password_field("The password you sign in with now.")
    new_password = password_field("At least 10 characters; not only spaces.")


class EmailChangeInputSerializer(serializers.Serializer):
    new_email = AccountEmailField()
    password = password_field("The password you sign in with.")


class AcceptedOutputSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What happens next, in words to show as they are.")


class DeviceField(serializers.CharField):
    """The stored device label (English) in the reader's language: 'Firefox sur Android'."""

    def to_representation(self, value: Any) -> str:
        return device_words(str(value))


class SessionOutputSerializer(serializers.Serializer):
    id = serializers.CharField(source="public_id", help_text="Names the session in /me/sessions/{id}/.")
    device = DeviceField(help_text="A short label from the browser's user agent, e.g. 'Firefox on Android'.")
    signed_in_at = serializers.DateTimeField(allow_null=True)
    last_seen_at = serializers.DateTimeField(allow_null=True, help_text="To within five minutes.")
    expires_at = serializers.DateTimeField(source="expire_date")
    current = serializers.SerializerMethodField(help_text="True for the session making this request.")

    def get_current(self, session: Any) -> bool:
        return bool(session.session_key == self.context.get("current_session_key"))
