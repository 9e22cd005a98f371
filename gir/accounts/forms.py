from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Let op hoofdletters."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
        "local_login_off": _("Inloggen met gebruikersnaam en wachtwoord staat uit. Log in via %(name)s."),
    }

    def clean(self) -> dict[str, object]:
        if not settings.GIR_LOCAL_LOGIN:  # GIR_LOCAL_LOGIN=false: single sign-on only
            raise ValidationError(
                self.error_messages["local_login_off"],
                code="local_login_off",
                params={"name": settings.GIR_OIDC_PROVIDER_NAME},
            )
        return super().clean()
