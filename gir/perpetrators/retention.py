"""The perpetrator register on the retention schedule (issue 19 item 4, ADR 0023). Its
period is GIR_PERPETRATOR_RETENTION_DAYS after the last measure ended and every incident
closed; its own nightly task forgets the personal data (ADR 0004,
``services.perpetrators_forget_due``): the schedule shows it and the dry run counts it;
the retention run leaves it to that task."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, register_kind

from .services.time_passes import forgettable_perpetrators


def days() -> int:
    return int(settings.GIR_PERPETRATOR_RETENTION_DAYS)


def perpetrators_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    return forgettable_perpetrators(now=cutoff + dt.timedelta(days=days())).values_list("pk", flat=True)


register_kind(
    RecordKind(
        key="perpetrators",
        label=_("Register van veroorzakers: persoonsgegevens"),
        action=Action.ANONYMISE,
        due=perpetrators_due,
        fixed_days=days,
        order=100,
    )
)
