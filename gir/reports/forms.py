import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gir.accounts.models import OrganisationUnit

from .figures import Period

# A month as the browser's month field sends it, as people type it, or a day in it.
MONTH_FORMATS = ["%Y-%m", "%m-%Y", "%Y-%m-%d", "%d-%m-%Y"]


def _month_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "2026-04"}, format="%Y-%m"),
        error_messages={"invalid": _("Vul een maand in als jaar-maand, bijvoorbeeld 2026-04.")},
    )


class DashboardFilterForm(forms.Form):
    """The period (whole months) and department of the dashboard (DESIGN §2.7). Without a
    period: the current quarter. Units are those the reader may see (the access policy).

    A suppressed reader (without case access) asks for a calendar quarter or year of the
    whole organisation only: two overlapping periods or a unit and the rest would let them
    subtract a hidden count back (ADR 0022). The department table shows the split."""

    van = _month_field(_("Van maand"))
    tot = _month_field(_("Tot en met maand"))
    afdeling = forms.ModelChoiceField(
        label=_("Afdeling of team"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        # Also for a unit that exists but is not the reader's: do not reveal which.
        error_messages={"invalid_choice": _("U kunt geen cijfers van deze afdeling zien.")},
    )

    def __init__(self, *args: Any, units: Any, today: dt.date, suppressed: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today
        self.suppressed = suppressed
        self.fields["afdeling"].queryset = units.order_by("name")
        self.fields["afdeling"].empty_label = _("Alles wat u mag zien")
        default = self.default_period()
        self.fields["van"].initial = default.start
        self.fields["tot"].initial = default.end
        if suppressed:
            del self.fields["afdeling"]
            self.fields["van"].help_text = _("Een heel kwartaal of een heel kalenderjaar.")

    def default_period(self) -> Period:
        return Period.quarter_of(self.today)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "van" in data and "tot" in data:
            default = self.default_period()
            try:
                data["period"] = Period.checked(data["van"] or default.start, data["tot"] or default.end)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
            if self.suppressed and data["period"].quarter is None:
                raise ValidationError(
                    _(
                        "Kies een heel kwartaal (bijvoorbeeld van april tot en met juni) of een heel "
                        "kalenderjaar (van januari tot en met december). Andere perioden tonen we niet: "
                        "dan zijn verborgen kleine aantallen terug te rekenen."
                    )
                )
        if self.suppressed and self.data.get("afdeling"):
            raise ValidationError(
                _(
                    "U ziet de cijfers van de hele organisatie; een afdeling of team kiezen kan niet, "
                    "want dan zijn verborgen kleine aantallen terug te rekenen. De tabel Afdeling "
                    "toont de verdeling."
                )
            )
        return data

    def period(self) -> Period:
        if self.is_bound and self.is_valid():
            period: Period = self.cleaned_data["period"]
            return period
        return self.default_period()

    def unit(self) -> OrganisationUnit | None:
        if self.is_bound and self.is_valid() and not self.suppressed:
            unit: OrganisationUnit | None = self.cleaned_data["afdeling"]
            return unit
        return None
