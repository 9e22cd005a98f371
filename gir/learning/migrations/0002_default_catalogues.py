"""Ship the factors of 004 §6 and the 37 actions of 002 (gir.learning.catalogues)."""

from django.db import migrations

from gir.learning.catalogues import ACTION_SOURCE, ACTIONS, FACTOR_SOURCE, FACTORS


def add_catalogues(apps, schema_editor):
    Factor = apps.get_model("learning", "Factor")
    CatalogueAction = apps.get_model("learning", "CatalogueAction")
    for position, (category, name) in enumerate(FACTORS, start=1):
        Factor.objects.update_or_create(
            category=category, name=name, defaults={"source": FACTOR_SOURCE, "position": position}
        )
    for number, title, phase, addressee in ACTIONS:
        CatalogueAction.objects.update_or_create(
            number=number,
            defaults={"title": title, "phase": phase, "addressee": addressee, "source": ACTION_SOURCE},
        )


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(add_catalogues, migrations.RunPython.noop)]
