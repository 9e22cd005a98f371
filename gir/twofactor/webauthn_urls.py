"""django-otp-webauthn's ceremony endpoints under its own namespace (its script reverses
them), the completing views GIR's: they write the audit log and rotate the session id."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from django_otp_webauthn.views import BeginCredentialAuthenticationView, BeginCredentialRegistrationView

from . import views

app_name = "otp_webauthn"
urlpatterns = [
    path(
        "registratie/begin/",
        BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registratie/klaar/",
        views.PasskeyRegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "controle/begin/",
        BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "controle/klaar/",
        views.PasskeyAuthenticationComplete.as_view(),
        name="credential-authentication-complete",
    ),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
