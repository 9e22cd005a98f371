"""Demo data and bulk incidents: the one generator behind `load_demo` and `generate_incidents`.

Everything is drawn from one `random.Random(seed)`, so a seed and the same database
give the same organisation, people and incidents. Incidents are written with
`bulk_create` and without the incident services on purpose: demo and load-test data
is not a user's action, so it sends no mail. The demo then gives each report its
handler and follow-up plan through the protocol services, with the clock set back, so
its history reads as if the steps were worked off over the months (see PlanWorker).

The number of random draws per incident never depends on the clock, so two runs with
the same seed produce the same descriptions even when they start at different times.
The plans draw from a stream of their own: how far a plan got does depend on the clock.
"""

import datetime as dt
import random
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import islice
from typing import Any
from unittest import mock

from django.db import reset_queries, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from gir.accounts.constants import MembershipRole, Role, UnitKind
from gir.accounts.models import (
    FunctionGroup,
    Location,
    OrganisationUnit,
    TeamMembership,
    User,
    UserRole,
)
from gir.aftercare import demo as aftercare_demo
from gir.aftercare import services as aftercare_services
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.damage import demo as damage_demo
from gir.development import demo as development_demo
from gir.duties import demo as duties_demo
from gir.incidents.constants import (
    DIGITAL_SETTINGS,
    OFFICE_SETTINGS,
    AggressionType,
    BehaviourKind,
    DigitalChannel,
    DigitalClassification,
    EscalationLevel,
    IncidentStatus,
    Injury,
    PerpetratorKnown,
    ReporterRole,
    Setting,
    VictimKind,
)
from gir.incidents.models import Incident, IncidentBehaviour, Victim
from gir.learning import demo as learning_demo
from gir.perpetrators.demo import STORY_INCIDENTS, load_register_demo
from gir.police import demo as police_demo
from gir.protocol import services as protocol
from gir.protocol.constants import StepKind, StepOwner, StepStatus
from gir.protocol.models import Step
from gir.reports import tallies

DEFAULT_SEED = 2026
DEFAULT_INCIDENT_COUNT = 300
DEFAULT_BATCH_SIZE = 5_000
DEMO_ORGANISATION_NAME = "Gemeente Heerlen (demo)"
DEMO_PASSWORD = "demo-GIR-2026"  # noqa: S105 - published on purpose: it opens demo accounts only
DEMO_URL = "http://127.0.0.1:8000"
DEMO_EMAIL_DOMAIN = "heerlen-demo.example"
# Incidents reach back 18 months.
MAX_AGE_DAYS = 548
# On top of the even spread, the demo's last four weeks get these many more reports: in
# the demo manager's teams and elsewhere.
RECENT_MANAGER_INCIDENTS = 6
RECENT_OTHER_INCIDENTS = 8


class DemoDataError(Exception):
    """The database is not in a state the generator can work with."""


# --------------------------------------------------------------------------------------
# Reference data: the organisation, its buildings and the people who log in
# --------------------------------------------------------------------------------------

# Raadhuis, Wijkpost, Sporthal and Gemeentewerf are invented addresses.
LOCATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Stadskantoor", "Geleenstraat 27", "6411 HR", "Heerlen"),
    ("Raadhuis", "Raadhuisplein 1", "6411 HK", "Heerlen"),
    ("Wijkpost Heerlerheide", "Kloosterweg 12", "6412 CN", "Heerlen"),
    ("Sporthal Heerlerbaan", "Kampstraat 60", "6413 BL", "Heerlen"),
    ("Gemeentewerf", "Beersdalweg 90", "6412 PK", "Heerlen"),
)


@dataclass(frozen=True)
class TeamProfile:
    """How a team works: where it sits, its function group and where incidents happen."""

    function_group: str | None
    location: str | None
    size: int  # members besides the manager
    weight: int  # relative share of the incidents
    settings: tuple[tuple[Setting, int], ...]
    subjects: tuple[str, ...]


# directorate → department → teams
ORGANISATION_PLAN: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "Directie Dienstverlening",
        (
            ("Afdeling Publiek en Klantcontact", ("Publiekszaken", "Klant Contact Centrum")),
            ("Afdeling Vergunningen en Belastingen", ("Vergunningen", "Belastingen")),
        ),
    ),
    (
        "Directie Sociaal Domein",
        (
            ("Afdeling Werk en Inkomen", ("Werk en Inkomen", "Schuldhulpverlening")),
            (
                "Afdeling Zorg en Jeugd",
                ("Sociaal Domein Wijkteam Noord", "Sociaal Domein Wijkteam Zuid", "Leerplicht"),
            ),
        ),
    ),
    (
        "Directie Leefomgeving en Bestuur",
        (
            (
                "Afdeling Openbare Ruimte en Veiligheid",
                ("Handhaving BOA", "Beheer Openbare Ruimte", "Sportbedrijf"),
            ),
            ("Afdeling Bestuursondersteuning", ("Griffie",)),
        ),
    ),
)

_S = Setting
TEAM_PROFILES: dict[str, TeamProfile] = {
    "Publiekszaken": TeamProfile(
        "Publiekszaken",
        "Stadskantoor",
        7,
        16,
        ((_S.COUNTER, 12), (_S.PHONE, 3), (_S.EMAIL, 1), (_S.SOCIAL_MEDIA, 1)),
        (
            "een nieuw paspoort",
            "een uittreksel uit de BRP",
            "het verlengen van een rijbewijs",
            "een adreswijziging",
            "een afspraak die niet in het systeem stond",
        ),
    ),
    "Klant Contact Centrum": TeamProfile(
        "Telefonische dienstverlening (KCC)",
        "Stadskantoor",
        6,
        12,
        ((_S.PHONE, 12), (_S.EMAIL, 3), (_S.SOCIAL_MEDIA, 2), (_S.COUNTER, 2)),
        (
            "een niet opgehaalde container",
            "de wachttijd voor een terugbelverzoek",
            "een melding over overlast",
            "een rekening van de gemeente",
        ),
    ),
    "Vergunningen": TeamProfile(
        "Inspectie Bouw, Milieu, Water, Leerplicht",
        "Stadskantoor",
        3,
        5,
        ((_S.PHONE, 3), (_S.EMAIL, 3), (_S.COMPANY_VISIT, 3), (_S.COUNTER, 2), (_S.WRITTEN, 1)),
        (
            "een geweigerde omgevingsvergunning",
            "een bouwstop",
            "een vergunning voor een dakkapel",
            "een terrasvergunning",
        ),
    ),
    "Belastingen": TeamProfile(
        "Telefonische dienstverlening (KCC)",
        "Stadskantoor",
        3,
        5,
        ((_S.PHONE, 6), (_S.WRITTEN, 3), (_S.EMAIL, 3), (_S.COUNTER, 2)),
        (
            "de aanslag gemeentelijke belastingen",
            "een afgewezen kwijtschelding",
            "de WOZ-waarde van een woning",
            "een aanmaning",
        ),
    ),
    "Werk en Inkomen": TeamProfile(
        "Werkpleinen",
        "Stadskantoor",
        6,
        14,
        (
            (_S.COUNTER, 5),
            (_S.MEETING_ROOM, 5),
            (_S.PHONE, 4),
            (_S.HOME_VISIT, 2),
            (_S.EMAIL, 2),
            (_S.GROUP_MEETING, 1),
        ),
        (
            "een bijstandsuitkering",
            "een terugvordering van de uitkering",
            "de verplichting om te solliciteren",
            "een maatregel op de uitkering",
            "een voorschot dat niet werd verstrekt",
        ),
    ),
    "Schuldhulpverlening": TeamProfile(
        "Sociaal domein",
        "Stadskantoor",
        3,
        5,
        ((_S.MEETING_ROOM, 4), (_S.PHONE, 3), (_S.HOME_VISIT, 2), (_S.EMAIL, 1)),
        (
            "een schuldregeling",
            "het budgetbeheer",
            "een afgewezen aanvraag voor schuldhulp",
        ),
    ),
    "Sociaal Domein Wijkteam Noord": TeamProfile(
        "Sociaal domein",
        "Wijkpost Heerlerheide",
        5,
        9,
        ((_S.HOME_VISIT, 6), (_S.MEETING_ROOM, 3), (_S.PHONE, 3), (_S.PUBLIC_SPACE, 1)),
        (
            "een indicatie voor huishoudelijke hulp",
            "een melding over de zorg voor de kinderen",
            "een aanvraag voor een scootmobiel",
            "de zorg voor een verwarde buurtbewoner",
        ),
    ),
    "Sociaal Domein Wijkteam Zuid": TeamProfile(
        "Sociaal domein",
        "Wijkpost Heerlerheide",
        4,
        7,
        ((_S.HOME_VISIT, 6), (_S.MEETING_ROOM, 3), (_S.PHONE, 3), (_S.EMAIL, 1)),
        (
            "een indicatie voor jeugdhulp",
            "een aanvraag voor beschermd wonen",
            "een traplift die niet werd vergoed",
        ),
    ),
    "Leerplicht": TeamProfile(
        "Inspectie Bouw, Milieu, Water, Leerplicht",
        "Stadskantoor",
        2,
        3,
        ((_S.HOME_VISIT, 4), (_S.MEETING_ROOM, 2), (_S.PHONE, 2)),
        ("het schoolverzuim van een kind", "een proces-verbaal voor schoolverzuim"),
    ),
    "Handhaving BOA": TeamProfile(
        "Buitengewoon opsporingsambtenaren (BOA)",
        "Stadskantoor",
        5,
        12,
        ((_S.PUBLIC_SPACE, 12), (_S.COMPANY_VISIT, 2), (_S.SOCIAL_MEDIA, 2), (_S.PHONE, 1)),
        (
            "een parkeerboete",
            "een bekeuring voor fietsen in het voetgangersgebied",
            "een hond zonder lijn",
            "het vuil dat naast de container stond",
            "overlast door een groep jongeren",
        ),
    ),
    "Beheer Openbare Ruimte": TeamProfile(
        "Beheer en onderhoud",
        "Gemeentewerf",
        4,
        6,
        ((_S.PUBLIC_SPACE, 10), (_S.PHONE, 1)),
        (
            "het kappen van een boom",
            "afgesloten straten door werkzaamheden",
            "het verwijderen van een fietswrak",
            "het snoeien van het plantsoen",
        ),
    ),
    "Sportbedrijf": TeamProfile(
        "Beheer sporthal, zwembad, begraafplaats",
        "Sporthal Heerlerbaan",
        3,
        4,
        ((_S.COUNTER, 4), (_S.PUBLIC_SPACE, 3), (_S.GROUP_MEETING, 1)),
        (
            "de huur van de sportzaal",
            "een geweigerde toegang tot het zwembad",
            "de openingstijden van de sporthal",
        ),
    ),
    "Griffie": TeamProfile(
        None,
        "Raadhuis",
        2,
        2,
        ((_S.COUNCIL_MEETING, 4), (_S.EMAIL, 3), (_S.SOCIAL_MEDIA, 2)),
        ("de agenda van de raadsvergadering", "het inspreken bij de commissie"),
    ),
}

