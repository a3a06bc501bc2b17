"""Password rules of Kindred's own, next to Django's (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class NotOnlySpacesValidator:
    """A password made only of spaces (or other blank characters) is refused: it looks like nothing
    was typed, and a long run of spaces passes the length rule."""

    def validate(self, password: str, user: Any = None) -> None:
        if not password.strip():
            raise ValidationError(_("Your password can't be only spaces."), code="password_only_spaces")

    def get_help_text(self) -> str:
        return _("Your password can't be only spaces.")
