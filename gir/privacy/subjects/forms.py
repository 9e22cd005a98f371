from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gir.core.forms import date_field, text_field, version_field

from .constants import SubjectDecision, SubjectRight


class SubjectRequestForm(forms.Form):
    """A request the person made about their own data, as it came in."""

    kind = forms.ChoiceField(
        label=_("Wat vraagt de persoon? *"),
        choices=SubjectRight.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de soort verzoek.")},
    )
    received_on = date_field(
        _("Ontvangen op *"),
        required=True,
        help_text=_("De dag waarop het verzoek binnenkwam. Vanaf die dag loopt de termijn van een maand."),
    )
    request = text_field(
        _("Het verzoek *"),
        required=True,
        rows=5,
        help_text=_("Wat de persoon precies vraagt, bijvoorbeeld welke gegevens moeten worden verbeterd."),
        error_messages={"required": _("Schrijf op wat de persoon vraagt.")},
    )


class SubjectDecisionForm(forms.Form):
    """The decision on a request; the service says what is missing."""

    decision = forms.ChoiceField(
        label=_("Beslissing *"), choices=SubjectDecision.choices, widget=forms.RadioSelect, required=False
    )
    decided_on = date_field(_("Beslist op *"))
    grounds = text_field(
        _("Gronden"),
        rows=5,
        help_text=_("Waarom deze beslissing. Nodig als het verzoek (deels) is afgewezen."),
    )
    version = version_field()

    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"decision": data["decision"], "decided_on": data["decided_on"], "grounds": data["grounds"]}


class SubjectExtendForm(forms.Form):
    """Two more months for a complex request (AVG art. 12(3)); the reason goes to the person."""

    extension_reason = text_field(
        _("Waarom is meer tijd nodig? *"),
        rows=3,
        help_text=_("Laat de persoon binnen de eerste maand weten dat het langer duurt, en waarom."),
    )
    version = version_field()
