"""Mark every month, team and track that has incidents, so that an installation upgraded
to pre-counted figures (ADR 0007) counts its existing incidents: the scheduler's next
round, or `manage.py count_figures`, does the counting."""

from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models.functions import TruncMonth


def mark_existing(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    StaleFigures = apps.get_model("reports", "StaleFigures")
    slots = (
        Incident.objects.exclude(status="draft")
        .exclude(occurred_at=None)
        .order_by()
        .annotate(month=TruncMonth("occurred_at", tzinfo=ZoneInfo("Europe/Amsterdam")))
        .values_list("month", "team_id", "is_restricted")
        .distinct()
    )
    StaleFigures.objects.bulk_create(
        StaleFigures(month=month.date() if hasattr(month, "date") else month, team_id=team, restricted=restricted)
        for month, team, restricted in slots
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_figure_counts"), ("incidents", "0004_next_due_at")]

    operations = [migrations.RunPython(mark_existing, migrations.RunPython.noop)]
