from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kindred.notifications"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from . import receivers
        from .services import task_results_prune_now_and_then

        receivers.connect()  # email when the groups and meetings apps announce what happened
        # Workers keep the task table short by themselves (docs/decisions/notifications-delivery.md).
        task_finished.connect(task_results_prune_now_and_then, dispatch_uid="kindred-prune-task-results")