DEFAULT_PROFILE = TeamProfile(
    None,
    None,
    3,
    5,
    ((_S.COUNTER, 3), (_S.PHONE, 3), (_S.EMAIL, 2), (_S.MEETING_ROOM, 2), (_S.WRITTEN, 1)),
    ("een aanvraag", "een besluit van de gemeente", "een klacht", "een afspraak"),
)

POLITICAL_SUBJECTS = (
    "het besluit over de opvang van asielzoekers",
    "de sluiting van het zwembad",
    "de nieuwe parkeertarieven",
    "de komst van windturbines",
    "de bezuinigingen op de bibliotheek",
    "de herinrichting van het Pancratiusplein",
)
POLITICAL_SETTINGS: tuple[tuple[Setting, int], ...] = (
    (_S.SOCIAL_MEDIA, 8),
    (_S.EMAIL, 5),
    (_S.COUNCIL_MEETING, 3),
    (_S.PUBLIC_SPACE, 2),
    (_S.WRITTEN, 2),
    (_S.PHONE, 1),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    roles: tuple[Role, ...]

    @property
    def role(self) -> Role:
        return self.roles[0]

    @property
    def label(self) -> str:
        return str(self.role.label)


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("medewerker", "Sanne", "Janssen", (Role.EMPLOYEE,)),
    # A manager is an employee too, as in the test fixtures.
    DemoLogin("teammanager", "Mark", "Smeets", (Role.TEAM_MANAGER, Role.EMPLOYEE)),
    DemoLogin("coordinator", "Esther", "Houben", (Role.COORDINATOR,)),
    DemoLogin("nazorg", "Ruud", "Peeters", (Role.AFTERCARE,)),
    DemoLogin("receptie", "Kim", "Vossen", (Role.RECEPTION,)),
    DemoLogin("juridisch", "Lotte", "van der Meer", (Role.LEGAL,)),
    DemoLogin("directie", "Henk", "Lemmens", (Role.DIRECTOR,)),
    DemoLogin("burgemeester", "Roel", "Wever", (Role.MAYOR,)),
    DemoLogin("griffier", "Marieke", "Dassen", (Role.CLERK,)),
    DemoLogin("beheerder", "Tom", "Claessens", (Role.ADMINISTRATOR,)),
)
DEMO_EMPLOYEE = "medewerker"
DEMO_MANAGER = "teammanager"
DEMO_EMPLOYEE_TEAM = "Publiekszaken"
DEMO_MANAGER_TEAMS = ("Publiekszaken", "Klant Contact Centrum")
DEMO_LOGIN_TEAMS = {"griffier": "Griffie"}

# username, first name, last name, how an incident text names them
POLITICAL_OFFICE_HOLDERS: tuple[tuple[str, str, str, str], ...] = (
    ("wethouder.bemelmans", "Ingrid", "Bemelmans", "de wethouder"),
    ("raadslid.kessels", "Peter", "Kessels", "het raadslid"),
    ("raadslid.yilmaz", "Fatma", "Yilmaz", "het raadslid"),
)
POLITICAL_TITLES = {username: title for username, _, _, title in POLITICAL_OFFICE_HOLDERS}

FEMALE_FIRST_NAMES = (
    "Anouk", "Chantal", "Eline", "Fleur", "Hanneke", "Karin", "Maud", "Olga", "Roos", "Tessa",
    "Vera", "Yara", "Zeynep", "Carla", "Emma", "Gerda", "Iris", "Linda", "Nadia", "Rianne",
)  # fmt: skip
MALE_FIRST_NAMES = (
    "Bram", "Daan", "Gijs", "Ivo", "Joost", "Luuk", "Niels", "Pim", "Quinten", "Stefan",
    "Ugur", "Wim", "Bart", "Dirk", "Frank", "Hans", "Jeroen", "Mohamed", "Patrick", "Sem",
)  # fmt: skip
FIRST_NAMES = FEMALE_FIRST_NAMES + MALE_FIRST_NAMES
LAST_NAMES = (
    "Bemelmans", "Brouwers", "Claassen", "Coenen", "Crombach", "de Bruijn", "de Jong",
    "de Vries", "Frissen", "Goossens", "Hendriks", "Hermans", "Jacobs", "Janssen", "Kessels",
    "Kleinen", "Kuijpers", "Lemmens", "Meijers", "Muijrers", "Notermans", "Op den Kamp",
    "Paulissen", "Pelzer", "Peters", "Ramakers", "Schreurs", "Slangen", "Smeets", "Sprooten",
    "Theunissen", "Thissen", "van den Berg", "van der Heijden", "van Dijk", "Vaessen",
    "Vroemen", "Willems", "Wouters", "Yildiz", "Bakker", "El Amrani", "Ernst", "Gulpen",
)  # fmt: skip

STREETS = (
    "Akerstraat", "Schandelerstraat", "Heerlerbaan", "Kloosterweg", "Geerstraat",
    "Meezenbroekerweg", "Willemstraat", "Saroleastraat", "Honigmannstraat", "Valkenburgerweg",
    "Caumerweg", "Ganzeweide", "Corisbergweg", "Molenberglaan", "Grasbroekerweg",
)  # fmt: skip
# (address as recorded, how the story says where)
PUBLIC_PLACES: tuple[tuple[str, str], ...] = (
    ("Pancratiusplein", "op het Pancratiusplein"),
    ("Promenade", "op de Promenade"),
    ("Bongerd", "op de Bongerd"),
    ("Stationsplein", "op het Stationsplein"),
    ("Emmaplein", "op het Emmaplein"),
    ("Parkeerplaats Maankwartier", "op de parkeerplaats bij het Maankwartier"),
    ("Aambos", "in het Aambos"),
    ("Winkelcentrum Hoensbroek", "bij winkelcentrum Hoensbroek"),
)
# How the story names a building, by its name in the register.
LOCATION_PHRASES = {
    "Stadskantoor": "het Stadskantoor",
    "Raadhuis": "het Raadhuis",
    "Wijkpost Heerlerheide": "de wijkpost in Heerlerheide",
    "Sporthal Heerlerbaan": "sporthal Heerlerbaan",
    "Gemeentewerf": "de gemeentewerf",
}
SOCIAL_CHANNEL_PHRASES: dict[DigitalChannel, str] = {
    DigitalChannel.FACEBOOK: "op Facebook",
    DigitalChannel.X: "op X",
    DigitalChannel.INSTAGRAM: "op Instagram",
    DigitalChannel.TIKTOK: "op TikTok",
    DigitalChannel.MESSAGING: "in een WhatsApp-groep",
    DigitalChannel.FORUM: "op een internetforum",
}


# --------------------------------------------------------------------------------------
# Sentence fragments for the descriptions (Dutch, as a reporter would write them)
# --------------------------------------------------------------------------------------

REMOTE_SETTINGS = frozenset({_S.PHONE, _S.WRITTEN, _S.EMAIL, _S.SOCIAL_MEDIA})

# Who did it, as the text names them.
ACTORS: dict[Setting, str] = {
    _S.COUNTER: "de klant",
    _S.PHONE: "de beller",
    _S.MEETING_ROOM: "de klant",
    _S.WRITTEN: "de afzender",
    _S.EMAIL: "de afzender",
    _S.SOCIAL_MEDIA: "de schrijver van het bericht",
    _S.HOME_VISIT: "de bewoner",
    _S.COMPANY_VISIT: "de eigenaar",
    _S.PUBLIC_SPACE: "de voorbijganger",
    _S.GROUP_MEETING: "een bezoeker",
    _S.COUNCIL_MEETING: "een bezoeker op de publieke tribune",
}

# {place}, {where}, {channel}, {subject}, {target}
OPENERS: dict[Setting, tuple[str, ...]] = {
    _S.COUNTER: (
        "Een klant meldde zich aan de balie van {place} voor {subject}.",
        "Aan de balie in {place} kwam een inwoner langs voor {subject}.",
    ),
    _S.PHONE: (
        "Een inwoner belde over {subject}.",
        "Er kwam een telefoontje binnen over {subject}.",
    ),
    _S.MEETING_ROOM: (
        "In de spreekkamer van {place} had {target} een gesprek met een klant over {subject}.",
        "Tijdens een afspraak in {place} ging het over {subject}.",
    ),
    _S.WRITTEN: (
        "Er kwam een brief binnen over {subject}, gericht aan {target}.",
        "Per post ontving {target} een handgeschreven brief over {subject}.",
    ),
    _S.EMAIL: (
        "Per e-mail ontving {target} een bericht over {subject}.",
        "Er kwam een e-mail binnen over {subject}, persoonlijk gericht aan {target}.",
    ),
    _S.SOCIAL_MEDIA: (
        "{channel} verscheen een bericht over {subject} waarin {target} met naam werd genoemd.",
        "{channel} werd gereageerd op {subject}, met {target} als mikpunt.",
    ),
    _S.HOME_VISIT: (
        "Tijdens een huisbezoek aan de {where} ging het gesprek over {subject}.",
        "Bij een huisbezoek in de {where} kwam {subject} ter sprake.",
    ),
    _S.COMPANY_VISIT: (
        "Tijdens een controle bij een bedrijf aan de {where} ging het over {subject}.",
        "Bij een bedrijfsbezoek aan de {where} sprak {target} de eigenaar aan over {subject}.",
    ),
    _S.PUBLIC_SPACE: (
        "Tijdens het werk {where} werd {target} aangesproken over {subject}.",
        "{where} kwam een voorbijganger op {target} af over {subject}.",
    ),
    _S.GROUP_MEETING: ("Tijdens een informatieavond in {place} over {subject} liep de discussie hoog op.",),
    _S.COUNCIL_MEETING: (
        "Tijdens de raadsvergadering in {place} werd gesproken over {subject}.",
        "Bij de commissievergadering over {subject} in {place} was het druk op de tribune.",
    ),
}

# (subordinate clause for the story, noun phrase for the "waarom" field)
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("bleek dat de aanvraag niet compleet was", "een onvolledige aanvraag"),
    ("duidelijk werd dat het besluit niet werd teruggedraaid", "een besluit van de gemeente"),
    ("er een wachttijd van drie weken bleek te zijn", "een lange wachttijd"),
    ("om een geldig legitimatiebewijs werd gevraagd", "het vragen om legitimatie"),
    ("het verzoek was afgewezen", "een afgewezen verzoek"),
    ("het gesprek werd afgerond", "het beëindigen van het gesprek"),
    ("de afspraak op een andere dag bleek te staan", "een misverstand over de afspraak"),
    ("om aanvullende stukken werd gevraagd", "een verzoek om aanvullende stukken"),
    ("er een boete werd opgelegd", "een opgelegde boete"),
)
# A letter or a post does not follow a request for identification or a conversation ending.
WRITTEN_TRIGGERS = tuple(t for t in TRIGGERS if "legitimatie" not in t[1] and "gesprek" not in t[1])
POLITICAL_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("de raad over het voorstel stemde", "een besluit van de gemeenteraad"),
    ("een uitspraak in de krant verscheen", "een uitspraak in de lokale krant"),
    ("het debat werd geschorst", "een debat in de gemeenteraad"),
    ("een filmpje van de vergadering werd gedeeld", "een gedeeld filmpje van de vergadering"),
)
TRIGGER_LEADS = ("Het werd onrustig toen {clause}.", "De sfeer sloeg om toen {clause}.")
WRITTEN_TRIGGER_LEAD = "Aanleiding was {noun}."

