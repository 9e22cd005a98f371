"""The demo organisation: its units, buildings and people, one log-in per role, and the
profiles of its teams that the incident generator draws from."""

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from gir.accounts.constants import MembershipRole, Role, UnitKind
from gir.accounts.models import (
    FunctionGroup,
    Location,
    OrganisationUnit,
    TeamMembership,
    User,
    UserRole,
)
from gir.incidents.constants import (
    DigitalChannel,
    Setting,
)

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
    DemoLogin("privacy", "Nicole", "Gerards", (Role.PRIVACY_OFFICER,)),
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
# The demo organisation and its people
# --------------------------------------------------------------------------------------


def demo_organisation() -> OrganisationUnit | None:
    """The marker of a loaded demo: the demo organisation at the top of the tree."""
    return OrganisationUnit.objects.filter(
        name=DEMO_ORGANISATION_NAME, kind=UnitKind.ORGANISATION, parent=None
    ).first()


def create_units() -> tuple[OrganisationUnit, dict[str, OrganisationUnit]]:
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


def create_locations() -> None:
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


def create_people(rng: random.Random, teams: dict[str, OrganisationUnit]) -> int:
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
