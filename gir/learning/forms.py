"""Forms of the incident evaluation (004 §6) and of the catalogue of actions (002). They
parse input; what makes an evaluation complete is the service's to say."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gir.core.forms import VERSION_ERRORS, text_field

from .constants import Addressee, CauseKind, FactorCategory, Phase
from .models import Factor
from .services import CauseInput

CAUSE_PREFIX = "causes"

# "Actie nodig?" has three states: yes, no (then: why not) and not answered yet (a draft).
ACTION_YES, ACTION_NO = "yes", "no"
NEEDS_ACTION_CHOICES = [(ACTION_YES, _("Ja, er volgt een actie")), (ACTION_NO, _("Nee, geen actie"))]


def factor_choices(factors: Iterable[Factor]) -> list[tuple[Any, Any]]:
    """The sub-factors grouped by their kind of cause, for a select with <optgroup>."""
    grouped: dict[str, list[tuple[int, str]]] = {value: [] for value in FactorCategory.values}
    for factor in factors:
        grouped.setdefault(factor.category, []).append((factor.pk, factor.name))
    choices: list[tuple[Any, Any]] = [("", _("— geen factor gekozen —"))]
    for value, label in FactorCategory.choices:
        if grouped[value]:
            choices.append((label, grouped[value]))
    return choices


class EvaluationForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    description = text_field(
        _("Wat gebeurde er?"),
        rows=5,
        help_text=_("Beschrijf het incident: wat ging eraan vooraf, wat gebeurde er en hoe liep het af."),
    )
    what_helped = text_field(
        _("Wat hielp in het verloop?"),
        help_text=_("Bijvoorbeeld: een collega die erbij kwam, de alarmknop, rustig blijven praten."),
    )
    obstacles = text_field(
        _("Wat stond in de weg?"),
        help_text=_(
            "Bijvoorbeeld: geen tweede uitgang, niemand die het alarm hoorde, een onduidelijke regel."
        ),
    )
    recurrence_risk = text_field(
        _("Hoe groot is de kans dat het weer gebeurt?"),
        help_text=_("En waarom denkt u dat?"),
    )
    # 0 while no evaluation exists yet: a save then fails when someone else made one meanwhile.
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, required=True, error_messages=VERSION_ERRORS
    )


class CauseForm(forms.Form):
    cause_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Directe of indirecte oorzaak?"),
        choices=CauseKind.choices,
        initial=CauseKind.DIRECT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of het een directe of een indirecte oorzaak is.")},
    )
    description = text_field(_("Oorzaak"), rows=3, help_text=_("Wat droeg bij aan het incident?"))
    category = forms.ChoiceField(
        label=_("Soort oorzaak"),
        choices=[("", _("— kies —")), *FactorCategory.choices],
        required=False,
    )
    factor = forms.TypedChoiceField(
        label=_("Factor (niet verplicht)"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Kies een factor die bij de soort oorzaak hoort."),
        error_messages={"invalid_choice": _("Kies een factor uit de lijst.")},
    )
    needs_action = forms.ChoiceField(
        label=_("Is er actie nodig?"),
        choices=NEEDS_ACTION_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    no_action_reason = text_field(
        _("Zo nee: waarom niet?"),
        rows=2,
        max_length=300,
        help_text=_("Alleen invullen als er geen actie volgt."),
    )

    def __init__(self, *args: Any, factors: list[tuple[Any, Any]] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The choices are built once per page, not once per cause.
        self.fields["factor"].choices = factors or [("", _("— geen factor gekozen —"))]

    def cause_input(self) -> CauseInput:
        data = self.cleaned_data
        answers = {ACTION_YES: True, ACTION_NO: False}
        return CauseInput(
            pk=data["cause_id"],
            kind=data["kind"],
            description=data["description"],
            category=data["category"],
            factor_id=data["factor"],
            needs_action=answers.get(data["needs_action"]),
            no_action_reason=data["no_action_reason"],
        )


class BaseCauseFormSet(forms.BaseFormSet):
    def kept_numbers(self) -> list[int]:
        """The numbers (from 1, as on the page) of the causes to keep, in their order:
        every cause that was saved before, unless removed, and every new one filled in."""
        numbers = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            numbers.append(index + 1)
        return numbers

    def cause_inputs(self) -> list[CauseInput]:
        return [self.forms[number - 1].cause_input() for number in self.kept_numbers()]


CauseFormSet = forms.formset_factory(CauseForm, formset=BaseCauseFormSet, extra=0, can_delete=True)
FirstCauseFormSet = forms.formset_factory(CauseForm, formset=BaseCauseFormSet, extra=1, can_delete=True)


def cause_initial(cause: Any) -> dict[str, Any]:
    # A draft may not have said yet whether action follows.
    answer = {True: ACTION_YES, False: ACTION_NO}.get(cause.needs_action, "")
    return {
        "cause_id": cause.pk,
        "kind": cause.kind,
        "description": cause.description,
        "category": cause.category,
        "factor": cause.factor_id,
        "needs_action": answer,
        "no_action_reason": cause.no_action_reason,
    }


class CatalogueFilterForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    fase = forms.ChoiceField(label=_("Fase"), choices=[("", _("Alle fasen")), *Phase.choices], required=False)
    voor = forms.ChoiceField(
        label=_("Voor wie"), choices=[("", _("Iedereen")), *Addressee.choices], required=False
    )


class CatalogueActionForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    title = forms.CharField(
        label=_("Actie"),
        max_length=200,
        error_messages={"required": _("Beschrijf de actie.")},
    )
    phase = forms.ChoiceField(
        label=_("Fase"),
        choices=[("", _("— kies —")), *Phase.choices],
        error_messages={"required": _("Kies de fase waarin de actie past.")},
    )
    addressee = forms.ChoiceField(
        label=_("Voor wie"),
        choices=[("", _("— kies —")), *Addressee.choices],
        error_messages={"required": _("Kies voor wie de actie is.")},
    )
