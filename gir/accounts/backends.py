"""Log-in with a user name and password (local accounts)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User


class PasswordBackend(ModelBackend):
    """Django's password check, refused for everyone while GIR_LOCAL_LOGIN is off: a
    municipality that logs in through its identity provider only (README "Single sign-on").
    Read at every attempt, so switching it needs no other change."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not settings.GIR_LOCAL_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
