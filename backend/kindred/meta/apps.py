from django.apps import AppConfig


class MetaConfig(AppConfig):
    """GET /api/v1/meta/: the words for every code the API uses. A top layer: it reads groups,
    meetings and notifications; nothing imports it."""

    name = "kindred.meta"
