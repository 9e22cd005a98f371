"""Write the example registration (docs/examples/registratie-voorbeeld.xlsx and .csv):
about thirty incidents as a municipality keeps them in a spreadsheet today, in the demo
organisation's teams, so the example imports into the demo (issue 7 item 4)."""

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

import openpyxl
from openpyxl.styles import Font

HEADERS = (
    "Datum",
    "Tijd",
    "Afdeling",
    "Plaats/Situatie",
    "Wat gebeurde er",
    "Soort gedrag",
    "Ernst (A-E)",
    "Letsel",
    "Dader bekend",
    "Volgnummer",
    "Status",
)

# Datum, tijd, afdeling, situatie, omschrijving, gedrag, ernst, letsel, dader bekend, status
ROWS: tuple[tuple[str, str, str, str, str, str, str, str, str, str], ...] = (
    (
        "2025-01-08",
        "09:15",
        "Publiekszaken",
        "Balie",
        "Klant wilde direct een paspoort en schold de medewerker uit toen dat niet kon.",
        "Schelden",
        "C",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-01-21",
        "14:40",
        "Klant Contact Centrum",
        "Telefoon",
        "Beller dreigde langs te komen als zijn aanvraag niet vandaag werd behandeld.",
        "Bedreiging",
        "D",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-02-03",
        "11:05",
        "Werk en Inkomen",
        "Spreekkamer",
        "Cliënt sloeg met de vuist op tafel en gooide een stoel om na het besluit over de uitkering.",
        "Bedreiging; vernieling",
        "D",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-02-17",
        "10:30",
        "Handhaving BOA",
        "Openbare ruimte",
        "Bij een controle op hondenpoep werd de boa geduwd en uitgescholden.",
        "Fysiek, schelden",
        "D",
        "Eerste hulp",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2025-03-04",
        "",
        "Belastingen",
        "E-mail",
        "Boze e-mail over de aanslag met beledigingen aan het adres van de medewerker.",
        "Schelden",
        "C",
        "",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-03-19",
        "15:55",
        "Vergunningen",
        "Balie",
        "Aanvrager werd luid en verwijt de gemeente tegenwerking; kalmeerde na gesprek.",
        "Verbaal",
        "B",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-04-02",
        "13:10",
        "Sociaal Domein Wijkteam Noord",
        "Huisbezoek",
        "Tijdens huisbezoek werd de medewerker de deur gewezen met de dreiging haar iets aan te doen.",
        "Bedreiging",
        "D",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-04-23",
        "08:50",
        "Publiekszaken",
        "Balie",
        "Klant spuugde naar de medewerker achter de balie.",
        "Fysiek",
        "D",
        "Geen",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2025-05-12",
        "16:20",
        "Schuldhulpverlening",
        "Telefoon",
        "Cliënt zei huilend dat hij zichzelf iets zou aandoen als de schuldregeling stopt.",
        "Bedreiging",
        "E",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-05-27",
        "",
        "Beheer Openbare Ruimte",
        "Openbare ruimte",
        "Bewoner schold de medewerkers van de groenploeg uit en trapte tegen de bus.",
        "Schelden / vernieling",
        "C",
        "Geen",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2025-06-10",
        "19:45",
        "Griffie",
        "Raadsvergadering",
        "Bezoeker op de publieke tribune riep bedreigingen naar een raadslid.",
        "Bedreiging",
        "D",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-06-30",
        "10:00",
        "Leerplicht",
        "Huisbezoek",
        "Ouder werd agressief bij het gesprek over schoolverzuim en sloeg de deur hard dicht.",
        "Bedreiging of intimidatie",
        "C",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-07-15",
        "12:35",
        "Klant Contact Centrum",
        "Telefoon",
        "Beller maakte discriminerende opmerkingen over de medewerker.",
        "Discriminatie",
        "C",
        "Geen",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2025-08-05",
        "14:15",
        "Sportbedrijf",
        "Openbare ruimte",
        "Ouders langs het veld bedreigden een medewerker die een wedstrijd stillegde.",
        "Bedreiging",
        "D",
        "Geen",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2025-08-26",
        "09:30",
        "Werk en Inkomen",
        "Balie",
        "Cliënt eiste geld mee te krijgen en bleef roepen in de hal.",
        "Verbaal",
        "B",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-09-09",
        "",
        "Belastingen",
        "Brief",
        "Brief met scheldwoorden en een dreigende tekening.",
        "Schelden; bedreiging",
        "D",
        "",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-09-24",
        "11:50",
        "Publiekszaken",
        "Balie",
        "Klant duwde de medewerker opzij bij de uitgifte van rijbewijzen.",
        "Fysiek",
        "D",
        "Huisarts",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-10-14",
        "15:05",
        "Handhaving BOA",
        "Openbare ruimte",
        "Boa werd bij het uitschrijven van een boete gefilmd en online uitgescholden.",
        "Schelden",
        "C",
        "Geen",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2025-11-04",
        "10:25",
        "Sociaal Domein Wijkteam Zuid",
        "Spreekkamer",
        "Cliënt volgde de medewerker na het gesprek tot aan de parkeerplaats.",
        "Stalking",
        "D",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-11-25",
        "13:40",
        "Vergunningen",
        "E-mail",
        "Aanvrager stuurde een reeks e-mails met beledigingen na afwijzing van zijn vergunning.",
        "Schelden",
        "C",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2025-12-16",
        "16:00",
        "Schuldhulpverlening",
        "Spreekkamer",
        "Cliënt maakte seksueel getinte opmerkingen en bleef dat doen na een waarschuwing.",
        "Seksuele intimidatie",
        "C",
        "Geen",
        "Ja",
        "Afgehandeld",
    ),
    (
        "2026-01-13",
        "09:05",
        "Publiekszaken",
        "Balie",
        "Klant werd boos over de wachttijd en sloeg op de balie.",
        "Verbaal",
        "B",
        "Geen",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2026-02-10",
        "14:30",
        "Klant Contact Centrum",
        "Telefoon",
        "Beller zei te weten waar de medewerker woont.",
        "Bedreiging",
        "D",
        "Geen",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2026-03-17",
        "",
        "Beheer Openbare Ruimte",
        "Openbare ruimte",
        "Veegwagen met stenen bekogeld; ruit van de cabine gebarsten.",
        "Vernieling",
        "D",
        "Geen",
        "Nee",
        "Afgehandeld",
    ),
    (
        "2026-04-21",
        "11:15",
        "Werk en Inkomen",
        "Spreekkamer",
        "Cliënt schreeuwde en dreigde met een advocaat en met ‘jullie krijgen wat jullie verdienen’.",
        "Bedreiging",
        "C",
        "Geen",
        "Ja",
        "",
    ),
    (
        "2026-06-02",
        "10:40",
        "Leerplicht",
        "Telefoon",
        "Ouder schold de leerplichtambtenaar uit en hing op.",
        "Schelden",
        "C",
        "Geen",
        "Ja",
        "",
    ),
    (
        "2026-08-18",
        "15:25",
        "Handhaving BOA",
        "Openbare ruimte",
        "Boa kreeg een klap tegen de arm bij het aanspreken van een groep jongeren.",
        "Fysiek",
        "D",
        "Eerste hulp",
        "Nee",
        "Open",
    ),
    (
        "2026-09-29",
        "09:55",
        "Publiekszaken",
        "Balie",
        "Klant bleef schelden na de mededeling dat de afspraak verlopen was.",
        "Schelden",
        "C",
        "Geen",
        "Ja",
        "Open",
    ),
    (
        "2026-10-13",
        "13:20",
        "Sociaal Domein Wijkteam Noord",
        "Huisbezoek",
        "Huisgenoot van de cliënt dreigde met de hond als de medewerker niet wegging.",
        "Bedreiging",
        "D",
        "Geen",
        "Ja",
        "Open",
    ),
    (
        "2026-10-27",
        "",
        "Belastingen",
        "Sociale media",
        "Bericht op Facebook met naam en foto van de medewerker en een oproep om haar ‘op te zoeken’.",
        "Bedreiging",
        "D",
        "Geen",
        "Nee",
        "Open",
    ),
)
FIRST_NUMBER = 2025001
EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"


