from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from axes.handlers.proxy import AxesProxyHandler

from gir.audit.models import AuditAction
from gir.audit.services import log_event

from .constants import Role
from .models import User, UserRole

RESET_SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"
RESET_EMAIL_TEMPLATE = "accounts/password_reset_email.txt"


def reset_mail_context(user: User) -> dict[str, object]:
    """What the reset mail needs: the link is built on GIR_SITE_URL, never on the Host
    header of the request that asked for it."""
    return {
        "email": user.email,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        **reset_mail_extra(),
    }


def reset_mail_extra() -> dict[str, object]:
    return {"site_url": settings.SITE_URL, "minutes": settings.GIR_PASSWORD_RESET_MINUTES}


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


def password_reset_send(*, actor: User | None, user: User) -> bool:
    """Mail the user a one-time link to set a password (Django's reset tokens: valid for
    PASSWORD_RESET_TIMEOUT, void once the password changed). The administrator's only
    way to help someone in: it never sees or sets the password. False without an
    address to mail to."""
    if not user.email or not user.is_active:
        return False
    context = reset_mail_context(user)
    PasswordResetForm().send_mail(
        RESET_SUBJECT_TEMPLATE, RESET_EMAIL_TEMPLATE, context, settings.DEFAULT_FROM_EMAIL, user.email
    )
    password_reset_sent_log(actor=actor, user=user)
    return True


@transaction.atomic
def password_reset_sent_log(*, actor: User | None, user: User) -> None:
    """A reset link went out: asked for on the log-in page (no actor) or sent from Beheer."""
    log_event(
        actor=actor,
        action=AuditAction.PASSWORD_RESET_SENT,
        target=user,
        detail="wachtwoord vergeten" if actor is None else "verstuurd vanuit Beheer",
    )
