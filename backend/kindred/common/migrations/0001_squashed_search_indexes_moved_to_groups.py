"""The directory's search indexes moved to the groups app (groups/migrations/0004_directory_search_indexes).

This empty migration replaces the common app's old one: a database that applied it is marked as
having applied this one, and a new database gets the indexes from the groups app alone.
"""

from django.db import migrations


class Migration(migrations.Migration):

    replaces = [("common", "0001_postgres_search_indexes")]

    dependencies = []

    operations = []
