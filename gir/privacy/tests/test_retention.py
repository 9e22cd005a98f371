"""Every record has a lifetime (issue 19 item 4, ADR 0023): the schedule as data, the
nightly run in batches with its deletion log, the dry run, the legal hold and running
cases, files gone from the store, and the dashboard's figures unchanged afterwards."""

import datetime as dt
import os
from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
import time_machine

from conftest import PERSONAS, TEST_NOW
from gir.aftercare.constants import ConversationStatus, Stage
from gir.aftercare.models import Conversation
from gir.audit.models import AuditAction, AuditEvent
from gir.core import clock
from gir.core import retention as registry
from gir.damage.constants import ClaimRoute, ClaimStatus, DamageKind, DamageOwner
from gir.damage.models import DamageClaim, DamageItem
from gir.demo.load import load_demo
from gir.imports.constants import FileKind
from gir.imports.models import ImportBatch
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Evidence, Incident, LegalHold, Victim
from gir.incidents.retention import WIPED_FIELDS, legal_hold_set
from gir.incidents.tests.factories import IncidentFactory
from gir.learning.constants import CauseKind, EvaluationStatus, FactorCategory
from gir.learning.models import Cause, Evaluation
from gir.perpetrators.tests.factories import PerpetratorFactory
from gir.police.constants import CaseStage, FiledBy, PoliceReportKind
from gir.police.models import PoliceReport
from gir.privacy.retention_models import DeletionLog, RetentionRule
from gir.privacy.retention_services import retention_run
from gir.reports import tallies
from gir.reports.constants import ExportFormat, ExportStatus
from gir.reports.models import Export, FigureCount

pytestmark = pytest.mark.django_db

ELEVEN_YEARS_LATER = TEST_NOW + dt.timedelta(days=11 * 365)
SCHEDULE = reverse("privacy:retention")
LOG = reverse("privacy:deletion_log")
DRY_RUN = reverse("privacy:retention_dry_run")
HOLDS = reverse("privacy:legal_holds")


def closed(incident: Incident, *, at: dt.datetime | None = None) -> Incident:
    Incident.objects.filter(pk=incident.pk).update(
        status=IncidentStatus.CLOSED, closed_at=at or clock.now() - dt.timedelta(days=1)
    )
    incident.refresh_from_db()
    return incident


def evidence(incident: Incident, content: bytes = b"%PDF-1.4 bewijs") -> Evidence:
    item = Evidence(
        incident=incident,
        original_name="scherm.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=f"{incident.pk:064d}",
        uploaded_by=incident.reporter,
    )
    item.file.save(item.sha256, ContentFile(content), save=False)
    item.save()
    return item


def aangifte(incident: Incident, stage: str = CaseStage.FILED) -> PoliceReport:
    report = PoliceReport(
        incident=incident,
        kind=PoliceReportKind.AANGIFTE,
        filed_by=FiledBy.EMPLOYER,
        domicile="Stadhuisplein 1",
        police_unit="Bureau Centrum",
        reported_at=clock.now(),
        notes="De veroorzaker heet Jan Jansen",
        recorded_by=incident.reporter,
        stage=stage,
    )
    report.copy.save("kopie", ContentFile(b"%PDF-1.4 kopie"), save=False)
    report.save()
    return report


def later(days: int = 11 * 365):
    return time_machine.travel(TEST_NOW + dt.timedelta(days=days), tick=False)


def counts() -> list[tuple]:
    rows = FigureCount.objects.values_list("month", "team_id", "restricted", "dimension", "key", "count")
    return sorted(rows, key=lambda row: (row[0], row[1] or 0, *row[2:]))


def figures() -> list[tuple]:
    """Every figure of the dashboard, counted again from scratch (ADR 0007)."""
    tallies.rebuild()
    return counts()


# --- The schedule as data -----------------------------------------------------------------


def test_every_kind_of_record_has_a_shipped_rule_with_a_ground():
    rules = {rule.key: rule for rule in RetentionRule.objects.all()}
    keys = {kind.key for kind in registry.kinds()}
    assert keys == set(rules)
    assert keys >= {
        "incidents",
        "evidence",
        "police_files",
        "damage",
        "aftercare_notes",
        "evaluations",
        "self_assessments",
        "exports",
        "import_files",
        "audit_log",
        "task_queue",
        "perpetrators",
    }
    for rule in rules.values():
        assert rule.days > 0 and rule.ground and rule.counted_from
    assert rules["incidents"].days >= 10 * 365
    assert rules["aftercare_notes"].days < rules["incidents"].days
    assert rules["exports"].days == 30


