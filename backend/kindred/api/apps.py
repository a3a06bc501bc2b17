from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kindred.api"

    def ready(self) -> None:
        from . import schema  # noqa: F401  registers drf-spectacular extensions
