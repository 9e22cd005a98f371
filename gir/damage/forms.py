"""Forms of the damage pages. They parse input; the rules (and their messages about
amounts) live in services.py."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from gir.core.formats import euro
from gir.core.forms import date_field, text_field, version_field
from gir.perpetrators.models import Perpetrator

from .constants import ClaimRoute, ClaimStatus, DamageKind, DamageOwner
from .models import DamageItem

AMOUNT_HELP = _("In euro, bijvoorbeeld 125,50.")
AMOUNT_INVALID = _("Vul een bedrag in euro in, bijvoorbeeld 125,50.")
AMOUNT_CENTS = _("Vul een bedrag in met hoogstens twee cijfers achter de komma.")


def parse_amount(text: str) -> Decimal | None:
    """A euro amount as people type it: "125,50", "1.250,50", "€ 1250", "125.50".
    A single dot followed by other than three digits is a decimal point, as in Django's
    sanitize_separators; other dots separate thousands."""
    text = re.sub(r"[\s\u00a0€]", "", text or "").removeprefix("EUR")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        raise ValidationError(AMOUNT_INVALID, code="invalid")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(AMOUNT_INVALID, code="invalid") from error
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(AMOUNT_CENTS, code="cents")
    return amount.quantize(Decimal("0.01")) if amount.adjusted() < 20 else amount


def format_amount(amount: Decimal | None) -> str:
    """An amount as a Dutch person types it back: "1250,50"."""
    return "" if amount is None else number_format(amount, decimal_pos=2, use_l10n=True)


class AmountField(forms.Field):
    """A euro amount, Dutch or plain decimals; range checks are the service's (it says
    what is wrong with a negative or absurd amount)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", AMOUNT_HELP)
        attrs = {"inputmode": "decimal", "autocomplete": "off", "maxlength": "30"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        text = str(value).strip()
        if len(text) > 30:
            raise ValidationError(AMOUNT_INVALID, code="invalid")
        return parse_amount(text)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort schade"),
        choices=DamageKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies materiële of immateriële schade.")},
    )
    owner = forms.ChoiceField(
        label=_("Van wie is het beschadigde of verloren?"),
        choices=DamageOwner.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of het van de medewerker of van de organisatie is.")},
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld: telefoon gevallen bij duwen, bril kapot, ruit van de balie."),
    )
    amount = AmountField(label=_("Bedrag"))
    advanced_amount = AmountField(
        label=_("Voorgeschoten aan de medewerker"),
        help_text=_("Alleen bij schade van de medewerker. In euro; leeg of 0 als er niets is voorgeschoten."),
    )
    advanced_on = date_field(_("Voorgeschoten op"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["version"] = version_field()
        else:
            del self.fields["version"]


def item_initial(item: DamageItem) -> dict[str, Any]:
    """The edit form's initial values, amounts written the Dutch way."""
    return {
        "kind": item.kind,
        "owner": item.owner,
        "description": item.description,
        "amount": format_amount(item.amount),
        "advanced_amount": format_amount(item.advanced_amount) if item.advanced_amount else "",
        "advanced_on": item.advanced_on,
        "version": item.version,
    }


class PerpetratorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Perpetrator) -> str:
        born = f" ({obj.date_of_birth:%d-%m-%Y})" if obj.date_of_birth else ""
        return f"{obj}{born}"


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: DamageItem) -> str:
        return f"{obj.description}: {euro(obj.amount)}"


class ClaimForm(forms.Form):
    perpetrator = PerpetratorChoiceField(
        label=_("Op wie verhaalt u de schade?"),
        queryset=Perpetrator.objects.none(),
        empty_label=_("Kies een persoon"),
        error_messages={
            "required": _("Kies de veroorzaker."),
            "invalid_choice": _("Kies een veroorzaker die aan deze melding is gekoppeld."),
        },
    )
    items = ItemChoiceField(
        label=_("Welke schade verhaalt u?"),
        queryset=DamageItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Kies de schadeposten die u verhaalt.")},
    )
    route = forms.ChoiceField(
        label=_("Hoe verhaalt u de schade?"),
        choices=ClaimRoute.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe u de schade verhaalt.")},
    )
    amount_claimed = AmountField(
        label=_("Gevorderd bedrag"), help_text=_("In euro; niet meer dan de gekozen schadeposten samen.")
    )
    claimed_on = date_field(_("Gevorderd op"))

    def __init__(
        self,
        *args: Any,
        perpetrators: QuerySet[Perpetrator],
        items: QuerySet[DamageItem],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["perpetrator"].queryset = perpetrators
        self.fields["items"].queryset = items


class ClaimResultForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Hoe staat het verhaal ervoor?"),
        choices=ClaimStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe het verhaal ervoor staat.")},
    )
    amount_recovered = AmountField(
        label=_("Ontvangen"), help_text=_("In euro, het totaal dat tot nu toe is ontvangen.")
    )
    result = text_field(_("Resultaat"), help_text=_("Bijvoorbeeld de uitspraak of de betalingsregeling."))
    version = version_field()


class PeriodForm(forms.Form):
    van = date_field(_("Van"))
    tot = date_field(_("Tot en met"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum. Kies een latere einddatum."))
        return data
