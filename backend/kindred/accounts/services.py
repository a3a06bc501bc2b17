"""Account writes: registration, profile changes, personal tokens, calendar secret."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kindred.common.errors import Conflict, NotFound
from kindred.common.services import model_update

from . import tokens
from .models import ApiToken, User, new_calendar_secret

PROFILE_FIELDS = ("display_name", "pronouns", "time_zone", "show_on_rosters")


@transaction.atomic
def user_register(*, email: str, password: str, display_name: str, time_zone: str = "UTC",
                  pronouns: str = "") -> User:
    email = email.strip().lower()
    candidate = User(email=email, display_name=display_name, time_zone=time_zone, pronouns=pronouns)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    if User.objects.filter(email=email).exists():
        raise Conflict("An account with this email already exists. Try signing in.", code="email_taken",
                       field="email")
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password, display_name=display_name,
                                            time_zone=time_zone, pronouns=pronouns)
    except IntegrityError as error:  # a simultaneous registration won the race
        raise Conflict("An account with this email already exists. Try signing in.", code="email_taken",
                       field="email") from error


@transaction.atomic
def user_update_profile(*, user: User, data: dict[str, Any]) -> User:
    user, _ = model_update(instance=user, fields=PROFILE_FIELDS, data=data)
    return user


@transaction.atomic
def calendar_secret_rotate(*, user: User) -> User:
    user.calendar_secret = new_calendar_secret()
    user.save(update_fields=["calendar_secret"])
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is never stored or shown again."""
    key = tokens.generate_key()
    token = ApiToken.objects.create(user=user, name=name, scope=scope, prefix=key[:12],
                                    key_digest=tokens.digest(key))
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> None:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise NotFound("No such token.")
