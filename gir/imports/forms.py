from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .mapping import FIELDS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy(
            "Een Excel-bestand (.xlsx) of een CSV-bestand, met de kolomkoppen in de eerste rij."
        ),
        error_messages={"required": gettext_lazy("Kies een bestand.")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > settings.GIR_EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (%(size)s). Een bestand mag hoogstens %(max)s zijn.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.GIR_EVIDENCE_MAX_BYTES),
                }
            )
        return upload


class MappingForm(forms.Form):
    """One select per GIR field, with the file's headers; a required field without a
    column is reported by the dry run, before any row."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— niet in het bestand —")), *((h, h) for h in headers)]
        for spec in FIELDS:
            label = f"{spec.label} ({_('verplicht')})" if spec.required else str(spec.label)
            self.fields[spec.key] = forms.ChoiceField(
                label=label, choices=choices, required=False, help_text=spec.help_text
            )

    def mapping(self) -> dict[str, str]:
        return {spec.key: self.cleaned_data.get(spec.key) or "" for spec in FIELDS}
