"""Demo aftercare: the three conversations held or declined, with what fits each
(001 §10.2), recorded through the services as the plan is worked off, and some
upcoming appointments and a late request."""

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from gir.aftercare import services
from gir.aftercare.constants import Mode, Processed, Referral, SecondaryVictimisation, Stage
from gir.incidents.models import Incident
from gir.protocol.models import Step

FACTS = (
    "Samen het incident gereconstrueerd: wat er gezegd werd, wie er bij was, hoe het eindigde.",
    "Medewerker vertelde het verhaal in eigen woorden; vooral het moment van de dreiging bleef hangen.",
    "Feiten doorgenomen; de medewerker slaapt wat slechter maar heeft steun thuis.",
)
EMOTIONS = (
    "Boosheid over wat er gebeurde, en schrik achteraf.",
    "Medewerker voelt zich onveilig aan de balie en schrikt van harde stemmen.",
    "Vooral verdriet en onbegrip; het contact met deze klant liep altijd goed.",
)
COPING = (
    "Praat er thuis over en sport weer; merkt dat het minder wordt.",
    "Vermijdt de balie nog; afgesproken om het stap voor stap weer op te pakken.",
    "Pakt het werk goed op, met steun van collega's.",
)
LOOK_BACK = (
    "Terugblik: de medewerker heeft het een plek gegeven en weet de weg naar het BOT.",
    "Terugblik: het gaat beter, maar het incident komt terug bij drukte aan de balie.",
    "Terugblik: medewerker is weer helemaal aan het werk en kijkt tevreden terug op de opvang.",
)
DECLINED = (
    "Medewerker bedankt voor het aanbod; heeft genoeg steun van collega's en thuis.",
    "Aanbod gedaan; medewerker heeft er nu geen behoefte aan en weet ons te vinden.",
)
SECONDARY_NOTE = "Een collega maakte een grap over het incident; dat kwam hard aan."
REFERRAL_NOTES = {
    Referral.COMPANY_DOCTOR: "Naar de bedrijfsarts voor begeleiding bij de terugkeer naar de balie.",
    Referral.PSYCHOLOGIST: "Naar de bedrijfspsycholoog: klachten duren langer dan verwacht.",
    Referral.TRAUMA_CARE: "Aangemeld bij ARQ IVP voor gespecialiseerde traumazorg.",
}


def record_talk(
    rng: random.Random, *, actor: Any, incident: Incident, step: Step, moment: dt.datetime, declined: bool
) -> str:
    """Hold or decline the step's conversation with each employee; the step is then
    done through the service. Returns the step's outcome."""
    stage = services.stage_of(step)
    pick = rng.random()
    secondary = SecondaryVictimisation.YES if pick < 0.12 else SecondaryVictimisation.NONE
    referral = Referral.NONE
    if stage >= Stage.SECOND and pick < 0.15:
        referral = rng.choice(list(REFERRAL_NOTES))
    for employee in services.employees_of(incident):
        if declined:
            services.conversation_decline(
                actor=actor, incident=incident, step=step, employee=employee, notes=rng.choice(DECLINED)
            )
            continue
        content: dict[str, Any] = {
            "secondary_victimisation": secondary,
            "secondary_victimisation_notes": SECONDARY_NOTE
            if secondary == SecondaryVictimisation.YES
            else "",
            "referral": referral,
            "referral_notes": REFERRAL_NOTES.get(referral, ""),
        }
        if stage == Stage.FIRST:
            content.update(facts=rng.choice(FACTS), stress_information_given=True)
        elif stage == Stage.SECOND:
            content.update(emotions=rng.choice(EMOTIONS), coping=rng.choice(COPING))
        else:
            processed = Processed.YES if pick > 0.3 else Processed.PARTLY
            content.update(look_back=rng.choice(LOOK_BACK), processed=processed)
        services.conversation_record(
            actor=actor, incident=incident, step=step, employee=employee, held_at=moment, content=content
        )
    return "declined" if declined else "held"


def plan_upcoming(rng: random.Random, *, actor: Any, step: Step, now: dt.datetime) -> None:
    """Give an open conversation an appointment before its deadline, as the BOT does:
    on a working day, in office hours, at least two hours ahead."""
    local_now, due = timezone.localtime(now), timezone.localtime(step.due_at)
    day = due.date() - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    hour = rng.choice([9, 10, 11, 13, 14, 15])
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=local_now.tzinfo)
    if start < local_now + dt.timedelta(hours=2):
        day = local_now.date() + dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        start = dt.datetime.combine(day, dt.time(hour), tzinfo=local_now.tzinfo)
    for employee in services.employees_of(step.incident):
        services.conversation_schedule(
            actor=actor,
            incident=step.incident,
            step=step,
            employee=employee,
            scheduled_at=start,
            mode=rng.choice([Mode.IN_PERSON, Mode.IN_PERSON, Mode.PHONE]),
            place="Stadskantoor, spreekkamer BOT (2e etage)",
        )
