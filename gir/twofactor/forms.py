from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The second step: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("De 6 cijfers uit uw authenticator-app, of een van uw herstelcodes."),
        error_messages={"required": _("Vul de code in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class TotpSetupForm(forms.Form):
    """Confirm a new authenticator app with the code it shows."""

    name = forms.CharField(
        label=_("Naam van deze app of telefoon"),
        max_length=64,
        required=False,
        help_text=_("Zodat u hem later herkent, bijvoorbeeld 'Telefoon werk'."),
    )
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=10,
        help_text=_("De 6 cijfers die de app nu toont."),
        error_messages={"required": _("Vul de code uit de app in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class RemoveForm(forms.Form):
    factor = forms.CharField(max_length=100)
