"""Delete task rows written before tasks carried ids only: their arguments held whole emails
(names, group names, meeting times). The tasks that wrote them no longer exist; a queued one
could not run anyway. See docs/decisions/notifications-delivery.md."""

from django.db import migrations

TASKS = "kindred.notifications.tasks."
REMOVED_TASKS = [TASKS + name for name in ("notify_waitlist_promoted", "notify_join_request_approved",
                                           "notify_cofacilitator_invited")]


def forget_rendered_payloads(apps, schema_editor):  # type: ignore[no-untyped-def]
    task_results = apps.get_model("django_tasks_database", "DBTaskResult")._default_manager
    task_results.filter(task_path__in=REMOVED_TASKS).delete()
    task_results.filter(task_path=TASKS + "deliver_email", args_kwargs__kwargs__has_key="body").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forget_rendered_payloads, migrations.RunPython.noop)]
