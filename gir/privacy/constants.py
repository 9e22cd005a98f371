from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.audit.models import AuditAction

A = AuditAction


class ActionKind(models.TextChoices):
    """Kinds of action the privacy officer filters on."""

    READS = "reads", _("Inzage van gegevens")
    RECEPTION = "reception", _("Zoeken aan de balie")
    LOGINS = "logins", _("Inloggen en uitloggen")
    ACCOUNTS = "accounts", _("Accounts, rollen en teams")
    CHANGES = "changes", _("Wijzigingen in dossiers")
    AUDIT = "audit", _("Lezen van het auditlog")


IDENTITY_ACTIONS = frozenset(
    {
        A.ACCOUNT_CREATED,
        A.ACCOUNT_CHANGED,
        A.ROLE_GRANT_REQUESTED,
        A.ROLE_GRANT_CONFIRMED,
        A.ROLE_GRANT_REFUSED,
        A.ROLE_GRANTED,
        A.ROLE_REVOKED,
        A.MEMBERSHIP_CHANGED,
    }
)
LOGIN_ACTIONS = frozenset(
    {
        A.LOGGED_IN,
        A.LOGIN_FAILED,
        A.LOGGED_OUT,
        A.SESSION_EXPIRED,
        A.LOCKED_OUT,
        A.UNLOCKED,
        A.SECOND_FACTOR_ADDED,
        A.SECOND_FACTOR_REMOVED,
        A.SECOND_FACTOR_PASSED,
        A.SECOND_FACTOR_FAILED,
        A.RECOVERY_CODES_CREATED,
        A.PASSWORD_CHANGED,
        A.PASSWORD_RESET_SENT,
    }
)
READ_ACTIONS = frozenset(
    {
        A.INCIDENT_READ,
        A.EVIDENCE_DOWNLOADED,
        A.PERPETRATOR_READ,
        A.LETTER_DOWNLOADED,
        A.POLICE_COPY_DOWNLOADED,
        A.POLICE_DOSSIER_EXPORTED,
        A.MEASURE_FILE_EXPORTED,
        A.AFTERCARE_READ,
        A.AFTERCARE_REPORT_VIEWED,
        A.CASE_EXPORT_REQUESTED,
        A.CASE_EXPORT_DOWNLOADED,
        A.SUBJECT_ACCESS_EXPORTED,
        A.BAN_LIST_VIEWED,
        A.RECEPTION_CHECK,
    }
)
RECEPTION_ACTIONS = frozenset({A.RECEPTION_CHECK, A.BAN_LIST_VIEWED})
AUDIT_ACTIONS = frozenset({A.AUDIT_LOG_VIEWED, A.AUDIT_LOG_EXPORTED})
CHANGE_KIND_ACTIONS = frozenset(
    set(A) - IDENTITY_ACTIONS - LOGIN_ACTIONS - READ_ACTIONS - RECEPTION_ACTIONS - AUDIT_ACTIONS
)

ACTIONS_OF_KIND: dict[str, frozenset[AuditAction]] = {
    ActionKind.READS: READ_ACTIONS,
    ActionKind.RECEPTION: RECEPTION_ACTIONS,
    ActionKind.LOGINS: LOGIN_ACTIONS,
    ActionKind.ACCOUNTS: IDENTITY_ACTIONS,
    ActionKind.CHANGES: CHANGE_KIND_ACTIONS,
    ActionKind.AUDIT: AUDIT_ACTIONS,
}

# The retention schedule's own changes and runs (ADR 0023): periods and counts, no content.
RETENTION_ACTIONS = frozenset({A.RETENTION_RULE_CHANGED, A.RECORDS_ERASED})

# What the screen may show of a row beyond who, when, what and which object: the search
# term at the desk, a log-in's note, the before and after of a role, the officer's own
# filters. Everything else (a status reason, a measure's grounds) is case content: hidden.
DETAIL_SHOWN = RECEPTION_ACTIONS | LOGIN_ACTIONS | IDENTITY_ACTIONS | AUDIT_ACTIONS | RETENTION_ACTIONS
CHANGES_SHOWN = IDENTITY_ACTIONS | AUDIT_ACTIONS | RETENTION_ACTIONS
