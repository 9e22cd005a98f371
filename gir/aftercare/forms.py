"""Forms of the aftercare pages. They parse input; the rules live in services.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gir.core.forms import datetime_field, text_field, version_field

from .constants import Mode, Processed, Referral, SecondaryVictimisation, Stage

# A victim without an account is chosen as "naam:<name>"; one with an account by user pk.
NAME_PREFIX = "naam:"

# What fits each conversation (001 §10.2); every conversation also asks about
# secondary victimisation and referral.
STAGE_FIELDS: dict[int, tuple[str, ...]] = {
    Stage.FIRST: ("facts", "stress_information_given"),
    Stage.SECOND: ("emotions", "coping"),
    Stage.THIRD: ("look_back", "processed"),
    Stage.LATER: ("notes",),
}
COMMON_FIELDS = ("secondary_victimisation", "secondary_victimisation_notes", "referral", "referral_notes")


def employee_key(user_id: int | None, name: str) -> str:
    """How a row's employee travels in a form: the user pk, or "naam:<name>"."""
    return str(user_id) if user_id else f"{NAME_PREFIX}{name}"


class TargetMixin(forms.Form):
    """The step and employee a *_new form acts on, as hidden fields."""

    step = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Kies het gesprek opnieuw op de pagina.")}
    )
    employee = forms.CharField(
        widget=forms.HiddenInput,
        max_length=220,
        error_messages={"required": _("Kies het gesprek opnieuw op de pagina.")},
    )


class ScheduleForm(forms.Form):
    scheduled_at = datetime_field(_("Datum en tijd"))
    duration_minutes = forms.IntegerField(
        label=_("Duur (minuten)"),
        initial=60,
        required=False,
        min_value=15,
        max_value=240,
        error_messages={
            "invalid": _("Vul de duur in hele minuten in."),
            "min_value": _("Een gesprek duurt tussen 15 en 240 minuten."),
            "max_value": _("Een gesprek duurt tussen 15 en 240 minuten."),
        },
    )
    mode = forms.ChoiceField(label=_("Vorm"), choices=Mode.choices, initial=Mode.IN_PERSON)
    place = forms.CharField(
        label=_("Plaats of link"),
        required=False,
        max_length=300,
        help_text=_("Komt in de agenda-uitnodiging. Noem geen details van het incident."),
    )
    version = version_field(required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "scheduled_at": data["scheduled_at"],
            "duration_minutes": data["duration_minutes"] or 60,
            "mode": data["mode"],
            "place": data["place"],
        }


class ScheduleNewForm(TargetMixin, ScheduleForm):
    pass


class RecordForm(forms.Form):
    """The record of a held conversation, with the fields of its stage."""

    held_at = datetime_field(_("Gevoerd op"))
    facts = text_field(_("Feiten: wat er gebeurde"), rows=4)
    stress_information_given = forms.BooleanField(
        label=_("Uitleg gegeven over mogelijke stressreacties"), label_suffix="", required=False
    )
    emotions = text_field(_("Emoties"), rows=4)
    coping = text_field(_("Hoe de medewerker het verwerkt"), rows=4)
    look_back = text_field(_("Terugblik: hoe is de medewerker ermee omgegaan?"), rows=4)
    processed = forms.ChoiceField(
        label=_("Is de gebeurtenis verwerkt?"),
        choices=Processed.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    notes = text_field(_("Verslag"), rows=4)
    secondary_victimisation = forms.ChoiceField(
        label=_("Kwetsende reacties van anderen (secundaire victimisatie)?"),
        choices=SecondaryVictimisation.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Vraag er altijd naar: reacties van collega's of familie kunnen harder aankomen."),
    )
    secondary_victimisation_notes = text_field(_("Toelichting secundaire victimisatie"))
    referral = forms.ChoiceField(
        label=_("Doorverwijzing"),
        choices=Referral.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    referral_notes = text_field(_("Toelichting doorverwijzing"), help_text=_("Waarvoor en naar wie."))
    version = version_field(required=False)

    def __init__(self, *args: Any, stage: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stage = stage
        keep = set(STAGE_FIELDS[stage]) | set(COMMON_FIELDS) | {"held_at", "version", "step", "employee"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    @property
    def stage_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in STAGE_FIELDS[self.stage]]

    @property
    def common_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in COMMON_FIELDS]

    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in (*STAGE_FIELDS[self.stage], *COMMON_FIELDS)}


class RecordNewForm(TargetMixin, RecordForm):
    pass


class DeclineForm(forms.Form):
    notes = text_field(
        _("Toelichting (optioneel)"),
        rows=2,
        help_text=_("Nazorg is vrijwillig. De medewerker kan later alsnog om nazorg vragen."),
    )
    version = version_field(required=False)


class DeclineNewForm(TargetMixin, DeclineForm):
    pass


class VersionForm(forms.Form):
    version = version_field()


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Bericht aan het Bedrijfs Opvang Team (optioneel)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen het Bedrijfs Opvang Team leest dit."),
    )
