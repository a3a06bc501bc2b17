"""People, their signed-in sessions and their personal API tokens."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone

from kindred.common.languages import validate_interface_language
from kindred.common.text import validate_single_line
from kindred.common.timezones import validate_time_zone


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(32)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        """An account made by someone with the server's keys (demo data, ``createsuperuser``) is
        confirmed; registration (``services.user_register``) passes ``email_confirmed_at=None``."""
        from .backends import normalise_email

        extra.setdefault("email_confirmed_at", timezone.now())
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("display_name", "Moderator")
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Only ``display_name`` (any name, pseudonyms welcome) is ever shown to others."""

    email = models.EmailField(unique=True, help_text="Private; used to sign in and for opt-in email.",
                              validators=[validate_single_line])
    display_name = models.CharField(max_length=80, validators=[validate_single_line])
    pronouns = models.CharField(max_length=40, blank=True, validators=[validate_single_line])
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    language = models.CharField(
        max_length=16, blank=True, default="", validators=[validate_interface_language],
        help_text="The language Kindred speaks to me (one of settings.LANGUAGES), or blank: follow my browser.")
    show_on_rosters = models.BooleanField(
        default=False, help_text="Default for each new membership: appear on the group's roster.")
    calendar_secret = models.CharField(max_length=64, unique=True, default=new_calendar_secret)
    is_staff = models.BooleanField(default=False, help_text="Site moderators use the admin.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    email_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the address was confirmed; until then the account cannot sign in.")
    pending_email = models.EmailField(
        blank=True, default="", validators=[validate_single_line],
        help_text="A new address asked for and not yet confirmed; the account keeps its email until then.")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.display_name or f"user {self.pk}"

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


class ApiToken(models.Model):
    """A personal token for integrations. Only a SHA-256 digest is stored; the key is shown once."""

    class Scope(models.TextChoices):
        READ = "read", "read"
        READ_WRITE = "read write", "read write"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, validators=[validate_single_line])
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=12, help_text="First characters of the key, to recognise it.")
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SignedInSession(AbstractBaseSession):
    """A session (Django's, stored by ``kindred.accounts.sessions``) with what its owner may see of it:
    who, since when, last seen, and a short device label from the user agent. No IP address.

    ``session_key`` is the cookie's value, a credential: it never leaves the server. ``public_id``
    names the session in the API (``/me/sessions/{id}/``). The columns are copied from the session's
    own data each time it is saved, so they cannot disagree with it.
    """

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions")
    # Not unique: while Django renews a session key (cycle_key) the old and new rows briefly share it.
    public_id = models.CharField(max_length=22, null=True, blank=True, db_index=True)
    device = models.CharField(max_length=80, blank=True, default="")
    signed_in_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_session"
        indexes = [models.Index(fields=["user", "expire_date"], name="accounts_session_user_expiry")]

    @classmethod
    def get_session_store_class(cls) -> type:
        from .sessions import SessionStore

        return SessionStore
