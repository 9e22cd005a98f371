"""The dashboard's figures (issue 7 items 1 and 2): periods, breakdowns, rates, the
suppression of small groups for readers without case access, and the pre-counted
figures they are read from (gir.reports.tallies) following every change."""

import datetime as dt

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from gir.core.clock import AMSTERDAM
from gir.incidents.constants import BehaviourKind, Setting
from gir.incidents.models import Incident
from gir.perpetrators.services import measure_propose, perpetrator_link, perpetrator_save
from gir.police import services as police
from gir.protocol.constants import StepStatus
from gir.protocol.services import report_save as incident_save
from gir.protocol.tests.helpers import report
from gir.reports import tallies
from gir.reports.figures import Period, build, in_scope, quarters_of
from gir.reports.models import FigureCount, StaleFigures, Suppression
from gir.reports.policy import FigureScope, dashboard_scope
from gir.reports.tests.helpers import counted

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def on_today():
    """These tests are written for one day: the clock stands there (and ticks on)."""
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=AMSTERDAM), tick=True):
        yield


EVERYTHING = FigureScope(None, restricted=True)
OCTOBER = Period.of_months(dt.date(2026, 10, 1), dt.date(2026, 10, 1))


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


def _incidents(
    world, count: int, *, setting: str = Setting.COUNTER, day: dt.date = dt.date(2026, 10, 5), **facts
):
    return [
        report(world.users["employee"], occurred_at=_at(day), setting=setting, **facts) for _ in range(count)
    ]


def counted_build(*args, **kwargs):
    """The figures as a reader finds them once the worker counted the changes."""
    counted()
    return build(*args, **kwargs)


def _table(dashboard, key: str) -> dict[str, int]:
    table = dashboard.tables[key]
    return {label: cell.count for label, cell in zip(table.labels, table.current, strict=True)}


def test_period_is_whole_months_checked_with_clear_messages():
    with pytest.raises(ValidationError) as refused:
        Period.checked(dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    assert "laatste maand ligt voor de eerste" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        Period.checked(dt.date(2020, 1, 1), dt.date(2026, 1, 1))
    assert Period.checked(dt.date(2026, 4, 17), dt.date(2026, 5, 3)) == Period(
        dt.date(2026, 4, 1), dt.date(2026, 5, 31)
    )
    quarter = Period.quarter_of(TODAY)
    assert (quarter.start, quarter.end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter.previous() == Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    # By months, not days: the quarter before the first (90 days) is the whole last one.
    assert Period.quarter_of(dt.date(2026, 2, 28)).previous() == Period(
        dt.date(2025, 10, 1), dt.date(2025, 12, 31)
    )
    assert Period.quarter_of(dt.date(2026, 2, 28)).end == dt.date(2026, 3, 31)


def test_scope_is_by_when_it_happened_in_amsterdam_days(world):
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    inside = report(world.users["employee"], occurred_at=_at(dt.date(2026, 10, 31), 23))
    outside = report(world.users["employee"], occurred_at=_at(dt.date(2026, 11, 1), 0))
    found = set(in_scope(Incident.objects.all(), period, None).values_list("pk", flat=True))
    assert inside.pk in found and outside.pk not in found
    assert not in_scope(Incident.objects.all(), period, world.team_b).filter(pk=inside.pk).exists()
    assert in_scope(Incident.objects.all(), period, world.team_a).filter(pk=inside.pk).exists()
    # The counted months are Amsterdam months too (23:00 on 31 October is 22:00 UTC).
    months = counted_build(
        EVERYTHING, Period.of_months(dt.date(2026, 10, 1), dt.date(2026, 11, 1)), None, suppress=False
    )
    november = in_scope(Incident.objects.all(), Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)), None)
    assert [cell.count for cell in months.months.current] == [1, november.count()]


def test_breakdowns_list_every_label_and_count_incidents_once(world):
    _incidents(world, 2, behaviours=(BehaviourKind.VERBAL, BehaviourKind.THREAT))
    dashboard = counted_build(EVERYTHING, OCTOBER, None, suppress=False)
    rows = _table(dashboard, "behaviour")
    assert rows[str(BehaviourKind.VERBAL.label)] == rows[str(BehaviourKind.THREAT.label)] == 2
    assert rows[str(BehaviourKind.STALKING.label)] == 0
    settings = _table(dashboard, "setting")
    assert settings[str(Setting.COUNTER.label)] == 2 and settings[str(Setting.PHONE.label)] == 0
    assert _table(dashboard, "department")[world.team_a.parent.name] == 2


