# ruff: noqa: S608 -- the SQL is assembled from constants only; the periods are parameters.
"""The dashboard's questions as hand-written SQL, for bench_dashboard (issue 18 item 5).

Two sets, each what gir.reports.figures.build answers for the whole organisation over a
period with the period before it:
- over the pre-counted figures (`tally`): the sums figures.build reads from FigureCount,
  to see what the ORM code costs over plain SQL (`dashboard_sql_ms`);
- over the raw rows (`raw`): every figure counted from the incidents, their behaviours,
  victims, measures, perpetrator links, police reports and steps, as one would without
  the counts (`dashboard_raw_sql_ms`): what the counts save.
On SQLite (the tests) the months are grouped by the stored (UTC) text, near enough there.
"""

import datetime as dt
from typing import Any

from gir.reports.figures import Period

Queries = list[tuple[str, dict[str, Any]]]

# --- Over the pre-counted figures ------------------------------------------------------------

COUNTS = "FROM reports_figurecount c WHERE c.month >= %(start)s AND c.month <= %(end)s"
BY_KEY = (
    f"SELECT c.dimension, c.key, sum(c.count) {COUNTS} "
    "AND c.dimension NOT IN ('total', 'repeat_person') GROUP BY 1, 2"
)
BY_MONTH_AND_TEAM = (
    f"SELECT c.month, c.team_id, sum(c.count) {COUNTS} AND c.dimension = 'total' GROUP BY 1, 2"
)
REPEAT_PEOPLE = f"SELECT count(*) FROM (SELECT DISTINCT c.key {COUNTS} AND c.dimension = 'repeat_person') p"
UNITS = "SELECT id, parent_id, kind FROM accounts_organisationunit"
LABELS = [
    "SELECT id, name FROM accounts_organisationunit WHERE kind = 'department' ORDER BY name",
    "SELECT id, name FROM accounts_location ORDER BY name",
    "SELECT id, name FROM accounts_functiongroup ORDER BY name",
]


def tally(period: Period) -> Queries:
    """The SQL of what figures.build reads, with its parameters."""
    current = {"start": period.start, "end": period.end}
    before = period.previous()
    previous = {"start": before.start, "end": before.end}
    queries = [(BY_KEY, current), (BY_MONTH_AND_TEAM, current), (BY_KEY, previous)]
    queries += [(BY_MONTH_AND_TEAM, previous), (REPEAT_PEOPLE, current), (UNITS, {})]
    return queries + [(sql, {}) for sql in LABELS]


# --- Over the raw rows --------------------------------------------------------------------------

