"""Retention (issue 17 item 7): the nightly prune removes rows older than
GIR_AUDIT_RETENTION_DAYS from the old end, records a checkpoint, and the log that stays
is still one verifiable chain; everything else stays append-only."""

import datetime as dt
import io

from django.core.management import call_command
from django.db import DatabaseError, transaction

import pytest
import time_machine

from gir.accounts.tests.factories import UserFactory
from gir.audit.models import AuditAction, AuditCheckpoint, AuditEvent
from gir.audit.services import audit_prune, log_event
from gir.audit.tasks import prune_audit_log
from gir.audit.verify import chain_verify
from gir.core import clock

pytestmark = pytest.mark.django_db


def log(detail: str) -> AuditEvent:
    return log_event(actor=None, action=AuditAction.LOGIN_FAILED, target=None, target_type="x", detail=detail)


def years_ago(years: int) -> dt.datetime:
    return clock.now() - dt.timedelta(days=365 * years + 2)


def test_the_default_keeps_seven_years(settings):
    assert settings.GIR_AUDIT_RETENTION_DAYS == 7 * 365 + 2


def test_rows_past_the_retention_go_from_the_old_end_and_the_rest_still_verifies(settings):
    settings.GIR_AUDIT_RETENTION_DAYS = 365
    with time_machine.travel(years_ago(3), tick=False):
        old = [log("oud 1"), log("oud 2")]
    with time_machine.travel(years_ago(2), tick=False):
        old.append(log("oud 3"))
    with time_machine.travel(clock.now() - dt.timedelta(days=30), tick=False):
        recent = log("recent")
    with time_machine.travel(years_ago(2), tick=False):
        # Written late with an old date (as the demo writes history): after a young row,
        # so it stays until everything before it has gone too.
        late_old = log("laat maar oud")
    newest = log("nieuw")

    checkpoint = audit_prune()

    assert checkpoint is not None
    assert checkpoint.pruned == 3
    assert checkpoint.first_kept_id == recent.pk
    assert checkpoint.prev_hash == old[-1].hash
    assert checkpoint.pruned_through == old[-1].at
    assert checkpoint.retention_days == 365
    assert list(AuditEvent.objects.order_by("pk")) == [recent, late_old, newest]
    verdict = chain_verify()
    assert verdict.intact and verdict.checked == 3
    # The next append still chains on, and nothing else may be deleted.
    log("daarna")
    assert chain_verify().intact
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=recent.pk).delete()
    assert audit_prune() is None  # nothing more is old enough from the old end


def test_a_year_later_the_prune_moves_on(settings):
    settings.GIR_AUDIT_RETENTION_DAYS = 365
    with time_machine.travel(years_ago(3), tick=False):
        log("oud")
    with time_machine.travel(clock.now() - dt.timedelta(days=100), tick=False):
        kept_now = log("bijna oud")
    log("nieuw")
    assert audit_prune().first_kept_id == kept_now.pk
    with time_machine.travel(clock.now() + dt.timedelta(days=300), tick=False):
        prune_audit_log.call()
        call_command("verify_audit", stdout=io.StringIO())
    assert AuditCheckpoint.objects.count() == 2
    assert AuditEvent.objects.get().detail == "nieuw"


def test_when_every_row_is_old_the_newest_stays_as_the_anchor(settings):
    settings.GIR_AUDIT_RETENTION_DAYS = 30
    actor = UserFactory()
    with time_machine.travel(years_ago(1), tick=False):
        log("a")
        last = log_event(actor=actor, action=AuditAction.LOGGED_IN, target=actor)
    assert audit_prune().pruned == 1
    assert list(AuditEvent.objects.all()) == [last]
    assert chain_verify().intact
    assert audit_prune() is None


def test_an_empty_log_needs_no_prune():
    assert audit_prune() is None
