"""The letter library's default templates (DESIGN §2.3; 001 §8.1 "20 formats").
The coordinator adjusts them in GIR; this migration only adds the ones that are
missing and never overwrites a coordinator's edits."""

from django.db import migrations

OPENING = "Geachte heer/mevrouw {{ naam }},"

INCIDENT = (
    "Op {{ incident_datum }} ging het mis in het contact tussen u en een medewerker van {{ organisatie }}.\n"
    "Waar: {{ incident_plaats }}."
)

CONTACT_WAYS = (
    "Hoe kunt u contact met ons opnemen?\n"
    "In deze periode kan dat op twee manieren:\n"
    "- U stuurt ons een brief.\n"
    "- U laat iemand anders namens u contact opnemen, bijvoorbeeld een zaakwaarnemer. "
    "Die persoon mag ons namens u bellen. Komt die persoon naar ons gebouw, dan moet hij of zij "
    "zich legitimeren en een schriftelijke machtiging van u laten zien."
)

OBJECTION = (
    "Bent u het niet eens met dit besluit?\n"
    "Dan kunt u bezwaar maken. Dat moet binnen 6 weken na de datum van deze brief. "
    "Uw bezwaar moet uiterlijk op {{ bezwaar_termijn }} bij ons binnen zijn.\n"
    "\n"
    "Stuur uw bezwaar in een brief naar:\n"
    "De burgemeester van {{ organisatie }}\n"
    "{{ organisatie_adres }}\n"
    "\n"
    "Zet in uw brief:\n"
    "- uw naam en adres;\n"
    "- de datum;\n"
    "- het kenmerk van deze brief: {{ kenmerk }};\n"
    "- waarom u het niet eens bent met het besluit.\n"
    "\n"
    "Het besluit blijft gelden zolang er nog geen beslissing is over uw bezwaar."
)

QUESTIONS = "Heeft u vragen over deze brief? Stuur ons dan een brief en noem daarin het kenmerk {{ kenmerk }}."


def _body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


