"""A stored, generated ``search_text`` column with one trigram index (PostgreSQL only).

The directory's as-you-type substring match compared ``UPPER(name)``, ``UPPER(description)``,
``UPPER(topics::text)``, ``UPPER(city)`` and ``UPPER(region)`` one by one, each with its own trigram
index: the page query, which walks the directory index in name order, upper-cased five columns of
every row it looked at (~960 rows for "grief" at 10,000 groups: ~3 ms), and the COUNT combined five
bitmap scans (issue 16's "directory database time <= 5 ms"). PostgreSQL now keeps those five
columns upper-cased in one column, joined by the unit separator (U+001F, a control character no
search text may hold, so no match can span two fields), and ``kindred.public.filters`` matches it
with one ``LIKE``. Upper-casing the whole equals upper-casing each part, so what matches is
unchanged. Like ``search_document`` (0006) it is not a model field: SQLite keeps the per-field match.
"""

from django.db import migrations

FIELDS = ("name", "description", "topics::text", "city", "region")
SEARCH_TEXT = "upper(" + " || chr(31) || ".join(f"COALESCE({field}, '')" for field in FIELDS) + ")"
OLD_INDEXES = {  # 0004 and 0005: one trigram index per field
    "group_name_trgm_idx": "USING gin (UPPER(name::text) gin_trgm_ops)",
    "group_description_trgm_idx": "USING gin (UPPER(description::text) gin_trgm_ops)",
    "group_topics_trgm_idx": "USING gin (UPPER(topics::text) gin_trgm_ops)",
    "group_city_trgm_idx": "USING gin (UPPER(city::text) gin_trgm_ops)",
    "group_region_trgm_idx": "USING gin (UPPER(region::text) gin_trgm_ops)",
}


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE groups_group ADD COLUMN IF NOT EXISTS search_text text "
                          f"GENERATED ALWAYS AS ({SEARCH_TEXT}) STORED")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS group_search_text_idx ON groups_group "
                          "USING gin (search_text gin_trgm_ops)")
    for name in OLD_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in OLD_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON groups_group {definition}")
    schema_editor.execute("DROP INDEX IF EXISTS group_search_text_idx")
    schema_editor.execute("ALTER TABLE groups_group DROP COLUMN IF EXISTS search_text")


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0006_stored_search_document"),
    ]

    operations = [
        migrations.RunPython(add_column, drop_column, elidable=False),
    ]
