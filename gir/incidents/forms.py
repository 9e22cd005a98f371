from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gir.access.kernel import Capability, has_capability
from gir.accounts.models import Location, User
from gir.core import clock

from .constants import BehaviourKind, ReporterRole
from .evidence import check_evidence_file
from .models import Incident
from .policy import victim_choices_for
from .services import FACT_FIELDS, VictimInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        errors: list[ValidationError] = []
        for upload in files:
            try:
                check_evidence_file(upload)
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return list(files)


class VictimChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


# The required core (DESIGN §2.1): when, setting, what happened, kind of behaviour.
CORE_FIELDS = ("occurred_at", "setting", "description", "behaviour_kinds")


class IncidentReportForm(forms.ModelForm):
    """The report form. A draft may be incomplete; submitting needs the core."""

    behaviour_kinds = forms.MultipleChoiceField(
        label=_("Wat voor gedrag was het?"),
        choices=BehaviourKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kies alles wat past."),
    )
    victim_user = VictimChoiceField(
        label=_("Welke collega?"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— kies een collega —"),
    )
    victim_name = forms.CharField(
        label=_("Of typ de naam"),
        max_length=200,
        required=False,
        help_text=_("Als de persoon niet in de lijst staat, bijvoorbeeld een raadslid."),
    )
    victim_is_political = forms.BooleanField(
        label=_("Het slachtoffer is een politiek ambtsdrager (burgemeester, wethouder, raadslid)"),
        required=False,
    )
    evidence_files = MultipleFileField(
        label=_("Bewijs toevoegen"),
        required=False,
        help_text=_("Foto's, schermafbeeldingen, PDF, geluid, video of e-mail."),
    )

    class Meta:
        model = Incident
        fields = FACT_FIELDS
        labels = {
            "occurred_at": _("Wanneer gebeurde het?"),
            "setting": _("Waar of hoe gebeurde het?"),
            "location": _("In welk gebouw?"),
            "address_outside": _("Of: adres of plek buiten kantoor"),
            "description": _("Beschrijf wat er gebeurde"),
            "escalation_level": _("Hoe ernstig was het? (A–E)"),
            "aggression_type": _("Wat voor agressie was het?"),
            "weapon_or_object": _("Waarmee? (wapen, voorwerp)"),
            "cause": _("Waarom? Wat was de aanleiding?"),
            "digital_channel": _("Via welk kanaal?"),
            "digital_link_or_message": _("Link of tekst van het bericht"),
            "digital_classification": _("Wat voor uiting is het?"),
            "digital_evidence_secured": _("Ik heb het bewijs veiliggesteld (schermafbeelding, opslag)"),
            "reporter_role": _("Wie meldt?"),
            "perpetrator_known": _("Is de veroorzaker bekend?"),
            "perpetrator_name": _("Naam van de veroorzaker"),
            "perpetrator_description": _("Beschrijving (uiterlijk, kleding, kenmerken)"),
            "injury": _("Is er letsel?"),
            "medical_visit": _("Er is een arts of eerste hulp bezocht"),
            "material_damage": _("Er is materiële schade"),
            "damage_estimate": _("Geschatte schade in euro"),
            "witnesses": _("Getuigen"),
            "police_called": _("De politie is ter plaatse gebeld"),
        }
        help_texts = {
            "description": _("In uw eigen woorden. Een paar zinnen is genoeg."),
            "escalation_level": _(
                "A en B: emotie. C: gericht op u. D: bedreiging of geweld. "
                "E: dreigen zichzelf iets aan te doen."
            ),
            "witnesses": _("Namen en hoe ze te bereiken zijn."),
        }
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "perpetrator_description": forms.Textarea(attrs={"rows": 2}),
            "witnesses": forms.Textarea(attrs={"rows": 2}),
            "digital_link_or_message": forms.Textarea(attrs={"rows": 2}),
            "escalation_level": forms.RadioSelect,
            "reporter_role": forms.RadioSelect,
            "perpetrator_known": forms.RadioSelect,
            "injury": forms.RadioSelect,
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("setting", "aggression_type", "digital_channel", "digital_classification"):
            field = self.fields[name]
            field.choices = [("", _("— kies —"))] + [c for c in field.choices if c[0]]
        self.fields["location"].queryset = Location.objects.filter(is_active=True)
        self.fields["location"].empty_label = _("— geen of onbekend —")
        # Choices follow the reporter, so a handler who edits keeps the reporter's options.
        reporter = self.instance.reporter if self.instance.pk else user
        victims = victim_choices_for(reporter)
        if self.instance.pk:
            current = User.objects.filter(victimisations__incident=self.instance)
            victims = User.objects.filter(pk__in=victims.values("pk")) | current
        self.fields["victim_user"].queryset = victims.distinct().order_by("last_name", "first_name")
        roles = [
            (ReporterRole.VICTIM.value, ReporterRole.VICTIM.label),
            (ReporterRole.WITNESS.value, ReporterRole.WITNESS.label),
        ]
        if (
            has_capability(reporter, Capability.REPORT_ON_BEHALF)
            or self.instance.reporter_role == ReporterRole.ON_BEHALF
        ):
            roles.append((ReporterRole.ON_BEHALF.value, ReporterRole.ON_BEHALF.label))
        self.fields["reporter_role"].choices = roles
        self.fields["reporter_role"].required = True
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault(
                "occurred_at", timezone.localtime(clock.now()).replace(second=0, microsecond=0)
            )
            self.initial.setdefault("reporter_role", ReporterRole.VICTIM)
        if self.instance.pk:
            self.initial.setdefault("behaviour_kinds", [b.kind for b in self.instance.behaviours.all()])
            other = [v for v in self.instance.victims.all() if v.user_id != self.instance.reporter_id]
            if other:
                self.initial.setdefault("victim_user", other[0].user_id)
                self.initial.setdefault("victim_name", other[0].name)
                self.initial.setdefault("victim_is_political", other[0].kind == "political")
        for name in ("escalation_level", "perpetrator_known", "injury"):
            field = self.fields[name]
            field.choices = [("", _("Weet ik niet"))] + [c for c in field.choices if c[0]]
        for name in CORE_FIELDS:
            self.fields[name].label = f"{self.fields[name].label} *"
            self.fields[name].widget.attrs["aria-required"] = "true"

    @property
    def submitting(self) -> bool:
        return self.data.get("action") != "draft"

    def clean_occurred_at(self) -> Any:
        occurred_at = self.cleaned_data.get("occurred_at")
        if occurred_at and occurred_at > clock.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("Dit tijdstip ligt in de toekomst. Vul in wanneer het gebeurde."))
        return occurred_at

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.submitting:
            missing = {
                "occurred_at": _("Vul in wanneer het gebeurde."),
                "setting": _("Kies waar of hoe het gebeurde."),
                "description": _("Beschrijf kort wat er gebeurde."),
                "behaviour_kinds": _("Kies minstens één soort gedrag."),
            }
            for name, message in missing.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        role = data.get("reporter_role")
        if role in {ReporterRole.WITNESS, ReporterRole.ON_BEHALF}:
            if not data.get("victim_user") and not data.get("victim_name"):
                self.add_error("victim_user", _("Kies de collega die het overkwam, of typ de naam."))
            if role == ReporterRole.ON_BEHALF and not data.get("victim_user"):
                self.add_error("victim_user", _("Kies de medewerker namens wie u meldt."))
        damage = data.get("damage_estimate")
        if damage is not None and damage < 0:
            self.add_error("damage_estimate", _("Een bedrag kan niet negatief zijn."))
        return data

    def facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FACT_FIELDS if name in self.cleaned_data}

    def victims(self) -> list[VictimInput]:
        data = self.cleaned_data
        if data.get("reporter_role") == ReporterRole.VICTIM:
            return []
        if data.get("victim_user"):
            return [VictimInput(user=data["victim_user"])]
        if data.get("victim_name"):
            return [
                VictimInput(
                    name=data["victim_name"],
                    is_political_office_holder=data.get("victim_is_political", False),
                )
            ]
        return []


