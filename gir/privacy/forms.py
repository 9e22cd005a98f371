import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gir.audit.models import AuditAction
from gir.core.forms import date_field

from .constants import ActionKind


class AuditFilterForm(forms.Form):
    """The privacy officer's filters: which person or object, which user, which period,
    which kind of action. All optional; nothing filled in shows the whole log."""

    persoon = forms.CharField(
        label=_("Persoon of object"),
        required=False,
        max_length=200,
        help_text=_("Naam van een veroorzaker of gebruiker, of een meldingsnummer zoals M-000123."),
    )
    gebruiker = forms.CharField(
        label=_("Door gebruiker"), required=False, max_length=150, help_text=_("Gebruikersnaam of naam.")
    )
    van = date_field(_("Vanaf"))
    tot = date_field(_("Tot en met"))
    soort = forms.ChoiceField(
        label=_("Soort handeling"), required=False, choices=[("", _("Alle soorten")), *ActionKind.choices]
    )
    handeling = forms.ChoiceField(
        label=_("Handeling"), required=False, choices=[("", _("Alle handelingen")), *AuditAction.choices]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid form filters on nothing it could not read)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
