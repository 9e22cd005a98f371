from django.db import models
from django.db.models import QuerySet

from .models import CHANGE_ACTIONS, AuditEvent
from .services import target_label


def history_of(target: models.Model) -> QuerySet[AuditEvent]:
    """The changes made to one object, oldest first, with their actors."""
    return (
        AuditEvent.objects.filter(
            target_type=target_label(target), target_id=str(target.pk), action__in=CHANGE_ACTIONS
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
