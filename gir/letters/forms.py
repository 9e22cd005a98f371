"""Forms of the letter library and of issuing a letter. They only parse; the
services decide what is allowed."""

import hashlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from gir.accounts.constants import Role
from gir.accounts.models import User
from gir.core.forms import version_field
from gir.perpetrators.constants import MANDATED_KINDS, MeasureKind
from gir.perpetrators.models import Measure
from gir.perpetrators.policy import signatory_candidates

from .merge import check_merge_fields
from .models import LetterTemplate
from .selectors import default_delivery, police_report_made, templates_for
from .services import Delivery

# How a signatory's function reads after "namens de burgemeester," (most specific first).
FUNCTION_OF_ROLE = (
    (Role.LEGAL, _("Juridische Zaken")),
    (Role.TEAM_MANAGER, _("teammanager")),
    (Role.COORDINATOR, _("coördinator agressie en geweld")),
    (Role.DIRECTOR, _("directie")),
)


def default_signatory_title(user: Any) -> str:
    """ "Burgemeester" for the mayor; otherwise "namens de burgemeester, <functie>"."""
    if user is None:
        return ""
    roles = user.role_codes
    if Role.MAYOR in roles:
        return str(_("Burgemeester"))
    function = next((str(label) for role, label in FUNCTION_OF_ROLE if role in roles), "")
    prefix = str(_("namens de burgemeester"))
    return f"{prefix}, {function}" if function else prefix


def unused_code(title: str) -> str:
    """A template's code, made from its title: "waarschuwing-telefoon", "-2" when taken."""
    base = slugify(title)[:50] or "brief"
    code, n = base, 1
    while LetterTemplate.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Naam van de brief *"), max_length=200)
    measure_kind = forms.ChoiceField(
        label=_("Voor welke maatregel?"),
        required=False,
        help_text=_("Kies ‘Elke maatregel’ voor een brief die bij elke maatregel past."),
    )
    subject = forms.CharField(label=_("Onderwerp *"), max_length=300)
    body = forms.CharField(
        label=_("Tekst van de brief *"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Begin met de aanhef. Scheid alinea’s met een lege regel. De afsluiting (‘Hoogachtend’) "
            "en de ondertekening zet GIR er zelf onder."
        ),
    )
    is_active = forms.BooleanField(
        label=_("Deze brief is in gebruik"),
        required=False,
        initial=True,
        help_text=_(
            "Brieven worden nooit verwijderd, omdat verstuurde brieven ernaar verwijzen. "
            "Zet het vinkje uit als de brief niet meer gebruikt moet worden."
        ),
    )
    # The version the form was opened with; a stale one is refused (optimistic locking).
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by the view when someone else saved the template after this form was opened.
    stale = False

    def __init__(self, data: Any = None, *, template: LetterTemplate | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        if template is not None and data is None:
            kwargs["initial"] = {
                "title": template.title,
                "measure_kind": template.measure_kind,
                "subject": template.subject,
                "body": template.body,
                "is_active": template.is_active,
                "version": template.version,
            }
        super().__init__(data, **kwargs)
        self.template = template
        self.fields["measure_kind"].choices = [("", _("Elke maatregel")), *MeasureKind.choices]
        self.fields["title"].error_messages["required"] = _("Geef de brief een naam.")
        self.fields["subject"].error_messages["required"] = _("Vul het onderwerp in.")
        self.fields["body"].error_messages["required"] = _("Vul de tekst van de brief in.")
        for name in ("title", "subject", "body"):
            self.fields[name].widget.attrs["aria-required"] = "true"

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"]
        check_merge_fields(subject)
        return subject

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        check_merge_fields(body)
        return body

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ("title", "measure_kind", "subject", "body")}
        data["is_active"] = self.cleaned_data["is_active"]
        if self.template is None:
            data["code"] = unused_code(self.cleaned_data["title"])
        return data

    def expected_version(self) -> int:
        """The version the form was opened with; anything unreadable never matches."""
        try:
            return int(self.cleaned_data.get("version") or 0)
        except ValueError:
            return 0


