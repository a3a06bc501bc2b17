from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kindred.accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import schema  # noqa: F401  registers the token scheme with drf-spectacular
        from .sessions import signed_in

        user_logged_in.connect(signed_in, dispatch_uid="kindred-session-signed-in")
