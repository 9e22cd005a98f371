"""The protocol's default rules (DESIGN §2.2), each citing its source in the seeds.
The coordinator adjusts them afterwards in GIR; this migration only ships them."""

from django.db import migrations

PHYSICAL_OR_THREAT = {"field": "behaviour", "op": "in", "values": ["physical", "threat"]}
HOME_VISIT = ["home_visit"]

DEFAULT_RULES = [
    {
        "code": "manager-conversation",
        "title": "Opvanggesprek van de leidinggevende met de medewerker",
        "kind": "manager_conversation",
        "explanation": "Direct na het incident voert de leidinggevende een opvanggesprek met de medewerker. "
        "De coördinator bewaakt dat het gesprek plaatsvindt.",
        "source": "001 §7.4 stap 5; §10.1",
        "owner": "handler",
        "deadline_amount": 24,
        "deadline_unit": "hours",
    },
    {
        "code": "aftercare-first",
        "title": "Eerste nazorggesprek (BOT) aanbieden",
        "kind": "aftercare",
        "explanation": "Het eerste gesprek binnen 72 uur, bij voorkeur binnen 24 uur: stoom afblazen, de feiten, "
        "voorlichting over stressreacties. Nazorg is vrijwillig; een afgeslagen aanbod telt als afgehandeld.",
        "source": "001 §7.7, §10",
        "owner": "aftercare",
        "deadline_amount": 72,
        "deadline_unit": "hours",
        "aim_amount": 24,
    },
    {
        "code": "aftercare-second",
        "title": "Tweede nazorggesprek (BOT)",
        "kind": "aftercare",
        "explanation": "Na 5 dagen: de emotionele kant en hoe de medewerker het verwerkt.",
        "source": "001 §7.7, §10.2",
        "owner": "aftercare",
        "deadline_amount": 5,
        "deadline_unit": "days",
    },
    {
        "code": "aftercare-third",
        "title": "Derde nazorggesprek (BOT)",
        "kind": "aftercare",
        "explanation": "Na 6 weken: terugkijken en nagaan of de medewerker het goed heeft verwerkt.",
        "source": "001 §7.7, §10.2",
        "owner": "aftercare",
        "deadline_amount": 6,
        "deadline_unit": "weeks",
    },
    {
        "code": "medical",
        "title": "Bezoek aan arts of eerste hulp bij letsel",
        "kind": "medical",
        "explanation": "Bij letsel altijd naar een arts of de eerste hulp om het letsel vast te laten stellen.",
        "source": "001 §3.1, §5.4",
        "owner": "handler",
        "conditions": [
            {"field": "injury", "op": "in", "values": ["first_aid", "doctor", "hospital", "lasting"]}
        ],
        "deadline_amount": 24,
        "deadline_unit": "hours",
    },
    {
        "code": "measure-decision",
        "title": "Besluit over een maatregel tegen de veroorzaker",
        "kind": "measure_decision",
        "explanation": "Er volgt altijd een reactie: leg vast welke maatregel volgt, of waarom er geen volgt.",
        "source": "001 §7.4 stap 2, §9",
        "owner": "handler",
        "deadline_amount": 3,
        "deadline_unit": "days",
    },
    {
        "code": "police-report",
        "title": "Aangifte bij de politie",
        "kind": "police_report",
        "explanation": "Bij lichamelijk geweld en bedreiging wordt altijd aangifte gedaan, tenzij de omstandigheden "
        "anders vragen: leg dan de reden vast. Op het adres van de gemeente, met de meldcode VPT.",
        "source": "001 §7.4 stap 4, §9.3",
        "owner": "handler",
        "conditions": [PHYSICAL_OR_THREAT, {"field": "setting", "op": "not_in", "values": HOME_VISIT}],
        "deadline_amount": 3,
        "deadline_unit": "days",
    },
    {
        "code": "police-report-home-visit",
        "title": "Aangifte bij de politie (huisbezoek: binnen 24 uur)",
        "kind": "police_report",
        "explanation": "Na een onveilig huisbezoek doet de werkgever altijd binnen 24 uur melding of aangifte, "
        "onder vermelding van het adres van de gemeente.",
        "source": "001 §5.4, §9.3",
        "owner": "handler",
        "conditions": [PHYSICAL_OR_THREAT, {"field": "setting", "op": "in", "values": HOME_VISIT}],
        "deadline_amount": 24,
        "deadline_unit": "hours",
    },
    {
        "code": "measure-letter",
        "title": "Brief over de waarschuwing of het toegangsverbod",
        "kind": "measure_letter",
        "explanation": "De brief wordt binnen 48 uur opgemaakt en ondertekend door de burgemeester of, "
        "via mandaat, de manager.",
        "source": "001 §8.1",
        "owner": "handler",
        "anchor": "step",
        "after_kind": "measure_decision",
        "after_outcomes": ["written_warning", "building_ban"],
        "deadline_amount": 48,
        "deadline_unit": "hours",
    },
    {
        "code": "police-report-copy",
        "title": "Kopie van de aangifte naar de coördinator",
        "kind": "police_report_copy",
        "explanation": "Een kopie van de aangifte wordt bij de coördinator agressie en geweld ingeleverd.",
        "source": "001 §7.4 stap 4, §9.3",
        "owner": "handler",
        "anchor": "step",
        "after_kind": "police_report",
        "after_outcomes": ["aangifte"],
        "deadline_amount": 5,
        "deadline_unit": "days",
    },
    {
        "code": "legal",
        "title": "Juridische Zaken inschakelen voor de schade",
        "kind": "legal",
        "explanation": "Bij schade aan de organisatie schakelt de manager Juridische Zaken in; de schade wordt "
        "verhaald op de veroorzaker.",
        "source": "003 (afdelingsmanager); 001 §6.4",
        "owner": "handler",
        "conditions": [{"field": "material_damage", "op": "in", "values": ["yes"]}],
        "deadline_amount": 5,
        "deadline_unit": "days",
    },
    {
        "code": "labour-inspectorate",
        "title": "Melding bij de Nederlandse Arbeidsinspectie",
        "kind": "labour_inspectorate",
        "explanation": "Bij ernstig letsel, ziekenhuisopname, blijvende schade of overlijden waarschuwt de "
        "werkgever binnen 24 uur de Arbeidsinspectie.",
        "source": "001 §6.4",
        "owner": "handler",
        "conditions": [{"field": "injury", "op": "in", "values": ["hospital", "lasting", "fatal"]}],
        "deadline_amount": 24,
        "deadline_unit": "hours",
    },
    {
        "code": "evaluation",
        "title": "Gestructureerde incidentevaluatie",
        "kind": "evaluation",
        "explanation": "Bij een ernstig incident: beschrijf het incident, bepaal de directe en indirecte oorzaken, "
        "classificeer ze en bepaal per oorzaak of er actie volgt. Zonder schuldvraag.",
        "source": "004 §6; 003 (afdelingsmanager)",
        "owner": "handler",
        "match": "any",
        "conditions": [
            {"field": "behaviour", "op": "in", "values": ["physical", "sexual"]},
            {"field": "injury", "op": "in", "values": ["doctor", "hospital", "lasting", "fatal"]},
        ],
        "deadline_amount": 6,
        "deadline_unit": "weeks",
    },
]


def add_rules(apps, schema_editor):
    ProtocolRule = apps.get_model("protocol", "ProtocolRule")
    for position, rule in enumerate(DEFAULT_RULES, start=1):
        ProtocolRule.objects.update_or_create(
            code=rule["code"], defaults={**rule, "position": position * 10}
        )


def remove_rules(apps, schema_editor):
    ProtocolRule = apps.get_model("protocol", "ProtocolRule")
    ProtocolRule.objects.filter(code__in=[r["code"] for r in DEFAULT_RULES], steps__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("protocol", "0001_initial")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
