from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from .fields import ClockDateTimeField


class ChoiceLabelsMixin:
    """`get_FOO_display()` that translates one label, not all of them.

    Django's own builds `dict(make_hashable(field.flatchoices))`, which hashes every
    (value, label) pair and so translates every lazy label of the field on every call:
    a list of 25 incidents translated about 800 labels to show 75 (issue 18 item 3).
    Same answer, keyed on the values only."""

    def _get_FIELD_display(self, field: Any) -> Any:
        value = getattr(self, field.attname)
        labels = {make_hashable(key): label for key, label in field.flatchoices}
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class TimestampedModel(ChoiceLabelsMixin, models.Model):
    created_at = ClockDateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = ClockDateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True
