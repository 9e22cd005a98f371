"""Demo incidents drawn from the organisation's people.

Everything is drawn from one `random.Random(seed)`, so a seed and the same database
give the same incidents. Incidents are written with `bulk_create` and without the
incident services on purpose: demo and load-test data is not a user's action, so it
sends no mail. The number of random draws per incident never depends on the clock, so
two runs with the same seed produce the same descriptions even when they start at
different times."""

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db import reset_queries
from django.db.models.functions import Coalesce
from django.utils import timezone

from gir.accounts.constants import MembershipRole, UnitKind
from gir.accounts.models import (
    Location,
    OrganisationUnit,
    TeamMembership,
    User,
)
from gir.demo.organisation import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_PROFILE,
    FEMALE_FIRST_NAMES,
    LAST_NAMES,
    LOCATION_PHRASES,
    MALE_FIRST_NAMES,
    MAX_AGE_DAYS,
    POLITICAL_SETTINGS,
    POLITICAL_SUBJECTS,
    POLITICAL_TITLES,
    PUBLIC_PLACES,
    SOCIAL_CHANNEL_PHRASES,
    STREETS,
    TEAM_PROFILES,
    DemoDataError,
    TeamProfile,
)
from gir.demo.texts import (
    ACTORS,
    AGGRESSION_WEIGHTS,
    BEHAVIOUR_SENTENCES,
    BEHAVIOURS_BY_LEVEL,
    CLOSINGS_IN_PERSON,
    CLOSINGS_OUTSIDE,
    CLOSINGS_POLITICAL_IN_PERSON,
    CLOSINGS_POLITICAL_REMOTE,
    CLOSINGS_REMOTE,
    EMOTION_SENTENCE,
    ESCALATION_WEIGHTS_IN_PERSON,
    ESCALATION_WEIGHTS_REMOTE,
    FEELINGS,
    INJURY_WEIGHTS,
    INSULTS,
    OPENERS,
    PERPETRATOR_DETAILS,
    POLICE_CLOSING,
    POLITICAL_TRIGGERS,
    REMOTE_BEHAVIOURS,
    REMOTE_SETTINGS,
    SELF_HARM_SENTENCE,
    SERIOUS_AFTERMATH,
    SERIOUS_SENTENCES,
    SOCIAL_CHANNELS,
    THREATENING_MESSAGES,
    TRIGGER_LEADS,
    TRIGGERS,
    WEAPONS,
    WRITTEN_TRIGGER_LEAD,
    WRITTEN_TRIGGERS,
)
from gir.incidents.constants import (
    DIGITAL_SETTINGS,
    OFFICE_SETTINGS,
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

# --------------------------------------------------------------------------------------
# The population the incidents are drawn from
# --------------------------------------------------------------------------------------

_S = Setting


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


def weighted[T](rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
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
        setting = weighted(rng, profile.settings if profile else POLITICAL_SETTINGS)
        subject = rng.choice(profile.subjects if profile else POLITICAL_SUBJECTS)
        if serious and setting in REMOTE_SETTINGS:
            choices = [s for s, _ in (profile.settings if profile else POLITICAL_SETTINGS)]
            setting = next((s for s in choices if s not in REMOTE_SETTINGS), _S.COUNTER)
        remote = setting in REMOTE_SETTINGS

        level = weighted(rng, ESCALATION_WEIGHTS_REMOTE if remote else ESCALATION_WEIGHTS_IN_PERSON)
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
        injury = serious or (weighted(rng, INJURY_WEIGHTS) if physical else Injury.NONE)
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
            aggression_type=weighted(rng, AGGRESSION_WEIGHTS),
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
