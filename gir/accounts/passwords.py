"""The mail with a link to choose a password (issue 17 item 4): one mail for "wachtwoord
vergeten" and for the link the administrator sends. Django's reset token makes the link
work once (it covers the password hash and the last log-in) and for
PASSWORD_RESET_TIMEOUT; the link is built on GIR_SITE_URL, never on the Host header of
the request that asked for it."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User

RESET_SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"
RESET_EMAIL_TEMPLATE = "accounts/password_reset_email.txt"


def reset_mail_extra() -> dict[str, object]:
    return {"site_url": settings.SITE_URL, "minutes": settings.GIR_PASSWORD_RESET_MINUTES}


def reset_link_mail(user: User) -> None:
    context = {
        "email": user.email,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        **reset_mail_extra(),
    }
    PasswordResetForm().send_mail(
        RESET_SUBJECT_TEMPLATE, RESET_EMAIL_TEMPLATE, context, settings.DEFAULT_FROM_EMAIL, user.email
    )