def test_a_director_never_sees_a_small_number(world):
    _incidents(world, 3, setting=Setting.PHONE)
    _incidents(world, 7, setting=Setting.COUNTER)
    _incidents(world, 6, setting=Setting.EMAIL)
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    suppressed = counted_build(EVERYTHING, period, None, suppress=True)
    cells = {
        label: cell.text
        for label, cell in zip(
            suppressed.tables["setting"].labels, suppressed.tables["setting"].current, strict=True
        )
    }
    assert cells[str(Setting.PHONE.label)] == "*"
    # With the total (19, the world's three at the counter too) shown, the next smallest
    # (6) is hidden too: 19 - 10 - 6 would give 3.
    assert cells[str(Setting.EMAIL.label)] == "*"
    assert cells[str(Setting.COUNTER.label)] == "10"
    assert suppressed.total == "19"
    full = counted_build(EVERYTHING, period, None, suppress=False)
    plain = dict(
        zip(full.tables["setting"].labels, (c.text for c in full.tables["setting"].current), strict=True)
    )
    assert plain[str(Setting.PHONE.label)] == "3"


def test_rates_hide_a_small_side(world):
    from gir.reports.figures import rate

    assert rate(3, 20, hidden=True).text == "verborgen"
    assert rate(10, 20).text == "50% (10 van 20)"
    assert rate(3, 20).text == "15% (3 van 20)"
    assert rate(0, 0, hidden=True).text == "—"
    # A suppressed reader's rate hides a small side, and both its counts.
    _incidents(world, 3, setting=Setting.PHONE)
    q4 = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert counted_build(EVERYTHING, q4, None, suppress=True).aftercare_on_time.text == "verborgen"


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
    dashboard = counted_build(EVERYTHING, Period.quarter_of(TODAY), None, suppress=False)
    assert (dashboard.aangifte.part, dashboard.aangifte.whole) == (1, 2)


def test_repeat_perpetrators_and_their_share(world):
    first, second, third = _incidents(world, 3)
    coordinator = world.users["coordinator"]
    repeat = perpetrator_save(actor=coordinator, data={"full_name": "Herhaal Dader"}, incident=first)
    perpetrator_link(actor=coordinator, perpetrator=repeat, incident=second)
    perpetrator_save(actor=coordinator, data={"full_name": "Eenmalig"}, incident=third)
    dashboard = counted_build(EVERYTHING, OCTOBER, None, suppress=False)
    # The second incident is by someone who caused an earlier one; the first is not (yet).
    assert dashboard.repeat_people == "1"
    assert (dashboard.repeat_share.part, dashboard.repeat_share.whole) == (1, 3)


def test_months_and_quarters(world):
    _incidents(world, 2, day=dt.date(2026, 8, 3))
    _incidents(world, 1, day=dt.date(2026, 10, 9))
    dashboard = counted_build(
        EVERYTHING, Period(dt.date(2026, 7, 1), dt.date(2026, 10, 31)), None, suppress=False
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
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))

    def queries() -> int:
        counted()
        cache.clear()  # read from the stored suppression, as a fresh process does
        with CaptureQueriesContext(connection) as captured:
            build(EVERYTHING, period, None, suppress=True)
        return len(captured)

    _incidents(world, 3)
    few = queries()
    _incidents(world, 6, setting=Setting.PHONE, behaviours=(BehaviourKind.THREAT,))
    assert queries() == few


def _stored_rows() -> list[tuple]:
    rows = FigureCount.objects.values_list("month", "team_id", "restricted", "dimension", "key", "count")
    return sorted(rows, key=str)


def test_figures_follow_an_edit_to_another_month_and_team(world):
    moved = report(world.users["employee"], occurred_at=_at(dt.date(2026, 10, 5)))
    assert counted_build(EVERYTHING, OCTOBER, None, suppress=False).total_count == 1
    incident_save(
        actor=world.users["coordinator"],
        incident=moved,
        facts={"occurred_at": _at(dt.date(2026, 9, 30))},
        behaviours=("verbal",),
        victims=[],
        submit=True,
    )
    assert counted_build(EVERYTHING, OCTOBER, None, suppress=False).total_count == 0
    september = counted_build(
        EVERYTHING, Period.of_months(dt.date(2026, 9, 1), dt.date(2026, 9, 1)), None, suppress=False
    )
    assert september.total_count == 1


