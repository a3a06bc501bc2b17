from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "kindred.feeds"
    label = "feeds"

    def ready(self) -> None:
        from kindred.api.caching import CALENDAR, bump_on_change
        from kindred.groups.models import Group
        from kindred.meetings.models import MeetingSeries, Occurrence

        # The public feeds are cached (views.py); the meetings services bump CALENDAR on every change
        # they make, and these catch saves made anywhere else (the admin, a shell, a data fix).
        for model in (Group, MeetingSeries, Occurrence):
            bump_on_change(model, CALENDAR)
