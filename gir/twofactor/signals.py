from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from gir.accounts.models import User

from .services import has_factor
from .session import ASK_OWN_FACTOR


@receiver(user_logged_in, dispatch_uid="gir_twofactor_ask_own_factor")
def ask_for_own_factor(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """Whoever set up a factor is asked for it, whether or not their role requires one."""
    if request is not None and hasattr(request, "session"):
        request.session[ASK_OWN_FACTOR] = has_factor(user)
