"""The demo's second factor (issue 17 item 2): every demo log-in whose role must pass one
has an authenticator app already set up, with one published key, so the demo can be
tried without scanning a QR code. `manage.py demo_code` shows the code of this moment.
A real installation never has this: only load_demo makes these devices."""

import time
from base64 import b32encode
from binascii import unhexlify

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gir.access.kernel import second_factor_required
from gir.accounts.models import User

from .organisation import DEMO_LOGINS

# 20 bytes, hex as django-otp stores it. Public on purpose: this is demo data.
DEMO_TOTP_KEY = "4749522d64656d6f2d7477656564652d73746170"
DEMO_DEVICE_NAME = "Demo-app"


def demo_totp_secret() -> str:
    """The key as an authenticator app asks for it: base32, in groups of four."""
    secret = b32encode(unhexlify(DEMO_TOTP_KEY)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_second_factors_create() -> int:
    """The demo app for each demo log-in that needs a second factor; idempotent."""
    made = 0
    for user in User.objects.filter(username__in=[login.username for login in DEMO_LOGINS]):
        if second_factor_required(user):
            _device, created = TOTPDevice.objects.get_or_create(
                user=user, name=DEMO_DEVICE_NAME, defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
            )
            made += created
    return made


def demo_code(at: float | None = None) -> str:
    """The six digits the demo app shows now (the server's clock)."""
    totp = TOTP(unhexlify(DEMO_TOTP_KEY), step=30, digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"
