"""The page of current lockouts (issue 17 item 3): the coordinator and the administrator
see which usernames and addresses cannot log in after too many failures, and lift a
lockout. Axes does the counting (gir.accounts.lockout); the policy is asked here."""

import ipaddress

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gir.accounts.lockout import current_lockouts
from gir.accounts.models import User
from gir.accounts.services import lockout_lift
from gir.core.http import forbid_unless

from .kernel import Capability, has_capability


def _is_lockout_key(kind: str, value: str) -> bool:
    """What the list's buttons send: a username (no NUL byte: PostgreSQL refuses those) or
    an IP address (PostgreSQL's inet refuses anything else)."""
    if kind == "username":
        return bool(value) and "\x00" not in value
    if kind == "ip_address":
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return False
        return True
    return False


@require_GET
def lockout_list(request: HttpRequest) -> HttpResponse:
    forbid_unless(has_capability(request.user, Capability.UNLOCK_ACCOUNTS))
    context = {
        "lockouts": current_lockouts(),
        "limit": settings.GIR_LOGIN_FAILURE_LIMIT,
        "minutes": settings.GIR_LOGIN_COOLOFF_MINUTES,
    }
    return render(request, "access/lockouts.html", context)


@require_POST
def lockout_unlock(request: HttpRequest) -> HttpResponse:
    forbid_unless(has_capability(request.user, Capability.UNLOCK_ACCOUNTS))
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")[:255]
    user = request.user
    if isinstance(user, User) and _is_lockout_key(kind, value):
        addresses = lockout_lift(actor=user, kind=kind, value=value)
        messages.success(request, _("De blokkade van %(value)s is opgeheven.") % {"value": value})
        if addresses:
            messages.warning(
                request,
                _(
                    "De mislukte pogingen van deze gebruikersnaam telden ook mee voor het adres "
                    "%(addresses)s; die tellen nu niet meer. Houd dat adres in de gaten."
                )
                % {"addresses": ", ".join(addresses)},
            )
    return redirect("lockouts:list")
