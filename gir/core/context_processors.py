from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the menu may offer this user; decided by the access policy."""
    from gir.access.policy import Capability, can_handle_incidents, capabilities_of

    user = getattr(request, "user", None)
    caps = capabilities_of(user)
    return {
        "nav": {
            "report": Capability.REPORT_INCIDENT in caps,
            "worklist": bool(caps) and can_handle_incidents(user),
            "admin": Capability.MANAGE_ORGANISATION in caps,
        }
    }
