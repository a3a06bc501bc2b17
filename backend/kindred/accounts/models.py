"""People and their personal API tokens."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from kindred.common.text import validate_single_line
from kindred.common.timezones import validate_time_zone


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(32)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
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
    show_on_rosters = models.BooleanField(
        default=False, help_text="Default for each new membership: appear on the group's roster.")
    calendar_secret = models.CharField(max_length=64, unique=True, default=new_calendar_secret)
    is_staff = models.BooleanField(default=False, help_text="Site moderators use the admin.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.display_name or f"user {self.pk}"


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
