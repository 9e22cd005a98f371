"""Indexes for the dashboard at a million incidents (issue 7 "Scale"; README "Speed of the
dashboard and the work list"). PostgreSQL only: SQLite has no INCLUDE, and its test data is small.

They live here, with raw SQL, because only the dashboard needs them; the models' state is
unchanged, so makemigrations stays clean for the apps that own the tables.
"""

from django.db import migrations

INDEXES = {
    # The breakdowns, totals and months of a period read only these columns: an index-only
    # scan instead of a scan of the wide incident rows (190 -> 57 ms per breakdown at 1M).
    "reports_incident_occurred_cover": (
        "incidents_incident",
        "(occurred_at) INCLUDE (status, escalation_level, aggression_type, setting, location_id, team_id, "
        "id)",
    ),
    # The aangifte rate and aftercare-on-time find the steps of one kind without a scan of
    # all steps (aangifte rate 1.5 s -> 0.3 s per period at 1M, with the query in figures._aangifte).
    "reports_step_kind_incident": ("protocol_step", "(kind, incident_id) INCLUDE (status)"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("incidents", "0003_imported"),
        ("protocol", "0002_default_rules"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
