"""Access to the audit log's reader screen (DESIGN §1; issue 17 item 7): the privacy
officer's only, and the privacy officer sees nothing else through it (no case content)."""

from gir.access.kernel import Actor, Capability, has_capability
from gir.access.registry import register_menu


def can_read_audit_log(user: Actor) -> bool:
    return has_capability(user, Capability.READ_AUDIT_LOG)


register_menu("audit_log", can_read_audit_log)


# The retention schedule (issue 19 item 4, ADR 0019): the coordinator and the privacy
# officer adjust the periods and read the deletion log; the coordinator sets legal holds.
def can_manage_retention(user: Actor) -> bool:
    return has_capability(user, Capability.MANAGE_RETENTION)


def can_set_legal_holds(user: Actor) -> bool:
    return has_capability(user, Capability.SET_LEGAL_HOLDS)


register_menu("retention", can_manage_retention)
register_menu("legal_holds", can_set_legal_holds)
