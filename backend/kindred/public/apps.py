from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public read side: the directory, group pages, the feeds, and the cache in front of them."""

    name = "kindred.public"

    def ready(self) -> None:
        from .cache import connect

        connect()  # the table in cache.py: which events and saves invalidate which public pages
