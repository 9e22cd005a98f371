"""The three pages of single sign-on: to the provider, back from it, and log-out."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import View

from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from . import provider
from .backend import NO_ACCOUNT, UNAVAILABLE, ProviderLogin

# Session keys. The 2FA enforcement counts "gir_mfa_by_provider" as a passed second factor.
ID_TOKEN = "oidc_id_token"  # noqa: S105 - a session key, not a secret
MFA_BY_PROVIDER = "gir_mfa_by_provider"


def _unavailable(request: HttpRequest) -> HttpResponse:
    messages.error(
        request,
        _(
            "Inloggen via %(name)s lukt nu niet. "
            "Probeer het later opnieuw of neem contact op met de beheerder."
        )
        % {"name": settings.GIR_OIDC_PROVIDER_NAME},
    )
    return redirect("accounts:login")


@method_decorator(login_not_required, name="dispatch")
class ProviderLoginView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider: code flow, state, nonce and a PKCE challenge."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the endpoint is read per request, from discovery

    def get(self, request: HttpRequest) -> HttpResponse:
        if not provider.is_configured():
            return _unavailable(request)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider.endpoint("authorization_endpoint")
        except provider.ProviderUnavailable:
            return _unavailable(request)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


@method_decorator(login_not_required, name="dispatch")
class ProviderCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider sends the browser back here with a code; the backend trades it for
    tokens and finds the account."""

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()  # Django's login: a new session id
        login: ProviderLogin | None = getattr(self.request, "gir_sso", {}).get("login")
        if login is not None:
            self.request.session[ID_TOKEN] = login.id_token
            if login.mfa:
                self.request.session[MFA_BY_PROVIDER] = True
            else:
                self.request.session.pop(MFA_BY_PROVIDER, None)
        return response

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, "gir_sso", {}).get("reason")
        name = settings.GIR_OIDC_PROVIDER_NAME
        if reason == UNAVAILABLE:
            return _unavailable(self.request)
        if reason == NO_ACCOUNT:
            messages.error(
                self.request,
                _(
                    "%(name)s kent u, maar u heeft nog geen account in GIR. "
                    "Vraag de beheerder van GIR om een account."
                )
                % {"name": name},
            )
        else:
            messages.error(
                self.request,
                _("Inloggen via %(name)s is niet gelukt. Probeer het opnieuw.") % {"name": name},
            )
        return redirect("accounts:login")


def provider_logout_url(request: HttpRequest) -> str:
    """Where log-out goes (OIDC_OP_LOGOUT_URL_METHOD): for someone who logged in through the
    provider, its end-session endpoint, so the provider's session ends too, and back to
    GIR's log-in page; otherwise straight to GIR's log-in page."""
    back = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get(ID_TOKEN)
    if not id_token or not provider.is_configured():
        return back
    try:
        end_session = provider.endpoint("end_session_endpoint")
    except provider.ProviderUnavailable:
        return back
    if not end_session:
        return back
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(back),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{end_session}{'&' if '?' in end_session else '?'}{query}"


@method_decorator(login_not_required, name="dispatch")
class LogoutView(OIDCLogoutView):  # type: ignore[misc]
    """Ends GIR's session (POST only), then the provider's when the user came through it."""

    def post(self, request: HttpRequest) -> HttpResponseRedirect:
        response: HttpResponseRedirect = super().post(request)
        return response
