"""The form in which the coordinator edits a protocol rule.

The conditions are a JSON list on the model; here they are one group of checkboxes
per fact in FACTS. The form only parses: whether a fact, value or outcome exists is
decided by the model's clean(), so the form, the API and the service refuse alike.
"""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from .constants import STEP_OUTCOMES, ConditionOp, StepKind
from .facts import FACTS
from .models import ProtocolRule

FACT_PREFIX = "fact_"
OP_SUFFIX = "_op"


class AnyValueMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes whose values the model checks, so a tampered value gets the
    model's message (which names the value) instead of a generic one."""

    def valid_value(self, value: str) -> bool:
        return True


class AnyValueChoiceField(forms.ChoiceField):
    def valid_value(self, value: str) -> bool:
        return True


def _outcome_groups() -> list[tuple[str, Any, list[tuple[str, Any]]]]:
    return [(kind, StepKind(kind).label, list(outcomes)) for kind, outcomes in STEP_OUTCOMES.items()]


class RuleForm(forms.ModelForm):
    after_outcomes = AnyValueMultipleChoiceField(
        label=_("Alleen na deze uitkomst"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kiest u niets, dan begint de termijn na elke uitkomst van die stap."),
    )
    # The version the form was opened with; a stale one is refused (optimistic locking).
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by the view when someone else saved the rule after this form was opened.
    stale = False

    class Meta:
        model = ProtocolRule
        fields = [
            "title",
            "kind",
            "requirement",
            "owner",
            "explanation",
            "source",
            "match",
            "deadline_amount",
            "deadline_unit",
            "aim_amount",
            "anchor",
            "after_kind",
            "is_active",
            "position",
        ]
        labels = {
            "title": _("Naam van de stap"),
            "kind": _("Soort stap"),
            "requirement": _("Verplicht of advies"),
            "owner": _("Wie doet de stap?"),
            "explanation": _("Uitleg voor wie de stap doet"),
            "source": _("Bron in het protocol"),
            "match": _("De stap hoort bij een melding als deze klopt:"),
            "deadline_amount": _("Termijn"),
            "deadline_unit": _("Eenheid"),
            "aim_amount": _("Streeftermijn"),
            "anchor": _("De termijn telt vanaf"),
            "after_kind": _("Na welke stap?"),
            "is_active": _("Deze regel is actief"),
            "position": _("Volgorde"),
        }
        help_texts = {
            "kind": _("Bepaalt welke uitkomsten iemand kan kiezen als de stap gedaan is."),
            "requirement": _(
                "Een melding kan pas worden afgehandeld als elke verplichte stap gedaan is "
                "of als niet nodig is vastgelegd."
            ),
            "source": _("Bijvoorbeeld 001 §7.4."),
            "aim_amount": _("Mag leeg blijven. In dezelfde eenheid als de termijn en niet langer."),
            "after_kind": _("Alleen nodig als de termijn telt vanaf een andere stap."),
            "is_active": _(
                "Regels worden nooit verwijderd, omdat stappen ernaar verwijzen. "
                "Zet het vinkje uit als de regel niet meer moet gelden."
            ),
            "position": _("De volgorde in de lijst en in het plan. Een lager getal komt eerder."),
        }
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 3}),
            "requirement": forms.RadioSelect,
            "match": forms.RadioSelect,
            "anchor": forms.RadioSelect,
            "deadline_amount": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "aim_amount": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "position": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        rule = self.instance
        self.fields["after_kind"].choices = [("", _("— geen —")), *StepKind.choices]
        for name in ("kind", "owner", "deadline_unit"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.fields["after_outcomes"].choices = [
            (label, outcomes) for _kind, label, outcomes in _outcome_groups()
        ]
        self.fields["after_outcomes"].initial = list(rule.after_outcomes or [])
        self.fields["version"].initial = rule.version if rule.pk else ""
        if not rule.pk:
            last = ProtocolRule.objects.order_by("-position").values_list("position", flat=True).first()
            self.initial.setdefault("position", (last or 0) + 10)
        for name in ("title", "kind", "owner", "deadline_amount", "deadline_unit"):
            self.fields[name].label = f"{self.fields[name].label} *"
            self.fields[name].widget.attrs["aria-required"] = "true"
        self.fields["title"].error_messages["required"] = _("Geef de stap een naam.")
        self.fields["kind"].error_messages["required"] = _("Kies de soort stap.")
        self.fields["owner"].error_messages["required"] = _("Kies wie de stap doet.")
        self.fields["deadline_amount"].error_messages["required"] = _("Vul de termijn in.")
        self.fields["deadline_amount"].validators.append(_at_least_one)

        stored = {c.get("field"): c for c in (rule.conditions or []) if isinstance(c, dict)}
        for name, fact in FACTS.items():
            condition = stored.get(name, {})
            self.fields[f"{FACT_PREFIX}{name}{OP_SUFFIX}"] = AnyValueChoiceField(
                label=fact.label,
                choices=ConditionOp.choices,
                widget=forms.RadioSelect,
                initial=condition.get("op", ConditionOp.IN),
                required=False,
            )
            self.fields[f"{FACT_PREFIX}{name}"] = AnyValueMultipleChoiceField(
                label=fact.label,
                choices=fact.choices,
                widget=forms.CheckboxSelectMultiple,
                initial=list(condition.get("values", [])),
                required=False,
            )

    # --- what the template shows -------------------------------------------------

    def facts(self) -> list[dict[str, Any]]:
        """One entry per fact: its operator and value fields, and whether it is set."""
        entries = []
        for name, fact in FACTS.items():
            values = self[f"{FACT_PREFIX}{name}"]
            entries.append(
                {
                    "name": name,
                    "label": fact.label,
                    "op": self[f"{FACT_PREFIX}{name}{OP_SUFFIX}"],
                    "values": values,
                    "is_set": bool(values.value()),
                }
            )
        return entries

    def outcome_groups(self) -> list[dict[str, Any]]:
        """The outcome checkboxes grouped by the kind of step they belong to."""
        options = iter(self["after_outcomes"].subwidgets)
        return [
            {"kind": kind, "label": label, "options": [next(options) for _outcome in outcomes]}
            for kind, label, outcomes in _outcome_groups()
        ]

    def condition_errors(self) -> Any:
        return self.errors.get("conditions", self.error_class())

    def summary_items(self) -> list[tuple[str, str]]:
        """The conditions' errors for the error summary, each linking to the conditions."""
        return [(f"{_('Voorwaarden')}: {error}", "conditions") for error in self.condition_errors()]

    def main_fields(self) -> list[BoundField]:
        return [self[n] for n in ("title", "kind", "requirement", "owner", "explanation", "source")]

    # --- parsing -----------------------------------------------------------------

    def conditions(self) -> list[dict[str, Any]]:
        """The conditions as the model stores them. Keys named after an unknown fact
        are passed on too, so the model refuses them rather than the form dropping them."""
        names = list(FACTS)
        for key in self.data:
            name = key.removeprefix(FACT_PREFIX)
            if key.startswith(FACT_PREFIX) and not key.endswith(OP_SUFFIX) and name not in names:
                names.append(name)
        conditions = []
        for name in names:
            if name in FACTS:
                values = self.cleaned_data.get(f"{FACT_PREFIX}{name}") or []
                op = self.cleaned_data.get(f"{FACT_PREFIX}{name}{OP_SUFFIX}") or ConditionOp.IN
            else:
                key = f"{FACT_PREFIX}{name}"
                raw = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key)]
                values = [v for v in raw if v]
                op = self.data.get(f"{FACT_PREFIX}{name}{OP_SUFFIX}") or ConditionOp.IN
            if values:
                conditions.append({"field": name, "op": op, "values": list(values)})
        return conditions

    def expected_version(self) -> int:
        """The version the form was opened with; anything unreadable never matches."""
        try:
            return int(self.cleaned_data.get("version") or 0)
        except ValueError:
            return 0

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Set before the model's clean() runs (in _post_clean), which checks them.
        self.instance.conditions = self.conditions()
        self.instance.after_outcomes = list(data.get("after_outcomes") or [])
        return data

    def add_error(self, field: str | None, error: Any) -> None:
        # The model reports on its JSON field "conditions", which the form shows as the
        # groups of checkboxes; keep those messages together for that part of the page.
        # Messages on other fields the form does not show become general messages.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name in list(error.error_dict):
                if name == "conditions":
                    messages = error.error_dict.pop(name)
                    self._errors.setdefault("conditions", self.error_class(field_id="conditions"))
                    self._errors["conditions"].extend(messages)
                elif name != NON_FIELD_ERRORS and name not in self.fields:
                    error.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(error.error_dict.pop(name))
            if not error.error_dict:
                return
        super().add_error(field, error)


def _at_least_one(value: int | None) -> None:
    if value is not None and value < 1:
        raise ValidationError(_("De termijn moet minstens 1 zijn."))
