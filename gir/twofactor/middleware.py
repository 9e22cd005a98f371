from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from django_htmx.http import HttpResponseClientRedirect

from .services import has_factor
from .session import must_verify

# What a user who still owes the second factor may reach: the second step itself, its
# passkey ceremony, logging out and the health checks (gir.core.health, no data). Everything
# else leads to the second step first.
OPEN_VIEWS = frozenset(
    {
        "twofactor:verify",
        "twofactor:setup",
        "accounts:logout",
        "admin:logout",
        "core:health_alive",
        "core:health_ready",
    }
)
OPEN_NAMESPACES = frozenset({"otp_webauthn"})


class SecondFactorMiddleware:
    """After the password, a user who must pass a second factor reaches nothing before it:
    to the code page when they have a factor, to setting one up when they have none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and (match.view_name in OPEN_VIEWS or match.namespace in OPEN_NAMESPACES):
            return None
        if not must_verify(request):
            return None
        step = "twofactor:verify" if has_factor(request.user) else "twofactor:setup"  # type: ignore[arg-type]
        response = redirect_to_login(request.get_full_path(), reverse(step))
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(response["Location"])
        return response
