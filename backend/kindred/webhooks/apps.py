from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Webhooks: signed deliveries of public changes to the organisations that list a group's meetings."""

    name = "kindred.webhooks"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()  # a delivery when the groups and meetings apps announce a public change
