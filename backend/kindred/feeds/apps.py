from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "kindred.feeds"
    label = "feeds"