INSULTS = ("nutteloze ambtenaar", "oplichter", "leugenaar", "idioot", "zakkenvuller", "sukkel")

# {actor} {target} {insult}; the first set happens face to face, the second from a distance.
BEHAVIOUR_SENTENCES: dict[BehaviourKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    BehaviourKind.VERBAL: (
        (
            '{actor} begon hard te schelden en noemde {target} "{insult}".',
            '{actor} bleef schreeuwen en maakte {target} uit voor "{insult}".',
            "{actor} werd steeds bozer en beledigde {target} waar anderen bij waren.",
        ),
        (
            '{actor} maakte {target} uit voor "{insult}".',
            '{actor} gebruikte grove scheldwoorden en noemde {target} "{insult}".',
        ),
    ),
    BehaviourKind.THREAT: (
        (
            "{actor} dreigde {target} na werktijd op te wachten.",
            '{actor} zei tegen {target}: "Ik weet waar je woont, pas maar op."',
            "{actor} ging dreigend vlak voor {target} staan en balde de vuisten.",
        ),
        (
            '{actor} dreigde dat {target} "het nog zou merken".',
            '{actor} kondigde aan "met een paar vrienden langs te komen".',
            "{actor} dreigde het privéadres van {target} online te zetten.",
        ),
    ),
    BehaviourKind.PHYSICAL: (
        (
            "{actor} duwde {target} hard opzij.",
            "{actor} greep {target} bij de arm en trok eraan.",
            "{actor} spuugde {target} in het gezicht.",
            "{actor} gaf {target} een klap tegen het hoofd.",
            "{actor} gooide een beker koffie naar {target}.",
        ),
        (),
    ),
    BehaviourKind.STALKING: (
        (
            "{actor} bleek {target} al weken op te wachten bij de personeelsingang.",
            "{actor} wist precies waar {target} die week was geweest.",
        ),
        (
            "{actor} stuurde de afgelopen weken tientallen berichten via steeds nieuwe accounts.",
            "{actor} nam herhaaldelijk contact op via het privénummer van {target}.",
        ),
    ),
    BehaviourKind.DISCRIMINATION: (
        (
            "{actor} maakte kwetsende opmerkingen over de afkomst van {target}.",
            '{actor} weigerde door "zo iemand" geholpen te worden en maakte discriminerende opmerkingen.',
        ),
        ("{actor} maakte racistische opmerkingen over {target}.",),
    ),
    BehaviourKind.SEXUAL: (
        (
            "{actor} maakte seksueel getinte opmerkingen en probeerde {target} aan te raken.",
            "{actor} bleef ongepaste opmerkingen maken over het uiterlijk van {target}.",
        ),
        ("{actor} maakte seksueel getinte opmerkingen over {target}.",),
    ),
    BehaviourKind.VANDALISM: (
        (
            "{actor} sloeg een computerscherm van tafel.",
            "{actor} gooide een stoel door de ruimte, die daarbij brak.",
            "{actor} trapte een deur in, waardoor het glas barstte.",
        ),
        (),
    ),
}
SELF_HARM_SENTENCE = "{actor} dreigde zichzelf iets aan te doen als er niet direct een oplossing kwam."
EMOTION_SENTENCE = "{actor} raakte zichtbaar overstuur, huilde en riep dat alles misging."

CLOSINGS_IN_PERSON = (
    "Een collega kwam erbij en de situatie kalmeerde.",
    "De beveiliging heeft de persoon naar buiten begeleid.",
    "Het gesprek is beëindigd en de medewerker is naar achteren gegaan.",
    "De persoon vertrok uiteindelijk uit zichzelf.",
)
CLOSINGS_OUTSIDE = (
    "Een collega kwam erbij en de situatie kalmeerde.",
    "De medewerker is weggegaan en heeft de leidinggevende gebeld.",
    "De persoon liep uiteindelijk weg.",
)
CLOSINGS_POLITICAL_IN_PERSON = (
    "De bodes hebben de persoon naar buiten begeleid.",
    "De voorzitter schorste de vergadering tot het weer rustig was.",
)
CLOSINGS_POLITICAL_REMOTE = ("Het bericht is bewaard en aan de griffier doorgegeven.",)
CLOSINGS_REMOTE = {
    _S.PHONE: ("Het gesprek is beëindigd.", "De medewerker heeft de verbinding verbroken."),
    _S.WRITTEN: ("De brief is bewaard en aan de leidinggevende gegeven.",),
    _S.EMAIL: ("De e-mail is bewaard en doorgestuurd naar de leidinggevende.",),
    _S.SOCIAL_MEDIA: ("Er zijn schermafdrukken van het bericht gemaakt.",),
}
POLICE_CLOSING = "De politie is gebeld en was snel ter plaatse."
# Physical violence with an injury the labour inspectorate must hear of (001 §6.4).
SERIOUS_SENTENCES = (
    "{actor} sloeg {target} met de vuist in het gezicht; {target} viel en bleef even liggen.",
    "{actor} duwde {target} hard tegen een pilaar, waarbij {target} het hoofd stootte.",
)
SERIOUS_AFTERMATH: dict[Injury, str] = {
    Injury.HOSPITAL: "{target} is met de ambulance naar het ziekenhuis gebracht en daar opgenomen.",
    Injury.LASTING: "{target} is met de ambulance naar het ziekenhuis gebracht; het oog blijft beschadigd.",
}
FEELINGS = (
    "{target} was behoorlijk geschrokken.",
    "{target} heeft de rest van de dag vrij genomen.",
    "{target} sliep er een paar nachten slecht van.",
)

WEAPONS = ("stoel", "beker koffie", "schaar van de balie", "fietsslot", "mes (alleen getoond)")
PERPETRATOR_DETAILS = (
    "donkere jas en pet",
    "fors postuur",
    "trainingspak",
    "kwam met een hond",
    "vaste bezoeker van het loket",
    "rook naar alcohol",
)
ESCALATION_WEIGHTS_IN_PERSON = (("A", 10), ("B", 25), ("C", 30), ("D", 30), ("E", 5))
ESCALATION_WEIGHTS_REMOTE = (("A", 5), ("B", 30), ("C", 40), ("D", 22), ("E", 3))
BEHAVIOURS_BY_LEVEL: dict[str, tuple[BehaviourKind, ...]] = {
    "A": (BehaviourKind.VERBAL,),
    "B": (BehaviourKind.VERBAL, BehaviourKind.VERBAL, BehaviourKind.DISCRIMINATION),
    "C": (
        BehaviourKind.VERBAL,
        BehaviourKind.VERBAL,
        BehaviourKind.DISCRIMINATION,
        BehaviourKind.SEXUAL,
    ),
    "D": (
        BehaviourKind.THREAT,
        BehaviourKind.THREAT,
        BehaviourKind.PHYSICAL,
        BehaviourKind.PHYSICAL,
        BehaviourKind.STALKING,
        BehaviourKind.VANDALISM,
    ),
    "E": (BehaviourKind.THREAT,),
}
REMOTE_BEHAVIOURS = frozenset(
    {
        BehaviourKind.VERBAL,
        BehaviourKind.THREAT,
        BehaviourKind.STALKING,
        BehaviourKind.DISCRIMINATION,
        BehaviourKind.SEXUAL,
    }
)
AGGRESSION_WEIGHTS = (
    (AggressionType.FRUSTRATION, 45),
    (AggressionType.INSTRUMENTAL, 25),
    (AggressionType.RANDOM, 5),
    (AggressionType.DISORDER_OR_SUBSTANCES, 15),
    (AggressionType.UNKNOWN, 10),
)
INJURY_WEIGHTS = ((Injury.NONE, 60), (Injury.FIRST_AID, 25), (Injury.DOCTOR, 12), (Injury.HOSPITAL, 3))
SOCIAL_CHANNELS = (
    DigitalChannel.FACEBOOK,
    DigitalChannel.FACEBOOK,
    DigitalChannel.X,
    DigitalChannel.INSTAGRAM,
    DigitalChannel.TIKTOK,
    DigitalChannel.MESSAGING,
    DigitalChannel.FORUM,
)
THREATENING_MESSAGES = (
    "Jullie gaan hier spijt van krijgen.",
    "Ik weet waar je werkt en ik weet hoe laat je klaar bent.",
    "Wacht maar tot ik je buiten tegenkom.",
    "Schandalig hoe deze gemeente met mensen omgaat, namen en rugnummers!",
)


# --------------------------------------------------------------------------------------
# The population the incidents are drawn from
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    title: str = "de medewerker"  # how a description refers to this person


@dataclass
class Team:
    id: int
    name: str
    profile: TeamProfile
    location_id: int | None
    members: list[Person] = field(default_factory=list)
    managers: list[Person] = field(default_factory=list)


@dataclass
class Population:
    """A snapshot of the organisation: teams with members and managers, office holders,
    buildings. Read in primary-key order so the same database gives the same draws."""

    teams: list[Team]
    political: list[Person]
    location_ids: list[int]
    location_names: dict[int, str]
    council_location_id: int | None

    @classmethod
    def from_database(cls, organisation: OrganisationUnit) -> "Population":
        units = {u.pk: u for u in OrganisationUnit.objects.filter(is_active=True).order_by("pk")}

        def belongs(unit: OrganisationUnit) -> bool:
            current: OrganisationUnit | None = unit
            while current is not None:
                if current.pk == organisation.pk:
                    return True
                current = units.get(current.parent_id) if current.parent_id else None
            return False

        locations = list(Location.objects.filter(is_active=True).order_by("pk"))
        location_by_name = {loc.name: loc.pk for loc in locations}
        teams: dict[int, Team] = {}
        for unit in units.values():
            if unit.kind == UnitKind.TEAM and belongs(unit):
                profile = TEAM_PROFILES.get(unit.name, DEFAULT_PROFILE)
                location_id = location_by_name.get(profile.location or "")
                teams[unit.pk] = Team(unit.pk, unit.name, profile, location_id)

        seen_members: set[int] = set()
        memberships = (
            TeamMembership.objects.filter(team_id__in=teams, user__is_active=True)
            .select_related("user")
            .order_by("pk")
        )
        for membership in memberships:
            person = Person(membership.user_id, str(membership.user))
            team = teams[membership.team_id]
            if membership.role == MembershipRole.MANAGER:
                team.managers.append(person)
            elif membership.user_id not in seen_members:
                # Someone in two teams is a victim in the first one only.
                seen_members.add(membership.user_id)
                team.members.append(person)

        political = [
            Person(user.pk, str(user), POLITICAL_TITLES.get(user.username, "de politiek ambtsdrager"))
            for user in User.objects.filter(is_political_office_holder=True, is_active=True).order_by("pk")
        ]
        return cls(
            teams=[team for team in teams.values() if team.members],
            political=political,
            location_ids=[loc.pk for loc in locations],
            location_names={loc.pk: loc.name for loc in locations},
            council_location_id=location_by_name.get("Raadhuis"),
        )

    def team_named(self, name: str) -> Team:
        for team in self.teams:
            if team.name == name:
                return team
        raise DemoDataError(f"Team {name!r} bestaat niet of heeft geen leden.")


