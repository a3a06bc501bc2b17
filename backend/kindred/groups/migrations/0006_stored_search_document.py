"""A stored, generated ``search_document`` tsvector column with a GIN index (PostgreSQL only).

The directory's full-text match used to compute ``to_tsvector`` for every row the page query walked
(9-12 ms at 10,000 groups, issue 16); the expression index (``group_search_place_fts_idx`` since
0005) only helped the COUNT query's bitmap scans. The column is computed by PostgreSQL on every
insert and update (the expression is the one the index had: name A, description B, city and region
C, so the words and weights are unchanged), ``kindred.public.filters`` matches against it, and the
old expression index is dropped (the GIN index on the column replaces it). The column is not a
model field: SQLite has no tsvector, and there the directory keeps its substring fallback; nothing
writes it but PostgreSQL.
"""

from django.db import migrations

ABOUT = ("(setweight(to_tsvector('english'::regconfig, COALESCE(name, '')), 'A') || "
         "setweight(to_tsvector('english'::regconfig, COALESCE(description, '')), 'B'))")
PLACE = ("(setweight(to_tsvector('english'::regconfig, COALESCE(city, '')), 'C') || "
         "setweight(to_tsvector('english'::regconfig, COALESCE(region, '')), 'C'))")
SEARCH_VECTOR = f"{ABOUT} || {PLACE}"  # what kindred.public.filters.search_vector builds (migration 0005)
OLD_INDEX = f"CREATE INDEX IF NOT EXISTS group_search_place_fts_idx ON groups_group USING gin (({SEARCH_VECTOR}))"


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE groups_group ADD COLUMN IF NOT EXISTS search_document tsvector "
                          f"GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS group_search_document_idx ON groups_group "
                          "USING gin (search_document)")
    schema_editor.execute("DROP INDEX IF EXISTS group_search_place_fts_idx")


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(OLD_INDEX)
    schema_editor.execute("DROP INDEX IF EXISTS group_search_document_idx")
    schema_editor.execute("ALTER TABLE groups_group DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0005_search_covers_place"),
    ]

    operations = [
        migrations.RunPython(add_column, drop_column, elidable=False),
    ]