# --- The run on demo data: dry, then real, figures unchanged -----------------------------------


@pytest.mark.slow
def test_the_run_on_the_demo_anonymises_and_the_figures_of_those_years_stay():
    load_demo(incident_count=60)
    before = figures()
    assert before
    closed_ids = set(Incident.objects.exclude(closed_at=None).values_list("pk", flat=True))
    assert closed_ids
    with later():
        dry = {log.kind: log for log in retention_run(dry_run=True)}
        assert dry["incidents"].count == len(closed_ids)
        assert not Incident.objects.exclude(anonymised_at=None).exists()
        assert all(log.dry_run and log.batches == 0 for log in dry.values())

        real = {log.kind: log for log in retention_run(dry_run=False, batch_size=7)}
    assert real["incidents"].count == len(closed_ids)
    assert real["incidents"].batches == -(-len(closed_ids) // 7)
    anonymised = Incident.objects.filter(pk__in=closed_ids)
    assert not anonymised.filter(anonymised_at=None).exists()
    for field in WIPED_FIELDS:
        assert not anonymised.exclude(**{field: ""}).exists(), field
    assert not Victim.objects.filter(incident__in=anonymised).exclude(name="").exists()
    # The counted facts stay: the figures counted again from scratch are the same.
    assert figures() == before
    # The log says what kind, how many, which rule, when; nothing about which incidents.
    entry = DeletionLog.objects.get(kind="incidents", dry_run=False)
    assert entry.rule.key == "incidents" and entry.count == len(closed_ids)
    erased = AuditEvent.objects.filter(action=AuditAction.RECORDS_ERASED)
    assert erased.count() == sum(log.batches for log in real.values())
    # What a run erased is no longer due: a second run finds nothing left of any kind.
    with later():
        again = {log.kind: log for log in retention_run(dry_run=False)}
    assert {kind: log.count for kind, log in again.items() if not log.left_to_own_task} == dict.fromkeys(
        (kind for kind, log in again.items() if not log.left_to_own_task), 0
    )


def test_figures_stay_when_counted_again_after_the_run(world):
    for incident in (world.incident_a, world.incident_b, world.restricted):
        closed(incident)
    before = figures()
    with later():
        retention_run(dry_run=False)
    assert Incident.objects.filter(pk=world.incident_a.pk, description="").exists()
    tallies.mark_changed(Incident.objects.all())
    tallies.refresh()
    assert counts() == before
    assert figures() == before


def test_nothing_is_due_before_its_period(world):
    closed(world.incident_a)
    evidence(world.incident_a)
    with later(days=4 * 365):
        logs = {log.kind: log for log in retention_run(dry_run=False)}
    assert logs["incidents"].count == 0 and logs["evidence"].count == 0
    assert Evidence.objects.count() == 1
    assert Incident.objects.get(pk=world.incident_a.pk).description == "Schelden A"


# --- Files, holds, running cases ----------------------------------------------------------------


def test_evidence_files_are_deleted_from_the_store_not_only_the_rows(world):
    item = evidence(closed(world.incident_a))
    storage, name = item.file.storage, item.file.name
    assert storage.exists(name)
    with later(days=6 * 365):
        logs = {log.kind: log for log in retention_run(dry_run=False)}
    assert logs["evidence"].count == 1
    assert not Evidence.objects.exists()
    assert not storage.exists(name)


def test_a_legal_hold_keeps_evidence_and_police_files_until_it_is_lifted(world):
    held = closed(world.incident_a)
    free = closed(world.incident_b)
    held_evidence, free_evidence = evidence(held), evidence(free)
    report = aangifte(held, stage=CaseStage.CONVICTED)
    legal_hold_set(actor=world.users["coordinator"], incident=held, reason="Civiele procedure loopt")
    with later():
        retention_run(dry_run=False)
    assert Evidence.objects.filter(pk=held_evidence.pk).exists()
    assert held_evidence.file.storage.exists(held_evidence.file.name)
    assert not Evidence.objects.filter(pk=free_evidence.pk).exists()
    report.refresh_from_db()
    assert report.copy.name and report.notes
    assert Incident.objects.get(pk=held.pk).anonymised_at is None

    LegalHold.objects.get(incident=held).delete()
    with later():
        retention_run(dry_run=False)
    report.refresh_from_db()
    assert not report.copy.name and not report.notes
    assert report.kind == PoliceReportKind.AANGIFTE and report.stage == CaseStage.CONVICTED
    assert not Evidence.objects.filter(pk=held_evidence.pk).exists()


def test_a_running_aangifte_or_damage_claim_holds_the_files(world):
    running = closed(world.incident_a)
    claimed = closed(world.incident_b)
    aangifte(running, stage=CaseStage.PROSECUTED)
    kept = [evidence(running), evidence(claimed)]
    item = DamageItem.objects.create(
        incident=claimed,
        kind=DamageKind.MATERIAL,
        owner=DamageOwner.EMPLOYEE,
        description="Bril van Piet Jansen",
        amount=120,
        recorded_by=world.users["legal"],
    )
    claim = DamageClaim.objects.create(
        incident=claimed,
        perpetrator=PerpetratorFactory(),
        route=ClaimRoute.CIVIL,
        amount_claimed=120,
        status=ClaimStatus.OPEN,
        claimed_on=clock.today(),
        recorded_by=world.users["legal"],
    )
    claim.items.add(item)
    with later():
        logs = {log.kind: log for log in retention_run(dry_run=True)}
        assert logs["evidence"].count == 0 and logs["police_files"].count == 0
        retention_run(dry_run=False)
    assert Evidence.objects.filter(pk__in=[e.pk for e in kept]).count() == 2
    assert DamageItem.objects.get(pk=item.pk).description == "Bril van Piet Jansen"


def test_the_run_goes_in_batches_each_with_its_audit_row(world):
    old = TEST_NOW - dt.timedelta(days=40)
    for _ in range(5):
        export = Export.objects.create(
            requested_by=world.users["coordinator"], format=ExportFormat.CSV, status=ExportStatus.DONE
        )
        export.file.save("meldingen.csv", ContentFile(b"a;b\n"), save=True)
        Export.objects.filter(pk=export.pk).update(requested_at=old)
    Export.objects.create(requested_by=world.users["coordinator"], format=ExportFormat.CSV)  # young
    logs = {log.kind: log for log in retention_run(dry_run=False, batch_size=2)}
    assert (logs["exports"].count, logs["exports"].batches) == (5, 3)
    assert Export.objects.count() == 1
    erased = AuditEvent.objects.filter(action=AuditAction.RECORDS_ERASED, changes__soort="exports")
    assert sorted(event.changes["aantal"] for event in erased) == [1, 2, 2]


def test_aftercare_notes_go_after_the_last_conversation_and_the_counts_stay(world):
    incident = closed(world.incident_a)
    talk = Conversation.objects.create(
        incident=incident,
        stage=Stage.FIRST,
        employee=world.users["employee"],
        status=ConversationStatus.HELD,
        held_at=clock.now(),
        emotions="Bang, slaapt slecht",
        referral_notes="Huisarts",
    )
    with later(days=365):
        assert {log.kind: log.count for log in retention_run(dry_run=True)}["aftercare_notes"] == 0
    with later(days=3 * 365):
        retention_run(dry_run=False)
    talk.refresh_from_db()
    assert talk.emotions == "" and talk.referral_notes == ""
    assert talk.status == ConversationStatus.HELD and talk.held_at is not None


def test_evaluations_lose_their_text_and_imported_files_go_with_their_rows(world):
    written = Evaluation.objects.create(
        incident=closed(world.incident_a),
        description="Piet Jansen sloeg op de balie",
        obstacles="Geen tweede collega",
        status=EvaluationStatus.FINAL,
        written_by=world.users["coordinator"],
        finished_at=clock.now(),
    )
    cause = Cause.objects.create(
        evaluation=written,
        kind=CauseKind.DIRECT,
        description="Wachttijd",
        category=FactorCategory.TECHNICAL,
    )
    batch = ImportBatch(
        uploaded_by=world.users["coordinator"], original_name="oud.csv", kind=FileKind.CSV, sha256="a" * 64
    )
    batch.file.save("oud.csv", ContentFile(b"naam;datum\nPiet Jansen;1-1-2020\n"), save=False)
    batch.save()
    storage, name = batch.file.storage, batch.file.name
    with later(days=6 * 365):
        logs = {log.kind: log.count for log in retention_run(dry_run=False)}
    assert logs["evaluations"] == 1 and logs["import_files"] == 1
    written.refresh_from_db()
    cause.refresh_from_db()
    assert written.description == "" and written.obstacles == ""
    assert cause.description == "" and cause.category == FactorCategory.TECHNICAL
    assert not ImportBatch.objects.exists() and not storage.exists(name)


def test_the_outbox_files_of_development_go_after_their_period(tmp_path, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    mail = tmp_path / "mail-1.log"
    mail.write_text("Aan: Piet Jansen")
    written = TEST_NOW.timestamp()
    os.utime(mail, (written, written))  # the file system's clock is not the test's
    with later(days=31):
        logs = {log.kind: log for log in retention_run(dry_run=False)}
    assert logs["outbox_files"].count == 1
    assert not list(tmp_path.iterdir())


def test_the_audit_log_and_the_register_are_counted_and_left_to_their_own_task(world):
    with later(days=8 * 365):
        logs = {log.kind: log for log in retention_run(dry_run=False)}
    assert logs["audit_log"].left_to_own_task and logs["perpetrators"].left_to_own_task
    assert logs["audit_log"].count > 0  # the world's rows are old by then
    assert AuditEvent.objects.exists()


def test_manage_py_retention_dry_run_counts_and_changes_nothing(world):
    closed(world.incident_a)
    out = StringIO()
    with later():
        call_command("retention", "--dry-run", stdout=out)
    assert "Meldingen en hun feiten: 1 zou weg gaan" in out.getvalue()
    assert Incident.objects.get(pk=world.incident_a.pk).anonymised_at is None
    assert DeletionLog.objects.filter(dry_run=True).count() == len(registry.kinds())


# --- The pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_the_deletion_log_is_for_the_privacy_officer_and_the_coordinator(client, world, persona):
    client.force_login(world.users[persona])
    allowed = persona in {"privacy_officer", "coordinator"}
    for url in (SCHEDULE, LOG):
        assert client.get(url).status_code == (200 if allowed else 403)
    assert client.post(DRY_RUN).status_code == (302 if allowed else 403)
    assert client.get(HOLDS).status_code == (200 if persona == "coordinator" else 403)


def test_the_privacy_officer_reads_counts_never_content(client, world):
    closed(world.incident_a, at=clock.now() - dt.timedelta(days=3))
    RetentionRule.objects.filter(key="incidents").update(days=1)
    client.force_login(world.users["privacy_officer"])
    response = client.post(DRY_RUN, follow=True)
    body = response.content.decode()
    assert "(samen 1)" in body
    assert "Meldingen en hun feiten" in body and "proefrun" in body
    assert "Schelden A" not in body and world.incident_a.reference not in body
    assert response.redirect_chain[-1][0] == LOG


def test_the_deletion_log_page_costs_the_same_queries_for_more_runs(client, world):
    client.force_login(world.users["privacy_officer"])
    retention_run(dry_run=True, actor=world.users["coordinator"])
    client.get(LOG)
    with CaptureQueriesContext(connection) as one:
        client.get(LOG)
    for _ in range(3):
        retention_run(dry_run=True, actor=world.users["privacy_officer"])
    with CaptureQueriesContext(connection) as four:
        assert client.get(LOG).status_code == 200
    assert len(four) == len(one)


def test_the_coordinator_changes_a_period_and_it_is_audit_logged(client, world):
    rule = RetentionRule.objects.get(key="aftercare_notes")
    url = reverse("privacy:retention_rule", args=[rule.pk])
    client.force_login(world.users["coordinator"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"days": "400", "version": rule.version})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.days == 400 and rule.changed_by == world.users["coordinator"]
    event = AuditEvent.objects.get(action=AuditAction.RETENTION_RULE_CHANGED)
    assert event.changes["termijn_dagen"] == [730, 400]


def test_a_bad_period_is_refused_in_dutch_and_keeps_what_was_typed(client, world):
    rule = RetentionRule.objects.get(key="exports")
    url = reverse("privacy:retention_rule", args=[rule.pk])
    client.force_login(world.users["privacy_officer"])
    response = client.post(url, {"days": "0", "version": rule.version})
    assert response.status_code == 400
    assert "minstens 1 dag" in response.content.decode()
    assert 'value="0"' in response.content.decode()
    response = client.post(url, {"days": "45", "version": rule.version - 1 or 99})
    assert response.status_code == 409
    assert 'value="45"' in response.content.decode()
    rule.refresh_from_db()
    assert rule.days == 30
    assert not AuditEvent.objects.filter(action=AuditAction.RETENTION_RULE_CHANGED).exists()


def test_a_period_set_on_the_server_is_not_edited_on_the_page(client, world):
    rule = RetentionRule.objects.get(key="audit_log")
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("privacy:retention_rule", args=[rule.pk])).status_code == 404


def test_the_coordinator_sets_and_lifts_a_legal_hold_audit_logged(client, world):
    client.force_login(world.users["coordinator"])
    incident = world.incident_a
    response = client.post(HOLDS, {"melding": incident.reference, "reden": "Rechtszaak"})
    assert response.status_code == 302
    hold = LegalHold.objects.get(incident=incident)
    assert hold.reason == "Rechtszaak"
    assert AuditEvent.objects.filter(action=AuditAction.LEGAL_HOLD_SET, target_id=str(incident.pk)).exists()
    assert incident.reference in client.get(HOLDS).content.decode()

    lift = reverse("privacy:legal_hold_lift", args=[hold.pk])
    client.post(lift, {"reden": "Zaak afgerond"})
    assert not LegalHold.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.LEGAL_HOLD_LIFTED)
    assert event.detail == "Zaak afgerond"


