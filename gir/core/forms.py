"""Form parts every app uses: the service's errors on the form, the hidden version
for optimistic locking, dates, date-times and free text. Forms parse input; the rules
live in the services."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d-%m-%Y"
DATE_ERRORS = {"invalid": _("Vul een datum in als dag-maand-jaar, bijvoorbeeld 24-11-2026.")}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"]
VERSION_ERRORS = {
    "required": _("Open de pagina opnieuw en probeer het nog eens."),
    "invalid": _("Open de pagina opnieuw en probeer het nog eens."),
}


def add_service_errors(
    form: forms.Form,
    error: ValidationError,
    *,
    renamed: dict[str, str] | None = None,
    field: str | None = None,
) -> None:
    """Show a service's ValidationError on the form: at its field where the form has it
    (under another name where `renamed` says so); a message without a field goes to
    `field`, or to the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(field, error)
        return
    for name, messages in error.message_dict.items():
        name = (renamed or {}).get(name, name)
        form.add_error(name if name in form.fields else None, messages)


def version_field(*, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, required=required, error_messages=VERSION_ERRORS
    )


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    """A date typed as day-month-year: a text box works on every phone and screen reader."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text or _("Dag-maand-jaar, bijvoorbeeld 24-11-2026."),
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"autocomplete": "off"}),
        input_formats=[DATE_FORMAT, "%d/%m/%Y", "%Y-%m-%d"],
        error_messages={**DATE_ERRORS, "required": _("Vul de datum in.")},
    )


def datetime_field(label: str, *, help_text: str = "") -> forms.DateTimeField:
    """A date and time, not required here: the service says what is missing, together
    with its other messages."""
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        input_formats=DATETIME_INPUTS,
        error_messages={"invalid": _("Vul een geldige datum en tijd in, bijvoorbeeld 24-11-2026 14:30.")},
    )


def text_field(label: str, *, required: bool = False, rows: int = 3, help_text: str = "", **kw: Any):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=kw.pop("max_length", 5000),
        widget=forms.Textarea(attrs={"rows": rows}),
        **kw,
    )
