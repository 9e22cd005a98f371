"""Test helpers for the second factor (ADR 0016).

The suite logs its personas in with ``client.force_login(user)``. For a user whose role
requires a second factor, the root conftest lets ``force_login`` also do what a passed
second step does — django-otp's ``otp_device_id`` in the session, naming a real,
confirmed device of that user — so every existing test still reaches its page as a
fully logged-in coordinator would, through the real middleware. Production code has no
switch for it. Tests of the second factor itself are marked ``second_factor`` and get
the plain ``force_login``: a password-only session.
"""

import time

from django.test import Client

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gir.access.kernel import second_factor_required
from gir.accounts.models import User

TEST_DEVICE_NAME = "test: force_login"


def mark_verified(client: Client, user: User) -> None:
    """Make the client's session one that passed its second factor."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=TEST_DEVICE_NAME, defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def force_login_verified(original):
    def force_login(self: Client, user: User, backend: str | None = None) -> None:
        original(self, user, backend)
        if second_factor_required(user):
            mark_verified(self, user)

    return force_login


def totp_code(device: TOTPDevice, *, offset: int = 0) -> str:
    """The code the user's app shows now (offset: steps later or earlier)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():06d}"
