from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .sessions import idle_seconds


def session_limits(request: HttpRequest) -> dict[str, Any]:
    """The idle limit and the warning before it, for the page's timer (static/gir/session.js)."""
    return {
        "session_idle_seconds": idle_seconds(),
        "session_warn_seconds": min(settings.GIR_IDLE_WARNING_SECONDS, idle_seconds() // 2),
    }
