"""The privacy notice in every letter (AVG art. 13-14; issue 19 item 5): a text the
coordinator edits in one place (LetterText "privacyverklaring"), carried by each template
through its merge field {{ privacyverklaring }}. This migration adds the text when it is
missing and appends the merge field to every template that does not carry it yet; a
coordinator's edits stay as they are."""

from django.db import migrations

CODE = "privacyverklaring"
FIELD = "{{ privacyverklaring }}"
PARAGRAPH = "\n\n" + FIELD

NOTICE = (
    "Wat doen wij met uw gegevens?\n"
    "{{ organisatie }} heeft uw naam, uw adres en de feiten van het incident vastgelegd in het "
    "register van agressie en geweld. Dat doen wij om onze medewerkers te beschermen en om "
    "maatregelen te nemen en te controleren. Wij bewaren uw gegevens tot {{ bewaartermijn }} na het "
    "einde van de laatste maatregel. Daarna verwijderen wij ze.\n"
    "U mag uw gegevens inzien. U mag ook vragen om ze te verbeteren, te verwijderen of minder te "
    "gebruiken, en u mag bezwaar maken tegen het gebruik. Stuur daarvoor een brief naar de "
    "functionaris gegevensbescherming:\n"
    "{{ fg_adres }}"
)


def add_privacy_notice(apps, schema_editor):
    LetterText = apps.get_model("letters", "LetterText")
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterText.objects.get_or_create(code=CODE, defaults={"title": "Privacyverklaring", "text": NOTICE})
    for template in LetterTemplate.objects.exclude(body__contains=FIELD):
        template.body = template.body.rstrip() + PARAGRAPH
        template.save(update_fields=["body"])


def remove_privacy_notice(apps, schema_editor):
    LetterText = apps.get_model("letters", "LetterText")
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for template in LetterTemplate.objects.filter(body__endswith=PARAGRAPH):
        template.body = template.body.removesuffix(PARAGRAPH)
        template.save(update_fields=["body"])
    LetterText.objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0005_letter_text")]

    operations = [migrations.RunPython(add_privacy_notice, remove_privacy_notice)]