# --------------------------------------------------------------------------------------
# Incident generation
# --------------------------------------------------------------------------------------


@dataclass
class PlannedIncident:
    """An incident not yet saved, with the rows that hang below it."""

    incident: Incident
    behaviours: list[str]
    victims: list[Victim]
    # The handler lets its measure decision slip past the deadline (see PlanWorker).
    left_late: bool = False


@dataclass(frozen=True)
class SavedCounts:
    incidents: int = 0
    behaviours: int = 0
    victims: int = 0

    def __add__(self, other: "SavedCounts") -> "SavedCounts":
        return SavedCounts(
            self.incidents + other.incidents,
            self.behaviours + other.behaviours,
            self.victims + other.victims,
        )


def _weighted[T](rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in pairs], weights=[w for _, w in pairs])[0]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class IncidentGenerator:
    """Draws realistic incidents from a population. One instance per run and seed."""

    # Share of incidents against political office holders (restricted track).
    RESTRICTED_SHARE = 0.03

    def __init__(
        self,
        population: Population,
        *,
        rng: random.Random,
        now: dt.datetime,
        exclude_victim_ids: Iterable[int] = (),
    ) -> None:
        if not population.teams:
            raise DemoDataError("Er zijn geen teams met medewerkers om meldingen voor te maken.")
        self.population = population
        self.rng = rng
        self.now = now
        self.tz = timezone.get_current_timezone()
        excluded = frozenset(exclude_victim_ids)
        # Victims drawn at random; a team whose members are all excluded drops out.
        self._victim_pool = {
            team.id: [p for p in team.members if p.id not in excluded] for team in population.teams
        }
        self._teams = [team for team in population.teams if self._victim_pool[team.id]]
        if not self._teams:
            raise DemoDataError("Er zijn geen medewerkers om meldingen voor te maken.")
        self._team_weights = [team.profile.weight for team in self._teams]

    # -- public --------------------------------------------------------------------

    def random_incident(self, *, age_days: tuple[int, int] = (0, MAX_AGE_DAYS)) -> PlannedIncident:
        """One incident of the ordinary mix: mostly employees, ~3 % office holders."""
        rng = self.rng
        if self.population.political and rng.random() < self.RESTRICTED_SHARE:
            return self.political_incident(rng.choice(self.population.political), age_days=age_days)
        team = rng.choices(self._teams, weights=self._team_weights)[0]
        victim = rng.choice(self._victim_pool[team.id])
        reporter, reporter_role = victim, ReporterRole.VICTIM
        roll = rng.random()
        colleagues = [p for p in self._victim_pool[team.id] if p.id != victim.id]
        if roll < 0.12 and team.managers:
            reporter, reporter_role = rng.choice(team.managers), ReporterRole.ON_BEHALF
        elif roll < 0.22 and colleagues:
            reporter, reporter_role = rng.choice(colleagues), ReporterRole.WITNESS
        return self.incident(
            team=team, victim=victim, reporter=reporter, reporter_role=reporter_role, age_days=age_days
        )

    def political_incident(
        self, victim: Person, *, age_days: tuple[int, int] = (0, MAX_AGE_DAYS)
    ) -> PlannedIncident:
        """An incident against a political office holder: restricted and without a team."""
        return self.incident(
            team=None, victim=victim, reporter=victim, reporter_role=ReporterRole.VICTIM, age_days=age_days
        )

    def incident(
        self,
        *,
        team: Team | None,
        victim: Person,
        reporter: Person,
        reporter_role: ReporterRole,
        status: IncidentStatus | None = None,
        age_days: tuple[int, int] = (0, MAX_AGE_DAYS),
        serious: Injury | None = None,
    ) -> PlannedIncident:
        """An incident with the given people; everything else is drawn. `serious` makes it
        physical violence in person with that injury (the demo's few grave cases)."""
        rng = self.rng
        restricted = team is None
        profile = team.profile if team else None
        setting = _weighted(rng, profile.settings if profile else POLITICAL_SETTINGS)
        subject = rng.choice(profile.subjects if profile else POLITICAL_SUBJECTS)
        if serious and setting in REMOTE_SETTINGS:
            choices = [s for s, _ in (profile.settings if profile else POLITICAL_SETTINGS)]
            setting = next((s for s in choices if s not in REMOTE_SETTINGS), _S.COUNTER)
        remote = setting in REMOTE_SETTINGS

        level = _weighted(rng, ESCALATION_WEIGHTS_REMOTE if remote else ESCALATION_WEIGHTS_IN_PERSON)
        allowed = REMOTE_BEHAVIOURS if remote else frozenset(BehaviourKind)
        candidates = [k for k in BEHAVIOURS_BY_LEVEL[level] if k in allowed] or [BehaviourKind.VERBAL]
        kinds = [rng.choice(candidates)]
        if serious:
            level, kinds = "D", [BehaviourKind.PHYSICAL]
        if rng.random() < 0.3:
            second = rng.choice(sorted(allowed))
            if second not in kinds:
                kinds.append(second)

        location_id, address, where = self._place(setting, team)
        channel = rng.choice(SOCIAL_CHANNELS) if setting == _S.SOCIAL_MEDIA else None
        physical = BehaviourKind.PHYSICAL in kinds
        injury = serious or (_weighted(rng, INJURY_WEIGHTS) if physical else Injury.NONE)
        police_called = not remote and level == "D" and rng.random() < (0.6 if physical else 0.2)
        police_called = police_called or serious is not None
        if restricted:
            triggers = POLITICAL_TRIGGERS
        elif setting in {_S.WRITTEN, _S.EMAIL, _S.SOCIAL_MEDIA}:
            triggers = WRITTEN_TRIGGERS
        else:
            triggers = TRIGGERS
        trigger_clause, trigger_noun = rng.choice(triggers)

        description = self._description(
            setting=setting,
            level=level,
            kinds=kinds,
            subject=subject,
            target=victim.title,
            location_id=location_id,
            where=where,
            channel=channel,
            political=restricted,
            trigger_clause=trigger_clause,
            trigger_noun=trigger_noun,
            police_called=police_called,
            serious=serious,
        )

        occurred_at, age = self._occurred_at(setting, age_days)
        if status is None:
            status = self._status(age)
        submitted_at = None
        if status != IncidentStatus.DRAFT:
            # Most report the same day; some after a few days, a few after weeks.
            bucket = rng.random()
            low, high = (10, 240) if bucket < 0.7 else (240, 4320) if bucket < 0.95 else (4320, 20160)
            submitted_at = min(occurred_at + dt.timedelta(minutes=rng.randint(low, high)), self.now)

        incident = Incident(
            status=status,
            reporter_id=reporter.id,
            reporter_role=reporter_role,
            team_id=team.id if team else None,
            is_restricted=restricted,
            submitted_at=submitted_at,
            occurred_at=occurred_at,
            setting=setting,
            location_id=location_id,
            address_outside=address,
            description=description,
            escalation_level=EscalationLevel(level),
            aggression_type=_weighted(rng, AGGRESSION_WEIGHTS),
            cause=_capitalise(trigger_noun),
            injury=injury,
            medical_visit=injury != Injury.NONE,
            police_called=police_called,
            witnesses=self._witnesses(team, victim, reporter, remote),
        )
        self._perpetrator(incident, remote=remote, channel=channel)
        if physical and rng.random() < 0.25:
            incident.weapon_or_object = rng.choice(WEAPONS)
        if BehaviourKind.VANDALISM in kinds or (physical and rng.random() < 0.15):
            incident.material_damage = True
            incident.damage_estimate = Decimal(rng.randrange(50, 2500, 25))
        if setting in DIGITAL_SETTINGS:
            self._digital(incident, kinds, channel)

        victims = [
            Victim(
                user_id=victim.id,
                kind=VictimKind.POLITICAL_OFFICE_HOLDER if restricted else VictimKind.EMPLOYEE,
            )
        ]
        if team and not restricted and rng.random() < 0.08:
            pool = self._victim_pool.get(team.id, team.members)
            others = [p for p in pool if p.id not in {victim.id, reporter.id}]
            if others:
                victims.append(Victim(user_id=rng.choice(others).id, kind=VictimKind.EMPLOYEE))
        return PlannedIncident(incident, [str(k) for k in kinds], victims)

    def draft(self, *, team: Team, reporter: Person) -> PlannedIncident:
        """A report the employee started recently and has not sent yet: the core only."""
        planned = self.incident(
            team=team,
            victim=reporter,
            reporter=reporter,
            reporter_role=ReporterRole.VICTIM,
            status=IncidentStatus.DRAFT,
            age_days=(0, 14),
        )
        incident = planned.incident
        # Drafts stop halfway: keep the first sentence or two, leave later questions open.
        sentences = incident.description.split(". ")
        incident.description = ". ".join(sentences[: self.rng.randint(1, 2)]).rstrip(".") + "."
        incident.escalation_level = ""
        incident.aggression_type = ""
        incident.injury = ""
        incident.cause = ""
        incident.witnesses = ""
        return planned

    # -- parts ---------------------------------------------------------------------

    def _place(self, setting: Setting, team: Team | None) -> tuple[int | None, str, str]:
        """The building, or the address outside and how the story says where."""
        rng = self.rng
        if setting == _S.COUNCIL_MEETING and self.population.council_location_id:
            return self.population.council_location_id, "", ""
        if setting in OFFICE_SETTINGS:
            if team and team.location_id:
                return team.location_id, "", ""
            if self.population.location_ids:
                return rng.choice(self.population.location_ids), "", ""
            return None, "", ""
        if setting in {_S.HOME_VISIT, _S.COMPANY_VISIT}:
            street = f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
            return None, f"{street}, Heerlen", street
        if setting == _S.PUBLIC_SPACE:
            name, where = rng.choice(PUBLIC_PLACES)
            return None, f"{name}, Heerlen", where
        return None, "", ""

    def _description(
        self,
        *,
        setting: Setting,
        level: str,
        kinds: list[BehaviourKind],
        subject: str,
        target: str,
        location_id: int | None,
        where: str,
        channel: DigitalChannel | None,
        political: bool,
        trigger_clause: str,
        trigger_noun: str,
        police_called: bool,
        serious: Injury | None = None,
    ) -> str:
        rng = self.rng
        remote = setting in REMOTE_SETTINGS
        actor = ACTORS[setting]
        name = self.population.location_names.get(location_id or 0)
        opener = rng.choice(OPENERS[setting]).format(
            place=LOCATION_PHRASES.get(name, name) if name else "het kantoor",
            where=where,
            channel=SOCIAL_CHANNEL_PHRASES.get(channel, "op sociale media") if channel else "",
            subject=subject,
            target=target,
        )
        parts = [_capitalise(opener)]
        if setting in {_S.WRITTEN, _S.EMAIL, _S.SOCIAL_MEDIA}:
            parts.append(WRITTEN_TRIGGER_LEAD.format(noun=trigger_noun))
        else:
            parts.append(rng.choice(TRIGGER_LEADS).format(clause=trigger_clause))
        if level == "A":
            parts.append(_capitalise(EMOTION_SENTENCE.format(actor=actor)))
        for n, kind in enumerate(kinds):
            in_person, at_distance = BEHAVIOUR_SENTENCES[kind]
            sentence = rng.choice(at_distance if remote and at_distance else in_person)
            if serious and kind == BehaviourKind.PHYSICAL:
                sentence = rng.choice(SERIOUS_SENTENCES)
            if level == "E" and n == 0:
                # Level E is the threat to harm oneself, not a threat to the employee.
                sentence = SELF_HARM_SENTENCE
            parts.append(_capitalise(sentence.format(actor=actor, target=target, insult=rng.choice(INSULTS))))
        if police_called:
            parts.append(POLICE_CLOSING)
            if serious in SERIOUS_AFTERMATH:
                parts.append(_capitalise(SERIOUS_AFTERMATH[serious].format(target=target)))
        elif political:
            parts.append(rng.choice(CLOSINGS_POLITICAL_REMOTE if remote else CLOSINGS_POLITICAL_IN_PERSON))
        elif remote:
            parts.append(rng.choice(CLOSINGS_REMOTE[setting]))
        elif setting in {_S.HOME_VISIT, _S.COMPANY_VISIT, _S.PUBLIC_SPACE}:
            parts.append(rng.choice(CLOSINGS_OUTSIDE))
        else:
            parts.append(rng.choice(CLOSINGS_IN_PERSON))
        if rng.random() < 0.25:
            parts.append(_capitalise(rng.choice(FEELINGS).format(target=target)))
        return " ".join(parts)

    def _occurred_at(self, setting: Setting, age_days: tuple[int, int]) -> tuple[dt.datetime, int]:
        """A plausible moment for the setting. Always two draws, whatever the clock says."""
        rng = self.rng
        age = rng.randint(*age_days)
        if setting in {_S.GROUP_MEETING, _S.COUNCIL_MEETING}:
            minute = rng.randint(19 * 60, 22 * 60 + 30)
        elif setting in {_S.EMAIL, _S.SOCIAL_MEDIA, _S.WRITTEN, _S.PUBLIC_SPACE}:
            minute = rng.randint(7 * 60, 23 * 60 + 30)
        else:
            minute = rng.randint(8 * 60 + 30, 17 * 60)
        day = timezone.localtime(self.now, self.tz).date() - dt.timedelta(days=age)
        office_hours = setting not in {_S.EMAIL, _S.SOCIAL_MEDIA, _S.WRITTEN, _S.PUBLIC_SPACE}
        if office_hours and day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)  # back to Friday
        moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=self.tz)
        # Later today is still to come: move it back a week (same weekday and hour).
        while moment > self.now - dt.timedelta(minutes=15):
            moment -= dt.timedelta(days=7)
        return moment, (self.now - moment).days

    def _status(self, age: int) -> IncidentStatus:
        roll = self.rng.random()
        if age > 120:
            return (
                IncidentStatus.CLOSED
                if roll < 0.35
                else IncidentStatus.IN_PROGRESS
                if roll < 0.5
                else IncidentStatus.REPORTED
            )
        if age > 14:
            return (
                IncidentStatus.CLOSED
                if roll < 0.1
                else IncidentStatus.IN_PROGRESS
                if roll < 0.35
                else IncidentStatus.REPORTED
            )
        return IncidentStatus.IN_PROGRESS if roll < 0.15 else IncidentStatus.REPORTED

    def _witnesses(self, team: Team | None, victim: Person, reporter: Person, remote: bool) -> str:
        rng = self.rng
        roll = rng.random()
        if remote or roll >= 0.4:
            return ""
        colleagues = [p for p in team.members if p.id not in {victim.id, reporter.id}] if team else []
        if roll < 0.25 and colleagues:
            return f"Collega {rng.choice(colleagues).name}"
        return rng.choice(
            ("Een bezoeker in de wachtruimte (naam onbekend)", "Twee voorbijgangers", "Beveiliger")
        )

    def _perpetrator(self, incident: Incident, *, remote: bool, channel: DigitalChannel | None) -> None:
        rng = self.rng
        known = rng.random() < 0.5
        # About three in four perpetrators are men.
        female = rng.random() < 0.25
        first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        name = f"{first} {rng.choice(LAST_NAMES)}"
        age = rng.randint(18, 75)
        detail = rng.choice(PERPETRATOR_DETAILS)
        gender = "Vrouw" if female else "Man"
        incident.perpetrator_known = PerpetratorKnown.KNOWN if known else PerpetratorKnown.UNKNOWN
        if known:
            incident.perpetrator_name = name
        if channel is not None:
            handle = name.lower().replace(" ", "_")
            incident.perpetrator_description = f"Account @{handle}{rng.randint(1, 99)}"
        elif remote:
            incident.perpetrator_description = "" if known else "Afzender of beller onbekend"
        else:
            incident.perpetrator_description = f"{gender}, ongeveer {age} jaar, {detail}"

    def _digital(
        self, incident: Incident, kinds: list[BehaviourKind], channel: DigitalChannel | None
    ) -> None:
        rng = self.rng
        message = rng.choice(THREATENING_MESSAGES)
        number = rng.randint(10**9, 10**10)
        if channel is None:
            incident.digital_channel = DigitalChannel.EMAIL
            incident.digital_link_or_message = f'"{message}"'
        else:
            incident.digital_channel = channel
            handle = incident.perpetrator_description.removeprefix("Account @") or "onbekend"
            incident.digital_link_or_message = {
                DigitalChannel.FACEBOOK: f"https://www.facebook.com/groups/heerlen.nieuws/posts/{number}",
                DigitalChannel.X: f"https://x.com/{handle}/status/{number}",
                DigitalChannel.INSTAGRAM: f"https://www.instagram.com/p/{number}",
                DigitalChannel.TIKTOK: f"https://www.tiktok.com/@{handle}/video/{number}",
            }.get(channel, f'"{message}"')
        if BehaviourKind.THREAT in kinds or BehaviourKind.DISCRIMINATION in kinds:
            classification = DigitalClassification.CRIMINAL
        elif BehaviourKind.STALKING in kinds:
            classification = DigitalClassification.COMBINATION
        else:
            classification = DigitalClassification.NOT_CRIMINAL
        incident.digital_classification = classification
        incident.digital_evidence_secured = rng.random() < 0.8


