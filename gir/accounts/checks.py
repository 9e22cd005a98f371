"""System checks of the log-in settings: mistakes that would lock everyone out or give
roles silently wrong are reported when GIR starts (manage.py check)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from .constants import Role
from .sso import provider


@register("security")
def login_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not settings.GIR_LOCAL_LOGIN and not provider.is_configured():
        problems.append(
            Error(
                "GIR_LOCAL_LOGIN is off and no identity provider is configured: nobody can log in.",
                hint="Set GIR_OIDC_CLIENT_ID and GIR_OIDC_DISCOVERY_URL (README 'Single sign-on'), "
                "or switch GIR_LOCAL_LOGIN back on.",
                id="accounts.E001",
            )
        )
    for value, code in settings.GIR_OIDC_ROLE_MAP.items():
        if code not in Role.values:
            problems.append(
                Error(
                    f"GIR_OIDC_ROLE_MAP maps {value!r} to {code!r}, which is not a GIR role.",
                    hint=f"GIR's roles: {', '.join(Role.values)}.",
                    id="accounts.E002",
                )
            )
    return problems
