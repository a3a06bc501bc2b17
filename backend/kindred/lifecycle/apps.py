from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """Leaving, removal, archiving, erasure and the person's own account pages: what spans apps."""

    name = "kindred.lifecycle"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from .privacy import unconfirmed_accounts_delete_now_and_then

        # Deleting accounts never confirmed rides on the workers' hourly housekeeping (docs/deploy.md).
        task_finished.connect(unconfirmed_accounts_delete_now_and_then, dispatch_uid="kindred-unconfirmed-accounts")
