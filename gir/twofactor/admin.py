"""django-otp and django-otp-webauthn register their devices in the admin site; Beheer
does not show them. Their pages would show another user's TOTP secret as a QR code (a
copy of their second factor) and let the administrator add a device to any account."""

from django.contrib import admin

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential, WebAuthnUserHandle

for model in (TOTPDevice, StaticDevice, WebAuthnCredential, WebAuthnAttestation, WebAuthnUserHandle):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
