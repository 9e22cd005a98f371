"""manage.py flush, which empties the whole database (and so does the test runner after
every transactional test), with the audit log's guards lifted for its own transaction.

The triggers of migration 0009 refuse DELETE (SQLite's flush) and TRUNCATE
(PostgreSQL's) of audit rows. Emptying every table is not rewriting the log: it is what
only the owner of the schema may do (ALTER TABLE, DROP TRIGGER), the account
README "The audit log" keeps the application away from. So this command, in one
transaction: puts the guards aside, runs Django's flush, and puts them back exactly as
they were; if anything fails, the rollback restores them too (both databases roll back DDL).
"""

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

AUDIT_TABLES = ("audit_auditevent", "audit_auditcheckpoint")


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                    AUDIT_TABLES,
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
                super().handle(**options)
                for _name, sql in triggers:
                    cursor.execute(sql)
            elif connection.vendor == "postgresql":
                tables = [t for t in AUDIT_TABLES if t in connection.introspection.table_names(cursor)]
                for table in tables:
                    cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} DISABLE TRIGGER USER")
                super().handle(**options)
                for table in tables:
                    cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} ENABLE TRIGGER USER")
            else:
                super().handle(**options)
