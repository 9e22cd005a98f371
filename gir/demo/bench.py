"""Accounts and log-ins for the benchmark commands (bench_reception, bench_load).

A benchmark logs in as a person does: the log-in form with a password, then, for a
role that must pass one, the second step with the code of an authenticator app whose
key the benchmark knows. Nothing here is used outside a benchmark database.
"""

import time
from binascii import unhexlify
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gir.access.kernel import second_factor_required
from gir.accounts.constants import Role
from gir.accounts.models import User, UserRole

# Published on purpose: these open benchmark accounts in a benchmark database only.
BENCH_PASSWORD = "bench-GIR-2026-load"  # noqa: S105
BENCH_TOTP_KEY = "62656e63682d4749522d746f74702d6b65792121"  # 20 bytes, hex as django-otp stores it
BENCH_DEVICE_NAME = "Bench-app"


def totp_code(key: str = BENCH_TOTP_KEY, at: float | None = None) -> str:
    """The six digits an authenticator app with this key shows now."""
    totp = TOTP(unhexlify(key), step=30, digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def bench_accounts(
    usernames: Iterable[str], *, roles: tuple[Role, ...], password: str = BENCH_PASSWORD
) -> list[User]:
    """Accounts with these user names, these roles and password (made when missing; the
    password and roles are set again when they exist), each with the bench authenticator
    app when its role must pass a second factor."""
    hashed = make_password(password)  # one Argon2 hash (its salt inside) serves every account
    users = []
    for username in usernames:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "password": hashed,
                "is_active": True,
                "first_name": "Bench",
                "last_name": username,
                "email": f"{username}@bench.invalid",
            },
        )
        for role in roles:
            UserRole.objects.get_or_create(user=user, role=role)
        if second_factor_required(user):
            TOTPDevice.objects.update_or_create(
                user=user,
                name=BENCH_DEVICE_NAME,
                # last_t: a code may be used once; a new run within its 30 s may use it again.
                defaults={
                    "key": BENCH_TOTP_KEY,
                    "confirmed": True,
                    "last_t": -1,
                    "throttling_failure_count": 0,
                },
            )
        users.append(user)
    return users


def logged_in_client(user: User, password: str = BENCH_PASSWORD) -> Client:
    """A test client that went through the log-in form (and the second step when the role
    needs it), as a person would: the full middleware, real session."""
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "testserver")
    client = Client(SERVER_NAME=host)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"Log-in of {user.username} refused ({response.status_code}).")
    if second_factor_required(user):
        response = client.post(reverse("twofactor:verify"), {"code": totp_code()})
        if response.status_code != 302:
            raise RuntimeError(f"Second step of {user.username} refused ({response.status_code}).")
    return client
