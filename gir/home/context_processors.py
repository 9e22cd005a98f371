from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the menu may offer this user; decided by the access policy."""
    from gir.access.policy import (
        Capability,
        can_check_visitors,
        can_configure_letters,
        can_configure_protocol,
        can_handle_incidents,
        can_import_incidents,
        can_read_aftercare_report,
        can_read_plans,
        can_view_dashboard,
        capabilities_of,
        has_aftercare_work,
        has_police_and_damage_overview,
        has_register,
        has_tasks_page,
    )

    user = getattr(request, "user", None)
    caps = capabilities_of(user)
    return {
        "nav": {
            "report": Capability.REPORT_INCIDENT in caps,
            "worklist": bool(caps) and can_handle_incidents(user),
            "tasks": bool(caps) and has_tasks_page(user),
            "protocol": bool(caps) and can_configure_protocol(user),
            "register": bool(caps) and has_register(user),
            "admin": Capability.MANAGE_ORGANISATION in caps,
            "letters": bool(caps) and can_configure_letters(user),
            "reception": bool(caps) and can_check_visitors(user),
            "aftercare": bool(caps) and has_aftercare_work(user),
            # In the menu for directors; the aftercare team and the coordinator reach the
            # report from their worklist and the home page, keeping their menu short.
            "aftercare_report": bool(caps)
            and can_read_aftercare_report(user)
            and not has_aftercare_work(user)
            and not can_handle_incidents(user),
            "aftercare_report_page": bool(caps) and can_read_aftercare_report(user),
            "imports": bool(caps) and can_import_incidents(user),
            "police_and_damage": bool(caps) and has_police_and_damage_overview(user),
            "dashboard": bool(caps) and can_view_dashboard(user),
            "learning": bool(caps) and can_read_plans(user),
            # Every employee fills in the leerdoelwijzer and reads the duty table.
            "development": bool(caps),
            "duties": bool(caps),
        }
    }
