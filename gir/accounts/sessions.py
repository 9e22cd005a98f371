"""Sessions that end (issue 17 item 5; ADR 0013).

A session ends after GIR_IDLE_MINUTES without a request, and GIR_SESSION_SECONDS after
the log-in whatever happens. What was being typed is not lost: a form posted after the
end is kept in the new (anonymous) session for the same user only, the user logs in,
and the page comes back with the form filled in (`gir.core.forms.submit` shows it and
saves nothing). Every response to a logged-in user carries `Cache-Control: no-store`,
so a shared counter PC keeps no page in its cache.
"""

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from django_htmx.http import HttpResponseClientRedirect

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock

from .constants import MembershipRole
from .models import TeamMembership

LOGIN_AT = "gir_login_at"
SEEN_AT = "gir_seen_at"
KEPT = "gir_kept_input"
# The roles and managed teams the session was last used with: when they change (a grant
# confirmed, a role taken away), the session id changes at the next request.
PRIVILEGES = "gir_privileges"
# The last request is written down at most this often (a session write per request is waste).
TOUCH_SECONDS = 30
# Typed text kept through a new log-in: at most this much.
KEPT_MAX_BYTES = 200_000

EXPIRED = _("Uw sessie is verlopen. Log opnieuw in om verder te gaan.")
EXPIRED_KEPT = _(
    "Uw sessie is verlopen. Wat u had ingevuld is bewaard: log opnieuw in, dan ziet u het "
    "formulier terug om te controleren en te versturen."
)
NOT_RESTORED = _("Uw sessie was verlopen; wat u verstuurde is niet verwerkt. Doe het nog een keer.")


def idle_seconds() -> int:
    return int(settings.GIR_IDLE_MINUTES * 60)


def session_start(request: HttpRequest, user: Any) -> None:
    """A new log-in: both limits start now, with the privileges the user has now."""
    moment = clock.now().timestamp()
    request.session[LOGIN_AT] = moment
    request.session[SEEN_AT] = moment
    request.session[PRIVILEGES] = privileges_of(user)


def session_rotate(request: HttpRequest) -> None:
    """Give the session a new id, keeping its contents: call it on every change of
    privilege (a new password, a second factor passed, a role granted to oneself), so
    an id that leaked before is worth nothing after. Django's login() already does this."""
    if hasattr(request, "session") and request.session.session_key is not None:
        request.session.cycle_key()


def privileges_of(user: Any) -> list[str]:
    """What the user may see rests on their roles and the teams they manage."""
    managed = TeamMembership.objects.filter(user=user, role=MembershipRole.MANAGER).values_list(
        "team_id", flat=True
    )
    return sorted(user.role_codes) + [f"manager:{team}" for team in sorted(managed)]


def session_rotate_on_privilege_change(request: HttpRequest) -> None:
    """A role or a managed team granted or taken away since the last request (by a second
    person, the identity provider or Beheer): a new session id, as at a log-in."""
    privileges = privileges_of(request.user)
    known = request.session.get(PRIVILEGES)
    if known != privileges:
        if known is not None:
            session_rotate(request)
        request.session[PRIVILEGES] = privileges


def seconds_left(request: HttpRequest) -> int:
    """How long until the session ends, by whichever limit comes first (0: it has ended)."""
    now = clock.now().timestamp()
    session = request.session
    seen = float(session.get(SEEN_AT, now))
    login_at = float(session.get(LOGIN_AT, now))
    left = min(seen + idle_seconds() - now, login_at + settings.GIR_SESSION_SECONDS - now)
    return max(0, int(left))


def _expired_reason(request: HttpRequest) -> str | None:
    now = clock.now().timestamp()
    session = request.session
    seen, login_at = session.get(SEEN_AT), session.get(LOGIN_AT)
    if login_at is not None and now - float(login_at) > settings.GIR_SESSION_SECONDS:
        return "absolute"
    if seen is not None and now - float(seen) > idle_seconds():
        return "idle"
    return None


def _touch(request: HttpRequest) -> None:
    now = clock.now().timestamp()
    session = request.session
    if LOGIN_AT not in session:  # a session from before these limits
        session[LOGIN_AT] = now
    seen = session.get(SEEN_AT)
    if seen is None or now - float(seen) >= TOUCH_SECONDS:
        session[SEEN_AT] = now


def keep_alive(request: HttpRequest) -> int:
    """The user asked to stay logged in: the idle limit starts again (not the absolute one)."""
    request.session[SEEN_AT] = clock.now().timestamp()
    return seconds_left(request)


