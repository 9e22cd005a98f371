"""The damage claim letter names the items and the amount (issue 6): the shipped
text gets the new merge fields, unless the coordinator already changed it."""

from django.db import migrations

OLD = (
    "Wij vragen u om deze kosten aan ons terug te betalen. In de bijlage bij deze "
    "brief staat welke kosten het zijn, hoeveel u moet betalen en hoe u dat doet."
)
NEW = (
    "Wij vragen u om deze kosten aan ons terug te betalen. Het gaat om:\n{{ schadeposten }}\n\n"
    "U moet in totaal {{ schadebedrag }} betalen. Hoe u betaalt, staat in de bijlage bij deze brief."
)


def add_amounts(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for template in LetterTemplate.objects.filter(code="schadeverhaal", version=1):
        if OLD in template.body:
            template.body = template.body.replace(OLD, NEW)
            template.save(update_fields=["body"])


def remove_amounts(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for template in LetterTemplate.objects.filter(code="schadeverhaal", version=1):
        template.body = template.body.replace(NEW, OLD)
        template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_default_templates")]

    operations = [migrations.RunPython(add_amounts, remove_amounts)]
