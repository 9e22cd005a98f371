"""Demo data for the register: people from the demo incidents, and a few whole
stories through the measures — a repeat perpetrator with a warning and a new
threat waiting for a decision, bans in force (one about to expire), an ended and
a withdrawn measure, a proposal, and a pair of likely duplicates.

Called by gir.demo.load.load_demo after the incidents and plans exist.
"""

import datetime as dt
import io
import random
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from PIL import Image, ImageDraw

from gir.accounts.constants import Role
from gir.accounts.models import Location, User
from gir.core import clock
from gir.incidents.constants import IncidentStatus, PerpetratorKnown, ReporterRole
from gir.incidents.models import Incident
from gir.incidents.services import VictimInput
from gir.letters.constants import CopyDestination
from gir.letters.models import LetterTemplate
from gir.letters.services import Delivery, letter_copy_done, letter_issue
from gir.perpetrators import services
from gir.perpetrators.constants import Hearing, MeasureKind
from gir.perpetrators.models import Measure, Perpetrator, PerpetratorIncident
from gir.perpetrators.search import search_text_of
from gir.protocol.services import report_save

# How many incidents the stories below add (load_demo draws that many fewer at random).
STORY_INCIDENTS = 8


@dataclass
class RegisterCounts:
    people: int = 0
    measures: int = 0
    letters: int = 0
    stories: list[str] = field(default_factory=list)
    # The story incidents (pk, days ago) whose other steps the demo's plan worker may
    # work off; the one waiting for a measure decision is not among them.
    worked_incidents: list[tuple[int, int]] = field(default_factory=list)


def portrait(initials: str, seed: int) -> SimpleUploadedFile:
    """A neutral placeholder portrait (a silhouette with initials): demo people have no real photo."""
    rng = random.Random(seed)  # noqa: S311 - demo data
    background = tuple(rng.randint(150, 210) for _ in range(3))
    image = Image.new("RGB", (240, 300), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((70, 50, 170, 160), fill=(90, 90, 100))
    draw.rounded_rectangle((40, 170, 200, 320), radius=60, fill=(90, 90, 100))
    draw.text((105, 240), initials, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"{initials}.png", buffer.getvalue(), content_type="image/png")


def register_from_incidents(*, rng: random.Random, coordinator: User) -> int:
    """One register entry per known name on the submitted demo incidents, linked to
    all incidents with that name: repeat perpetrators appear by themselves."""
    incidents = (
        Incident.objects.exclude(status=IncidentStatus.DRAFT)
        .filter(perpetrator_known=PerpetratorKnown.KNOWN)
        .exclude(perpetrator_name="")
        .order_by("pk")
        .values_list("pk", "perpetrator_name", "perpetrator_description")
    )
    by_name: dict[str, list[tuple[int, str]]] = {}
    for pk, name, description in incidents:
        by_name.setdefault(name, []).append((pk, description))
    people = [
        Perpetrator(
            full_name=name,
            date_of_birth=dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)),
            description=next((d for _, d in found if d and not d.startswith("Account")), ""),
            online_accounts="\n".join(
                d.removeprefix("Account ") for _, d in found if d.startswith("Account")
            ),
            search_text=search_text_of(name, []),
            created_by=coordinator,
        )
        for name, found in sorted(by_name.items())
    ]
    Perpetrator.objects.bulk_create(people)
    links = [
        PerpetratorIncident(perpetrator=person, incident_id=pk, linked_by=coordinator)
        for person in people
        for pk, _description in by_name[person.full_name]
    ]
    PerpetratorIncident.objects.bulk_create(links)
    return len(people)


