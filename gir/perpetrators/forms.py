"""Forms of the register and measure pages. They parse input; the rules live in the services."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.accounts.models import User
from gir.core.forms import date_field, text_field, version_field
from gir.incidents.models import Incident

from .constants import (
    END_REQUIRED_KINDS,
    MANDATED_KINDS,
    Hearing,
    MeasureKind,
    MeetingAttendance,
    ObjectionOutcome,
)
from .models import Measure, Objection, Perpetrator
from .policy import signatory_candidates

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=200)


class PerpetratorForm(forms.Form):
    is_unknown = forms.BooleanField(
        label=_("Onbekende persoon: de naam weten we niet"),
        label_suffix="",
        required=False,
    )
    full_name = forms.CharField(label=_("Naam"), required=False, max_length=200)
    date_of_birth = date_field(_("Geboortedatum"))
    aliases = text_field(
        _("Andere namen"), help_text=_("Eén naam per regel, bijvoorbeeld een bijnaam of meisjesnaam.")
    )
    description = text_field(
        _("Beschrijving"),
        rows=4,
        help_text=_("Hoe ziet de persoon eruit? Verplicht bij een onbekende persoon."),
    )
    address = text_field(_("Adres"), help_text=_("Voor brieven per post."))
    online_accounts = text_field(
        _("Accountnamen online"), help_text=_("Eén account per regel, bijvoorbeeld @naam.")
    )
    # A plain file field: the service checks by content that it is a photo.
    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        help_text=_("Een goed gelijkende foto (JPEG, PNG, WebP of GIF, hoogstens 10 MB)."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: Perpetrator | None = None, **kwargs: Any):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "is_unknown": instance.is_unknown,
                "full_name": instance.full_name,
                "date_of_birth": instance.date_of_birth,
                "aliases": instance.aliases,
                "description": instance.description,
                "address": instance.address,
                "online_accounts": instance.online_accounts,
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)

    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "is_unknown": data["is_unknown"],
            "full_name": data["full_name"].strip(),
            "date_of_birth": data["date_of_birth"],
            "aliases": data["aliases"].strip(),
            "description": data["description"].strip(),
            "address": data["address"].strip(),
            "online_accounts": data["online_accounts"].strip(),
        }


class LinkForm(forms.Form):
    perpetrator = forms.ModelChoiceField(
        queryset=Perpetrator.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Kies een persoon uit de lijst.")},
    )

    def __init__(self, *args: Any, choices: QuerySet[Perpetrator], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["perpetrator"].queryset = choices


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(
        label=_("De dubbele persoon"),
        queryset=Perpetrator.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Kies een persoon uit de lijst.")},
    )

    def __init__(self, *args: Any, choices: QuerySet[Perpetrator], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = choices


class IncidentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Incident) -> str:
        when = obj.occurred_at.strftime("%d-%m-%Y") if obj.occurred_at else "—"
        if obj.escalation_level:
            return f"{obj.reference} ({when}, {_('niveau')} {obj.escalation_level})"
        return f"{obj.reference} ({when})"


class MeasureProposeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Maatregel"),
        choices=MeasureKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een maatregel.")},
    )
    incidents = IncidentChoiceField(
        label=_("Over welke melding(en) gaat de maatregel?"),
        queryset=Incident.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies de melding(en) waarop de maatregel een antwoord is.")},
    )
    starts_on = date_field(_("Ingangsdatum (mag later)"))
    ends_on = date_field(_("Einddatum (mag later)"))
    period_reason = text_field(
        _("Reden voor een andere duur"),
        help_text=_(
            "Een toegangsverbod duurt 3 maanden. Wijkt u daarvan af? Schrijf hier waarom (001 §8.1)."
        ),
    )
    notes = text_field(_("Toelichting"), rows=4)
    minor_behaviour_reason = text_field(
        _("Waarom toch een sanctie? (verplicht bij alleen emotie of kritiek, niveau A of B)"),
        rows=3,
        help_text=_(
            "001 §2.1: burgers mogen kritiek hebben op het beleid en de regels, en mogen boos "
            "en geïrriteerd zijn. Een sanctie past pas als het gedrag persoonlijk wordt (niveau C) "
            "of verder gaat."
        ),
    )

    def __init__(self, *args: Any, incidents: QuerySet[Incident], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["incidents"].queryset = incidents


class MeasureDecideForm(forms.Form):
    hearing = forms.ChoiceField(
        label=_("Hoor en wederhoor"),
        choices=Hearing.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Heeft de persoon zijn of haar kant van het verhaal kunnen vertellen?"),
    )
    hearing_notes = text_field(
        _("Wat zei de persoon? Of: waarom is de persoon niet gehoord?"),
        rows=3,
    )
    grounds = text_field(
        _("Gronden van het besluit"), rows=4, help_text=_("Wat is er gebeurd en waarom deze maatregel?")
    )
    proportionality = text_field(
        _("Waarom is de maatregel in verhouding?"),
        help_text=_("Denk aan de ernst, eerdere incidenten en de gevolgen voor de persoon."),
    )
    decided_by = forms.ModelChoiceField(
        label=_("Wie neemt het besluit?"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies iemand uit de lijst.")},
    )
    starts_on = date_field(_("Ingangsdatum"))
    ends_on = date_field(_("Einddatum"))
    period_reason = text_field(_("Reden voor een andere duur"))
    # The fairness guard (issue 19 item 6); the view keeps only those that apply.
    minor_behaviour_reason = text_field(
        _("Waarom toch een sanctie, terwijl het gedrag emotie of kritiek was?"),
        rows=3,
        help_text=_("001 §2.1: burgers mogen kritiek hebben en boos zijn (niveau A en B)."),
    )
    unheard_reason = text_field(
        _("Besluit u zonder de persoon te horen? Schrijf dan op waarom dat toch nodig is."),
        rows=3,
        help_text=_("Alleen nodig als de persoon niet is gehoord (hoor en wederhoor, 002 #9)."),
    )
    decide_before_term = forms.BooleanField(
        label=_("Ik besluit toch nu, vóór het einde van de termijn voor een reactie"),
        label_suffix="",
        required=False,
    )
    version = version_field()

    def __init__(
        self,
        *args: Any,
        measure: Measure,
        user: Any,
        today: Any,
        guards: dict[str, bool] | None = None,
        **kwargs: Any,
    ):
        from .services import standard_ban_end

        kwargs.setdefault(
            "initial",
            {
                "starts_on": measure.starts_on or today,
                "ends_on": measure.ends_on
                or (
                    standard_ban_end(measure.starts_on or today)
                    if measure.kind == MeasureKind.BUILDING_BAN
                    else None
                ),
                "period_reason": measure.period_reason,
                "minor_behaviour_reason": measure.minor_behaviour_reason,
                "hearing": Hearing.HEARD if measure.answer_received_on else "",
                "hearing_notes": (
                    _("Schriftelijke zienswijze ontvangen op %(date)s.")
                    % {"date": measure.answer_received_on.strftime("%d-%m-%Y")}
                    if measure.answer_received_on
                    else ""
                ),
                "version": measure.version,
            },
        )
        super().__init__(*args, **kwargs)
        for name, applies in (guards or {}).items():
            if not applies:
                del self.fields[name]
        candidates = signatory_candidates()
        field = self.fields["decided_by"]
        if measure.kind in MANDATED_KINDS:
            field.help_text = _(
                "Dit besluit neemt de burgemeester of een gemandateerde manager (001 §7.3, §8.1)."
            )
            field.queryset = candidates
        else:
            field.queryset = User.objects.filter(Q(pk__in=candidates.values("pk")) | Q(pk=user.pk)).order_by(
                "last_name", "first_name", "pk"
            )
            field.initial = user.pk
        field.empty_label = _("— kies —")
        if measure.kind == MeasureKind.BUILDING_BAN:
            self.fields["ends_on"].help_text = _(
                "Dag-maand-jaar. Een toegangsverbod duurt in principe 3 maanden (001 §8.1). "
                "Vult u een andere einddatum in, geef dan hieronder de reden."
            )
        elif measure.kind not in END_REQUIRED_KINDS:
            self.fields["ends_on"].label = _("Einddatum (niet verplicht)")
        # The notes' meaning follows the choice made (shown again after an error).
        hearing = self.data.get(self.add_prefix("hearing")) if self.is_bound else measure.hearing
        if hearing == Hearing.HEARD:
            self.fields["hearing_notes"].label = _("Wat zei de persoon?")
        elif hearing == Hearing.NOT_HEARD:
            self.fields["hearing_notes"].label = _("Waarom is de persoon niet gehoord?")


class AnswerTermForm(forms.Form):
    answer_by = date_field(
        _("De persoon kan schriftelijk reageren tot en met"),
        help_text=_("Dag-maand-jaar. Gebruikelijk is twee weken."),
    )
    version = version_field()


class AnswerForm(forms.Form):
    answer_received_on = date_field(_("Ontvangen op"))
    answer_text = text_field(
        _("Wat schrijft de persoon?"), rows=5, help_text=_("Schrijf de reactie over of vat haar samen.")
    )
    # A plain file field: the service checks by content what the file is.
    answer_file = forms.FileField(
        label=_("De brief of e-mail zelf (niet verplicht)"),
        required=False,
        help_text=_("Een PDF, een scan (JPG of PNG) of een e-mail."),
    )
    version = version_field()


class VersionForm(forms.Form):
    version = version_field()


class WithdrawForm(forms.Form):
    reason = text_field(
        _("Reden van intrekking"),
        required=True,
        error_messages={"required": _("Geef de reden om de maatregel in te trekken.")},
    )
    version = version_field()


class MeetingPlanForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        input_formats=[DATETIME_FORMAT, "%d-%m-%Y %H:%M"],
        error_messages={"invalid": _("Vul een geldige datum en tijd in.")},
    )
    meeting_place = forms.CharField(label=_("Plaats"), required=False, max_length=200)
    meeting_attendees = text_field(_("Wie zijn er namens de gemeente bij?"))
    version = version_field()


class MeetingRecordForm(forms.Form):
    meeting_attendance = forms.ChoiceField(
        label=_("Is de persoon verschenen?"),
        choices=MeetingAttendance.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Niet verschenen? Dan gaan de brieven met de gewone post én aangetekend "
            "naar de persoon (001 §8.1)."
        ),
    )
    meeting_outcome = text_field(_("Uitkomst van het gesprek"), rows=4)
    version = version_field()


class ObjectionRecordForm(forms.Form):
    received_on = date_field(_("Ontvangen op"))
    grounds = text_field(_("Waar gaat het bezwaar over?"), rows=4)


class ObjectionDecideForm(forms.Form):
    objection = forms.ModelChoiceField(
        queryset=Objection.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Dit bezwaar bestaat niet (meer).")},
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=ObjectionOutcome.choices, widget=forms.RadioSelect, required=False
    )
    handling = text_field(_("Hoe is het bezwaar behandeld? (hoorzitting, advies)"))
    decided_on = date_field(_("Beslist op"))
    new_ends_on = date_field(_("Nieuwe einddatum (alleen bij deels gegrond)"))

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["objection"].queryset = measure.objections.filter(outcome="")
