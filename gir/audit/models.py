from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _

from gir.core import clock
from gir.core.fields import ClockDateTimeField

from . import chain


class AuditAction(models.TextChoices):
    CREATED = "created", _("Aangemaakt")
    UPDATED = "updated", _("Gewijzigd")
    SUBMITTED = "submitted", _("Gemeld")
    EVIDENCE_ADDED = "evidence_added", _("Bewijs toegevoegd")
    EVIDENCE_DOWNLOADED = "evidence_downloaded", _("Bewijs bekeken")
    PERPETRATOR_READ = "perpetrator_read", _("Gegevens veroorzaker bekeken")
    # Who opened which incident (issue 17 item 7: the privacy officer sees who read what).
    INCIDENT_READ = "incident_read", _("Melding bekeken")
    STATUS_CHANGED = "status_changed", _("Status gewijzigd")
    HANDLER_ASSIGNED = "handler_assigned", _("Behandelaar toegewezen")
    PLAN_CHANGED = "plan_changed", _("Plan bijgewerkt")
    STEP_COMPLETED = "step_completed", _("Stap gedaan")
    STEP_WAIVED = "step_waived", _("Stap niet nodig")
    RULE_CHANGED = "rule_changed", _("Protocolregel gewijzigd")
    PERPETRATOR_LINKED = "perpetrator_linked", _("Veroorzaker gekoppeld")
    PERPETRATOR_UNLINKED = "perpetrator_unlinked", _("Koppeling veroorzaker verwijderd")
    PERPETRATORS_MERGED = "perpetrators_merged", _("Veroorzakers samengevoegd")
    PERPETRATOR_FORGOTTEN = "perpetrator_forgotten", _("Persoonsgegevens verwijderd")
    MEASURE_PROPOSED = "measure_proposed", _("Maatregel voorgesteld")
    OBJECTION_RECORDED = "objection_recorded", _("Bezwaar vastgelegd")
    LETTER_ISSUED = "letter_issued", _("Brief opgemaakt")
    LETTER_COPY_DONE = "letter_copy_done", _("Exemplaar verzonden of overhandigd")
    LETTER_DOWNLOADED = "letter_downloaded", _("Brief bekeken")
    TEMPLATE_CHANGED = "template_changed", _("Briefsjabloon gewijzigd")
    # The file of a measure for an objection committee or the ombudsman (issue 19 item 6).
    MEASURE_FILE_EXPORTED = "measure_file_exported", _("Dossier maatregel gemaakt")
    RECEPTION_CHECK = "reception_check", _("Bezoeker gecontroleerd")
    BAN_LIST_VIEWED = "ban_list_viewed", _("Overzicht toegangsverboden bekeken")
    POLICE_REPORT_RECORDED = "police_report_recorded", _("Melding of aangifte politie vastgelegd")
    POLICE_CASE_UPDATED = "police_case_updated", _("Verloop zaak politie bijgewerkt")
    POLICE_COPY_ADDED = "police_copy_added", _("Kopie aangifte toegevoegd")
    POLICE_COPY_DOWNLOADED = "police_copy_downloaded", _("Kopie aangifte bekeken")
    POLICE_DOSSIER_EXPORTED = "police_dossier_exported", _("Dossier voor de politie gemaakt")
    LABOUR_INSPECTORATE_NOTIFIED = "labour_notified", _("Melding Arbeidsinspectie vastgelegd")
    DAMAGE_RECORDED = "damage_recorded", _("Schade vastgelegd")
    DAMAGE_CLAIM_RECORDED = "damage_claim_recorded", _("Schadeverhaal vastgelegd")
    AFTERCARE_RECORDED = "aftercare_recorded", _("Nazorg vastgelegd")
    AFTERCARE_INVITED = "aftercare_invited", _("Uitnodiging nazorggesprek verstuurd")
    AFTERCARE_READ = "aftercare_read", _("Nazorgverslag gelezen")
    AFTERCARE_REPORT_VIEWED = "aftercare_report_viewed", _("Kwartaalrapportage nazorg bekeken")
    CASE_EXPORT_REQUESTED = "case_export_requested", _("Export van meldingen gevraagd")
    CASE_EXPORT_DOWNLOADED = "case_export_downloaded", _("Export van meldingen gedownload")
    SUBJECT_ACCESS_EXPORTED = "subject_access_exported", _("Inzageoverzicht AVG gemaakt")
    # Identity (issue 17): log-ins, second factors, passwords, sessions.
    LOGGED_IN = "logged_in", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
    LOGGED_OUT = "logged_out", _("Uitgelogd")
    SESSION_EXPIRED = "session_expired", _("Sessie verlopen")
    LOCKED_OUT = "locked_out", _("Account geblokkeerd na mislukte pogingen")
    UNLOCKED = "unlocked", _("Blokkade opgeheven")
    SECOND_FACTOR_ADDED = "second_factor_added", _("Tweede factor ingesteld")
    SECOND_FACTOR_REMOVED = "second_factor_removed", _("Tweede factor verwijderd")
    SECOND_FACTOR_PASSED = "second_factor_passed", _("Tweede factor geslaagd")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Tweede factor mislukt")
    RECOVERY_CODES_CREATED = "recovery_codes_created", _("Herstelcodes gemaakt")
    PASSWORD_CHANGED = "password_changed", _("Wachtwoord gewijzigd")
    PASSWORD_RESET_SENT = "password_reset_sent", _("Link voor nieuw wachtwoord verstuurd")
    # Accounts, roles and teams (issue 17 item 6), with before and after in changes.
    ACCOUNT_CREATED = "account_created", _("Account aangemaakt")
    ACCOUNT_CHANGED = "account_changed", _("Account gewijzigd")
    ROLE_GRANT_REQUESTED = "role_grant_requested", _("Toekenning rol aangevraagd")
    ROLE_GRANT_CONFIRMED = "role_grant_confirmed", _("Toekenning rol bevestigd")
    ROLE_GRANT_REFUSED = "role_grant_refused", _("Toekenning rol afgewezen")
    ROLE_GRANTED = "role_granted", _("Rol toegekend")
    ROLE_REVOKED = "role_revoked", _("Rol ingetrokken")
    MEMBERSHIP_CHANGED = "membership_changed", _("Teamlidmaatschap gewijzigd")
    # The privacy officer's reading of the log itself (issue 17 item 7).
    AUDIT_LOG_VIEWED = "audit_log_viewed", _("Auditlog bekeken")
    AUDIT_LOG_EXPORTED = "audit_log_exported", _("Auditlog geëxporteerd")
    # An import that failed half-way removes what it wrote (issue 18 item 4, ADR 0018).
    IMPORT_UNDONE = "import_undone", _("Import teruggedraaid")
    # Every record has a lifetime (issue 19 item 4, ADR 0023).
    RETENTION_RULE_CHANGED = "retention_rule_changed", _("Bewaartermijn gewijzigd")
    RECORDS_ERASED = "records_erased", _("Bewaartermijn verstreken: gegevens verwijderd")
    LEGAL_HOLD_SET = "legal_hold_set", _("Bewaarplicht ingesteld")
    LEGAL_HOLD_LIFTED = "legal_hold_lifted", _("Bewaarplicht opgeheven")


