"""Stored upper-case copies of name, description and topics for the directory's substring match
(PostgreSQL only; no-ops on SQLite).

The as-you-type match is ``UPPER(column) LIKE UPPER('%text%')``. The page query walks the directory
index in name order and tests that on every row until it has a page (~960 rows for a common word at
10,000 groups), and the count rechecks it on every candidate the trigram indexes give: ``UPPER()`` of
each description, computed again for every row on every request, was most of that time (a scan with
the stored copies measured 5x cheaper). The columns are generated (PostgreSQL keeps them), the
trigram indexes move from the expressions to them, and ``kindred.public.filters`` matches against them
with the same ``UPPER`` applied to the search text, so what matches is unchanged. Not model fields:
SQLite keeps ``UPPER(column) LIKE``.
"""

from django.db import migrations

COLUMNS = {
    "search_name": ("UPPER(name::text)", "group_name_trgm_idx"),
    "search_description": ("UPPER(description)", "group_description_trgm_idx"),
    "search_topics": ("UPPER(topics::text)", "group_topics_trgm_idx"),
}


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, (expression, old_index) in COLUMNS.items():
        schema_editor.execute(f"ALTER TABLE groups_group ADD COLUMN IF NOT EXISTS {column} text "
                              f"GENERATED ALWAYS AS ({expression}) STORED")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS group_{column}_trgm_idx ON groups_group "
                              f"USING gin ({column} gin_trgm_ops)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, (expression, old_index) in COLUMNS.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {old_index} ON groups_group USING gin ({expression} gin_trgm_ops)")
        schema_editor.execute(f"DROP INDEX IF EXISTS group_{column}_trgm_idx")
        schema_editor.execute(f"ALTER TABLE groups_group DROP COLUMN IF EXISTS {column}")


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0005_stored_search_document"),
    ]

    operations = [
        migrations.RunPython(add_columns, drop_columns, elidable=False),
    ]
