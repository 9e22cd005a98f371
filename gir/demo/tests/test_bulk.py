import re
from collections.abc import Iterator
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

import pytest

from gir.incidents.constants import BehaviourKind, IncidentStatus, PerpetratorKnown
from gir.incidents.models import Incident
from gir.perpetrators.models import Measure, Perpetrator, PerpetratorIncident
from gir.police.constants import PoliceReportKind
from gir.police.models import PoliceReport
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup: None, django_db_blocker) -> Iterator[int]:
    """The demo organisation once for the module (it takes seconds), rolled back after it.
    Yields the number of incidents the demo made."""
    with django_db_blocker.unblock(), transaction.atomic():
        run("load_demo")
        yield Incident.objects.count()
        transaction.set_rollback(True)


@pytest.fixture
def scaled(demo_loaded: int, db: None) -> int:
    """200 incidents more than the demo, made by generate_scale. Returns the first new id."""
    first = (Incident.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    run("generate_scale", "--count", str(demo_loaded + 200), "--batch-size", "70")
    return first


def test_generate_scale_makes_incidents_with_their_follow_up(demo_loaded: int, scaled: int) -> None:
    new = Incident.objects.filter(pk__gte=scaled)
    assert new.count() == 200
    assert Incident.objects.count() == demo_loaded + 200
    assert not new.filter(behaviours__isnull=True).exists()
    assert not new.filter(victims__isnull=True).exists()
    assert not new.filter(handler__isnull=True).exists()
    assert not new.filter(status=IncidentStatus.DRAFT).exists()
    # Every incident has a plan from the shipped rules; the rules' conditions decide its steps.
    steps = Step.objects.filter(incident__in=new)
    assert not new.filter(steps__isnull=True).exists()
    assert new.count() == steps.filter(rule__code="manager-conversation").count()
    police = steps.filter(kind=StepKind.POLICE_REPORT)
    assert police.exists()
    assert not police.exclude(
        incident__behaviours__kind__in=[BehaviourKind.PHYSICAL, BehaviourKind.THREAT]
    ).exists()
    assert set(steps.values_list("status", flat=True)) == {
        StepStatus.DONE,
        StepStatus.WAIVED,
        StepStatus.OPEN,
    }
    assert steps.filter(status=StepStatus.DONE, completed_at__gt=F("due_at")).exists()  # some late
    assert not steps.filter(status=StepStatus.DONE, completed_at__isnull=True).exists()
    assert not steps.filter(status=StepStatus.WAIVED, reason="").exists()
    assert not new.filter(status=IncidentStatus.CLOSED, steps__status=StepStatus.OPEN).exists()
    # A step counting from another one follows it, in the same incident.
    letters = steps.filter(kind=StepKind.MEASURE_LETTER)
    assert not letters.exclude(depends_on__incident=F("incident")).exists()
    assert not letters.exclude(depends_on__outcome__in=["written_warning", "building_ban"]).exists()
    # Known perpetrators are in the register, some with more than one incident.
    links = PerpetratorIncident.objects.filter(incident__in=new)
    assert links.count() == new.filter(perpetrator_known=PerpetratorKnown.KNOWN).count()
    people = Perpetrator.objects.filter(links__incident__in=new).distinct()
    assert people.annotate(n=Count("links")).filter(n__gt=1).exists()
    # Measures hang on their incidents; aangiftes on incidents with a police step.
    measures = Measure.objects.filter(incidents__in=new).distinct()
    assert measures.exists()
    assert not measures.filter(incidents__isnull=True).exists()
    reports = PoliceReport.objects.filter(incident__in=new)
    assert reports.filter(kind=PoliceReportKind.AANGIFTE).exists()
    assert not reports.exclude(incident__steps__kind=StepKind.POLICE_REPORT).exists()


def test_generate_scale_adds_only_the_difference(demo_loaded: int, scaled: int) -> None:
    counts = (Step.objects.count(), Perpetrator.objects.count(), Measure.objects.count())
    output = run("generate_scale", "--count", str(demo_loaded + 200))
    assert "niets toegevoegd" in output
    assert Incident.objects.count() == demo_loaded + 200
    assert (Step.objects.count(), Perpetrator.objects.count(), Measure.objects.count()) == counts

    run("generate_scale", "--count", str(demo_loaded + 250))
    assert Incident.objects.count() == demo_loaded + 250
    # The ids go on from the sequences: an ordinary insert after the bulk one still works.
    incident = Incident.objects.filter(pk__gte=scaled).first()
    step = Step.objects.filter(incident=incident).first()
    step.pk = None
    step.rule_id = Step.objects.exclude(incident=incident).values_list("rule_id", flat=True).first()
    Step.objects.filter(incident=incident, rule_id=step.rule_id).delete()
    step.save()
    assert step.pk > Step.objects.exclude(pk=step.pk).order_by("-pk").values_list("pk", flat=True)[0]


EXPECTED = {
    "incidents": "count",
    "dashboard_ms": "ms",
    "dashboard_sql_ms": "ms",
    "dashboard_ratio": "ratio",
    "dashboard_raw_sql_ms": "ms",
    "figures_refresh_ms": "ms",
    "dashboard_view_ms": "ms",
    "dashboard_view_marked_ms": "ms",
    "figures_marked_slots": "slots",
    "figures_refresh_marked_ms": "ms",
    "list_ms": "ms",
    "list_queries": "queries",
    "list_deep_ms": "ms",
    "register_ms": "ms",
    "incident_ms": "ms",
    "incident_queries": "queries",
    "mine_empty_ms": "ms",
    "mine_reports": "count",
    "mine_many_ms": "ms",
}


def test_bench_dashboard_prints_every_figure(demo_loaded: int, scaled: int) -> None:
    output = run("bench_dashboard", "--runs", "1")
    lines = dict(line.split(" ", 1) for line in output.strip().splitlines())
    for name, unit in EXPECTED.items():
        assert re.fullmatch(rf"\d+(\.\d+)? {unit}", lines[name]), (name, lines.get(name))
    assert lines["incidents"] == f"{demo_loaded + 200} count"
    for line in output.strip().splitlines():
        assert re.fullmatch(r"[a-z_]+ \d+(\.\d+)? [a-z]+", line), line