# Actions that change something; the history of an object shows these, not reads.
CHANGE_ACTIONS = frozenset(
    {
        AuditAction.CREATED,
        AuditAction.UPDATED,
        AuditAction.SUBMITTED,
        AuditAction.EVIDENCE_ADDED,
        AuditAction.STATUS_CHANGED,
        AuditAction.HANDLER_ASSIGNED,
        AuditAction.PLAN_CHANGED,
        AuditAction.STEP_COMPLETED,
        AuditAction.STEP_WAIVED,
        AuditAction.RULE_CHANGED,
        AuditAction.PERPETRATOR_LINKED,
        AuditAction.PERPETRATOR_UNLINKED,
        AuditAction.PERPETRATORS_MERGED,
        AuditAction.PERPETRATOR_FORGOTTEN,
        AuditAction.MEASURE_PROPOSED,
        AuditAction.OBJECTION_RECORDED,
        AuditAction.LETTER_ISSUED,
        AuditAction.LETTER_COPY_DONE,
        AuditAction.TEMPLATE_CHANGED,
        AuditAction.POLICE_REPORT_RECORDED,
        AuditAction.POLICE_CASE_UPDATED,
        AuditAction.POLICE_COPY_ADDED,
        AuditAction.LABOUR_INSPECTORATE_NOTIFIED,
        AuditAction.DAMAGE_RECORDED,
        AuditAction.DAMAGE_CLAIM_RECORDED,
        AuditAction.AFTERCARE_RECORDED,
        AuditAction.AFTERCARE_INVITED,
        AuditAction.ACCOUNT_CREATED,
        AuditAction.ACCOUNT_CHANGED,
        AuditAction.ROLE_GRANT_REQUESTED,
        AuditAction.ROLE_GRANT_CONFIRMED,
        AuditAction.ROLE_GRANT_REFUSED,
        AuditAction.ROLE_GRANTED,
        AuditAction.ROLE_REVOKED,
        AuditAction.MEMBERSHIP_CHANGED,
        AuditAction.PASSWORD_CHANGED,
        AuditAction.SECOND_FACTOR_ADDED,
        AuditAction.SECOND_FACTOR_REMOVED,
        AuditAction.RETENTION_RULE_CHANGED,
        AuditAction.RECORDS_ERASED,
        AuditAction.LEGAL_HOLD_SET,
        AuditAction.LEGAL_HOLD_LIFTED,
    }
)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Every insert into the log is chained (gir.audit.chain): ``create``, ``save`` of a
    new row and ``bulk_create`` all come here. Updates and deletes reach the database,
    whose triggers refuse them (migration 0009)."""

    def create(self, **kwargs: Any) -> "AuditEvent":
        return self.bulk_create([self.model(**kwargs)])[0]

    def bulk_create(  # type: ignore[override]  # plain inserts only: no conflict handling
        self, objs: Iterable["AuditEvent"], batch_size: int | None = None
    ) -> list["AuditEvent"]:
        events = list(objs)
        if not events:
            return events
        self._for_write = True  # read the newest hash where the rows are written
        with transaction.atomic(using=self.db):
            chain.lock(self.db)
            prev = self.order_by("-pk").values_list("hash", flat=True).first() or chain.GENESIS
            now = clock.now()
            for event in events:
                if event.pk is not None:
                    raise ValueError("an audit row is written once, without an id of its own")
                event.at = event.at or now
                event.changes = chain.normalised(event.changes)
                event.prev_hash = prev
                event.hash = prev = event.compute_hash()
            return super().bulk_create(events, batch_size=batch_size)


class AuditEvent(models.Model):
    """Append-only log of changes and of reads of sensitive data (DESIGN §1).

    The database refuses UPDATE and DELETE of its rows (triggers, migration 0009); only
    the retention prune may remove the oldest rows, below a checkpoint. Each row holds
    the hash of the row before it (ADR 0012)."""

    at = ClockDateTimeField(_("tijdstip"), db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("handeling"), max_length=30, choices=AuditAction.choices)
    target_type = models.CharField(_("soort object"), max_length=60)
    target_id = models.CharField(_("object"), max_length=40)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    prev_hash = models.CharField(_("hash vorige regel"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target_type}#{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new row goes through the chain; any other save is an UPDATE the database refuses.
        if self._state.adding and self.pk is None:
            using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
            type(self).objects.using(using).bulk_create([self])
            return
        super().save(*args, **kwargs)

    def compute_hash(self) -> str:
        return chain.event_hash(
            prev_hash=self.prev_hash,
            at=self.at,
            actor_id=self.actor_id,
            action=self.action,
            target_type=self.target_type,
            target_id=self.target_id,
            changes=self.changes,
            detail=self.detail,
        )


class AuditCheckpoint(models.Model):
    """Where the retention prune cut the log: the rows below ``first_kept_id`` are gone,
    and the first row kept links to ``prev_hash``, the hash of the last row removed. The
    database lets checkpoints only be added, each further on than the last, and lets
    audit rows be deleted only below the newest one (migration 0009)."""

    made_at = ClockDateTimeField(_("tijdstip"), editable=False)
    first_kept_id = models.BigIntegerField(_("eerste bewaarde regel"))
    prev_hash = models.CharField(_("hash laatste verwijderde regel"), max_length=64)
    pruned = models.PositiveIntegerField(_("verwijderde regels"))
    pruned_through = ClockDateTimeField(_("verwijderd tot en met"))
    retention_days = models.PositiveIntegerField(_("bewaartermijn in dagen"))

    class Meta:
        verbose_name = _("opschoonpunt auditlog")
        verbose_name_plural = _("opschoonpunten auditlog")
        ordering = ["first_kept_id"]

    def __str__(self) -> str:
        return f"{self.made_at:%Y-%m-%d} < #{self.first_kept_id}"
