"""What a session knows about its second factor, in one place (ADR 0016).

- django-otp keeps the verified device in the session (``otp_device_id``);
  ``request.user.is_verified()`` reads it (its OTPMiddleware).
- An OIDC log-in whose provider vouched for its own second factor sets
  ``gir_mfa_by_provider`` (issue 17 item 1); GIR then asks none of its own.
- ``gir_2fa_ask``: set at log-in when the account has a factor of its own choosing, so
  that someone whose role does not require one is still asked for the one they set up.
"""

from django.http import HttpRequest

from django_otp import login as otp_login
from django_otp.models import Device

from gir.access.kernel import second_factor_required

MFA_BY_PROVIDER = "gir_mfa_by_provider"
ASK_OWN_FACTOR = "gir_2fa_ask"


def is_verified(request: HttpRequest) -> bool:
    """Has this session passed a second factor (GIR's own, or the provider's)?"""
    if request.session.get(MFA_BY_PROVIDER) is True:
        return True
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def must_verify(request: HttpRequest) -> bool:
    """Is the logged-in user asked for a second factor before anything else?"""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return False
    return second_factor_required(user) or bool(request.session.get(ASK_OWN_FACTOR))


def step_up(request: HttpRequest, device: Device) -> None:
    """The session passed its second factor: remember the device and give the session a
    new id, as on every change of privilege (issue 17 item 5)."""
    otp_login(request, device)
    request.session.cycle_key()