def test_a_legal_hold_on_an_unknown_incident_is_refused_in_dutch(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(HOLDS, {"melding": "M-999999", "reden": "Rechtszaak"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "bestaat niet" in body and 'value="Rechtszaak"' in body
    response = client.post(HOLDS, {"melding": "foto", "reden": ""})
    assert response.status_code == 400
    assert "zoals M-000123" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_holds_page_queries_do_not_grow_with_holds(client, world):
    client.force_login(world.users["coordinator"])
    legal_hold_set(actor=world.users["coordinator"], incident=world.incident_a, reason="Eén")
    client.get(HOLDS)
    with CaptureQueriesContext(connection) as one:
        client.get(HOLDS)
    for _ in range(3):
        legal_hold_set(actor=world.users["coordinator"], incident=IncidentFactory(), reason="Meer")
    with CaptureQueriesContext(connection) as four:
        client.get(HOLDS)
    assert len(four) == len(one)


def test_the_audit_log_reader_shows_the_schedules_changes_and_runs(client, world):
    rule = RetentionRule.objects.get(key="exports")
    client.force_login(world.users["coordinator"])
    client.post(reverse("privacy:retention_rule", args=[rule.pk]), {"days": "14", "version": rule.version})
    Export.objects.create(requested_by=world.users["coordinator"], format=ExportFormat.CSV, status="done")
    with later(days=20):
        retention_run(dry_run=False)
    client.force_login(world.users["privacy_officer"])
    body = client.get(reverse("privacy:audit_log")).content.decode()
    assert "Bewaartermijn gewijzigd" in body and "termijn_dagen: 30 → 14" in body
    assert "Bewaartermijn verstreken: gegevens verwijderd" in body and "soort: exports; aantal: 1" in body


def test_the_incident_page_shows_the_coordinator_its_legal_hold_and_an_anonymised_incident_says_so(
    client, world
):
    url = reverse("incidents:detail", args=[world.incident_a.pk])
    client.force_login(world.users["coordinator"])
    assert "Geen bewaarplicht" in client.get(url).content.decode()
    client.post(HOLDS, {"melding": world.incident_a.reference, "reden": "Rechtszaak loopt"})
    assert "Rechtszaak loopt" in client.get(url).content.decode()
    client.force_login(world.users["team_manager"])
    assert "Bewaarplicht" not in client.get(url).content.decode()

    closed(world.incident_b)
    with later():
        retention_run(dry_run=False)
    client.force_login(world.users["coordinator"])
    body = client.get(reverse("incidents:detail", args=[world.incident_b.pk])).content.decode()
    assert "Na de bewaartermijn geanonimiseerd" in body and "Duwen B" not in body


def test_the_nightly_task_runs_the_schedule_for_real(world):
    from gir.privacy.tasks import apply_retention

    closed(world.incident_a)
    with later():
        result = apply_retention.enqueue()
    assert result.return_value["incidents"] == 1
    assert "audit_log" not in result.return_value  # left to its own task
    assert DeletionLog.objects.filter(dry_run=False, kind="incidents", count=1).exists()


def test_finished_tasks_and_their_mail_arguments_go_after_their_period(world):
    from django.tasks.base import TaskResultStatus

    from django_tasks_db.models import DBTaskResult

    def task_row(status: str, finished: dt.datetime | None) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            finished_at=finished,
            args_kwargs={"args": [world.incident_a.pk], "kwargs": {}},
            task_path="gir.incidents.tasks.notify_new_report",
            backend_name="default",
            run_after=clock.now(),
        )

    sent = task_row(TaskResultStatus.SUCCESSFUL, clock.now())
    waiting = task_row(TaskResultStatus.READY, None)
    with later(days=31):
        logs = {log.kind: log.count for log in retention_run(dry_run=False)}
    assert logs["task_queue"] == 1
    assert not DBTaskResult.objects.filter(pk=sent.pk).exists()
    assert DBTaskResult.objects.filter(pk=waiting.pk).exists()