def save_incidents(
    planned: Iterable[PlannedIncident],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> SavedCounts:
    """Write planned incidents with bulk_create, batch by batch, keeping memory flat."""
    totals = SavedCounts()
    iterator: Iterator[PlannedIncident] = iter(planned)
    while batch := list(islice(iterator, batch_size)):
        incidents = Incident.objects.bulk_create([p.incident for p in batch])
        behaviours: list[IncidentBehaviour] = []
        victims: list[Victim] = []
        for item, incident in zip(batch, incidents, strict=True):
            behaviours.extend(IncidentBehaviour(incident=incident, kind=k) for k in item.behaviours)
            for victim in item.victims:
                victim.incident = incident
                victims.append(victim)
        IncidentBehaviour.objects.bulk_create(behaviours)
        Victim.objects.bulk_create(victims)
        # bulk_create stamps created_at with "now"; the demo should look as if it grew.
        Incident.objects.filter(pk__in=[i.pk for i in incidents]).update(
            created_at=Coalesce("submitted_at", "occurred_at"),
            updated_at=Coalesce("submitted_at", "occurred_at"),
        )
        totals += SavedCounts(len(incidents), len(behaviours), len(victims))
        # With DEBUG on, Django keeps every statement; bulk inserts would fill memory.
        reset_queries()
        if progress is not None:
            progress(totals.incidents)
    return totals


# --------------------------------------------------------------------------------------
# The demo organisation and its people
# --------------------------------------------------------------------------------------


def demo_organisation() -> OrganisationUnit | None:
    """The marker of a loaded demo: the demo organisation at the top of the tree."""
    return OrganisationUnit.objects.filter(
        name=DEMO_ORGANISATION_NAME, kind=UnitKind.ORGANISATION, parent=None
    ).first()


def _create_units() -> tuple[OrganisationUnit, dict[str, OrganisationUnit]]:
    organisation = OrganisationUnit.objects.create(name=DEMO_ORGANISATION_NAME, kind=UnitKind.ORGANISATION)
    teams: dict[str, OrganisationUnit] = {}
    for directorate_name, departments in ORGANISATION_PLAN:
        directorate = OrganisationUnit.objects.create(
            name=directorate_name, kind=UnitKind.DIRECTORATE, parent=organisation
        )
        for department_name, team_names in departments:
            department = OrganisationUnit.objects.create(
                name=department_name, kind=UnitKind.DEPARTMENT, parent=directorate
            )
            teams.update(
                (team.name, team)
                for team in OrganisationUnit.objects.bulk_create(
                    OrganisationUnit(name=name, kind=UnitKind.TEAM, parent=department) for name in team_names
                )
            )
    return organisation, teams


def _create_locations() -> None:
    for name, street, postal_code, city in LOCATIONS:
        Location.objects.get_or_create(
            name=name, defaults={"street": street, "postal_code": postal_code, "city": city}
        )


def _function_groups() -> dict[str, FunctionGroup]:
    wanted = {p.function_group for p in TEAM_PROFILES.values() if p.function_group}
    groups = FunctionGroup.objects.in_bulk(list(wanted), field_name="name")
    for name in sorted(wanted - groups.keys()):
        # Normally shipped by a data migration; recreate one an administrator removed.
        groups[name] = FunctionGroup.objects.create(name=name)
    return groups


def _username(first: str, last: str, taken: set[str]) -> str:
    base = f"{first[0]}.{last.replace(' ', '')}".lower()
    username, n = base, 1
    while username in taken:
        n += 1
        username = f"{base}{n}"
    taken.add(username)
    return username


@dataclass
class _PeoplePlan:
    users: list[User] = field(default_factory=list)
    roles: list[tuple[int, Role]] = field(default_factory=list)  # index into users
    memberships: list[tuple[int, str, MembershipRole]] = field(default_factory=list)


def _create_people(rng: random.Random, teams: dict[str, OrganisationUnit]) -> int:
    groups = _function_groups()
    plan = _PeoplePlan()
    taken = {login.username for login in DEMO_LOGINS} | {u for u, *_ in POLITICAL_OFFICE_HOLDERS}

    def add(user: User, roles: Iterable[Role]) -> int:
        index = len(plan.users)
        plan.users.append(user)
        plan.roles.extend((index, role) for role in roles)
        return index

    for login in DEMO_LOGINS:
        user = User(
            username=login.username,
            first_name=login.first_name,
            last_name=login.last_name,
            email=f"{login.username}@{DEMO_EMAIL_DOMAIN}",
        )
        user.set_password(DEMO_PASSWORD)
        if login.username == DEMO_EMPLOYEE:
            user.function_group = groups[TEAM_PROFILES[DEMO_EMPLOYEE_TEAM].function_group or ""]
        index = add(user, login.roles)
        if login.username == DEMO_EMPLOYEE:
            plan.memberships.append((index, DEMO_EMPLOYEE_TEAM, MembershipRole.MEMBER))
        if login.username == DEMO_MANAGER:
            plan.memberships.extend((index, team, MembershipRole.MANAGER) for team in DEMO_MANAGER_TEAMS)
        if team_name := DEMO_LOGIN_TEAMS.get(login.username):
            plan.memberships.append((index, team_name, MembershipRole.MEMBER))

    for username, first, last, _title in POLITICAL_OFFICE_HOLDERS:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            is_political_office_holder=True,
        )
        user.set_unusable_password()
        add(user, ())

    # Everyone else: unique names drawn from the name lists, no password to log in with.
    needed = sum(p.size + 1 for p in (TEAM_PROFILES[name] for name in teams))
    combinations = rng.sample(range(len(FIRST_NAMES) * len(LAST_NAMES)), needed)
    names = iter((FIRST_NAMES[c // len(LAST_NAMES)], LAST_NAMES[c % len(LAST_NAMES)]) for c in combinations)
    for team_name in teams:
        profile = TEAM_PROFILES[team_name]
        group = groups.get(profile.function_group or "")
        with_manager = team_name not in DEMO_MANAGER_TEAMS
        for n in range(profile.size + (1 if with_manager else 0)):
            first, last = next(names)
            username = _username(first, last, taken)
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                function_group=group,
            )
            user.set_unusable_password()
            is_manager = with_manager and n == 0
            index = add(user, (Role.EMPLOYEE, Role.TEAM_MANAGER) if is_manager else (Role.EMPLOYEE,))
            role = MembershipRole.MANAGER if is_manager else MembershipRole.MEMBER
            plan.memberships.append((index, team_name, role))

    users = User.objects.bulk_create(plan.users)
    UserRole.objects.bulk_create(UserRole(user=users[i], role=role) for i, role in plan.roles)
    TeamMembership.objects.bulk_create(
        TeamMembership(user=users[i], team=teams[team], role=role) for i, team, role in plan.memberships
    )
    return len(users)


# --------------------------------------------------------------------------------------
# Follow-up plans: each demo incident's steps, worked off as far as its age suggests
# --------------------------------------------------------------------------------------

OFFICE_OPENS, OFFICE_CLOSES = 8 * 60 + 30, 17 * 60  # minutes after midnight
# Past this age every deadline of the default rules (the longest is six weeks) has passed.
SETTLED_AGE_DAYS = 60

MANAGER_CONVERSATION_NOTES = (
    "Kort gesprek direct na het incident. Medewerker is geschrokken maar wil de dienst afmaken.",
    "Gesproken met de medewerker; die heeft de rest van de dag vrij genomen.",
    "Telefonisch gesproken, de volgende ochtend op kantoor nagepraat. Medewerker is weer aan het werk.",
    "Samen het incident doorgenomen en gewezen op het aanbod van het BOT.",
    "Medewerker vond het vooral vervelend dat collega's het zagen; afgesproken om het in het "
    "teamoverleg te bespreken.",
)
MEDICAL_NOTES = {
    "visited": (
        "Huisartsenpost bezocht; kneuzing vastgesteld en vastgelegd.",
        "Bij de huisarts geweest; het letsel is gefotografeerd voor de aangifte.",
    ),
    "hospital": ("Op de spoedeisende hulp van het Zuyderland behandeld; het letsel is vastgelegd.",),
    "not_needed": ("Door de BHV'er verbonden; medewerker zag geen reden voor een arts.",),
}
# outcome, weight, notes
MEASURES_SEVERE: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("building_ban", 30, ("Toegangsverbod van drie maanden voor alle gemeentelijke locaties.",)),
    ("written_warning", 35, ("Gele kaart: bij herhaling volgt een toegangsverbod.",)),
    ("police_only", 15, ("De politie handelt het af; de gemeente neemt geen eigen maatregel.",)),
    ("restriction", 10, ("Contact voortaan alleen schriftelijk of op afspraak met twee medewerkers.",)),
    ("conduct_meeting", 10, ("Ordegesprek met de manager en de coördinator gevoerd.",)),
)
MEASURES_MILD: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("verbal_warning", 35, ("Bij het volgende bezoek mondeling aangesproken op het gedrag.",)),
    ("written_warning", 25, ("Gele kaart: bij herhaling volgt een toegangsverbod.",)),
    ("conduct_meeting", 25, ("Ordegesprek gevoerd; de klant heeft excuses aangeboden.",)),
    ("restriction", 10, ("Contact voortaan alleen via het algemene nummer en per e-mail.",)),
    ("other", 5, ("Brief gestuurd met de huisregels van de gemeente.",)),
)
NO_MEASURE_NOTES = (
    "Veroorzaker onbekend; geen maatregel mogelijk.",
    "Veroorzaker niet te achterhalen, ook niet via de camerabeelden.",
)
POLICE_REPORT_WAIVERS = (
    "Medewerker ziet af van aangifte na overleg met de coördinator.",
    "Na overleg met de politie afgezien van aangifte: te weinig aanknopingspunten.",
    "Medewerker wil geen aangifte doen; besproken met de leidinggevende en de coördinator.",
)
LETTER_NOTES = {
    "written_warning": "Brief met de gele kaart verstuurd, via mandaat ondertekend door de manager.",
    "building_ban": "Brief over het toegangsverbod verstuurd, ondertekend door de burgemeester.",
}
OTHER_NOTES: dict[str, tuple[str, ...]] = {
    StepKind.LEGAL: (
        "Schade doorgegeven aan Juridische Zaken; die verhaalt de kosten op de veroorzaker.",
        "Juridische Zaken ingeschakeld; de schadeopgave met foto's is verstuurd.",
    ),
    StepKind.EVALUATION: (
        "Evaluatie met het team: signalen van oplopende spanning werden niet gedeeld. "
        "Actie: bekende risico's bespreken in het werkoverleg.",
        "Evaluatie met de coördinator: de opvang ging goed, de hulp na het alarm kwam te laat. "
        "Actie: alarmprocedure oefenen.",
        "Evaluatie met het team: geen oorzaak in de werkwijze gevonden. Geen verdere acties.",
    ),
}


