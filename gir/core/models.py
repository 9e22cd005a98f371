from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import ClockDateTimeField


class TimestampedModel(models.Model):
    created_at = ClockDateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = ClockDateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True
