"""Access to the import of existing registrations (issue 7 item 4)."""

from gir.access.kernel import Actor, Capability, has_capability
from gir.access.registry import register_menu


def can_import_incidents(user: Actor) -> bool:
    """Importing is the coordinator's, like the case-level export
    (gir.reports.policy.can_export_cases)."""
    return has_capability(user, Capability.HANDLE_ALL_INCIDENTS)


register_menu("imports", can_import_incidents)