def _office_hours(moment: dt.datetime) -> dt.datetime:
    """The moment, or when the office opens next: steps are recorded on working days
    between 08:30 and 17:00. Only ever later, and without a draw of its own."""
    local = timezone.localtime(moment)
    minutes = local.hour * 60 + local.minute
    if local.weekday() < 5 and OFFICE_OPENS <= minutes < OFFICE_CLOSES:
        return moment
    day = local.date() + dt.timedelta(days=0 if minutes < OFFICE_OPENS else 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    # Spread over the morning by the original clock time, so the same moment maps alike.
    minute = OFFICE_OPENS + minutes % 240
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=local.tzinfo)


@contextmanager
def _clock(moment: dt.datetime) -> Iterator[None]:
    """Run the protocol services as if it were `moment`, so steps, incidents and their
    history get plausible times instead of all saying "just now"."""
    with mock.patch.object(timezone, "now", lambda: moment):
        yield


@dataclass(frozen=True)
class DemoStaff:
    """The people who work steps besides the handler."""

    coordinator: User
    aftercare: User
    legal: User

    @classmethod
    def from_database(cls) -> "DemoStaff":
        by_username = User.objects.in_bulk(["coordinator", "nazorg", "juridisch"], field_name="username")
        return cls(by_username["coordinator"], by_username["nazorg"], by_username["juridisch"])


@dataclass
class _PlanState:
    """What the worker recorded so far in one incident's plan."""

    settled: bool
    seen: set[int] = field(default_factory=set)
    recorded: dict[int | None, dt.datetime] = field(default_factory=dict)
    outcomes: dict[int | None, str] = field(default_factory=dict)
    last_of_kind: dict[str, dt.datetime] = field(default_factory=dict)
    # Steps a service closed along with another (the later talks after declined aftercare).
    settled_by_service: set[int] = field(default_factory=set)
    aftercare_talks: int = 0


@dataclass
class PlanCounts:
    incidents: int = 0
    steps: int = 0
    closed: int = 0


