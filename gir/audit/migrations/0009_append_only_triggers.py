"""The audit log is append-only at the database (issue 17 item 7; ADR 0012).

Triggers refuse every UPDATE of an audit row and every DELETE, except of rows below the
newest retention checkpoint (the prune's old end); checkpoints themselves can only be
added, each further on than the last and at a row that exists. PostgreSQL refuses
TRUNCATE of both tables too. Hand-written SQL per vendor (RunPython on the vendor), no
django-pgtrigger: SQLite needs hand SQL anyway, and one migration shows a reviewer both.
`manage.py flush` (an empty database, as after a transactional test) lifts them for the
length of its own transaction: gir/audit/management/commands/flush.py.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE of audit_auditevent refused'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    WHEN OLD.id >= COALESCE((SELECT MAX(first_kept_id) FROM audit_auditcheckpoint), 0)
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE of audit_auditevent refused'); END""",
    """CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_auditcheckpoint
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE of audit_auditcheckpoint refused'); END""",
    """CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_auditcheckpoint
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE of audit_auditcheckpoint refused'); END""",
    """CREATE TRIGGER audit_checkpoint_forward BEFORE INSERT ON audit_auditcheckpoint
    WHEN NEW.first_kept_id <= COALESCE((SELECT MAX(first_kept_id) FROM audit_auditcheckpoint), 0)
      OR NOT EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.first_kept_id)
    BEGIN SELECT RAISE(ABORT, 'audit checkpoint refused: it must move forward to an existing row'); END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "audit_event_no_update",
        "audit_event_no_delete",
        "audit_checkpoint_no_update",
        "audit_checkpoint_no_delete",
        "audit_checkpoint_forward",
    )
]

POSTGRESQL = [
    """CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit log is append-only: % of % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    """CREATE FUNCTION audit_event_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.id < COALESCE((SELECT MAX(first_kept_id) FROM audit_auditcheckpoint), 0) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit log is append-only: DELETE of audit_auditevent refused'
        USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    """CREATE FUNCTION audit_checkpoint_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.first_kept_id <= COALESCE((SELECT MAX(first_kept_id) FROM audit_auditcheckpoint), 0)
         OR NOT EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.first_kept_id) THEN
        RAISE EXCEPTION 'audit checkpoint refused: it must move forward to an existing row'
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse()""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_delete_guard()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse()""",
    """CREATE TRIGGER audit_checkpoint_no_change BEFORE UPDATE OR DELETE ON audit_auditcheckpoint
    FOR EACH ROW EXECUTE FUNCTION audit_refuse()""",
    """CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_auditcheckpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse()""",
    """CREATE TRIGGER audit_checkpoint_forward BEFORE INSERT ON audit_auditcheckpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_guard()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_change ON audit_auditcheckpoint",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON audit_auditcheckpoint",
    "DROP TRIGGER IF EXISTS audit_checkpoint_forward ON audit_auditcheckpoint",
    "DROP FUNCTION IF EXISTS audit_refuse()",
    "DROP FUNCTION IF EXISTS audit_event_delete_guard()",
    "DROP FUNCTION IF EXISTS audit_checkpoint_guard()",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, ()):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0008_chain_existing_rows"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
            elidable=False,
        )
    ]
