"""Forms of the duties calendar, the duty table and the annual policy evaluation. They
parse input; the rules and their messages live in services.py, so most fields are not
required here and a missing choice gets the service's message."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.accounts.models import User
from gir.core.forms import date_field, text_field, version_field

from .constants import DEFAULT_REMINDER_DAYS, Frequency, Holder, SafetyCulture
from .models import ChecklistItem, Duty, PolicyEvaluation
from .services import ChecklistInput, DutyInput

MONTH_FORMATS = ["%Y-%m", "%m-%Y"]


class CalendarFilterForm(forms.Form):
    """The first month shown (?maand=YYYY-MM) and "only my tasks"."""

    maand = forms.DateField(
        label=_("Vanaf maand"),
        required=False,
        input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "2026-04"}, format="%Y-%m"),
        error_messages={"invalid": _("Vul een maand in als jaar-maand, bijvoorbeeld 2026-04.")},
    )
    mijn = forms.BooleanField(label=_("Alleen mijn taken"), label_suffix="", required=False)

    def first_month(self, today: dt.date) -> dt.date:
        month = self.cleaned_data.get("maand") if self.is_bound and self.is_valid() else None
        return (month or today).replace(day=1)

    def only_mine(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("mijn"))


class TaskCompleteForm(forms.Form):
    note = text_field(
        _("Wat is er gedaan of gevonden"),
        rows=4,
        help_text=_(
            "Bijvoorbeeld: alle alarmknoppen getest, knop bij balie 3 gaf geen signaal en is gemeld."
        ),
    )
    completed_on = date_field(_("Gedaan op"), help_text=_("Dag-maand-jaar. Leeg laten: vandaag."))
    version = version_field()


def owner_choices(duty: Duty | None) -> QuerySet[User]:
    """Active users, and the current owner of the duty even if no longer active."""
    condition = Q(is_active=True)
    if duty is not None and duty.owner_id:
        condition |= Q(pk=duty.owner_id)
    return User.objects.filter(condition).order_by("last_name", "first_name", "username")


class DutyForm(forms.Form):
    holder = forms.ChoiceField(
        label=_("Rol"),
        required=False,
        choices=[("", _("Kies een rol")), *Holder.choices],
        error_messages={"invalid_choice": _("Kies een rol uit de lijst.")},
    )
    text = forms.CharField(label=_("Taak"), required=False, max_length=300)
    # No default: whoever adds a duty says how often it comes back (003 "Termijn").
    frequency = forms.ChoiceField(
        label=_("Termijn"),
        required=False,
        choices=[("", _("Kies hoe vaak")), *Frequency.choices],
        help_text=_(
            "Eenmalige en terugkerende taken komen in de takenkalender als er een uitvoerder en een "
            "eerste datum zijn. ‘Constant’ en ‘indien nodig’ staan alleen in de takentabel."
        ),
        error_messages={"invalid_choice": _("Kies een termijn uit de lijst.")},
    )
    owner = forms.ModelChoiceField(
        label=_("Uitvoerder"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nog niemand"),
        help_text=_("Wie de taak uitvoert, een herinnering krijgt en vastlegt dat de taak is gedaan."),
        error_messages={"invalid_choice": _("Kies een uitvoerder uit de lijst.")},
    )
    first_due_on = date_field(_("Eerste keer klaar op"))
    reminder_days = forms.IntegerField(
        label=_("Herinnering, dagen vooraf"),
        required=False,
        min_value=0,
        max_value=90,
        help_text=_(
            "Leeg laten: de gewone termijn (maandelijks 3 dagen, per kwartaal en halfjaarlijks 14, "
            "jaarlijks 30)."
        ),
        error_messages={
            "invalid": _("Vul een aantal dagen in, bijvoorbeeld 7."),
            "min_value": _("Kies een herinnering tussen 0 en 90 dagen vooraf."),
            "max_value": _("Kies een herinnering tussen 0 en 90 dagen vooraf."),
        },
    )
    is_active = forms.BooleanField(label=_("In gebruik"), label_suffix="", required=False)
    version = version_field(required=False)

    def __init__(self, *args: Any, duty: Duty | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.duty = duty
        self.fields["owner"].queryset = owner_choices(duty)
        self.fields["reminder_days"].widget.attrs["inputmode"] = "numeric"
        if duty is not None:
            self.fields["version"].required = True
            self.fields["reminder_days"].help_text = ""

    @staticmethod
    def initial_for(duty: Duty | None) -> dict[str, Any]:
        if duty is None:
            return {"is_active": True}
        return {
            "holder": duty.holder,
            "text": duty.text,
            "frequency": duty.frequency,
            "owner": duty.owner_id,
            "first_due_on": duty.first_due_on,
            "reminder_days": duty.reminder_days,
            "is_active": duty.is_active,
            "version": duty.version,
        }

    def to_input(self) -> DutyInput:
        data = self.cleaned_data
        reminder_days = data["reminder_days"]
        if reminder_days is None and self.duty is None:
            reminder_days = DEFAULT_REMINDER_DAYS.get(data["frequency"])
        return DutyInput(
            holder=data["holder"],
            text=data["text"],
            frequency=data["frequency"],
            owner=data["owner"],
            first_due_on=data["first_due_on"],
            reminder_days=reminder_days,
            is_active=data["is_active"],
        )


class PolicyEvaluationForm(forms.Form):
    """Per checklist point a box "besproken" and findings; the self-assessment on the five
    levels of safety culture (002); the conclusions."""

    culture_level = forms.TypedChoiceField(
        label=_("Waar staat de organisatie op de vijf niveaus van veiligheidscultuur?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=SafetyCulture.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Bespreek met medewerkers en leidinggevenden welk beeld zij hebben, en kom tot een "
            "gezamenlijk beeld van sterke en zwakke punten (002)."
        ),
        error_messages={"invalid_choice": _("Kies een van de vijf niveaus van veiligheidscultuur.")},
    )
    culture_notes = text_field(_("Toelichting op de veiligheidscultuur"), rows=4)
    conclusions = text_field(
        _("Conclusies en verbeterpunten"),
        rows=6,
        help_text=_("Wat gaat goed, wat moet beter, en wat wordt teruggekoppeld aan het management."),
    )
    version = version_field(required=False)

    def __init__(self, *args: Any, items: list[ChecklistItem], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}_done"] = forms.BooleanField(
                label=_("Besproken"), label_suffix="", required=False
            )
            self.fields[f"item_{item.pk}_notes"] = text_field(_("Bevindingen"), rows=2)

    @staticmethod
    def initial_for(evaluation: PolicyEvaluation | None) -> dict[str, Any]:
        if evaluation is None:
            return {}
        initial: dict[str, Any] = {
            "culture_level": evaluation.culture_level,
            "culture_notes": evaluation.culture_notes,
            "conclusions": evaluation.conclusions,
            "version": evaluation.version,
        }
        for answer in evaluation.answers.all():
            initial[f"item_{answer.item_id}_done"] = answer.is_done
            initial[f"item_{answer.item_id}_notes"] = answer.notes
        return initial

    def checklist_rows(self) -> list[dict[str, Any]]:
        """Each point with its two bound fields, for the template."""
        return [
            {"item": item, "done": self[f"item_{item.pk}_done"], "notes": self[f"item_{item.pk}_notes"]}
            for item in self.items
        ]

    def checklist(self) -> list[ChecklistInput]:
        data = self.cleaned_data
        return [
            ChecklistInput(
                item_id=item.pk,
                is_done=data[f"item_{item.pk}_done"],
                notes=data[f"item_{item.pk}_notes"],
            )
            for item in self.items
        ]
