"""Give groups archived before this change the unguessable address archiving now gives, so their
old slugs are free and a new group's slug reveals nothing about them (docs/decisions/groups-slugs.md)."""

from django.db import migrations
from django.utils.crypto import get_random_string

SLUG_MAX_LENGTH = 60
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def free_archived_slugs(apps, schema_editor):  # type: ignore[no-untyped-def]
    groups = apps.get_model("groups", "Group")._default_manager
    for group in groups.filter(is_archived=True).exclude(slug__contains="-archived-"):
        group.slug = f"{group.slug[:SLUG_MAX_LENGTH - 18]}-archived-{get_random_string(8, ALPHABET)}"
        group.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(free_archived_slugs, migrations.RunPython.noop)]
