"""The glue between django-axes and GIR (ADR 0013): which address a request comes from,
what a locked-out visitor is told, and which lockouts are in force.

Axes counts failed log-ins per username and per IP address in its own tables and
refuses a log-in in its authentication backend, whatever log-in view asked. Its
middleware hands a refused request to ``lockout_response``: back to the page it came
from, with one plain message that says nothing about whether the username exists.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _

from axes.models import AccessAttempt

from gir.core import clock

from .models import User

LOCKED_MESSAGE = _(
    "Inloggen lukt nu even niet: er is te vaak een verkeerd wachtwoord gebruikt. "
    "Probeer het over %(minutes)d minuten opnieuw, of vraag de coördinator of de "
    "beheerder om de blokkade op te heffen."
)


def locked_message() -> str:
    return str(LOCKED_MESSAGE) % {"minutes": settings.GIR_LOGIN_COOLOFF_MINUTES}


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or behind GIR_TRUSTED_PROXY_COUNT proxies
    the address the outermost trusted proxy saw (counted from the right, which a client
    cannot forge)."""
    count = int(settings.GIR_TRUSTED_PROXY_COUNT)
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [part.strip() for part in header.split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """A locked-out log-in goes back to the page it was posted from (the log-in page of
    whatever view is in use, its `next` kept), with the one lockout message; a refused
    log-in that came by GET (a single sign-on callback) goes to the log-in page."""
    messages.error(request, locked_message())
    if request.method != "POST":
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
    return HttpResponseRedirect(request.get_full_path())


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    until: dt.datetime
    user: User | None = None


def current_lockouts() -> list[Lockout]:
    """The usernames and IP addresses that cannot log in now, as axes counts them: the
    failures of the cool-off period add up per username and per address (over every
    combination of both) to the limit or more."""
    cooloff = dt.timedelta(minutes=settings.GIR_LOGIN_COOLOFF_MINUTES)
    limit = settings.GIR_LOGIN_FAILURE_LIMIT
    now = clock.now()
    attempts = AccessAttempt.objects.filter(attempt_time__gte=now - cooloff).order_by("-attempt_time")
    groups: dict[tuple[str, str], list[AccessAttempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.username is not None:
            groups[("username", attempt.username)].append(attempt)
        if attempt.ip_address and "ip_address" in settings.AXES_LOCKOUT_PARAMETERS:
            groups[("ip_address", attempt.ip_address)].append(attempt)
    found = []
    for (kind, value), rows in groups.items():
        total, until = 0, None
        for row in rows:  # newest first: the lock holds until the row that reaches the limit ages out
            total += row.failures_since_start
            if total >= limit and until is None:
                until = row.attempt_time + cooloff
        if until is not None:
            found.append(Lockout(kind=kind, value=value, failures=total, until=until))
    users = User.objects.in_bulk(
        [lock.value for lock in found if lock.kind == "username"], field_name="username"
    )
    return sorted(
        (
            Lockout(lock.kind, lock.value, lock.failures, lock.until, users.get(lock.value))
            if lock.kind == "username"
            else lock
            for lock in found
        ),
        key=lambda lock: (lock.kind != "username", lock.value),
    )
