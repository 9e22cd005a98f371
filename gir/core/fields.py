"""Model fields that read GIR's clock (gir.core.clock)."""

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import models

from . import clock

# Model fields are generic only to the type checker (django-stubs), not at run time.
if TYPE_CHECKING:
    _DateTimeField = models.DateTimeField[dt.datetime, dt.datetime]
else:
    _DateTimeField = models.DateTimeField


class ClockDateTimeField(_DateTimeField):
    """A DateTimeField whose auto_now and auto_now_add take the time from GIR's clock,
    so a record written at another moment (`clock.at`) says when that was."""

    def pre_save(self, model_instance: models.Model, add: bool) -> dt.datetime:
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)  # type: ignore[no-any-return]  # untyped in the stubs

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        # Only where the time comes from differs, not the column: to migrations this is
        # a DateTimeField, so switching a field to the clock alters no table.
        return name, "django.db.models.DateTimeField", args, kwargs