DEFAULT_TEMPLATES = [
    {
        "code": "uitnodiging-ordegesprek",
        "title": "Uitnodiging voor een ordegesprek",
        "measure_kind": "conduct_meeting",
        "source": "001 §8.1; §7.4 stap 3",
        "subject": "Uitnodiging voor een gesprek over uw gedrag",
        "body": _body(
            OPENING,
            INCIDENT,
            "Wij accepteren geen agressie, bedreiging of geweld tegen onze medewerkers. "
            "Zij moeten veilig hun werk kunnen doen. Emotie mag, agressie niet.",
            "Daarom willen wij met u praten over wat er is gebeurd. Dit heet een ordegesprek. "
            "In het gesprek hoort u welke maatregel wij nemen. U kunt ook uw kant van het verhaal vertellen.",
            "Wanneer: {{ gesprek_datum }} uur\nWaar: {{ gesprek_plaats }}",
            "Neem deze brief en een geldig identiteitsbewijs mee. Kunt u niet op deze dag of dit tijdstip? "
            "Laat het ons dan zo snel mogelijk weten met een brief. Noem daarin het kenmerk {{ kenmerk }}.",
            "Komt u niet naar het gesprek? Dan sturen wij u de beslissing gewoon per post en aangetekend.",
        ),
    },
    {
        "code": "mondelinge-waarschuwing-bevestiging",
        "title": "Bevestiging van een mondelinge waarschuwing",
        "measure_kind": "verbal_warning",
        "source": "001 §8.1; §6.4",
        "subject": "Bevestiging van de mondelinge waarschuwing",
        "body": _body(
            OPENING,
            INCIDENT,
            "Daarom hebben wij u mondeling gewaarschuwd. Met deze brief bevestigen wij die waarschuwing.",
            "Waarom kreeg u de waarschuwing?\n{{ gronden }}",
            "Wij accepteren geen agressie, bedreiging of geweld tegen onze medewerkers. "
            "Zij moeten veilig hun werk kunnen doen. Emotie mag, agressie niet.",
            "Gebeurt het opnieuw? Dan nemen wij een zwaardere maatregel. U kunt dan bijvoorbeeld een "
            "schriftelijke waarschuwing krijgen, of een verbod om in onze gebouwen te komen. "
            "Bij strafbaar gedrag doen wij aangifte bij de politie.",
            QUESTIONS,
        ),
    },
    {
        "code": "schriftelijke-waarschuwing",
        "title": "Schriftelijke waarschuwing (gele kaart)",
        "measure_kind": "written_warning",
        "source": "001 §8.1; §6.4",
        "subject": "Schriftelijke waarschuwing",
        "body": _body(
            OPENING,
            INCIDENT,
            "Met deze brief krijgt u een schriftelijke waarschuwing. U kunt het zien als een gele kaart.",
            "Waarom krijgt u deze waarschuwing?\n{{ gronden }}",
            "Wij accepteren geen agressie, bedreiging of geweld tegen onze medewerkers. "
            "Zij moeten veilig hun werk kunnen doen. Emotie mag, agressie niet.",
            "De waarschuwing geldt van {{ ingangsdatum }} tot en met {{ einddatum }}. Gebeurt het in die tijd "
            "opnieuw? Dan kunt u een toegangsverbod krijgen. U mag dan een tijd niet in onze gebouwen komen. "
            "Bij strafbaar gedrag doen wij aangifte bij de politie.",
            "Wij gaan ervan uit dat u zich voortaan aan de regels houdt. Dan kunnen wij u gewoon blijven helpen.",
            QUESTIONS,
        ),
    },
    {
        "code": "toegangsverbod",
        "title": "Toegangsverbod",
        "measure_kind": "building_ban",
        "source": "001 §8.1, §8.3, §8.4",
        "subject": "Toegangsverbod voor de gebouwen van {{ organisatie }}",
        "body": _body(
            OPENING,
            INCIDENT,
            "Wij accepteren geen agressie, bedreiging of geweld tegen onze medewerkers. "
            "Zij moeten veilig hun werk kunnen doen.",
            "Daarom heeft de burgemeester besloten dat u niet in de gebouwen van {{ organisatie }} mag komen. "
            "Dit toegangsverbod geldt van {{ ingangsdatum }} tot en met {{ einddatum }}.",
            "Waarom krijgt u dit toegangsverbod?\n{{ gronden }}",
            "Wat betekent het toegangsverbod?\n"
            "U mag in deze periode niet in onze gebouwen komen. Ook niet even, voor een gesprek, "
            "een kop koffie of het toilet. Komt u toch binnen? Dan is dat een strafbaar feit. Wij vragen u dan "
            "om direct weg te gaan. Gaat u niet weg, dan bellen wij de politie en doen wij aangifte.",
            CONTACT_WAYS,
            "Moet u toch in ons gebouw zijn voor iets wat niet op een andere manier kan? "
            "Dan krijgt u van ons vooraf een brief met toestemming voor die ene afspraak.",
            OBJECTION,
        ),
    },
    {
        "code": "geen-telefonisch-contact",
        "title": "Geen telefonisch contact",
        "measure_kind": "no_phone_contact",
        "source": "001 §8.5",
        "subject": "U mag onze medewerkers niet meer bellen",
        "body": _body(
            OPENING,
            INCIDENT,
            "Wij accepteren geen agressie, bedreiging of geweld tegen onze medewerkers, "
            "ook niet aan de telefoon.",
            "Daarom heeft de burgemeester besloten dat u onze medewerkers niet meer mag bellen. "
            "Dit geldt van {{ ingangsdatum }} tot en met {{ einddatum }}. Belt u toch? "
            "Dan beëindigt de medewerker het gesprek meteen.",
            "Waarom neemt de burgemeester dit besluit?\n{{ gronden }}",
            CONTACT_WAYS,
            OBJECTION,
        ),
    },
    {
        "code": "alleen-schriftelijk-contact",
        "title": "Contact alleen per brief of via een vertegenwoordiger",
        "measure_kind": "letter_only",
        "source": "001 §8.4",
        "subject": "Contact met ons alleen nog per brief of via een vertegenwoordiger",
        "body": _body(
            OPENING,
            INCIDENT,
            "Wij accepteren geen agressie, bedreiging of geweld tegen onze medewerkers. "
            "Zij moeten veilig hun werk kunnen doen.",
            "Daarom heeft de burgemeester besloten dat u van {{ ingangsdatum }} tot en met {{ einddatum }} "
            "alleen nog per brief of via een vertegenwoordiger contact met ons mag hebben. U mag in deze "
            "periode niet aan de balie komen en onze medewerkers niet bellen.",
            "Waarom neemt de burgemeester dit besluit?\n{{ gronden }}",
            CONTACT_WAYS,
            OBJECTION,
        ),
    },
    {
        "code": "beperking-dienstverlening",
        "title": "Beperking van de dienstverlening",
        "measure_kind": "restriction",
        "source": "001 §6.4",
        "subject": "Beperking van onze dienstverlening aan u",
        "body": _body(
            OPENING,
            INCIDENT,
            "Wij accepteren geen agressie, bedreiging of geweld tegen onze medewerkers. "
            "Zij moeten veilig hun werk kunnen doen.",
            "Daarom heeft de burgemeester besloten onze dienstverlening aan u te beperken. "
            "Dit geldt van {{ ingangsdatum }} tot en met {{ einddatum }}.",
            "Wat houdt de beperking in, en waarom?\n{{ gronden }}",
            "Houdt u zich niet aan deze afspraken? Dan kunt u een toegangsverbod krijgen.",
            OBJECTION,
        ),
    },
    {
        "code": "toestemming-bezoek",
        "title": "Toestemming voor een noodzakelijk bezoek",
        "measure_kind": "exception_permit",
        "source": "001 §8.2",
        "subject": "Toestemming voor één afspraak in ons gebouw",
        "body": _body(
            OPENING,
            "U heeft een toegangsverbod voor de gebouwen van {{ organisatie }}. U moet toch in ons gebouw "
            "zijn voor iets wat niet op een andere manier kan. Daarom krijgt u toestemming voor die ene "
            "afspraak.",
            "Waarvoor is de afspraak?\n{{ gronden }}",
            "De toestemming geldt alleen voor deze afspraak, van {{ ingangsdatum }} tot en met {{ einddatum }}.",
            "Wat moet u doen?\n"
            "- Meld u bij de receptie en laat deze brief zien.\n"
            "- De medewerker met wie u de afspraak heeft, haalt u op.\n"
            "- U komt alleen voor deze afspraak. Na de afspraak verlaat u direct het gebouw.",
            "Gaat u na de afspraak niet weg? Dan vragen wij u drie keer om het gebouw te verlaten. "
            "Gaat u dan nog niet weg, dan bellen wij de politie. Voor de rest blijft het toegangsverbod "
            "gewoon gelden.",
            QUESTIONS,
        ),
    },
    {
        "code": "einde-maatregel",
        "title": "Einde van een maatregel",
        "measure_kind": "",
        "source": "001 §8.1",
        "subject": "Einde van de maatregel: {{ maatregel }}",
        "body": _body(
            OPENING,
            "Met ingang van {{ ingangsdatum }} gold voor u de maatregel ‘{{ maatregel }}’. "
            "Met deze brief laten wij u weten dat deze maatregel is afgelopen.",
            "Wat in onze brief over die maatregel stond, geldt niet meer. U kunt weer op de gewone manier "
            "contact met ons opnemen.",
            "Wij gaan ervan uit dat het contact met onze medewerkers goed verloopt. Emotie mag, agressie niet. "
            "Gaat het opnieuw mis? Dan kunnen wij opnieuw een maatregel nemen.",
            QUESTIONS,
        ),
    },
    {
        "code": "intrekking-maatregel",
        "title": "Intrekking van een maatregel",
        "measure_kind": "",
        "source": "001 §7.1",
        "subject": "Intrekking van de maatregel: {{ maatregel }}",
        "body": _body(
            OPENING,
            "Wij hebben besloten de maatregel ‘{{ maatregel }}’ in te trekken. Die maatregel geldt vanaf "
            "de datum van deze brief niet meer.",
            "Wat in onze brief over die maatregel stond, hoeft u niet meer te doen. U kunt weer op de gewone "
            "manier contact met ons opnemen.",
            QUESTIONS,
        ),
    },
    {
        "code": "schadeverhaal",
        "title": "Schade verhalen",
        "measure_kind": "damage_recovery",
        "source": "001 §6.4",
        "subject": "Betaling van de schade",
        "body": _body(
            OPENING,
            INCIDENT,
            "Bij dit incident is schade ontstaan. Wat er is gebeurd:\n{{ gronden }}",
            "Wie schade veroorzaakt, moet die betalen. {{ organisatie }} heeft de kosten eerst zelf aan de "
            "medewerker vergoed. Wij vragen u om deze kosten aan ons terug te betalen. In de bijlage bij deze "
            "brief staat welke kosten het zijn, hoeveel u moet betalen en hoe u dat doet.",
            "Betaalt u niet? Dan kunnen wij naar de rechter gaan. Loopt er een strafzaak tegen u? "
            "Dan kunnen wij ook vragen om de schade daarin mee te nemen.",
            QUESTIONS,
        ),
    },
]


def add_templates(apps, schema_editor):
    """Add each shipped template that is missing; an existing one (perhaps edited
    by the coordinator) is left as it is."""
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for position, template in enumerate(DEFAULT_TEMPLATES, start=1):
        LetterTemplate.objects.get_or_create(
            code=template["code"], defaults={**template, "position": position * 10}
        )


def remove_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.filter(
        code__in=[t["code"] for t in DEFAULT_TEMPLATES], letters__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(add_templates, remove_templates)]