class EvidenceForm(forms.Form):
    evidence_files = MultipleFileField(label=_("Bewijs toevoegen"), required=True)


# The form's sections, in the order of the 7 W's; optional ones fold away on a phone.
REPORT_SECTIONS = (
    (
        _("Wat gebeurde er?"),
        False,
        ("occurred_at", "setting", "location", "address_outside", "description", "behaviour_kinds"),
    ),
    (
        _("Wie overkwam het?"),
        False,
        ("reporter_role", "victim_user", "victim_name", "victim_is_political"),
    ),
    (
        _("Meer over het incident"),
        True,
        ("escalation_level", "aggression_type", "weapon_or_object", "cause"),
    ),
    (
        _("Digitale agressie (e-mail, sociale media)"),
        True,
        (
            "digital_channel",
            "digital_link_or_message",
            "digital_classification",
            "digital_evidence_secured",
        ),
    ),
    (
        _("De veroorzaker"),
        True,
        ("perpetrator_known", "perpetrator_name", "perpetrator_description"),
    ),
    (
        _("Letsel, schade en getuigen"),
        True,
        (
            "injury",
            "medical_visit",
            "material_damage",
            "damage_estimate",
            "police_called",
            "witnesses",
        ),
    ),
    (_("Bewijs"), True, ("evidence_files",)),
)


def report_sections(form: IncidentReportForm) -> list[dict[str, Any]]:
    """The sections with their bound fields; a folded one opens when it holds an error
    or a value, so nothing typed is hidden."""
    sections = []
    for title, foldable, names in REPORT_SECTIONS:
        fields = [form[name] for name in names]
        filled = any(form.errors.get(name) for name in names) or any(
            form[name].value() not in (None, "", [], False) for name in names if name != "evidence_files"
        )
        sections.append({"title": title, "foldable": foldable, "open": filled, "fields": fields})
    return sections
