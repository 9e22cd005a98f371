"""The retention schedule's defaults (issue 19 item 4, ADR 0023): one rule per kind of
record, with its period and legal ground. The coordinator or the privacy officer adjusts
the periods afterwards; running this again changes nothing that exists."""

from django.db import migrations

YEAR = 365

# key, days, counted from, ground
DEFAULT_RULES = [
    (
        "incidents",
        10 * YEAR + 3,
        "het afsluiten van de melding",
        "001 §7.4 stap 6: het registratieformulier wordt bewaard om bij later optredende schade, "
        "zoals PTSS, het voorval gedocumenteerd te hebben; Archiefwet 1995 en de Selectielijst "
        "gemeenten (dossiers over arbeidsomstandigheden en incidenten); AVG art. 5 lid 1 onder e. "
        "Daarna geanonimiseerd: beschrijving, aanleiding, getuigen, namen en de beschrijving van de "
        "veroorzaker gaan weg; de getelde feiten en de koppeling met de medewerker blijven.",
    ),
    (
        "evidence",
        5 * YEAR + 1,
        "het afsluiten van de melding",
        "Een vordering tot schadevergoeding verjaart vijf jaar na het bekend worden van schade en "
        "dader (BW art. 3:310); AVG art. 10 (strafrechtelijke gegevens) en art. 5 lid 1 onder e. "
        "Nooit zolang er een bewaarplicht, een lopende aangifte of een lopend schadeverhaal is.",
    ),
    (
        "police_files",
        5 * YEAR + 1,
        "het afsluiten van de melding",
        "De kopie van de aangifte en de toelichting bevatten strafrechtelijke gegevens (AVG art. 10); "
        "nodig voor schadeverhaal (BW art. 3:310). Soort, stand van de zaak en data blijven. Nooit "
        "zolang de zaak loopt of er een bewaarplicht is.",
    ),
    (
        "damage",
        7 * YEAR + 2,
        "het afsluiten van de melding",
        "Fiscale bewaarplicht van de administratie, zoals voorgeschoten bedragen (AWR art. 52: "
        "zeven jaar); AVG art. 5 lid 1 onder e. Daarna gaan de omschrijvingen weg; bedragen blijven.",
    ),
    (
        "aftercare_notes",
        2 * YEAR,
        "het laatste nazorggesprek over de melding",
        "Gegevens over de gezondheid (AVG art. 9) alleen zolang de opvang ze nodig heeft "
        "(AVG art. 5 lid 1 onder e; Arbowet art. 3: zorg voor opvang, 001 §10). Wat de "
        "kwartaalrapportage telt blijft.",
    ),
    (
        "evaluations",
        5 * YEAR + 1,
        "het afronden van de evaluatie",
        "Lessen uit incidenten voor de RI&E en het plan van aanpak (Arbowet art. 5, 004 §6); "
        "AVG art. 5 lid 1 onder e. Oorzaken, factoren en verbeteracties blijven.",
    ),
    (
        "self_assessments",
        3 * YEAR + 1,
        "het inleveren (een concept: de laatste wijziging)",
        "Persoonlijke ontwikkeling (004); alleen de laatste zelfscan telt; AVG art. 5 lid 1 onder e.",
    ),
    (
        "exports",
        30,
        "het aanvragen van de export",
        "Een kopie van dossiergegevens voor één doel (AVG art. 5 lid 1 onder c en e).",
    ),
    (
        "import_files",
        90,
        "het uploaden van het bestand",
        "Het bestand uit de oude registratie is na de import niet meer nodig (AVG art. 5 lid 1 "
        "onder e); de geïmporteerde meldingen hebben hun eigen termijn.",
    ),
    (
        "perpetrators",
        2 * YEAR,
        "het einde van de laatste maatregel en het afsluiten van alle meldingen",
        "Strafrechtelijke gegevens over burgers (AVG art. 10, art. 5 lid 1 onder e; ADR 0004). "
        "De termijn staat in GIR_PERPETRATOR_RETENTION_DAYS; de nachtelijke taak van het "
        "register verwijdert de persoonsgegevens.",
    ),
    (
        "audit_log",
        7 * YEAR + 2,
        "het vastleggen van de regel",
        "Verantwoording over wie wat las en wijzigde (AVG art. 5 lid 2 en art. 32; BIO 12.4). "
        "De termijn staat in GIR_AUDIT_RETENTION_DAYS; de nachtelijke opschoning van het auditlog "
        "verwijdert de oudste regels (ADR 0012).",
    ),
    (
        "task_queue",
        30,
        "het afronden van de taak",
        "Afgeronde taken (waaronder verzonden e-mails) zijn na verzending niet meer nodig "
        "(AVG art. 5 lid 1 onder e).",
    ),
    (
        "outbox_files",
        30,
        "het schrijven van het bestand",
        "Alleen in de ontwikkelomgeving: e-mails als bestand in var/outbox (AVG art. 5 lid 1 onder e).",
    ),
]


def add_rules(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for key, days, counted_from, ground in DEFAULT_RULES:
        RetentionRule.objects.get_or_create(
            key=key, defaults={"days": days, "counted_from": counted_from, "ground": ground}
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_retention_schedule")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
