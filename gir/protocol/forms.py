from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gir.accounts.models import FunctionGroup, Location
from gir.incidents.constants import AggressionType, BehaviourKind, EscalationLevel, IncidentStatus, Setting
from gir.incidents.models import Incident
from gir.incidents.policy import handler_candidates

from .constants import StepKind, StepOwner, outcome_choices
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


class WorklistFilterForm(forms.Form):
    """The filters of the work list (DESIGN §2.2): handler, department, step type, owner;
    and the figure filters the dashboard links with (a period and one key per breakdown).
    Unknown values are ignored rather than refused: it is a search, not a record."""

    OPEN = "open"
    ALL = "all"
    # Set by the dashboard's links; shown only when set (see figure_filters).
    FIGURE_FIELDS = ("gedrag", "ernst", "soort", "situatie", "locatie", "functiegroep")

    status = forms.ChoiceField(label=_("Status"), required=False)
    handler = forms.ModelChoiceField(label=_("Behandelaar"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("Afdeling of team"), queryset=None, required=False)
    step_kind = forms.ChoiceField(label=_("Open stap"), required=False)
    step_owner = forms.ChoiceField(label=_("Eigenaar open stap"), required=False)
    van = forms.DateField(
        label=_("Gebeurd vanaf"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tot = forms.DateField(
        label=_("Gebeurd tot en met"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gedrag = forms.ChoiceField(label=_("Soort gedrag"), required=False, choices=BehaviourKind.choices)
    ernst = forms.ChoiceField(label=_("Ernst"), required=False, choices=EscalationLevel.choices)
    soort = forms.ChoiceField(label=_("Soort agressie"), required=False, choices=AggressionType.choices)
    situatie = forms.ChoiceField(label=_("Situatie"), required=False, choices=Setting.choices)
    locatie = forms.ModelChoiceField(label=_("Locatie"), queryset=Location.objects.all(), required=False)
    functiegroep = forms.ModelChoiceField(
        label=_("Functiegroep"), queryset=FunctionGroup.objects.all(), required=False
    )

    def __init__(self, *args: Any, handlers: Any, units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (self.OPEN, _("Open (gemeld of in behandeling)")),
            (IncidentStatus.REPORTED, IncidentStatus.REPORTED.label),
            (IncidentStatus.IN_PROGRESS, IncidentStatus.IN_PROGRESS.label),
            (IncidentStatus.CLOSED, IncidentStatus.CLOSED.label),
            (self.ALL, _("Alle")),
        ]
        self.fields["handler"].queryset = handlers
        self.fields["handler"].empty_label = _("Iedereen")
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("Alle")
        self.fields["step_kind"].choices = [("", _("Alle"))] + StepKind.choices
        self.fields["step_owner"].choices = [("", _("Iedereen"))] + StepOwner.choices

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {"status": self.OPEN}
        self.is_valid()
        # Only the fields that cleaned: a stale or mistyped value drops just that filter.
        values = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        values["status"] = values.get("status") or self.OPEN
        return values

    def visible_filters(self) -> list[Any]:
        """The fields of the filter bar: the figure filters only while one is set."""
        return [field for field in self if field.name not in self.FIGURE_FIELDS]

    def figure_filters(self) -> list[tuple[Any, str]]:
        """The figure filters that are set, with the label of their value."""
        if not self.is_bound:
            return []
        self.is_valid()
        chosen = []
        for name in self.FIGURE_FIELDS:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.fields[name]
            text = (
                str(value) if isinstance(field, forms.ModelChoiceField) else str(dict(field.choices)[value])
            )
            chosen.append((self[name], text))
        return chosen
