"""The forms of the retention schedule and the legal hold (issue 19 item 4, ADR 0023)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gir.core.forms import version_field

# From one day to a century: longer is "forever", which is what the schedule ends.
MAX_DAYS = 100 * 365
REFERENCE = re.compile(r"^\s*M-?0*(\d{1,12})\s*$", re.IGNORECASE)


class RetentionRuleForm(forms.Form):
    days = forms.IntegerField(
        label=_("Bewaartermijn in dagen"),
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("Bijvoorbeeld 730 voor twee jaar, 3653 voor tien jaar."),
        error_messages={
            "required": _("Vul de bewaartermijn in dagen in."),
            "invalid": _("Vul een heel aantal dagen in, bijvoorbeeld 730."),
            "min_value": _("De bewaartermijn is minstens 1 dag."),
            "max_value": _("De bewaartermijn is hoogstens %(limit_value)s dagen (honderd jaar)."),
        },
    )
    version = version_field()


class LegalHoldForm(forms.Form):
    melding = forms.CharField(
        label=_("Melding"),
        max_length=20,
        help_text=_("Het meldingsnummer, bijvoorbeeld M-000123."),
        error_messages={"required": _("Vul het meldingsnummer in.")},
    )
    reden = forms.CharField(
        label=_("Reden"),
        max_length=300,
        help_text=_("Bijvoorbeeld: lopende rechtszaak, verzoek van de politie of de advocaat."),
        error_messages={"required": _("Vul de reden in.")},
    )

    def clean_melding(self) -> int:
        match = REFERENCE.match(self.cleaned_data["melding"])
        if not match:
            raise forms.ValidationError(_("Vul een meldingsnummer in zoals M-000123."))
        return int(match.group(1))


class LegalHoldLiftForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van opheffen"),
        max_length=300,
        error_messages={"required": _("Vul de reden in waarom de bewaarplicht vervalt.")},
    )