class PreviewForm(forms.Form):
    """The typed subject and text of a template, for a preview; nothing is saved."""

    measure_kind = forms.ChoiceField(choices=[("", ""), *MeasureKind.choices], required=False)
    subject = forms.CharField(required=False)
    body = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_merge_fields(data.get("subject", ""), data.get("body", ""))
        return data


class IssueForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Welke brief?"),
        queryset=LetterTemplate.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    signed_by = forms.ModelChoiceField(
        label=_("Wie ondertekent?"),
        queryset=User.objects.none(),
        empty_label=None,
    )
    signatory_title = forms.CharField(
        label=_("Functie onder de handtekening"),
        max_length=200,
        required=False,
        help_text=_(
            "Bijvoorbeeld ‘Burgemeester’ of ‘namens de burgemeester, teammanager’. "
            "Leeg laten: GIR vult dit in bij wie ondertekent."
        ),
    )
    delivery = forms.ChoiceField(
        label=_("Hoe krijgt de persoon de brief?"),
        widget=forms.RadioSelect,
        choices=[
            (Delivery.AT_MEETING, _("Overhandigen bij het ordegesprek")),
            (Delivery.BY_POST, _("Per post")),
            (Delivery.NO_SHOW, _("Niet verschenen bij het ordegesprek: per post én aangetekend")),
        ],
    )
    to_police = forms.BooleanField(
        label=_("Een exemplaar naar de politie (er is aangifte gedaan)"),
        required=False,
    )
    # A fingerprint of what was previewed; the letter is made only from a previewed choice.
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, measure: Measure, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["template"].queryset = templates_for(measure)
        self.fields["template"].label_from_instance = lambda t: t.title
        candidates = Q(pk__in=signatory_candidates().values("pk"))
        if measure.kind not in MANDATED_KINDS:
            candidates |= Q(pk=user.pk)
        signers = User.objects.filter(candidates).order_by("last_name", "first_name", "pk")
        self.fields["signed_by"].queryset = signers
        self.fields["signed_by"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["template"].error_messages["required"] = _("Kies welke brief u wilt maken.")
        self.fields["signed_by"].error_messages["required"] = _("Kies wie de brief ondertekent.")
        self.fields["signed_by"].error_messages["invalid_choice"] = _(
            "Deze persoon mag deze brief niet ondertekenen. "
            "Kies de burgemeester of een gemandateerde manager."
        )
        self.fields["template"].error_messages["invalid_choice"] = _(
            "Deze brief past niet bij deze maatregel."
        )
        if not self.is_bound:
            templates = list(self.fields["template"].queryset[:2])
            signer = self._default_signer(signers, user)
            self.initial.update(
                {
                    "template": templates[0].pk if len(templates) == 1 else None,
                    "signed_by": signer.pk if signer else None,
                    "signatory_title": default_signatory_title(signer),
                    "delivery": default_delivery(measure),
                    "to_police": police_report_made(measure),
                }
            )

    def _default_signer(self, signers: Any, user: Any) -> Any:
        by_pk = {u.pk: u for u in signers}
        for pk in (self.measure.decided_by_id, user.pk):
            if pk in by_pk:
                return by_pk[pk]
        return next(iter(by_pk.values()), None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("signed_by") and not (data.get("signatory_title") or "").strip():
            data["signatory_title"] = default_signatory_title(data["signed_by"])
        return data

    def fingerprint(self) -> str:
        """What the preview showed: the template (and its version) and the signatory."""
        data = self.cleaned_data
        parts = [
            str(data["template"].pk),
            str(data["template"].version),
            str(data["signed_by"].pk),
            data["signatory_title"].strip(),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def was_previewed(self) -> bool:
        return self.cleaned_data.get("previewed") == self.fingerprint()


def refuse(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


class LetterTextForm(forms.Form):
    """The privacy notice every letter carries; the service checks its merge fields."""

    text = forms.CharField(
        label=_("Tekst van de privacyverklaring *"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=5000,
        help_text=_(
            "Welke gegevens, waarom, hoe lang, hoe de persoon bezwaar maakt, en het adres van de "
            "functionaris gegevensbescherming. Een eerste regel die eindigt op een vraagteken wordt de kop."
        ),
        error_messages={"required": _("Vul de tekst in.")},
    )
    version = version_field()
