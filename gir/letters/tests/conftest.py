import datetime as dt

from django.utils import timezone

import pytest

from gir.perpetrators import services
from gir.perpetrators.constants import END_REQUIRED_KINDS, Hearing, MeasureKind


@pytest.fixture
def person(world):
    return services.perpetrator_save(
        actor=world.users["coordinator"],
        data={"full_name": "Pieter de Vries", "address": "Dorpsstraat 1\n1234 AB Voorbeeldstad"},
        incident=world.incident_a,
    )


def decide(world, person, kind, **overrides):
    measure = services.measure_propose(
        actor=world.users["team_manager"], perpetrator=person, kind=kind, incidents=[world.incident_a]
    )
    today = timezone.localdate()
    values = {
        "decided_by": world.users["mayor"],
        "hearing": Hearing.HEARD,
        "hearing_notes": "Hij zegt dat hij boos was.",
        "grounds": "Bedreiging van een medewerker aan de balie.",
        "proportionality": "Bedreiging is ernstig.",
        "starts_on": today,
        "ends_on": services.standard_ban_end(today) if kind == MeasureKind.BUILDING_BAN else None,
    }
    if kind in END_REQUIRED_KINDS and kind != MeasureKind.BUILDING_BAN:
        values["ends_on"] = today + dt.timedelta(days=90)
    values.update(overrides)
    return services.measure_decide(actor=world.users["team_manager"], measure=measure, **values)


@pytest.fixture
def ban(world, person):
    return decide(world, person, MeasureKind.BUILDING_BAN)
