"""Ship the duty table of 003 and the checklist of the annual policy evaluation
(gir.duties.catalogues)."""

from django.db import migrations

from gir.duties.catalogues import CHECKLIST, DUTIES, DUTY_SOURCE
from gir.duties.constants import DEFAULT_REMINDER_DAYS


def add_duties(apps, schema_editor):
    Duty = apps.get_model("duties", "Duty")
    ChecklistItem = apps.get_model("duties", "ChecklistItem")
    if not Duty.objects.filter(source=DUTY_SOURCE).exists():
        Duty.objects.bulk_create(
            Duty(
                holder=holder,
                text=text,
                frequency=frequency,
                record=record,
                reminder_days=DEFAULT_REMINDER_DAYS.get(frequency, 7),
                position=position,
                source=DUTY_SOURCE,
            )
            for position, (holder, text, frequency, record) in enumerate(DUTIES, start=1)
        )
    for position, (text, source) in enumerate(CHECKLIST, start=1):
        ChecklistItem.objects.update_or_create(text=text, defaults={"source": source, "position": position})


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_initial")]

    operations = [migrations.RunPython(add_duties, migrations.RunPython.noop)]
