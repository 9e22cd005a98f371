"""The demo's duties calendar (issue 8 item 5): owners and first dates for the duties
that recur, so next month's tasks show and their reminders go out. The administrator
login stands in for facility management, which the demo organisation does not have."""

import datetime as dt

from gir.accounts.models import User
from gir.duties import services
from gir.duties.catalogues import DUTY_SOURCE
from gir.duties.constants import TaskStatus
from gir.duties.models import Duty, DutyTask

ALARM_TEST = "Test fysieke veiligheidsmaatregelen zoals alarmknoppen en -opvolging"


def _next_month(today: dt.date, day: int) -> dt.date:
    return services.occurrence(today.replace(day=1), 1, 1).replace(day=day)


def load_duties_demo(
    *, coordinator: User, manager: User, director: User, facilities: User, today: dt.date
) -> int:
    """Assign the demo's recurring duties; returns the number of tasks planned."""
    plan = (
        (ALARM_TEST, facilities, _next_month(today, 3)),
        (
            "Maakt vanuit het GIR een overzicht van alle incidentmeldingen",
            coordinator,
            today + dt.timedelta(days=5),
        ),
        ("Rapporteert aan het college en managementteam", coordinator, today + dt.timedelta(days=20)),
        ("Initieert de jaarlijkse evaluatie van het beleid", coordinator, dt.date(today.year + 1, 1, 31)),
        ("Evalueert bestaande afspraken tijdens het werkoverleg", manager, _next_month(today, 15)),
        ("Volgt de voortgang en de effectiviteit van het beleid", director, _next_month(today, 28)),
    )
    texts = [text for text, *_ in plan]
    duties = {duty.text: duty for duty in Duty.objects.filter(source=DUTY_SOURCE, text__in=texts)}
    for text, owner, first_due_on in plan:
        duty = duties[text]
        services.duty_save(
            actor=coordinator,
            duty=duty,
            data=services.DutyInput(duty.holder, duty.text, duty.frequency, owner, first_due_on),
            today=today,
        )
    # Last month's alarm test is done, with what was found.
    alarm = duties[ALARM_TEST]
    last_test = services.occurrence(_next_month(today, 3), -1, 1)
    if last_test >= today:
        last_test = services.occurrence(last_test, -1, 1)
    DutyTask.objects.create(
        duty=alarm,
        owner=facilities,
        due_on=last_test,
        status=TaskStatus.DONE,
        completed_on=last_test,
        completed_by=facilities,
        completion_note="Alle 14 alarmknoppen getest. Knop balie 3 gaf geen melding bij de beveiliging; "
        "de knop is dezelfde dag vervangen en opnieuw getest.",
    )
    return DutyTask.objects.filter(status=TaskStatus.OPEN).count()
