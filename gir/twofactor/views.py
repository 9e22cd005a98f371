"""The second step of a log-in and the page where users keep their own factors."""

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration
from django_otp_webauthn.views import (
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from gir.access.kernel import second_factor_required
from gir.core.forms import submit

from . import services
from .forms import CodeForm, RemoveForm, TotpSetupForm
from .session import is_verified, must_verify, step_up

TOTP_KEY = "gir_2fa_totp_key"

MESSAGES = {
    services.Outcome.FAILED: gettext_lazy(
        "Deze code klopt niet. Vul de code in die uw app nu toont, of een ongebruikte herstelcode."
    ),
    services.Outcome.THROTTLED: gettext_lazy(
        "Te veel foute codes achter elkaar. Wacht een minuut en probeer het opnieuw."
    ),
}


def _next(request: HttpRequest) -> str:
    """Where to go after this step: a local `next`, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    target = _next(request)
    url = reverse(name)
    return (
        f"{url}?{urlencode({'next': target})}" if target != resolve_url(settings.LOGIN_REDIRECT_URL) else url
    )


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app, a recovery code, or a passkey."""
    user = request.user
    if not must_verify(request):
        return redirect(_next(request))
    if not services.has_factor(user):  # type: ignore[arg-type]
        return redirect(_with_next("twofactor:setup", request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            outcome, device = services.code_check(user=user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
            if device is not None:
                step_up(request, device)
                return redirect(_next(request))
            form.add_error("code", MESSAGES[outcome])
    context = {
        "form": form,
        "next": _next(request),
        "second_step": True,
        "has_passkey": services.has_passkey(user),  # type: ignore[arg-type]
        "webauthn_config": get_configuration(request),
    }
    return render(request, "twofactor/verify.html", context, status=status)


@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (QR code, or the secret typed in) or a passkey: right
    after the password for someone who must and has none, or later to add another."""
    user = request.user
    first = not services.has_factor(user)  # type: ignore[arg-type]
    if not first and not is_verified(request):
        return redirect(_with_next("twofactor:verify", request))
    key = request.session.get(TOTP_KEY) or services.totp_new_key()
    request.session[TOTP_KEY] = key
    form = TotpSetupForm(request.POST or None)

    def page(status: int) -> HttpResponse:
        context = {
            "form": form,
            "first": first,
            "second_step": not is_verified(request),
            "required": second_factor_required(user),
            "next": _next(request),
            "qr": services.totp_qr_data_uri(user, key),  # type: ignore[arg-type]
            "secret": services.totp_secret(key),
            "after_passkey": _with_next("twofactor:recovery_codes", request)
            if first
            else reverse("twofactor:manage"),
            "webauthn_config": get_configuration(request),
        }
        return render(request, "twofactor/setup.html", context, status=status)

    def done(device: TOTPDevice) -> HttpResponse:
        del request.session[TOTP_KEY]
        if not is_verified(request):
            step_up(request, device)
        if first:
            return redirect(_with_next("twofactor:recovery_codes", request))
        return redirect("twofactor:manage")

    if request.method != "POST":
        return page(200)
    return submit(
        request,
        form,
        lambda data: services.totp_add(user=user, key=key, token=data["code"], name=data["name"]),  # type: ignore[arg-type]
        done=done,
        page=page,
        success=_("De authenticator-app is ingesteld."),
    )


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes and show them once."""
    user = request.user
    if request.method == "POST":
        codes = services.recovery_codes_create(user=user)  # type: ignore[arg-type]
        return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": _next(request)})
    context = {"left": services.recovery_codes_left(user), "next": _next(request)}  # type: ignore[arg-type]
    return render(request, "twofactor/recovery_codes.html", context)


@never_cache
def manage(request: HttpRequest) -> HttpResponse:
    """The user's own factors: add an app or a passkey, new recovery codes, remove one."""
    user = request.user
    factors = services.factors_of(user)  # type: ignore[arg-type]
    required = second_factor_required(user)
    context = {
        "factors": factors,
        "required": required,
        "removable": len(factors) > 1 or not required,
        "recovery_left": services.recovery_codes_left(user),  # type: ignore[arg-type]
        "webauthn_config": get_configuration(request),
    }
    return render(request, "twofactor/manage.html", context)


@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            factor = services.factor_remove(user=request.user, persistent_id=form.cleaned_data["factor"])  # type: ignore[arg-type]
        except LookupError:
            messages.error(request, _("Die factor bestaat niet (meer)."))
        except services.LastFactorError:
            messages.error(
                request,
                _("Dit is uw enige tweede factor en uw rol vereist er een. Stel eerst een andere in."),
            )
        else:
            messages.success(request, _("‘%(name)s’ is verwijderd.") % {"name": factor.name})
    return redirect("twofactor:manage")


# --- The passkey ceremonies of django-otp-webauthn, with GIR's audit and session rotation --


class PasskeyRegistrationComplete(CompleteCredentialRegistrationView):  # type: ignore[misc]
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        request = self.request
        was_verified = is_verified(request)
        with transaction.atomic():
            response: JsonResponse = super().post(*args, **kwargs)
            passkey = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
            services.passkey_added(user=request.user, passkey=passkey)
        if not was_verified:  # the library marked the session verified: the step-up
            request.session.cycle_key()
        return response


class PasskeyAuthenticationComplete(CompleteCredentialAuthenticationView):  # type: ignore[misc]
    def complete_auth(self, device: WebAuthnCredential) -> None:
        super().complete_auth(device)
        self.request.session.cycle_key()
        services.passkey_checked(user=self.request.user, passed=True)

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if self.request.user.is_authenticated:
            services.passkey_checked(user=self.request.user, passed=False, detail=type(exc).__name__)
        return super().handle_exception(exc)  # type: ignore[no-any-return]

    def get_success_url(self) -> str:
        return _next(self.request)
