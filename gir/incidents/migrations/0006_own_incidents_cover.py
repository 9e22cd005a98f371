"""A covering index for Mijn meldingen at a million incidents (issue 18). PostgreSQL only:
SQLite has no INCLUDE, and its data is small.

The incidents a user is a victim of but did not report are found by id; this index
answers their reporter, status and moment without reading the wide incident rows
(gir.incidents.selectors.OwnIncidents). Raw SQL, so the model's state stays as it is.
"""

from django.db import migrations

NAME = "incident_own_cover"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON incidents_incident (id) INCLUDE (reporter_id, status, occurred_at)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_reporter_newest_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
