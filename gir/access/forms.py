from django import forms
from django.utils.translation import gettext_lazy as _


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De aanvrager en de persoon voor wie de rol was krijgen deze reden per e-mail."),
        error_messages={"required": _("Geef een reden waarom u de aanvraag afwijst.")},
    )