# Submitted incidents of a period, by when they happened (figures.in_scope without a unit).
SCOPE = "i.status <> 'draft' AND i.occurred_at >= %(start)s AND i.occurred_at < %(end)s"
IN_SCOPE = f"SELECT i.id FROM incidents_incident i WHERE {SCOPE}"
BY_MONTH_AND_TEAM_RAW = (
    "SELECT date_trunc('month', i.occurred_at AT TIME ZONE 'Europe/Amsterdam'), i.team_id, count(*) "
    f"FROM incidents_incident i WHERE {SCOPE} GROUP BY 1, 2"
)
BY_MONTH_AND_TEAM_RAW_SQLITE = (
    "SELECT substr(i.occurred_at, 1, 7), i.team_id, count(*) "
    f"FROM incidents_incident i WHERE {SCOPE} GROUP BY 1, 2"
)
BY_COLUMN = "SELECT i.{column}, count(*) FROM incidents_incident i WHERE " + SCOPE + " GROUP BY 1"
BY_BEHAVIOUR = (
    "SELECT b.kind, count(DISTINCT i.id) FROM incidents_incident i "
    f"JOIN incidents_incidentbehaviour b ON b.incident_id = i.id WHERE {SCOPE} GROUP BY 1"
)
BY_FUNCTION_GROUP = (
    "SELECT u.function_group_id, count(DISTINCT i.id) FROM incidents_incident i "
    "JOIN incidents_victim v ON v.incident_id = i.id LEFT JOIN accounts_user u ON u.id = v.user_id "
    f"WHERE {SCOPE} GROUP BY 1"
)
# A measure counts once, with the first incident it answers.
MEASURES = (
    "SELECT m.kind, count(DISTINCT m.id) FROM perpetrators_measure m "
    "JOIN perpetrators_measure_incidents mi ON mi.measure_id = m.id "
    "JOIN incidents_incident i ON i.id = mi.incident_id "
    f"WHERE {SCOPE} AND NOT EXISTS ("
    " SELECT 1 FROM perpetrators_measure_incidents e JOIN incidents_incident ei ON ei.id = e.incident_id"
    " WHERE e.measure_id = mi.measure_id"
    " AND (ei.occurred_at < i.occurred_at OR (ei.occurred_at = i.occurred_at AND ei.id < i.id))"
    ") GROUP BY 1"
)
# An incident is by a repeat perpetrator when one of its perpetrators caused an earlier one.
REPEAT = (
    "WITH linked AS ("
    " SELECT l.perpetrator_id, l.incident_id, EXISTS ("
    "  SELECT 1 FROM perpetrators_perpetratorincident e JOIN incidents_incident ei ON ei.id = e.incident_id"
    "  WHERE e.perpetrator_id = l.perpetrator_id"
    "  AND (ei.occurred_at < i.occurred_at OR (ei.occurred_at = i.occurred_at AND ei.id < i.id))"
    " ) AS repeat"
    " FROM perpetrators_perpetratorincident l JOIN incidents_incident i ON i.id = l.incident_id"
    f" WHERE {SCOPE}) "
    "SELECT count(DISTINCT perpetrator_id) FILTER (WHERE repeat), "
    "count(DISTINCT incident_id) FILTER (WHERE repeat), count(DISTINCT incident_id) FROM linked"
)
# Of the incidents where the protocol expected an aangifte, those with one filed.
AANGIFTE = (
    "SELECT count(*), count(*) FILTER (WHERE EXISTS ("
    " SELECT 1 FROM police_policereport p WHERE p.incident_id = i.id AND p.kind = 'aangifte')) "
    f"FROM incidents_incident i WHERE {SCOPE} AND EXISTS ("
    " SELECT 1 FROM protocol_step s WHERE s.incident_id = i.id AND s.kind = 'police_report'"
    " AND s.status <> 'lapsed')"
)
ON_TIME = (
    "SELECT count(*) FILTER (WHERE s.status IN ('done', 'waived')"
    " OR (s.status = 'open' AND s.due_at < %(now)s)),"
    " count(*) FILTER (WHERE s.status IN ('done', 'waived') AND s.completed_at <= s.due_at) "
    "FROM protocol_step s {join} WHERE {where} AND s.incident_id IN (" + IN_SCOPE + ")"
)
AFTERCARE_ON_TIME = ON_TIME.format(
    join="JOIN protocol_protocolrule r ON r.id = s.rule_id",
    where="s.kind = 'aftercare' AND r.code = 'aftercare-first' AND s.status <> 'lapsed'",
)
DEADLINES_MET = ON_TIME.format(join="", where="s.is_required AND s.status <> 'lapsed'")


def raw(period: Period, now: dt.datetime, *, vendor: str = "postgresql") -> Queries:
    """One SQL string per figure figures.build shows, counted from the rows."""
    months = BY_MONTH_AND_TEAM_RAW if vendor == "postgresql" else BY_MONTH_AND_TEAM_RAW_SQLITE
    current = {"start": period.start_at, "end": period.end_before, "now": now}
    before = period.previous()
    previous = {"start": before.start_at, "end": before.end_before, "now": now}
    queries: Queries = []
    for params in (current, previous):
        queries.append((months, params))
        queries.append((BY_BEHAVIOUR, params))
        queries += [
            (BY_COLUMN.format(column=column), params)
            for column in ("escalation_level", "aggression_type", "setting", "location_id")
        ]
        queries += [(BY_FUNCTION_GROUP, params), (MEASURES, params), (AANGIFTE, params)]
    queries += [(REPEAT, current), (AFTERCARE_ON_TIME, current), (DEADLINES_MET, current)]
    return queries + [(UNITS, {})] + [(sql, {}) for sql in LABELS]
