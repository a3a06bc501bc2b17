"""PostgreSQL-only: the directory's text search covers where a group meets (no-op on SQLite).

The full-text index is rebuilt over the search document that ``kindred.public.filters.search_vector``
now builds, character for character: the words about the group (name A, description B) and, kept
apart, its place (city and region, weight C). Trigram indexes serve the as-you-type substring
matches on city and region; a country is matched by code on the existing (country, city) index.
"""

from django.db import migrations

ABOUT = ("(setweight(to_tsvector('english'::regconfig, COALESCE(name, '')), 'A') || "
         "setweight(to_tsvector('english'::regconfig, COALESCE(description, '')), 'B'))")
PLACE = ("(setweight(to_tsvector('english'::regconfig, COALESCE(city, '')), 'C') || "
         "setweight(to_tsvector('english'::regconfig, COALESCE(region, '')), 'C'))")
CREATE = {
    "group_search_place_fts_idx": f"USING gin (({ABOUT} || {PLACE}))",
    "group_city_trgm_idx": "USING gin (UPPER(city::text) gin_trgm_ops)",
    "group_region_trgm_idx": "USING gin (UPPER(region::text) gin_trgm_ops)",
}
REPLACED = {"group_search_fts_idx": f"USING gin ({ABOUT})"}  # name and description only (0004)


def _swap(schema_editor, drop, create):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in drop:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, definition in create.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON groups_group {definition}")


def forwards(apps, schema_editor):
    _swap(schema_editor, REPLACED, CREATE)


def backwards(apps, schema_editor):
    _swap(schema_editor, CREATE, REPLACED)


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0004_directory_search_indexes"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
