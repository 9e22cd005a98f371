import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gir.accounts.models import OrganisationUnit

from .figures import Period

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een datum in als dag-maand-jaar, bijvoorbeeld 1-4-2026.")},
    )


class DashboardFilterForm(forms.Form):
    """The period and department of the dashboard (DESIGN §2.7). Without a period: the
    current quarter up to today. Units are those the reader may see (the access policy)."""

    van = _date_field(_("Van"))
    tot = _date_field(_("Tot en met"))
    afdeling = forms.ModelChoiceField(
        label=_("Afdeling of team"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        # Also for a unit that exists but is not the reader's: do not reveal which.
        error_messages={"invalid_choice": _("U kunt geen cijfers van deze afdeling zien.")},
    )

    def __init__(self, *args: Any, units: Any, today: dt.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["afdeling"].queryset = units.order_by("name")
        self.fields["afdeling"].empty_label = _("Alles wat u mag zien")
        default = self.default_period()
        self.fields["van"].initial = default.start
        self.fields["tot"].initial = default.end

    def default_period(self) -> Period:
        return Period(Period.quarter_of(self.today).start, self.today)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "van" in data and "tot" in data:
            default = self.default_period()
            try:
                data["period"] = Period.checked(data["van"] or default.start, data["tot"] or default.end)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return data

    def period(self) -> Period:
        if self.is_bound and self.is_valid():
            period: Period = self.cleaned_data["period"]
            return period
        return self.default_period()

    def unit(self) -> OrganisationUnit | None:
        if self.is_bound and self.is_valid():
            unit: OrganisationUnit | None = self.cleaned_data["afdeling"]
            return unit
        return None
