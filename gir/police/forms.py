"""The forms of the police pages: a melding or aangifte, its copy, the course of the
case and the labour inspectorate notification. The services check the rules; the
forms only parse the input and put the services' messages at their fields."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gir.core.forms import datetime_field, text_field

from .constants import CaseStage, FiledBy, PoliceReportKind
from .services import organisation_addresses

DATE_FORMAT = "%Y-%m-%d"


class PoliceReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat is er gedaan?"),
        choices=PoliceReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies aangifte of melding.")},
    )
    filed_by = forms.ChoiceField(
        label=_("Door wie?"),
        choices=FiledBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wie de melding of aangifte deed.")},
    )
    vpt_code = forms.BooleanField(
        label=_("Meldcode VPT genoemd"),
        required=False,
        initial=True,
        label_suffix="",
        help_text=_(
            "Meldcode VPT = aangifte over de uitoefening van een publieke taak. "
            "Politie en OM geven zo'n zaak voorrang."
        ),
    )
    domicile = forms.ChoiceField(
        label=_("Opgegeven adres (domicilie)"),
        help_text=_("Altijd het adres van de organisatie, nooit het privéadres van de medewerker."),
        error_messages={
            "required": _("Kies het adres van de organisatie."),
            "invalid_choice": _(
                "Een privéadres of een ander adres is niet toegestaan: doe aangifte op het adres van de "
                "organisatie (001 §7.4 stap 4). Kies een adres uit de lijst."
            ),
        },
    )
    police_unit = forms.CharField(
        label=_("Politie-eenheid of bureau"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: basisteam Centrum, bureau Stationsplein."),
    )
    reported_at = datetime_field(_("Datum en tijd van de melding of aangifte"))
    police_reference = forms.CharField(
        label=_("Registratienummer van de politie"),
        required=False,
        max_length=100,
        help_text=_("Het nummer op het proces-verbaal of de bevestiging. Mag later worden aangevuld."),
    )
    no_aangifte_reason = text_field(
        _("Reden om geen aangifte te doen"),
        help_text=_(
            "Nodig als het protocol om aangifte vraagt (lichamelijk geweld of bedreiging) "
            "en u een melding vastlegt."
        ),
    )
    notes = text_field(_("Toelichting"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domicile"].choices = [(address, address) for address in organisation_addresses()]

    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class CopyForm(forms.Form):
    copy = forms.FileField(
        label=_("Kopie van de aangifte"),
        help_text=_("Een PDF of een foto of scan van het papieren afschrift (JPG of PNG)."),
        error_messages={
            "required": _("Kies het bestand met de kopie van de aangifte."),
            "empty": _("Het gekozen bestand is leeg."),
        },
    )


class CaseUpdateForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stand van de zaak"),
        choices=[("", "—"), *[c for c in CaseStage.choices if c[0] != CaseStage.FILED]],
        required=False,
    )
    on = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        input_formats=[DATE_FORMAT, "%d-%m-%Y"],
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    outcome = text_field(
        _("Uitkomst of toelichting"),
        help_text=_("Verplicht bij sepot, veroordeling of vrijspraak: de straf of de reden."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LabourNoticeForm(forms.Form):
    notified_at = datetime_field(_("Datum en tijd van de melding"))
    reference = forms.CharField(
        label=_("Kenmerk van de Arbeidsinspectie"),
        required=False,
        max_length=100,
        help_text=_("Het kenmerk dat u kreeg bij de melding (telefonisch of via het webformulier)."),
    )
    notes = text_field(_("Toelichting"))


class OverviewFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle")), *PoliceReportKind.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stand van de zaak"), choices=[("", _("Alle")), *CaseStage.choices], required=False
    )