class PlanWorker:
    """Gives each submitted incident its handler and plan through the protocol services,
    then works the plan off as far as the incident's age suggests: an old incident has
    its steps done (or waived, with a reason) and is mostly closed; a recent one still has
    open steps, a few of them late. The coordinator takes over the gravest cases."""

    # Share of steps done after their deadline, and of steps of old incidents never done.
    LATE_SHARE = 0.12
    FORGOTTEN_SHARE = 0.02

    def __init__(
        self, *, rng: random.Random, now: dt.datetime, staff: DemoStaff, left_late: Collection[int] = ()
    ) -> None:
        self.rng = rng
        self.now = now
        self.staff = staff
        self.left_late = frozenset(left_late)
        self.counts = PlanCounts()

    def work(self, incident: Incident, *, closed_planned: bool, via_service: bool = False) -> None:
        """Work off the incident's plan; via_service: it was submitted through
        incident_save, which already wrote its history, handler and plan."""
        rng = self.rng
        submitted = incident.submitted_at
        assert submitted is not None
        reporter = incident.reporter
        age = (self.now - (incident.occurred_at or submitted)).days
        if not via_service:
            with _clock(submitted):
                log_event(actor=reporter, action=AuditAction.CREATED, target=incident)
                log_event(actor=reporter, action=AuditAction.SUBMITTED, target=incident)
                protocol.handler_ensure(actor=reporter, incident=incident)
                protocol.plan_update(actor=reporter, incident=incident)
        if self._is_grave(incident) and incident.pk not in self.left_late:
            taken = _office_hours(submitted + dt.timedelta(hours=rng.uniform(1, 5)))
            self._take_over(incident, min(taken, self.now))

        plan = _PlanState(settled=age > SETTLED_AGE_DAYS)
        open_steps = (
            Step.objects.filter(incident=incident, status=StepStatus.OPEN)
            .select_related("depends_on")
            .order_by("due_at", "pk")
        )
        # Recording a step may add the next one (the letter after a warning), so go round again.
        while pending := [step for step in open_steps.all() if step.pk not in plan.seen]:
            for step in pending:
                plan.seen.add(step.pk)
                moment = self._moment(incident, step, plan)
                if step.pk not in plan.settled_by_service and moment is not None:
                    self._record(incident, step, moment, plan)
                if step.kind == StepKind.AFTERCARE:
                    plan.aftercare_talks += 1
        self.counts.incidents += 1
        self.counts.steps += len(plan.seen)
        self._maybe_close(incident, age=age, closed_planned=closed_planned)

    # -- parts ---------------------------------------------------------------------

    @staticmethod
    def _is_grave(incident: Incident) -> bool:
        """A serious injury, or a known perpetrator who stalks or had the police called:
        cases the coordinator runs, keeping in touch with the police."""
        kinds = {b.kind for b in incident.behaviours.all()}
        serious_injury = incident.injury in {Injury.HOSPITAL, Injury.LASTING, Injury.FATAL}
        known = incident.perpetrator_known == PerpetratorKnown.KNOWN
        stalking = BehaviourKind.STALKING in kinds and incident.escalation_level == EscalationLevel.D
        on_record = known and (stalking or incident.police_called)
        return not incident.is_restricted and (serious_injury or on_record)

    def _take_over(self, incident: Incident, moment: dt.datetime) -> None:
        """The coordinator takes a grave case over from the manager. Written here rather
        than with handler_assign, which would mail the coordinator: demo data sends none."""
        coordinator = self.staff.coordinator
        before = incident.handler
        Incident.objects.filter(pk=incident.pk).update(handler=coordinator, version=F("version") + 1)
        incident.handler, incident.version = coordinator, incident.version + 1
        with _clock(moment):
            log_event(
                actor=coordinator,
                action=AuditAction.HANDLER_ASSIGNED,
                target=incident,
                changes={"behandelaar": [str(before) if before else None, str(coordinator)]},
            )

    def _moment(self, incident: Incident, step: Step, plan: _PlanState) -> dt.datetime | None:
        """When the step was recorded, or None while it is still open: mostly within its
        term, sometimes after it, and now and then (long ago) never."""
        rng = self.rng
        late, forgotten, early = rng.random(), rng.random(), rng.random()
        fraction, delay = rng.uniform(0.2, 0.95), rng.uniform(2, 240)
        # Most teams make the aim where there is one (the first talk within 24 hours).
        due = step.aim_at if step.aim_at and early < 0.7 else step.due_at
        # Not before the report, the step it follows, or the previous talk of its kind.
        # A step recorded outside this worker (a measure the register story decided) counts too.
        follows = plan.recorded.get(step.depends_on_id) or (step.depends_on and step.depends_on.completed_at)
        earlier = [incident.submitted_at, plan.last_of_kind.get(step.kind), follows]
        earliest = max(moment for moment in earlier if moment is not None)
        if due <= earliest or late < self.LATE_SHARE:
            moment = max(due, earliest) + dt.timedelta(hours=delay)
        else:
            moment = earliest + (due - earliest) * fraction
        moment = _office_hours(moment)
        if plan.settled and forgotten < self.FORGOTTEN_SHARE and step.kind in FORGETTABLE_KINDS:
            return None
        if incident.pk in self.left_late and step.kind == StepKind.MEASURE_DECISION:
            return None
        return moment if moment < self.now else None

    def _actor(self, incident: Incident, step: Step) -> User | None:
        return {
            StepOwner.AFTERCARE: self.staff.aftercare,
            StepOwner.LEGAL: self.staff.legal,
            StepOwner.COORDINATOR: self.staff.coordinator,
        }.get(StepOwner(step.owner), incident.handler)

    def _record(self, incident: Incident, step: Step, moment: dt.datetime, plan: _PlanState) -> None:
        rng = self.rng
        actor = self._actor(incident, step)
        outcome, notes, waiver = "", rng.choice(OTHER_NOTES.get(step.kind, ("",))), ""
        roll = rng.random()
        if step.kind == StepKind.MANAGER_CONVERSATION:
            notes = rng.choice(MANAGER_CONVERSATION_NOTES)
        elif step.kind == StepKind.AFTERCARE:
            talk = plan.aftercare_talks
            declined = roll < (0.25 if talk == 0 else 0.1)
            outcome = "declined" if declined else "held"
        elif step.kind == StepKind.MEDICAL:
            outcome = "not_needed" if incident.injury == Injury.FIRST_AID and roll < 0.3 else "visited"
            grave = outcome == "visited" and incident.injury in {Injury.HOSPITAL, Injury.LASTING}
            notes = rng.choice(MEDICAL_NOTES["hospital" if grave else outcome])
        elif step.kind == StepKind.MEASURE_DECISION:
            outcome, notes = self._measure(incident)
        elif step.kind == StepKind.POLICE_REPORT:
            if roll < 0.6:
                outcome = "aangifte"
            elif roll < 0.8:
                outcome = "melding"
            else:
                waiver = rng.choice(POLICE_REPORT_WAIVERS)
        elif step.kind == StepKind.MEASURE_LETTER:
            decision = plan.outcomes.get(step.depends_on_id, "")
            notes = LETTER_NOTES.get(decision, LETTER_NOTES["written_warning"])
        with _clock(moment):
            if waiver:
                protocol.step_waive(actor=actor, step=step, reason=waiver)
            else:
                self._record_step(incident, step, moment, actor=actor, outcome=outcome, notes=notes)
        plan.recorded[step.pk], plan.outcomes[step.pk] = moment, outcome
        plan.last_of_kind[step.kind] = moment
        if step.kind == StepKind.AFTERCARE and outcome == "declined":
            # step_complete waives the later talks: a declined offer stands for those too.
            waived = Step.objects.filter(incident=incident, kind=StepKind.AFTERCARE, status=StepStatus.WAIVED)
            plan.settled_by_service.update(waived.values_list("pk", flat=True))

    def _record_step(
        self, incident: Incident, step: Step, moment: dt.datetime, *, actor: Any, outcome: str, notes: str
    ) -> None:
        """Record the step through the service that owns its data (the police files,
        aftercare, damage); those complete the step themselves."""
        rng = self.rng
        if step.kind == StepKind.AFTERCARE:
            aftercare_demo.record_talk(
                rng, actor=actor, incident=incident, step=step, moment=moment, declined=outcome == "declined"
            )
        elif step.kind == StepKind.POLICE_REPORT:
            police_demo.record_report(
                rng, actor=actor, incident=incident, kind=outcome, moment=moment, now=self.now
            )
        elif step.kind == StepKind.POLICE_REPORT_COPY:
            police_demo.add_copy(actor=actor, incident=incident, pdf=self.copy_pdf)
        elif step.kind == StepKind.LABOUR_INSPECTORATE:
            police_demo.record_labour_notice(rng, actor=actor, incident=incident, moment=moment)
        else:
            if step.kind == StepKind.LEGAL:
                damage_demo.record_items(rng, actor=actor, incident=incident, moment=moment)
            protocol.step_complete(actor=actor, step=step, outcome=outcome, notes=notes)

    @cached_property
    def copy_pdf(self) -> bytes:
        return police_demo.copy_pdf()

    def _measure(self, incident: Incident) -> tuple[str, str]:
        rng = self.rng
        roll, draw = rng.random(), rng.random()
        if incident.perpetrator_known != PerpetratorKnown.KNOWN and roll < 0.85:
            return "no_measure", NO_MEASURE_NOTES[int(draw * len(NO_MEASURE_NOTES))]
        kinds = {b.kind for b in incident.behaviours.all()}
        measures = MEASURES_SEVERE if kinds & SEVERE_BEHAVIOURS else MEASURES_MILD
        outcome, _weight, notes = _weighted(rng, [(m, m[1]) for m in measures])
        return outcome, notes[int(draw * len(notes))]

    def _maybe_close(self, incident: Incident, *, age: int, closed_planned: bool) -> None:
        """Close a finished plan after a while: nearly always once it is old."""
        rng = self.rng
        roll, wait = rng.random(), rng.uniform(0.5, 14)
        steps = list(Step.objects.filter(incident=incident))
        if any(step.status == StepStatus.OPEN and step.is_required for step in steps):
            return
        share = 1.0 if closed_planned else 0.9 if age > 120 else 0.7 if age > SETTLED_AGE_DAYS else 0.4
        done = [step.completed_at for step in steps if step.completed_at] or [incident.submitted_at]
        moment = _office_hours(max(d for d in done if d is not None) + dt.timedelta(days=wait))
        if roll < share and moment < self.now:
            with _clock(moment):
                protocol.incident_close(actor=incident.handler, incident=incident)
            self.counts.closed += 1


# Behaviour that calls for more than a talking-to.
SEVERE_BEHAVIOURS = frozenset(
    {BehaviourKind.PHYSICAL, BehaviourKind.THREAT, BehaviourKind.STALKING, BehaviourKind.VANDALISM}
)
# Steps that, in real life, sometimes slip through once the incident is out of mind.
FORGETTABLE_KINDS = frozenset({StepKind.POLICE_REPORT_COPY, StepKind.EVALUATION, StepKind.MEASURE_LETTER})


def work_plans(
    planned: Iterable[tuple[int, IncidentStatus]],
    *,
    rng: random.Random,
    now: dt.datetime,
    via_service: bool = False,
    left_late: Collection[int] = (),
) -> PlanCounts:
    """Handler and plan for each submitted incident (pk, the status it was drawn with);
    the incidents in `left_late` keep their measure decision open past its deadline."""
    worker = PlanWorker(rng=rng, now=now, staff=DemoStaff.from_database(), left_late=left_late)
    wanted = dict(planned)
    incidents = (
        Incident.objects.filter(pk__in=wanted)
        .select_related("reporter", "handler")
        .prefetch_related("behaviours")
        .order_by("pk")
    )
    for incident in incidents:
        worker.work(
            incident, closed_planned=wanted[incident.pk] == IncidentStatus.CLOSED, via_service=via_service
        )
        reset_queries()
    return worker.counts


# --------------------------------------------------------------------------------------
# Entry points for the management commands
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoResult:
    created: bool
    users: int = 0
    incidents: int = 0
    steps: int = 0
    closed: int = 0
    perpetrators: int = 0
    measures: int = 0
    claims: int = 0
    appointments: int = 0


