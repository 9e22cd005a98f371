from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import password_reset_send


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Let op hoofdletters."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
        "local_login_off": _("Inloggen met gebruikersnaam en wachtwoord staat uit. Log in via %(name)s."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is made, so nothing checks
        # it: a name longer than any account's never reaches authenticate() (nor django-axes,
        # which would try to store it).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def clean(self) -> dict[str, object]:
        if not settings.GIR_LOCAL_LOGIN:  # GIR_LOCAL_LOGIN=false: single sign-on only
            raise ValidationError(
                self.error_messages["local_login_off"],
                code="local_login_off",
                params={"name": settings.GIR_OIDC_PROVIDER_NAME},
            )
        return super().clean()


class GirPasswordResetForm(PasswordResetForm):
    """ "Wachtwoord vergeten?": the same answer whether or not the address is known; a
    mail only goes to an active account with that address (and a usable password:
    Django's rule), by a task, and is logged."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        # Not here, in the request: a task sends it (the same mail Beheer sends).
        context = args[2] if len(args) > 2 else kwargs["context"]
        password_reset_send(actor=None, user=context["user"])


class AdminUserCreationForm(forms.ModelForm[User]):
    """A new account in Beheer: no password field. The account starts with an unusable
    password and its owner gets a link to choose one (UserAdmin.response_add)."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("Hier komt de link om een wachtwoord te kiezen.")

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user
