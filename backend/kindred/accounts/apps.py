from django.apps import AppConfig

# What of an account the public (cached) pages show: a facilitator's name (when they set none in the group).
PUBLIC_USER_FIELDS = ("display_name",)


class AccountsConfig(AppConfig):
    name = "kindred.accounts"
    label = "accounts"

    def ready(self) -> None:
        from kindred.api.caching import DIRECTORY, bump_on_change

        from . import schema  # noqa: F401  registers the token scheme with drf-spectacular
        from .models import User

        # The services bump DIRECTORY when a name changes; this catches changes made anywhere else
        # (a shell, a data fix). Sign-ins save only `last_login`, which no public page shows.
        bump_on_change(User, DIRECTORY, fields=PUBLIC_USER_FIELDS)