def _csrf_valid(request: HttpRequest) -> bool:
    """Only a post the user's own page sent is kept (not one another site made the
    browser send)."""

    def view(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
        return HttpResponse()

    checker = CsrfViewMiddleware(lambda request: HttpResponse())
    return checker.process_view(request, view, (), {}) is None


def _input_to_keep(request: HttpRequest) -> dict[str, Any] | None:
    fields = {name: values for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"}
    if not fields or len(json.dumps(fields)) > KEPT_MAX_BYTES:
        return None
    path = request.get_full_path()
    return {"user_id": request.user.pk, "path": path, "from": _came_from(request), "fields": fields}


def _came_from(request: HttpRequest) -> str:
    """The page a post was sent from (it may go to an action URL without a page of its
    own): the Referer on this site, else the home page."""
    referer = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return urlsplit(referer)._replace(scheme="", netloc="").geturl() or "/"
    return reverse("home:home")


@transaction.atomic
def session_expired_log(*, user: Any, reason: str) -> None:
    log_event(
        actor=user,
        action=AuditAction.SESSION_EXPIRED,
        target=user,
        detail="niet gebruikt" if reason == "idle" else "maximale duur",
    )


class SessionLimitsMiddleware:
    """Ends sessions at their limits, carries typed text through the new log-in, and
    marks every response to a logged-in user `no-store`. Sits after the authentication
    and message middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        authenticated = request.user.is_authenticated
        response = self._authenticated(request) if authenticated else self.get_response(request)
        if authenticated or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response

    def _authenticated(self, request: HttpRequest) -> HttpResponse:
        session_urls = (reverse("accounts:session_status"), reverse("accounts:session_keep_alive"))
        reason = _expired_reason(request)
        if reason is not None:
            if request.path in session_urls:
                # The page's own timer asks: say so, but leave the ending to the next real
                # request, which may carry a form to keep.
                return JsonResponse({"seconds_left": 0}, status=401)
            return self._expire(request, reason)
        if request.path not in session_urls:
            _touch(request)
            session_rotate_on_privilege_change(request)
        kept = request.session.get(KEPT)
        if kept is not None:
            if kept.get("user_id") != request.user.pk:
                del request.session[KEPT]  # typed by someone else: never shown to this user
            elif request.method == "GET" and kept.get("path") == request.get_full_path():
                del request.session[KEPT]
                return self._restore(request, kept["fields"], kept.get("from") or kept["path"])
        return self.get_response(request)

    def _expire(self, request: HttpRequest, reason: str) -> HttpResponse:
        user = request.user
        session_expired_log(user=user, reason=reason)
        is_logout = request.path == reverse("accounts:logout")
        kept = None
        if request.method == "POST" and not is_logout and not request.htmx and _csrf_valid(request):
            kept = _input_to_keep(request)
        request.gir_session_expired = True  # type: ignore[attr-defined]  # no LOGGED_OUT as well
        logout(request)
        if is_logout:
            return self.get_response(request)
        if kept is not None:
            request.session[KEPT] = kept
        messages.warning(request, EXPIRED_KEPT if kept is not None else EXPIRED)
        if request.htmx:
            current = request.htmx.current_url_abs_path or "/"
            return HttpResponseClientRedirect(redirect_to_login(current).url)
        if request.method == "POST" and kept is None:
            return redirect_to_login(_came_from(request))  # nothing to replay: back to the page
        return redirect_to_login(request.get_full_path())

    def _restore(self, request: HttpRequest, fields: dict[str, list[str]], came_from: str) -> HttpResponse:
        """Show the page as if the kept form had just been posted; `forms.submit` renders
        it filled in and saves nothing. A page whose post does not go through the form
        loop has its writes rolled back, and the page the form was on is shown afresh."""
        data = QueryDict(mutable=True)
        for name, values in fields.items():
            data.setlist(name, values)
        request.method = "POST"
        request._post = data  # type: ignore[attr-defined]
        request._files = MultiValueDict()  # type: ignore[attr-defined]
        # The post was checked when it was kept; it is the same user's own input.
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        request.gir_restored_input = True  # type: ignore[attr-defined]
        with transaction.atomic():
            response = self.get_response(request)
            if getattr(request, "gir_restored_shown", False):
                return response
            transaction.set_rollback(True)
        list(messages.get_messages(request))  # what the rolled-back view said did not happen
        messages.warning(request, NOT_RESTORED)
        return HttpResponseRedirect(came_from)