def test_counting_as_changes_come_in_equals_counting_everything_again(world):
    first, second, third = _incidents(world, 3, behaviours=(BehaviourKind.PHYSICAL, BehaviourKind.THREAT))
    _incidents(world, 2, setting=Setting.PHONE, day=dt.date(2026, 8, 14))
    coordinator = world.users["coordinator"]
    person = perpetrator_save(actor=coordinator, data={"full_name": "Herhaal Dader"}, incident=second)
    perpetrator_link(actor=coordinator, perpetrator=person, incident=first)
    measure_propose(actor=coordinator, perpetrator=person, kind="verbal_warning", incidents=[first, second])
    police.police_report_record(
        actor=coordinator,
        incident=third,
        kind="aangifte",
        filed_by="employer",
        vpt_code=True,
        domicile=police.organisation_addresses()[0],
        police_unit="Basisteam",
        reported_at=timezone.now() - dt.timedelta(minutes=5),
    )
    tallies.refresh()
    assert not StaleFigures.objects.exists()
    as_it_came = _stored_rows()
    tallies.rebuild()
    assert as_it_came == _stored_rows()
    kinds = {key: n for _m, _t, _r, dim, key, n in as_it_came if dim == tallies.MEASURE}
    assert kinds == {"verbal_warning": 1}  # once, with its first incident


def test_a_team_manager_counts_their_teams_and_never_the_restricted_track(world):
    _incidents(world, 2)
    report(world.users["employee_b"], occurred_at=_at(dt.date(2026, 10, 6)))
    scope = dashboard_scope(world.users["team_manager"])
    assert scope == FigureScope(frozenset({world.team_a.pk}), restricted=False)
    assert counted_build(scope, OCTOBER, None, suppress=False).total_count == 2
    assert counted_build(EVERYTHING, OCTOBER, None, suppress=False).total_count == 3
    assert (
        counted_build(dashboard_scope(world.users["employee"]), OCTOBER, None, suppress=False).total_count
        == 0
    )
    everything = counted_build(EVERYTHING, Period.quarter_of(TODAY), None, suppress=False).total_count
    open_track = counted_build(
        FigureScope(None, restricted=False), Period.quarter_of(TODAY), None, suppress=False
    )
    assert world.restricted.is_restricted and everything - open_track.total_count == int(
        world.restricted.occurred_at >= Period.quarter_of(TODAY).start_at
    )


def test_a_deadline_counts_as_missed_from_the_day_after_it(world):
    incident = report(world.users["employee"], occurred_at=_at(TODAY - dt.timedelta(days=1)))
    quarter = Period.quarter_of(TODAY)
    before = counted_build(EVERYTHING, quarter, None, suppress=False).deadlines_met
    later = timezone.now() + dt.timedelta(days=2)
    step = incident.steps.filter(is_required=True, status=StepStatus.OPEN, due_at__gt=later).first()
    # Move an open deadline into the past: the figure counts it as missed at once.
    step.due_at = timezone.now() - dt.timedelta(days=2)
    step.save(update_fields=["due_at"])
    tallies.mark_incident(incident.pk)
    after = counted_build(EVERYTHING, quarter, None, suppress=False).deadlines_met
    assert (after.part, after.whole) == (before.part, before.whole + 1)


def test_moving_an_incident_in_time_recounts_who_came_first(world):
    coordinator = world.users["coordinator"]
    march, may = (report(world.users["employee"], occurred_at=_at(dt.date(2026, m, 5))) for m in (3, 5))
    person = perpetrator_save(actor=coordinator, data={"full_name": "Eerst Maart"}, incident=march)
    perpetrator_link(actor=coordinator, perpetrator=person, incident=may)
    measure_propose(actor=coordinator, perpetrator=person, kind="verbal_warning", incidents=[march, may])
    incident_save(
        actor=coordinator,
        incident=march,
        facts={"occurred_at": _at(dt.date(2026, 7, 5))},
        behaviours=("verbal",),
        victims=[],
        submit=True,
    )
    tallies.refresh()
    as_it_came = _stored_rows()
    tallies.rebuild()
    assert as_it_came == _stored_rows()
    # May is now the first: the repeat and the measure moved with it.
    may_month = {(dim, key) for month, _t, _r, dim, key, _n in as_it_came if month == dt.date(2026, 5, 1)}
    assert (tallies.MEASURE, "verbal_warning") in may_month and (tallies.REPEAT, "by_repeat") not in may_month


