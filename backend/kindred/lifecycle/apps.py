from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """Leaving, removal, archiving, erasure and the person's own account pages: what spans apps."""

    name = "kindred.lifecycle"
    label = "lifecycle"
