"""The letter before a measure is decided (issue 19 item 6): what happened, which
measure is intended, and until when the person can answer in writing. Added when
missing; a coordinator's edits are never overwritten."""

from django.db import migrations

INTENT_TEMPLATE = {
    "code": "voornemen-maatregel",
    "title": "Voornemen maatregel / uitnodiging zienswijze",
    "measure_kind": "",
    "source": "001 §8.1; 002 #9 (hoor en wederhoor)",
    "subject": "Wij zijn van plan een maatregel te nemen: u kunt reageren",
    "body": "\n\n".join(
        (
            "Geachte heer/mevrouw {{ naam }},",
            "Er is een melding gedaan over uw gedrag in het contact met {{ organisatie }}. "
            "Dit is er volgens de melding gebeurd:\n{{ samenvatting }}",
            "Wat zijn wij van plan?\n"
            "Wij zijn van plan u deze maatregel te geven: {{ maatregel }}. "
            "Wij hebben nog niets besloten. Eerst willen wij uw kant van het verhaal horen.",
            "Hoe kunt u reageren?\n"
            "Schrijf ons een brief of e-mail. Vertel daarin wat er volgens u is gebeurd en wat u van "
            "de maatregel vindt. Uw reactie moet uiterlijk op {{ reactie_termijn }} bij ons binnen zijn. "
            "Noem in uw reactie het kenmerk {{ kenmerk }}.\n"
            "\n"
            "Stuur uw reactie naar:\n"
            "{{ organisatie }}\n"
            "{{ organisatie_adres }}",
            "Wat gebeurt er daarna?\n"
            "Wij lezen uw reactie en nemen die mee in ons besluit. Reageert u niet op tijd, dan "
            "besluiten wij zonder uw reactie. U krijgt het besluit altijd schriftelijk. "
            "Tegen een besluit kunt u bezwaar maken; hoe dat gaat, staat dan in de brief.",
            "Heeft u vragen over deze brief? Stuur ons dan een brief en noem daarin het kenmerk {{ kenmerk }}.",
        )
    ),
}


def add_template(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.get_or_create(
        code=INTENT_TEMPLATE["code"], defaults={**INTENT_TEMPLATE, "position": 5}
    )


def remove_template(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.filter(code=INTENT_TEMPLATE["code"], letters__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_damage_claim_amounts")]

    operations = [migrations.RunPython(add_template, remove_template)]
