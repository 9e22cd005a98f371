"""Second factors (issue 17 item 2; ADR 0016): authenticator apps (TOTP), passkeys
(WebAuthn) and one-time recovery codes, kept by django-otp and django-otp-webauthn.

Who must pass a second factor is the access policy's answer
(``gir.access.kernel.second_factor_required``); this module adds, checks and removes
the factors themselves and writes every such event to the audit log.
"""

import re
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

import segno
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.models import WebAuthnCredential

from gir.access.kernel import second_factor_required
from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock


class FactorKind(StrEnum):
    TOTP = "totp"
    PASSKEY = "passkey"
    RECOVERY_CODE = "recovery_code"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    # Too many wrong codes in a row: django-otp makes the device wait (doubling each time).
    THROTTLED = "throttled"


RECOVERY_DEVICE_NAME = "herstelcodes"
TOTP_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Factor:
    """One of the user's factors as the page lists it (recovery codes are not among them)."""

    kind: FactorKind
    name: str
    persistent_id: str
    created_at: datetime | None
    last_used_at: datetime | None


# --- Reading ----------------------------------------------------------------------------


def _totp_devices(user: User) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"))


def _passkeys(user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"))


def factors_of(user: User) -> list[Factor]:
    """The user's authenticator apps and passkeys, oldest first."""
    apps = [
        Factor(FactorKind.TOTP, d.name, d.persistent_id, d.created_at, d.last_used_at)
        for d in _totp_devices(user)
    ]
    keys = [
        Factor(FactorKind.PASSKEY, d.name, d.persistent_id, d.created_at, d.last_used_at)
        for d in _passkeys(user)
    ]
    return apps + keys


def has_factor(user: User) -> bool:
    """Has the user an authenticator app or a passkey? Recovery codes alone do not count:
    they stand in for a lost factor, they are not one."""
    return bool(
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def has_passkey(user: User) -> bool:
    return bool(WebAuthnCredential.objects.filter(user=user, confirmed=True).exists())


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


# --- An authenticator app ---------------------------------------------------------------


def totp_new_key() -> str:
    """A fresh secret (hex, as django-otp stores it) for an app about to be set up."""
    return str(random_hex(20))


def totp_secret(key: str) -> str:
    """The secret as the app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(unhexlify(key)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(user: User, key: str) -> str:
    """The QR code of the otpauth:// link, as an SVG data URI for an <img>."""
    url = str(TOTPDevice(user=user, key=key).config_url)
    return str(segno.make(url, error="m").svg_data_uri(scale=5, border=2))


@transaction.atomic
def totp_add(*, user: User, key: str, token: str, name: str) -> TOTPDevice:
    """Confirm the app the user just set up with a code it shows, and keep it. The code is
    spent: the app's next log-in needs a newer one. Raises ValidationError on a wrong code."""
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    token = token.strip().replace(" ", "")
    if not TOTP_CODE.match(token) or not totp.verify(int(token), tolerance=1):
        raise ValidationError({"code": _("Deze code klopt niet. Vul de code in die de app nu toont.")})
    device = TOTPDevice.objects.create(
        user=user, key=key, name=name[:64] or _("Authenticator-app"), confirmed=True, last_t=totp.t()
    )
    log_event(
        actor=user,
        action=AuditAction.SECOND_FACTOR_ADDED,
        target=user,
        changes={"factor": FactorKind.TOTP.value, "name": device.name},
    )
    return device


# --- Passkeys (the ceremony itself is django-otp-webauthn's) -----------------------------


def passkey_added(*, user: User, passkey: WebAuthnCredential) -> None:
    """Record a passkey django-otp-webauthn has just registered. Call it in its transaction."""
    if not passkey.name or passkey.name == user.get_username():
        passkey.name = _("Passkey van %(date)s") % {"date": formats.date_format(clock.today(), "j F Y")}
        passkey.save(update_fields=["name"])
    log_event(
        actor=user,
        action=AuditAction.SECOND_FACTOR_ADDED,
        target=user,
        changes={"factor": FactorKind.PASSKEY.value, "name": passkey.name},
    )


def passkey_checked(*, user: User, passed: bool, detail: str = "") -> None:
    log_event(
        actor=user,
        action=AuditAction.SECOND_FACTOR_PASSED if passed else AuditAction.SECOND_FACTOR_FAILED,
        target=user,
        changes={"factor": FactorKind.PASSKEY.value},
        detail=detail,
    )


# --- Recovery codes ---------------------------------------------------------------------


@transaction.atomic
def recovery_codes_create(*, user: User) -> list[str]:
    """New one-time recovery codes; the old ones stop working. Shown once, right away."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [str(StaticToken.random_token()) for _ in range(settings.GIR_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    log_event(
        actor=user,
        action=AuditAction.RECOVERY_CODES_CREATED,
        target=user,
        changes={"count": len(codes)},
    )
    return codes


# --- The second step of a log-in --------------------------------------------------------


@transaction.atomic
def code_check(*, user: User, code: str) -> tuple[Outcome, Device | None]:
    """Check a code typed at the second step: six digits from an authenticator app, or a
    recovery code (which then is used up). Each device counts its own failures and, after
    one, makes the next try wait (django-otp's throttling: 1, 2, 4, ... seconds)."""
    token = code.strip().replace(" ", "").replace("-", "").lower()
    kind = FactorKind.TOTP if TOTP_CODE.match(token) else FactorKind.RECOVERY_CODE
    devices: list[Device]
    if kind == FactorKind.TOTP:
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update())
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True).select_for_update())
    allowed = [device for device in devices if device.verify_is_allowed()[0]]
    matched = next((device for device in allowed if token and device.verify_token(token)), None)
    if matched is not None:
        outcome = Outcome.PASSED
    elif devices and not allowed:
        outcome = Outcome.THROTTLED
    else:
        outcome = Outcome.FAILED
    log_event(
        actor=user,
        action=AuditAction.SECOND_FACTOR_PASSED if matched else AuditAction.SECOND_FACTOR_FAILED,
        target=user,
        changes={"factor": kind.value},
        detail="throttled" if outcome == Outcome.THROTTLED else "",
    )
    return outcome, matched


# --- Removing a factor ------------------------------------------------------------------


@transaction.atomic
def factors_reset(*, user: User, actor: User | None, reason: str) -> int:
    """Remove every factor and recovery code of a user who lost them (a server command, see
    README): the next log-in sets up a new one. Returns how many were removed."""
    removed = 0
    for model in (TOTPDevice, WebAuthnCredential, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    log_event(
        actor=actor,
        action=AuditAction.SECOND_FACTOR_REMOVED,
        target=user,
        changes={"factor": "all", "count": removed},
        detail=reason,
    )
    return removed


class LastFactorError(Exception):
    """The only factor of someone who must use one cannot go."""


@transaction.atomic
def factor_remove(*, user: User, persistent_id: str) -> Factor:
    """Remove one of the user's own apps or passkeys. Not the last one when the user's roles
    require a second factor. Raises LookupError for a factor that is not theirs."""
    factors = factors_of(user)
    factor = next((f for f in factors if f.persistent_id == persistent_id), None)
    if factor is None:
        raise LookupError(persistent_id)
    if len(factors) == 1 and second_factor_required(user):
        raise LastFactorError
    model = TOTPDevice if factor.kind == FactorKind.TOTP else WebAuthnCredential
    model.objects.filter(user=user, pk=persistent_id.rsplit("/", 1)[-1]).delete()
    log_event(
        actor=user,
        action=AuditAction.SECOND_FACTOR_REMOVED,
        target=user,
        changes={"factor": factor.kind.value, "name": factor.name},
    )
    return factor
