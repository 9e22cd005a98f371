from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gir.incidents.models import Incident
from gir.incidents.policy import handler_candidates

from .constants import StepKind, outcome_choices
from .models import Step

NOTES_LABELS = {
    StepKind.MANAGER_CONVERSATION: _("Verslag van het gesprek"),
    StepKind.MEASURE_DECISION: _("Motivering van het besluit"),
    StepKind.POLICE_REPORT: _("Toelichting (politie-eenheid, datum, registratienummer)"),
}


class StepCompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), widget=forms.RadioSelect, required=False)
    notes = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, step: Step, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = outcome_choices(step.kind)
        if choices:
            self.fields["outcome"].choices = choices
            self.fields["outcome"].required = True
            self.fields["outcome"].error_messages["required"] = _("Kies wat de uitkomst is.")
        else:
            del self.fields["outcome"]
        self.fields["notes"].label = NOTES_LABELS.get(step.kind, _("Toelichting"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Geef een reden.")},
    )


class HandlerForm(forms.Form):
    handler = forms.ModelChoiceField(
        label=_("Nieuwe behandelaar"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Kies iemand uit de lijst.")},
    )

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_candidates(incident)
        self.fields["handler"].initial = incident.handler_id
