from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the menu may offer this user: the entries each app's policy registered
    (gir.access.registry.register_menu), each deciding for itself."""
    from gir.access.registry import menu_for

    return {"nav": menu_for(getattr(request, "user", None))}