class Stories:
    """The hand-written cases, each through the real services at plausible moments."""

    def __init__(self, *, now: dt.datetime, counts: RegisterCounts) -> None:
        self.now, self.counts = now, counts
        self.today = timezone.localdate(now)
        users = User.objects.in_bulk(
            ["coordinator", "teammanager", "medewerker", "juridisch", "burgemeester"], field_name="username"
        )
        self.coordinator, self.manager = users["coordinator"], users["teammanager"]
        self.employee, self.legal, self.mayor = users["medewerker"], users["juridisch"], users["burgemeester"]
        # The stories happen to a colleague of the demo employee, in the demo manager's team.
        self.victim = (
            User.objects.filter(memberships__team__name="Publiekszaken", memberships__role="member")
            .exclude(pk=self.employee.pk)
            .order_by("pk")
            .first()
        ) or self.employee
        self.location = Location.objects.order_by("pk").first()
        # The legal department's manager is mandated for measures (001 §7.3).
        User.objects.filter(pk=self.legal.pk).update(has_measure_mandate=True)
        self.legal.has_measure_mandate = True

    def moment(self, days_ago: float, hour: int = 10) -> dt.datetime:
        day = self.today - dt.timedelta(days=int(days_ago))
        while day.weekday() >= 5:  # the office is closed at the weekend
            day -= dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))

    def incident(self, *, days_ago: int, name: str, behaviours: tuple[str, ...], text: str) -> Incident:
        at = self.moment(days_ago, hour=11)
        with clock.at(at + dt.timedelta(hours=1)):
            incident = report_save(
                actor=self.victim,
                facts={
                    "occurred_at": at,
                    "setting": "counter",
                    "location": self.location,
                    "description": text,
                    "injury": "none",
                    "reporter_role": ReporterRole.VICTIM,
                    "perpetrator_known": PerpetratorKnown.KNOWN,
                    "perpetrator_name": name,
                },
                behaviours=behaviours,
                victims=[VictimInput(user=self.victim)],
                submit=True,
            )
        if days_ago > 1:
            self.counts.worked_incidents.append((incident.pk, days_ago))
        return incident

    def person(self, name: str, *, born: dt.date, incident: Incident | None, photo: bool = False, **data):
        initials = "".join(part[0] for part in name.split() if part[0].isupper())
        person = services.perpetrator_save(
            actor=self.coordinator,
            data={"full_name": name, "date_of_birth": born, **data},
            photo=portrait(initials, seed=born.toordinal()) if photo else None,
            incident=incident,
        )
        self.counts.people += 1
        return person

    def decide(
        self,
        person: Perpetrator,
        kind: str,
        incidents: list[Incident],
        *,
        days_ago: int,
        starts: int,
        ends: int | None,
        reason: str = "",
    ) -> Measure:
        starts_on = self.today - dt.timedelta(days=starts)
        if ends is not None:
            ends_on = self.today + dt.timedelta(days=ends)
        else:
            ends_on = services.standard_ban_end(starts_on) if kind == MeasureKind.BUILDING_BAN else None
        with clock.at(self.moment(days_ago, hour=9)):
            measure = services.measure_propose(
                actor=self.manager, perpetrator=person, kind=kind, incidents=incidents
            )
        with clock.at(self.moment(days_ago, hour=14)):
            measure = services.measure_decide(
                actor=self.coordinator,
                measure=measure,
                decided_by=self.legal,
                hearing=Hearing.HEARD,
                hearing_notes="Telefonisch gehoord; de persoon erkent boos te zijn geweest.",
                grounds="Grensoverschrijdend gedrag tegen een medewerker aan de balie, zie de melding(en).",
                proportionality="Nodig om medewerkers te beschermen; contact per brief blijft mogelijk.",
                starts_on=starts_on,
                ends_on=ends_on,
                period_reason=reason,
            )
        self.counts.measures += 1
        return measure

    def letter(self, measure: Measure, code: str, *, days_ago: int) -> None:
        template = LetterTemplate.objects.filter(code=code, is_active=True).first()
        if template is None:
            with clock.at(self.moment(days_ago, hour=15)):
                services.measure_communicate(actor=self.coordinator, measure=measure)
            return
        with clock.at(self.moment(days_ago, hour=15)):
            letter = letter_issue(
                actor=self.coordinator,
                measure=measure,
                template=template,
                signed_by=self.legal,
                signatory_title="Manager Juridische Zaken, namens de burgemeester",
                delivery=Delivery.BY_POST,
            )
            for copy in letter.copies.all():
                if copy.destination != CopyDestination.POLICE:
                    letter_copy_done(actor=self.coordinator, copy=copy)
        self.counts.letters += 1

    def run(self) -> None:
        # 1. A repeat perpetrator: a written warning three months ago, and yesterday a
        #    threat at the counter whose measure is still to be decided.
        first = self.incident(
            days_ago=95,
            name="Ronald Verbeek",
            behaviours=("verbal",),
            text="Klant werd boos over de afwijzing van zijn aanvraag en schold de medewerker uit.",
        )
        ronald = self.person(
            "Ronald Verbeek",
            born=dt.date(1978, 3, 14),
            incident=first,
            photo=True,
            aliases="Ron Verbeek",
            address="Akerstraat 12\n6411 HB Heerlen",
            description="Man, ongeveer 45 jaar, kaal, vaak in een groene werkjas.",
        )
        warning = self.decide(ronald, MeasureKind.WRITTEN_WARNING, [first], days_ago=94, starts=93, ends=270)
        self.letter(warning, "schriftelijke-waarschuwing", days_ago=93)
        second = self.incident(
            days_ago=1,
            name="Ronald Verbeek",
            behaviours=("threat", "verbal"),
            text="Dezelfde klant dreigde de medewerker ‘op te wachten na het werk’ en sloeg op de balie.",
        )
        services.perpetrator_link(actor=self.coordinator, perpetrator=ronald, incident=second)
        self.counts.stories.append("Ronald Verbeek: herhaling na waarschuwing, besluit nodig")

        # 2. Bans in force; one ends the day after tomorrow and then drops off the list by itself.
        for name, born, days_ago, ends in (
            ("Bart Hendriks", dt.date(1969, 8, 2), 30, None),
            ("Sandra Wolters", dt.date(1985, 11, 23), 88, 2),
        ):
            incident = self.incident(
                days_ago=days_ago + 1,
                name=name,
                behaviours=("threat",),
                text="Bezoeker bedreigde een medewerker en weigerde het gebouw te verlaten.",
            )
            person = self.person(name, born=born, incident=incident, photo=True)
            ban = self.decide(
                person,
                MeasureKind.BUILDING_BAN,
                [incident],
                days_ago=days_ago,
                starts=days_ago - 1,
                ends=ends,
                reason="" if ends is None else "Korter dan gebruikelijk: de klant heeft excuses aangeboden.",
            )
            self.letter(ban, "toegangsverbod", days_ago=days_ago - 1)
        self.counts.stories.append("Toegangsverboden van Bart Hendriks en Sandra Wolters (loopt bijna af)")

        # 3. An ended ban and a withdrawn warning stay in the history only.
        incident = self.incident(
            days_ago=200, name="Peter Coenen", behaviours=("physical",), text="Duwde een medewerker opzij."
        )
        peter = self.person("Peter Coenen", born=dt.date(1990, 1, 9), incident=incident)
        ban = self.decide(
            peter,
            MeasureKind.BUILDING_BAN,
            [incident],
            days_ago=199,
            starts=198,
            ends=-10,
            reason="Zes maanden vanwege fysiek geweld.",
        )
        with clock.at(self.moment(198)):
            services.measure_communicate(actor=self.coordinator, measure=ban)
        services.measures_refresh(today=self.today)
        incident = self.incident(
            days_ago=40, name="Anouk Brouwers", behaviours=("verbal",), text="Scheldpartij aan de telefoon."
        )
        anouk = self.person("Anouk Brouwers", born=dt.date(1995, 6, 30), incident=incident)
        warning = self.decide(
            anouk, MeasureKind.WRITTEN_WARNING, [incident], days_ago=39, starts=38, ends=300
        )
        with clock.at(self.moment(20)):
            services.measure_withdraw(
                actor=self.coordinator,
                measure=warning,
                reason="Verkeerde persoon: het ging om een naamgenoot.",
            )

        # 4. Two register entries that are probably one person.
        for name, days_ago in (("Mohamed el Amrani", 120), ("Mohammed El Amrani", 12)):
            incident = self.incident(
                days_ago=days_ago, name=name, behaviours=("verbal",), text="Klant schold bij de balie."
            )
            self.person(name, born=dt.date(1988, 4, 4), incident=incident)
        self.counts.stories.append("Mogelijk dubbel: Mohamed el Amrani / Mohammed El Amrani")


def load_register_demo(*, rng: random.Random, now: dt.datetime) -> RegisterCounts:
    counts = RegisterCounts()
    coordinator = User.objects.filter(roles__role=Role.COORDINATOR).order_by("pk").first()
    counts.people += register_from_incidents(rng=rng, coordinator=coordinator)
    Stories(now=now, counts=counts).run()
    return counts
