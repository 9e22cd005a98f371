"""Access to the audit log's reader screen (DESIGN §1; issue 17 item 7): the privacy
officer's only, and the privacy officer sees nothing else through it (no case content)."""

from gir.access.kernel import Actor, Capability, has_capability
from gir.access.registry import register_menu


def can_read_audit_log(user: Actor) -> bool:
    return has_capability(user, Capability.READ_AUDIT_LOG)


register_menu("audit_log", can_read_audit_log)
