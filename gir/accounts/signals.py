"""What accounts tells the apps above it (the one way up, ADR 0010)."""

from django.dispatch import Signal

# A grant of a role that sees case content waits for a second person; sent inside the
# writing transaction with ``grant`` (a RoleGrantRequest). gir.access mails those who
# may confirm it.
role_grant_requested = Signal()
