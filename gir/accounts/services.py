from functools import partial

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from axes.handlers.proxy import AxesProxyHandler

from gir.audit.models import AuditAction
from gir.audit.services import log_event

from . import tasks
from .constants import Role
from .models import User, UserRole


@transaction.atomic
def administrator_create(*, username: str, email: str, password: str) -> User:
    """The first administrator of a real installation: manages users and organisation,
    sees no incident content (DESIGN §1)."""
    user = User(username=username, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    UserRole.objects.create(user=user, role=Role.ADMINISTRATOR)
    return user


@transaction.atomic
def lockout_lift(*, actor: User, kind: str, value: str) -> int:
    """Lift the lockout of a username or an IP address: its counted failures are forgotten
    (axes' attempt rows), so the next log-in is judged afresh. Returns how many rows went."""
    if kind == "username":
        count = int(AxesProxyHandler.reset_attempts(username=value))
        target = User.objects.filter(username=value).first()
    elif kind == "ip_address":
        count = int(AxesProxyHandler.reset_attempts(ip_address=value))
        target = None
    else:
        raise ValueError(f"unknown lockout kind {kind!r}")
    log_event(
        actor=actor,
        action=AuditAction.UNLOCKED,
        target=target,
        target_type="accounts.user" if target is None else "",
        detail=f"{'gebruikersnaam' if kind == 'username' else 'IP-adres'} {value}",
    )
    return count


@transaction.atomic
def password_changed_log(*, user: User) -> None:
    """A user set a new password: their own, or through a reset link."""
    log_event(actor=user, action=AuditAction.PASSWORD_CHANGED, target=user)


@transaction.atomic
def password_reset_send(*, actor: User | None, user: User) -> bool:
    """Mail the user a one-time link to choose a password (gir.accounts.passwords), by a
    task after the commit. Asked for on the log-in page (no actor) or sent from Beheer:
    the administrator's only way to help someone in, as it never sees or sets a
    password. False without an address to mail to."""
    if not user.email or not user.is_active:
        return False
    transaction.on_commit(partial(tasks.send_password_link.enqueue, user.pk))
    log_event(
        actor=actor,
        action=AuditAction.PASSWORD_RESET_SENT,
        target=user,
        detail="wachtwoord vergeten" if actor is None else "verstuurd vanuit Beheer",
    )
    return True
