from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "kindred.meetings"
    label = "meetings"

    def ready(self) -> None:
        from kindred.api.caching import DIRECTORY, bump_on_change

        from .models import MeetingSeries

        # The directory's weekday and time-of-day filters read series: the services bump DIRECTORY,
        # and this catches series saved anywhere else (the admin, a shell, a data fix).
        bump_on_change(MeetingSeries, DIRECTORY)