@transaction.atomic
def load_demo(
    *,
    seed: int = DEFAULT_SEED,
    incident_count: int = DEFAULT_INCIDENT_COUNT,
    now: dt.datetime | None = None,
) -> DemoResult:
    """Create the demo organisation, its people and incidents with their follow-up plans,
    unless it already exists."""
    if demo_organisation() is not None:
        return DemoResult(created=False)
    reserved = [login.username for login in DEMO_LOGINS] + [
        username for username, *_ in POLITICAL_OFFICE_HOLDERS
    ]
    if clash := sorted(User.objects.filter(username__in=reserved).values_list("username", flat=True)):
        raise DemoDataError("Deze gebruikersnamen bestaan al buiten de demo: " + ", ".join(clash) + ".")

    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    now = now or timezone.now()
    organisation, teams = _create_units()
    _create_locations()
    user_count = _create_people(rng, teams)

    population = Population.from_database(organisation)
    users = dict(
        User.objects.filter(username__in=[DEMO_EMPLOYEE, DEMO_MANAGER]).values_list("username", "pk")
    )
    employee_team = population.team_named(DEMO_EMPLOYEE_TEAM)
    employee = next(p for p in employee_team.members if p.id == users[DEMO_EMPLOYEE])
    manager = next(p for p in employee_team.managers if p.id == users[DEMO_MANAGER])
    colleague = next(p for p in employee_team.members if p.id != employee.id)
    # The demo employee gets exactly their own set below, not a random share on top.
    generator = IncidentGenerator(population, rng=rng, now=now, exclude_victim_ids=[employee.id])

    def own_incidents() -> Iterator[PlannedIncident]:
        statuses = [IncidentStatus.REPORTED] * 3 + [IncidentStatus.IN_PROGRESS] * 3
        statuses.append(IncidentStatus.CLOSED)
        for n, status in enumerate(statuses):
            # Two fresh reports, the rest spread over the past year.
            age = (1, 20) if n < 2 else (21, 365)
            yield generator.incident(
                team=employee_team,
                victim=employee,
                reporter=employee,
                reporter_role=ReporterRole.VICTIM,
                status=status,
                age_days=age,
            )
        yield generator.incident(
            team=employee_team,
            victim=employee,
            reporter=manager,
            reporter_role=ReporterRole.ON_BEHALF,
            status=IncidentStatus.REPORTED,
            age_days=(3, 60),
        )
        yield generator.incident(
            team=employee_team,
            victim=colleague,
            reporter=employee,
            reporter_role=ReporterRole.WITNESS,
            status=IncidentStatus.REPORTED,
            age_days=(3, 90),
        )
        for _ in range(5):
            yield generator.draft(team=employee_team, reporter=employee)
        # Yesterday a colleague was pushed at the counter: the aangifte and the aftercare
        # are still to do, for the demo manager and the aftercare team (issue 6).
        yield generator.incident(
            team=employee_team,
            victim=colleague,
            reporter=colleague,
            reporter_role=ReporterRole.VICTIM,
            status=IncidentStatus.REPORTED,
            age_days=(0, 0),
            serious=Injury.FIRST_AID,
        )

    def grave_incidents() -> Iterator[PlannedIncident]:
        # Rare but in the protocol: injuries the labour inspectorate must hear of (001 §6.4).
        # One recent in the demo manager's team, one long ago elsewhere.
        yield generator.incident(
            team=employee_team,
            victim=colleague,
            reporter=manager,
            reporter_role=ReporterRole.ON_BEHALF,
            age_days=(3, 5),
            serious=Injury.HOSPITAL,
        )
        other_team = next((t for t in population.teams if t.name == "Handhaving BOA"), None)
        if other_team is not None:
            victim = other_team.members[0]
            yield generator.incident(
                team=other_team,
                victim=victim,
                reporter=victim,
                reporter_role=ReporterRole.VICTIM,
                age_days=(200, 300),
                serious=Injury.LASTING,
            )

    def recent_incidents() -> Iterator[PlannedIncident]:
        # A busy last month, so the work lists show steps due soon and a new report or two.
        for n in range(RECENT_MANAGER_INCIDENTS):
            team = population.team_named(DEMO_MANAGER_TEAMS[n % len(DEMO_MANAGER_TEAMS)])
            victim = rng.choice([p for p in team.members if p.id != employee.id])
            # One report of last week whose measure decision the manager let slip: every
            # day of the week, whatever the hour, the work list shows a step overdue.
            age = (0, 1) if n < 2 else (7, 12) if n == 2 else (2, 28)
            item = generator.incident(
                team=team, victim=victim, reporter=victim, reporter_role=ReporterRole.VICTIM, age_days=age
            )
            item.left_late = n == 2
            yield item
        for _ in range(RECENT_OTHER_INCIDENTS):
            yield generator.random_incident(age_days=(0, 28))
        if population.political:
            # The mayor handles the restricted track (001 §6.4) and so has open steps too.
            yield generator.political_incident(rng.choice(population.political), age_days=(2, 10))

    def others(count: int) -> Iterator[PlannedIncident]:
        for _ in range(count):
            yield generator.random_incident()

    own = [*own_incidents(), *grave_incidents(), *recent_incidents()]
    planned = [*own, *others(max(incident_count - len(own) - STORY_INCIDENTS, 0))]
    # Drawn statuses are a hint only: a report starts as "gemeld" and the protocol services
    # move it on as its steps are worked off (see PlanWorker).
    drawn = [p.incident.status for p in planned]
    for item in planned:
        if item.incident.status != IncidentStatus.DRAFT:
            item.incident.status = IncidentStatus.REPORTED
    counts = save_incidents(planned)
    submitted = [
        (item.incident.pk, status)
        for item, status in zip(planned, drawn, strict=True)
        if status != IncidentStatus.DRAFT
    ]
    # A separate stream, so the plans never shift the incidents drawn above.
    left_late = {item.incident.pk for item in planned if item.left_late}
    plans = work_plans(submitted, rng=random.Random(f"plans-{seed}"), now=now, left_late=left_late)  # noqa: S311
    register = load_register_demo(rng=random.Random(f"register-{seed}"), now=now, clock=_clock)  # noqa: S311
    story_plans = work_plans(
        [
            (pk, IncidentStatus.CLOSED if age > 60 else IncidentStatus.IN_PROGRESS)
            for pk, age in register.worked_incidents
        ],
        rng=random.Random(f"story-plans-{seed}"),  # noqa: S311
        now=now,
        via_service=True,
    )
    casework = load_casework_demo(rng=random.Random(f"casework-{seed}"), now=now)  # noqa: S311
    staff = DemoStaff.from_database()
    learning_demo.load_learning_demo(
        team_name=DEMO_EMPLOYEE_TEAM,
        manager=User.objects.get(pk=users[DEMO_MANAGER]),
        coordinator=staff.coordinator,
        employee=User.objects.get(pk=users[DEMO_EMPLOYEE]),
        today=timezone.localdate(now),
    )
    development_demo.load_development_demo(
        team_name=DEMO_EMPLOYEE_TEAM,
        manager=User.objects.get(pk=users[DEMO_MANAGER]),
        coordinator=staff.coordinator,
        employee=User.objects.get(pk=users[DEMO_EMPLOYEE]),
        today=timezone.localdate(now),
        rng=random.Random(f"development-{seed}"),  # noqa: S311
    )
    duties_demo.load_duties_demo(
        coordinator=staff.coordinator,
        manager=User.objects.get(pk=users[DEMO_MANAGER]),
        director=User.objects.get(username="directie"),
        facilities=User.objects.get(username="beheerder"),
        today=timezone.localdate(now),
    )
    # Much of the above is written in bulk, past the services that mark what changed.
    tallies.rebuild()
    return DemoResult(
        created=True,
        users=user_count,
        incidents=counts.incidents + STORY_INCIDENTS,
        steps=plans.steps + story_plans.steps,
        closed=plans.closed + story_plans.closed,
        perpetrators=register.people,
        measures=register.measures,
        claims=casework.claims,
        appointments=casework.appointments,
    )


@dataclass(frozen=True)
class CaseworkCounts:
    claims: int
    appointments: int


def load_casework_demo(*, rng: random.Random, now: dt.datetime) -> CaseworkCounts:
    """After the register: damage claims on known perpetrators, an appointment for each
    incident's next aftercare conversation due this week, and one employee asking for
    aftercare later."""
    staff = DemoStaff.from_database()
    claims = damage_demo.load_claims(rng, actor=staff.legal, now=now, clock=_clock)
    due_soon = Step.objects.filter(
        kind=StepKind.AFTERCARE,
        status=StepStatus.OPEN,
        due_at__gt=now,
        due_at__lt=now + dt.timedelta(days=7),
        incident__is_restricted=False,
    ).select_related("incident", "rule")
    appointments, planned_incidents = 0, set()
    with _clock(now):
        for step in due_soon.order_by("due_at", "pk"):
            # Only the next talk of an incident: the second waits for the first.
            earlier_open = Step.objects.filter(
                incident_id=step.incident_id,
                kind=StepKind.AFTERCARE,
                status=StepStatus.OPEN,
                due_at__lt=step.due_at,
            ).exists()
            if earlier_open or step.incident_id in planned_incidents:
                continue
            planned_incidents.add(step.incident_id)
            aftercare_demo.plan_upcoming(rng, actor=staff.aftercare, step=step, now=now)
            appointments += 1
        later = (
            Incident.objects.filter(
                status=IncidentStatus.CLOSED, victims__user__username=DEMO_EMPLOYEE, is_restricted=False
            )
            .order_by("occurred_at", "pk")
            .first()
        )
        if later is not None:
            employee = User.objects.get(username=DEMO_EMPLOYEE)
            aftercare_services.aftercare_request(
                actor=employee,
                incident=later,
                message="Het incident komt de laatste tijd weer boven. Kan ik nog een gesprek krijgen?",
                notify=False,
            )
    return CaseworkCounts(claims=claims, appointments=appointments)


def organisation_for_generation() -> OrganisationUnit | None:
    """The organisation bulk incidents go to: the demo one, else the first there is."""
    return demo_organisation() or (
        OrganisationUnit.objects.filter(kind=UnitKind.ORGANISATION, parent=None).order_by("pk").first()
    )


@dataclass(frozen=True)
class GenerationResult:
    counts: SavedCounts
    demo_loaded: bool


@transaction.atomic
def generate_incidents(
    *,
    count: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> GenerationResult:
    """Add `count` incidents to the existing organisation; load the demo first if there is none."""
    demo_loaded = False
    organisation = organisation_for_generation()
    if organisation is None:
        load_demo(seed=seed, now=now)
        demo_loaded = True
        organisation = demo_organisation()
        assert organisation is not None
    rng = random.Random(seed)  # noqa: S311 - load-test data, not security
    generator = IncidentGenerator(Population.from_database(organisation), rng=rng, now=now or timezone.now())
    handlers, restricted_handler = bulk_handlers()

    def with_handler(item: PlannedIncident) -> PlannedIncident:
        incident = item.incident
        incident.handler_id = handlers.get(incident.team_id) if incident.team_id else restricted_handler
        return item

    # Bulk incidents get a handler but no plan yet: deriving plans for tens of thousands
    # of incidents needs a bulk path in the protocol engine (a later issue).
    planned = (with_handler(generator.random_incident()) for _ in range(count))
    counts = save_incidents(planned, batch_size=batch_size, progress=progress)
    tallies.rebuild()  # written in bulk, past the services that mark what changed
    return GenerationResult(counts=counts, demo_loaded=demo_loaded)


def bulk_handlers() -> tuple[dict[int, int], int | None]:
    """The handler protocol.default_handler would pick, in two queries instead of one per
    incident: per team its team manager (lowest user id first), and for the restricted
    track the mayor."""
    managers = (
        TeamMembership.objects.filter(
            role=MembershipRole.MANAGER, user__is_active=True, user__roles__role=Role.TEAM_MANAGER
        )
        .order_by("-user_id")
        .values_list("team_id", "user_id")
    )
    mayor = User.objects.filter(is_active=True, roles__role=Role.MAYOR).order_by("pk").first()
    # Later pairs win, so each team ends with its manager of the lowest id.
    return dict(managers), mayor.pk if mayor else None


def login_table() -> list[tuple[str, str, str]]:
    """The demo log-ins: role label, user name, password."""
    return [(login.label, login.username, DEMO_PASSWORD) for login in DEMO_LOGINS]
