"""The dashboard's figures (issue 7 items 1 and 2): periods, breakdowns, rates, and the
suppression of small groups for readers without case access."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from gir.incidents.constants import BehaviourKind, Setting
from gir.incidents.models import Incident
from gir.perpetrators.services import perpetrator_link, perpetrator_save
from gir.police import services as police
from gir.protocol.deadlines import AMSTERDAM
from gir.protocol.tests.helpers import report
from gir.reports.figures import DIMENSIONS, Period, build, counts_by, in_scope, quarters_of

TODAY = dt.date(2026, 11, 24)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


def _incidents(
    world, count: int, *, setting: str = Setting.COUNTER, day: dt.date = dt.date(2026, 10, 5), **facts
):
    return [
        report(world.users["employee"], occurred_at=_at(day), setting=setting, **facts) for _ in range(count)
    ]


def test_period_is_checked_with_clear_messages():
    with pytest.raises(ValidationError) as refused:
        Period.checked(dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    assert "einddatum ligt voor de begindatum" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        Period.checked(dt.date(2020, 1, 1), dt.date(2026, 1, 1))
    quarter = Period.quarter_of(TODAY)
    assert (quarter.start, quarter.end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter.previous() == Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30))  # 92 days each
    assert Period.quarter_of(dt.date(2026, 2, 28)).end == dt.date(2026, 3, 31)


def test_scope_is_by_when_it_happened_in_amsterdam_days(world):
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    inside = report(world.users["employee"], occurred_at=_at(dt.date(2026, 10, 31), 23))
    outside = report(world.users["employee"], occurred_at=_at(dt.date(2026, 11, 1), 0))
    found = set(in_scope(Incident.objects.all(), period, None).values_list("pk", flat=True))
    assert inside.pk in found and outside.pk not in found
    assert not in_scope(Incident.objects.all(), period, world.team_b).filter(pk=inside.pk).exists()
    assert in_scope(Incident.objects.all(), period, world.team_a).filter(pk=inside.pk).exists()


def test_breakdowns_list_every_label_and_count_incidents_once(world):
    _incidents(world, 2, behaviours=(BehaviourKind.VERBAL, BehaviourKind.THREAT))
    scope = in_scope(Incident.objects.all(), Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)), None)
    rows = {key: n for key, _label, n in counts_by(DIMENSIONS["behaviour"], scope)}
    assert rows[BehaviourKind.VERBAL] == rows[BehaviourKind.THREAT] == 2
    assert rows[BehaviourKind.STALKING] == 0
    settings = {key: n for key, _label, n in counts_by(DIMENSIONS["setting"], scope)}
    assert settings[Setting.COUNTER] == 2 and settings[Setting.PHONE] == 0


def test_a_director_never_sees_a_small_number(world):
    _incidents(world, 3, setting=Setting.PHONE)
    _incidents(world, 7, setting=Setting.COUNTER)
    _incidents(world, 6, setting=Setting.EMAIL)
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    suppressed = build(Incident.objects.all(), period, None, suppress=True)
    cells = {
        label: cell.text
        for label, cell in zip(
            suppressed.tables["setting"].labels, suppressed.tables["setting"].current, strict=True
        )
    }
    assert cells[str(Setting.PHONE.label)] == "<5"
    # With the total (16) shown, the next smallest (6) is hidden too: 16 - 7 - 6 would give 3.
    assert cells[str(Setting.EMAIL.label)] == "*"
    assert cells[str(Setting.COUNTER.label)] == "7"
    assert suppressed.total == "16"
    full = build(Incident.objects.all(), period, None, suppress=False)
    plain = dict(
        zip(full.tables["setting"].labels, (c.text for c in full.tables["setting"].current), strict=True)
    )
    assert plain[str(Setting.PHONE.label)] == "3"


def test_rates_hide_a_small_side(world):
    from gir.reports.figures import rate

    assert rate(3, 20, suppress=True).text == "verborgen (kleine aantallen)"
    assert rate(17, 20, suppress=True).text == "verborgen (kleine aantallen)"
    assert rate(10, 20, suppress=True).text == "50% (10 van 20)"
    assert rate(3, 20, suppress=False).text == "15% (3 van 20)"
    assert rate(0, 0, suppress=True).text == "—"


def test_aangifte_rate_counts_incidents_where_the_protocol_expects_one(world):
    physical = _incidents(world, 2, behaviours=(BehaviourKind.PHYSICAL,), day=TODAY - dt.timedelta(days=1))
    _incidents(world, 1, behaviours=(BehaviourKind.VERBAL,), day=TODAY - dt.timedelta(days=1))
    police.police_report_record(
        actor=world.users["team_manager"],
        incident=physical[0],
        kind="aangifte",
        filed_by="employer",
        vpt_code=True,
        domicile=police.organisation_addresses()[0],
        police_unit="Basisteam",
        reported_at=timezone.now() - dt.timedelta(minutes=5),
    )
    period = Period(TODAY - dt.timedelta(days=7), TODAY)
    dashboard = build(Incident.objects.all(), period, None, suppress=False)
    assert (dashboard.aangifte.part, dashboard.aangifte.whole) == (1, 2)


def test_repeat_perpetrators_and_their_share(world):
    first, second, third = _incidents(world, 3)
    coordinator = world.users["coordinator"]
    repeat = perpetrator_save(actor=coordinator, data={"full_name": "Herhaal Dader"}, incident=first)
    perpetrator_link(actor=coordinator, perpetrator=repeat, incident=second)
    perpetrator_save(actor=coordinator, data={"full_name": "Eenmalig"}, incident=third)
    dashboard = build(
        Incident.objects.all(), Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)), None, suppress=False
    )
    assert dashboard.repeat_people == "1"
    assert (dashboard.repeat_share.part, dashboard.repeat_share.whole) == (2, 3)


def test_months_and_quarters(world):
    _incidents(world, 2, day=dt.date(2026, 8, 3))
    _incidents(world, 1, day=dt.date(2026, 10, 9))
    dashboard = build(
        Incident.objects.all(), Period(dt.date(2026, 7, 1), dt.date(2026, 10, 31)), None, suppress=False
    )
    months = [
        (label, cell.count)
        for label, cell in zip(dashboard.months.labels, dashboard.months.current, strict=True)
    ]
    assert months == [("jul 2026", 0), ("aug 2026", 2), ("sep 2026", 0), ("okt 2026", 1)]
    rows = [
        (key, label, cell.count)
        for key, label, cell in zip(
            dashboard.months.keys, dashboard.months.labels, dashboard.months.current, strict=True
        )
    ]
    assert [(label, n) for _k, label, n in quarters_of(rows)] == [("K3 2026", 2), ("K4 2026", 1)]


def test_the_number_of_queries_does_not_grow_with_the_incidents(world):
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build(Incident.objects.all(), period, None, suppress=True)
        return len(captured)

    _incidents(world, 3)
    few = queries()
    _incidents(world, 6, setting=Setting.PHONE, behaviours=(BehaviourKind.THREAT,))
    assert queries() == few
