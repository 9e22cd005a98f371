"""Log-ins, failed log-ins, log-outs and lockouts in GIR's audit log (issue 17 item 3),
from Django's authentication signals and django-axes' lockout signal: whichever log-in
view or backend is in use (password, second factor, single sign-on) sends these.
Connected in AccountsConfig.ready()."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from gir.audit.models import AuditAction
from gir.audit.services import log_event

from .models import User
from .sessions import session_start


def _user_named(username: Any) -> User | None:
    # A NUL byte cannot reach PostgreSQL; no account has one in its name anyway.
    if not isinstance(username, str) or not username or "\x00" in username:
        return None
    return User.objects.filter(username=username).first()


def _detail(username: Any, request: HttpRequest | None) -> str:
    address = getattr(request, "axes_ip_address", None) if request is not None else None
    typed = str(username).replace("\x00", "")[:150]
    text = f"gebruikersnaam {typed}" if username else "zonder gebruikersnaam"
    return f"{text}, vanaf {address}" if address else text


def _refused_while_locked(request: HttpRequest | None) -> bool:
    """Axes refused the try without looking at the password (the lock was already on);
    the try that reaches the limit has its failures counted instead."""
    return bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_start(request, user)
    with transaction.atomic():
        log_event(actor=user, action=AuditAction.LOGGED_IN, target=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = credentials.get("username")
    detail = _detail(username, request)
    if _refused_while_locked(request):
        detail = f"{detail} (geblokkeerd)"
    target = _user_named(username)
    with transaction.atomic():
        log_event(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            target=target,
            target_type="accounts.user",
            detail=detail,
        )


def on_logged_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    # An expired session is logged as SESSION_EXPIRED by the session middleware instead.
    if user is None or getattr(request, "gir_session_expired", False):
        return
    with transaction.atomic():
        log_event(actor=user, action=AuditAction.LOGGED_OUT, target=user)


def on_locked_out(sender: Any, request: HttpRequest, username: Any, ip_address: Any, **kwargs: Any) -> None:
    # Axes signals every refused try while locked too; only the start of a lock counts
    # here (it counted the failures then); refused tries are LOGIN_FAILED "(geblokkeerd)".
    if _refused_while_locked(request):
        return
    with transaction.atomic():
        log_event(
            actor=None,
            action=AuditAction.LOCKED_OUT,
            target=_user_named(username),
            target_type="accounts.user",
            detail=_detail(username, request),
        )
