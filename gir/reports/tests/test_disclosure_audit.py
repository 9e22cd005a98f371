"""The auditor over the director's dashboard (ADR 0022): on the demo and on generated
small-number years, every hidden count of every page a director can ask for (each
calendar quarter and year, with the period before it), read back from the XLSX and every
CSV and checked against the page and the PDFs, keeps an interval at least 5 wide when
everything shown is put together, and a hidden count reads the same wherever it is shown."""

import datetime as dt
import random
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

import pytest
import time_machine

from gir.accounts.constants import Role
from gir.accounts.models import Location, User
from gir.accounts.tests.factories import TeamFactory
from gir.core.clock import AMSTERDAM
from gir.incidents.constants import AggressionType, BehaviourKind, EscalationLevel, Setting
from gir.perpetrators.constants import MeasureKind
from gir.reports import tallies
from gir.reports.models import FigureCount, StaleFigures
from gir.reports.tests.disclosure_audit import attack, pdf_lines, reader_views, same_in_pdf

pytestmark = pytest.mark.django_db


def _split(rng: random.Random, n: int, keys: list[str]) -> dict[str, int]:
    """n incidents over a few of the keys."""
    used = rng.sample(keys, k=min(len(keys), rng.randint(1, 3)))
    counts = dict.fromkeys(used, 0)
    for _ in range(n):
        counts[rng.choice(used)] += 1
    return counts


def generate_counts(rng: random.Random, teams: list, years: list[int], locations: list[str]) -> None:
    """Small counts for every month, team and track of these years, as the worker keeps
    them (gir.reports.tallies): the breakdowns add up to the total of their month."""
    FigureCount.objects.all().delete()
    StaleFigures.objects.all().delete()
    rows = []
    person = 0
    for year in years:
        for month in range(1, 13):
            day = dt.date(year, month, 1)
            for team in teams:
                n = rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 6, 9])
                if not n:
                    continue
                restricted = rng.random() < 0.1
                counts: dict[tuple[str, str], int] = {(tallies.TOTAL, ""): n}
                partitions = {
                    "level": [*EscalationLevel.values, ""],
                    "aggression_type": [*AggressionType.values, ""],
                    "setting": list(Setting.values),
                    "location": [*locations, ""],
                }
                for dimension, keys in partitions.items():
                    for key, count in _split(rng, n, [str(k) for k in keys]).items():
                        counts[(dimension, key)] = count
                for kind in rng.sample(list(BehaviourKind.values), k=2):
                    counts[(tallies.BEHAVIOUR, kind)] = rng.randint(0, n)
                counts[(tallies.FUNCTION_GROUP, "")] = rng.randint(0, n)
                counts[(tallies.MEASURE, rng.choice(MeasureKind.values))] = rng.randint(0, 3)
                expected = rng.randint(0, n)
                counts[(tallies.AANGIFTE, "expected")] = expected
                counts[(tallies.AANGIFTE, "filed")] = rng.randint(0, expected)
                linked = rng.randint(0, n)
                counts[(tallies.REPEAT, "linked")] = linked
                counts[(tallies.REPEAT, "by_repeat")] = rng.randint(0, linked)
                for step in (tallies.DEADLINES, tallies.AFTERCARE):
                    settled = rng.randint(0, n)
                    counts[(step, "settled")] = settled
                    counts[(step, "on_time")] = rng.randint(0, settled)
                counts[(tallies.DEADLINES_OPEN, day.isoformat())] = rng.randint(0, 2)
                if rng.random() < 0.3:
                    person += 1
                    counts[(tallies.REPEAT_PERSON, str(person))] = 1
                rows += [
                    FigureCount(month=day, team=team, restricted=restricted, dimension=d, key=k, count=c)
                    for (d, k), c in counts.items()
                    if c
                ]
    FigureCount.objects.bulk_create(rows)


def assert_holds(views) -> None:
    auditor = attack(views)
    assert auditor.hidden, "nothing hidden: the case tests nothing"
    assert auditor.given_away() == {}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_generated_small_number_years_hold(client, world, seed):
    rng = random.Random(seed)
    other_department_team = TeamFactory(name="Wijkteam")
    teams = [world.team_a, world.team_b, other_department_team, None]
    locations = [str(pk) for pk in Location.objects.values_list("pk", flat=True)]
    generate_counts(rng, teams, [2025, 2026], locations)
    client.force_login(world.users["director"])
    views = reader_views(client, [2025, 2026])
    assert_holds(views)
    if seed == 1:
        pdf = client.get(reverse("reports:quarterly_pdf"), {"jaar": 2026, "kwartaal": 3})
        same_in_pdf(pdf.content, views[(2026, 3)])


DEMO_MOMENT = dt.datetime(2027, 3, 24, 9, 56, tzinfo=AMSTERDAM)


def test_the_demo_holds_on_screen_and_in_every_download(client):
    with time_machine.travel(DEMO_MOMENT, tick=True):
        call_command("load_demo", stdout=StringIO())
        tallies.rebuild()
        director = User.objects.filter(roles__role=Role.DIRECTOR).order_by("pk").first()
        assert director is not None
        client.force_login(director)
        years = [2026, 2027]
        views = reader_views(client, years)
        assert_holds(views)
        for year, quarter in [(2026, q) for q in range(1, 5)] + [(2027, 1)]:
            pdf = client.get(reverse("reports:quarterly_pdf"), {"jaar": year, "kwartaal": quarter})
            assert pdf.status_code == 200
            same_in_pdf(pdf.content, views[(year, quarter)])
        annual = client.get(reverse("reports:annual_pdf"), {"jaar": 2026})
        same_in_pdf(annual.content, views[(2026, 0)])
        assert "<5" not in "\n".join(pdf_lines(annual.content))