def example_rows() -> list[list[Any]]:
    """The rows as typed values: a real date, the time as text, the number as a number."""
    rows = []
    for number, (day, time, unit, setting, what, kinds, level, injury, known, status) in enumerate(
        ROWS, start=FIRST_NUMBER
    ):
        rows.append(
            [
                dt.date.fromisoformat(day),
                time,
                unit,
                setting,
                what,
                kinds,
                level,
                injury,
                known,
                number,
                status,
            ]
        )
    return rows


def example_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Incidenten"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in example_rows():
        sheet.append(row)
    for cell in sheet["A"][1:]:
        cell.number_format = "DD-MM-YYYY"
    for column, width in zip("ABCDEFGHIJK", (12, 7, 28, 18, 70, 24, 12, 12, 12, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def example_csv() -> bytes:
    """As Excel writes "CSV UTF-8" in Dutch: a BOM, semicolons, dd-mm-jjjj."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in example_rows():
        writer.writerow([row[0].strftime("%d-%m-%Y"), *row[1:]])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


class Command(BaseCommand):
    help = "Schrijf het voorbeeldbestand voor de import (docs/examples/registratie-voorbeeld.xlsx en .csv)."

    def handle(self, *args: Any, **options: Any) -> None:
        EXAMPLES.mkdir(parents=True, exist_ok=True)
        (EXAMPLES / "registratie-voorbeeld.xlsx").write_bytes(example_xlsx())
        (EXAMPLES / "registratie-voorbeeld.csv").write_bytes(example_csv())
        self.stdout.write(f"{len(ROWS)} rijen geschreven naar {EXAMPLES}")
