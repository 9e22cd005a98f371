"""On PostgreSQL the reception check searches with pg_trgm; SQLite compares in Python."""

from django.db import migrations

INDEX = "perpetrator_search_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON perpetrators_perpetrator USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("perpetrators", "0001_initial")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
