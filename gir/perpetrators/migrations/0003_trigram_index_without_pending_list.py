"""The register is written rarely and searched at every visitor: a GIN index without a
pending list keeps each search from scanning unmerged entries (see make bench-reception)."""

from django.db import migrations

INDEX = "perpetrator_search_trgm"


def no_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} SET (fastupdate = off)")


def pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} SET (fastupdate = on)")


class Migration(migrations.Migration):
    dependencies = [("perpetrators", "0002_trigram_search_index")]

    operations = [migrations.RunPython(no_pending_list, pending_list)]
