"""PostgreSQL-only indexes for the directory's search and filters (no-ops on SQLite).

They were created by the common app's first migration until the groups app took them over (issue 14):
``IF NOT EXISTS`` makes this a no-op on a database that already has them, and the common app's
migration became an empty one that replaces it (``common/migrations/0001_squashed_...``).

The expressions match, character for character, what ``kindred.public.filters`` generates, so
the planner can use them: full-text search over name (weight A) and description (weight B), and
trigram indexes for the as-you-type substring matches (``UPPER(col) LIKE UPPER('%text%')``) on
name, description and topics, plus jsonb containment on the list filters (topic, language,
accessibility). In SQL guarded by the database vendor, so the migrations stay portable. See
docs/performance.md for the plans.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCH_VECTOR = ("(setweight(to_tsvector('english'::regconfig, COALESCE(name, '')), 'A') || "
                 "setweight(to_tsvector('english'::regconfig, COALESCE(description, '')), 'B'))")
INDEXES = {
    "group_search_fts_idx": f"USING gin ({SEARCH_VECTOR})",
    "group_name_trgm_idx": "USING gin (UPPER(name::text) gin_trgm_ops)",
    "group_description_trgm_idx": "USING gin (UPPER(description::text) gin_trgm_ops)",
    "group_topics_trgm_idx": "USING gin (UPPER(topics::text) gin_trgm_ops)",
    "group_topics_gin_idx": "USING gin (topics jsonb_path_ops)",
    "group_languages_gin_idx": "USING gin (languages jsonb_path_ops)",
    "group_accessibility_gin_idx": "USING gin (accessibility jsonb_path_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON groups_group {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0003_text_refuses_control_characters"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
