"""Form parts every app uses: the form loop of an edit page, the service's errors on the
form, the hidden version for optimistic locking, dates, date-times and free text. Forms
parse input; the rules live in the services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2, TemplatesSetting
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _

from gir.core.exceptions import STORAGE_UNAVAILABLE_MESSAGE, ConcurrentEditError, StorageUnavailable

DATE_FORMAT = "%d-%m-%Y"
DATE_ERRORS = {"invalid": _("Vul een datum in als dag-maand-jaar, bijvoorbeeld 24-11-2026.")}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"]
VERSION_ERRORS = {
    "required": _("Open de pagina opnieuw en probeer het nog eens."),
    "invalid": _("Open de pagina opnieuw en probeer het nog eens."),
}


class FormRenderer(TemplatesSetting):
    """Forms render through the project's templates; `{{ field.as_field_group }}` is GIR's
    field component (label, help text, errors and widget, with their ids).

    The widgets themselves (Django's `django/forms/widgets/*.html`, one template per
    option of a select, radio or checkbox group) render with the Jinja2 versions that
    Django ships for them: the same markup, compiled. On the report form that took the
    fields from 69 to 44 ms (issue 18 item 3, `make bench-load`). GIR overrides none of
    those templates; one that wants to must be a Jinja2 template (`<app>/jinja2/...`)."""

    field_template_name = "components/field.html"
    WIDGETS = "django/forms/widgets/"

    @cached_property
    def widgets(self) -> Jinja2:
        return Jinja2()

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith(self.WIDGETS):
            return self.widgets.get_template(template_name)
        return super().get_template(template_name)


# The one message for a save refused because the record changed since the form was opened.
STALE = _(
    "Iemand anders heeft dit intussen gewijzigd. Uw invoer staat hieronder nog; "
    "bekijk de nieuwe gegevens en sla opnieuw op."
)


# A form posted after the session ended comes back after the new log-in, filled in
# (gir.accounts.sessions keeps it and replays it with `gir_restored_input` set).
RESTORED = _(
    "Uw sessie was verlopen voordat dit formulier werd verstuurd. Hieronder staat wat u had "
    "ingevuld: controleer het en verstuur het opnieuw. Bijlagen moet u opnieuw toevoegen."
)


def submit[T](
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    done: Callable[[T], HttpResponse],
    page: Callable[[int], HttpResponse],
    success: str | Callable[[T], str] | None = None,
    stale: str | Promise = STALE,
    stale_status: int = 409,
    on_stale: Callable[[], HttpResponse] | None = None,
    renamed: dict[str, str] | None = None,
    field: str | None = None,
) -> HttpResponse:
    """The form loop of every page that writes: validate the bound form, call the
    service with its cleaned data, and answer.

    - Saved: the success message (a text, or made from what `save` returned), then `done`
      with what `save` returned (usually a redirect).
    - Input the form or the service refuses: `page(400)`, the form keeping what was typed
      and the service's errors at their fields (`renamed`, `field`: see add_service_errors).
    - A stale version (ConcurrentEditError): the `stale` message on top of the form and
      `page(stale_status)`; or `on_stale()` where the page has more to do (carry the stored
      version into the form, or leave a page that no longer applies).
    - The file store failing (StorageUnavailable): its message on top of the form, nothing
      saved, `page(503)`.
    - Input kept through a new log-in (the session had ended): the form filled in with it
      and the `RESTORED` notice, `page(200)`; nothing is saved until the user sends it.
    """
    if getattr(request, "gir_restored_input", False):
        request.gir_restored_shown = True  # type: ignore[attr-defined]
        messages.warning(request, RESTORED)
        return page(200)
    if form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ConcurrentEditError:
            if on_stale is not None:
                return on_stale()
            form.add_error(None, str(stale))
            return page(stale_status)
        except ValidationError as error:
            add_service_errors(form, error, renamed=renamed, field=field)
        except StorageUnavailable:
            # Nothing was saved (the service's transaction rolled back); what was typed stays.
            form.add_error(None, str(STORAGE_UNAVAILABLE_MESSAGE))
            return page(503)
        else:
            if success is not None:
                messages.success(request, success(result) if callable(success) else success)
            return done(result)
    return page(400)


def add_service_errors(
    form: forms.BaseForm,
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
    for name, texts in error.message_dict.items():
        name = (renamed or {}).get(name, name)
        form.add_error(name if name in form.fields else None, texts)


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


def text_field(
    label: str, *, required: bool = False, rows: int = 3, help_text: str = "", **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=kw.pop("max_length", 5000),
        widget=forms.Textarea(attrs={"rows": rows}),
        **kw,
    )