def test_a_reader_counts_nothing_and_says_what_waits(world):
    report(world.users["employee"], occurred_at=_at(dt.date(2026, 10, 5)))
    counted()
    report(world.users["employee"], occurred_at=_at(dt.date(2026, 10, 6)))
    marks = StaleFigures.objects.count()
    dashboard = build(EVERYTHING, OCTOBER, None, suppress=False)
    assert dashboard.being_counted and dashboard.total_count == 1  # as last counted
    assert StaleFigures.objects.count() == marks
    # Marks outside the period and the one before it, or of other teams, do not count.
    assert not build(EVERYTHING, Period.quarter_of(dt.date(2025, 1, 1)), None, suppress=False).being_counted
    other_team = FigureScope(frozenset({world.team_b.pk}), restricted=False)
    assert not build(other_team, OCTOBER, None, suppress=False).being_counted
    counted()
    dashboard = build(EVERYTHING, OCTOBER, None, suppress=False)
    assert not dashboard.being_counted and dashboard.total_count == 2


def _count_queries(slots) -> tuple[int, int]:
    """(queries, characters of SQL) of the rounds that count these marked slots."""
    tallies.mark_slots(slots)
    with CaptureQueriesContext(connection) as captured:
        assert tallies.refresh(rounds=1) == len(slots)
    assert not StaleFigures.objects.exists()
    # The SQL that reads: the marks' ids and the rows written grow with what there is.
    counting = [
        query["sql"]
        for query in captured.captured_queries
        if "stalefigures" not in query["sql"] and not query["sql"].startswith("INSERT")
    ]
    return len(captured), sum(len(sql) for sql in counting)


def test_one_round_counts_a_range_of_months_in_the_same_queries_however_many_are_marked(world):
    """Issue 18: a round was an OR over up to 200 slots. It is now one range of months
    and a list of teams and tracks, so its queries do not grow with the marks."""
    _incidents(world, 2)
    _incidents(world, 1, day=dt.date(2026, 3, 9))
    teams = [world.team_a.pk, world.team_b.pk]
    counted()
    one_month = [(dt.date(2026, 10, 1), team, r) for team in teams for r in (False, True)]
    one_queries, one_sql = _count_queries(one_month)
    twelve = [(dt.date(2026, m, 1), team, r) for m in range(1, 13) for team in teams for r in (False, True)]
    twelve_queries, twelve_sql = _count_queries(twelve)
    # Twelve times the slots, the same queries: a range of months, not an OR per slot.
    assert (one_queries, one_sql) == (twelve_queries, twelve_sql)
    as_counted = _stored_rows()
    tallies.rebuild()
    assert as_counted == _stored_rows()


def test_a_round_covers_at_most_months_per_round_and_leaves_later_marks(world, monkeypatch):
    counted()
    for month in (3, 5, 10):
        report(world.users["employee"], occurred_at=_at(dt.date(2026, month, 5)))
    monkeypatch.setattr(tallies, "MONTHS_PER_ROUND", 3)
    assert tallies.refresh(rounds=1) == 2  # March and May: within three months of March
    assert list(StaleFigures.objects.values_list("month", flat=True).distinct()) == [dt.date(2026, 10, 1)]
    assert tallies.refresh() == 1 and not StaleFigures.objects.exists()
    as_counted = _stored_rows()
    tallies.rebuild()
    assert as_counted == _stored_rows()


def test_a_large_recount_renews_the_statistics(world, monkeypatch):
    analyzed = []
    monkeypatch.setattr(tallies, "analyze", lambda: analyzed.append(True))
    _incidents(world, 2)
    monkeypatch.setattr(tallies, "ANALYZE_AFTER_ROWS", 10**9)
    tallies.refresh()
    assert not analyzed
    _incidents(world, 2)
    monkeypatch.setattr(tallies, "ANALYZE_AFTER_ROWS", 1)
    tallies.refresh()
    assert analyzed == [True]


def test_the_worker_solves_the_suppression_ahead_and_the_page_reads_it(world):
    _incidents(world, 3, setting=Setting.PHONE)
    counted()  # counts, then solves this year's and last year's suppression
    stored = Suppression.objects.count()
    assert stored >= 2
    cache.clear()  # another process: no cache, but the stored rows
    q4 = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    with CaptureQueriesContext(connection) as captured:
        dashboard = build(EVERYTHING, q4, None, suppress=True)
    assert Suppression.objects.count() == stored  # nothing solved again
    assert any("reports_suppression" in query["sql"] for query in captured.captured_queries)
    assert dashboard.tables["setting"].current[1].text == "*"
